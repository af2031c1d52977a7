"""Embeds: how answers, explanations, topics, help and status look in Discord.

Pure functions from the core's data to `discord.Embed`, so they are tested without a network.
Every text is fitted to Discord's embed limits with a visible "…", never cut silently and never
rejected by Discord (a 400 would leave the user with no answer at all).
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.answers import Answer, Explanation, Quote
from bot.frontends.discord.strings import t
from bot.kb.model import ArticleKnowledge, KnowledgeBase
from bot.matching.matcher import Status
from bot.service import AnswerService
from bot.suggest import ELLIPSIS, cut
from bot.topics import Topic, TopicQuestion

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
AUTHOR_MAX = 256
TOTAL_MAX = 6000
MESSAGE_MAX = 2000
_MIN_USEFUL_FIELD = 80  # a citation cut shorter than this is not worth showing

COLOURS: dict[Status, discord.Colour] = {
    Status.ANSWERED: discord.Colour(0x2E8B57),
    Status.AMBIGUOUS: discord.Colour(0xF1C40F),
    Status.NOT_IN_ARTICLE: discord.Colour(0xE67E22),
    Status.OFF_TOPIC: discord.Colour(0x7F8C8D),
    Status.INVALID: discord.Colour(0xE74C3C),
}
INFO_COLOUR = discord.Colour(0x3498DB)
# Before each part's answer in a reply to several questions: how it went, at a glance.
PART_ICONS: dict[Status, str] = {
    Status.ANSWERED: "\u2705", Status.AMBIGUOUS: "\U0001f914",
    Status.NOT_IN_ARTICLE: "\U0001f50d", Status.OFF_TOPIC: "\U0001f9ed",
    Status.INVALID: "\u26a0\ufe0f",
}


def clip(text: str, limit: int, marker: str = ELLIPSIS) -> str:
    """At most `limit` characters, line breaks kept; a cut text ends with a visible marker."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(limit - len(marker), 0)].rstrip() + marker


def where(quote: Quote, language: str) -> str:
    """"§3" for a paragraph, "titre 2" / "heading 2" for a heading."""
    if quote.paragraph is not None:
        return f"§{quote.paragraph}"
    return t(language, "heading", number=quote.block.lstrip("h"))


def quoted(text: str, limit: int = FIELD_VALUE_MAX) -> str:
    """« text », cut inside the guillemets so the marker shows where the quote was shortened."""
    return f"\u00ab {cut(text, max(limit - 4, 1))} \u00bb"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    quote: bool = False  # a verbatim quote: shown in guillemets, cut inside them

    def render(self, limit: int) -> str:
        return quoted(self.value, limit) if self.quote else clip(self.value, limit)


def footer_text(answer: Answer) -> str:
    quotes = answer.citations or ((answer.closest,) if answer.closest else ())
    parts = []
    if quotes:
        parts.append(t(answer.language, "footer.article", title=quotes[0].title,
                       date=quotes[0].date))
    if answer.kb_version:
        parts.append(t(answer.language, "footer.version", version=answer.kb_version))
    return clip(" · ".join(parts), FOOTER_MAX)


def add_fields(embed: discord.Embed, fields: list[Field]) -> int:
    """Add fields while they fit in the embed; returns how many were left out.

    The last field that does not fit whole is cut to the room left when that is still useful.
    """
    for n, field in enumerate(fields):
        room = TOTAL_MAX - len(embed) - 60  # keep room for the "… and N more" note
        name = clip(field.name, FIELD_NAME_MAX)
        if len(embed.fields) >= FIELDS_MAX - 1 or room - len(name) < _MIN_USEFUL_FIELD:
            return len(fields) - n
        embed.add_field(name=name, value=field.render(min(FIELD_VALUE_MAX, room - len(name))),
                        inline=False)
    return 0


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer in the asker's language, a field per citation, the article and version."""
    if answer.parts:
        return parts_embed(answer)
    lang = answer.language
    description = answer.text
    if answer.status is Status.AMBIGUOUS and answer.suggestions:
        description += "\n" + "\n".join(f"{n}. {s.question}"
                                        for n, s in enumerate(answer.suggestions, 1))
    embed = discord.Embed(title=t(lang, f"title.{answer.status}"),
                          description=clip(description, DESCRIPTION_MAX),
                          colour=COLOURS.get(answer.status, INFO_COLOUR))
    embed.set_author(name=clip(t(lang, "question", question=" ".join(answer.question.split())),
                               AUTHOR_MAX))
    embed.set_footer(text=footer_text(answer))
    fields = [Field(where(q, lang), q.quote, quote=True) for q in answer.citations]
    if answer.closest is not None:
        fields.append(Field(t(lang, "closest", where=where(answer.closest, lang)),
                            answer.closest.quote, quote=True))
    if answer.status is Status.NOT_IN_ARTICLE and answer.suggestions:
        fields.append(Field(t(lang, "candidates"), "\n".join(
            f"{n}. {s.question}" for n, s in enumerate(answer.suggestions, 1))))
    left_out = add_fields(embed, fields)
    if left_out:
        embed.add_field(name="\u200b", value=t(lang, "more_citations", count=left_out),
                        inline=False)
    return embed


def parts_embed(answer: Answer) -> discord.Embed:
    """A message asking several things: one section per question (its answer, or plainly
    that the article does not say), the citations numbered by question."""
    lang = answer.language
    share = DESCRIPTION_MAX // len(answer.parts) - 2
    sections = []
    for number, part in enumerate(answer.parts, 1):
        head = clip(f"**{number}. {' '.join(part.question.split())}**", share // 3)
        icon = PART_ICONS.get(part.status, "")
        sections.append(head + "\n" + clip(f"{icon} {part.text}".strip(),
                                            share - len(head) - 1))
    embed = discord.Embed(title=t(lang, f"title.{answer.status}"),
                          description=clip("\n\n".join(sections), DESCRIPTION_MAX),
                          colour=COLOURS.get(answer.status, INFO_COLOUR))
    embed.set_author(name=clip(t(lang, "question", question=" ".join(answer.question.split())),
                               AUTHOR_MAX))
    embed.set_footer(text=footer_text(answer))
    fields = []
    for number, part in enumerate(answer.parts, 1):
        fields += [Field(f"{number} · {where(q, lang)}", q.quote, quote=True)
                   for q in part.citations]
        if part.closest is not None and not part.answered:
            fields.append(Field(t(lang, "part.closest", number=number,
                                  where=where(part.closest, lang)),
                                part.closest.quote, quote=True))
    if answer.suggestions:
        fields.append(Field(t(lang, "candidates"), "\n".join(
            f"{n}. {s.question}" for n, s in enumerate(answer.suggestions, 1))))
    left_out = add_fields(embed, fields)
    if left_out:
        embed.add_field(name="\u200b", value=t(lang, "more_citations", count=left_out),
                        inline=False)
    return embed


def why_embed(answer: Answer | None, language: str) -> discord.Embed:
    """Ephemeral details of a decision: matched paraphrase, score, runner-up, what was missing,
    and what the reader set aside in the message."""
    embed = discord.Embed(title=t(language, "why.title"), colour=INFO_COLOUR)
    if answer is None:
        embed.description = t(language, "why.expired")
        return embed
    lang = answer.language
    embed.set_author(name=clip(t(lang, "question", question=" ".join(answer.question.split())),
                               AUTHOR_MAX))
    decision = f"{t(lang, f'title.{answer.status}')} ({answer.reason})"
    fields = [Field(t(lang, "why.status"), decision)]
    if answer.parts:
        fields += [Field(f"{number}. {part.question}", _why_part(part, lang))
                   for number, part in enumerate(answer.parts, 1)]
    elif answer.explanation is None:
        embed.description = t(lang, "why.none")
    else:
        fields += _explanation_fields(answer.explanation, lang)
    aside = [f"{kind} {text}" for kind, text in answer.ignored if kind != "abbreviation"]
    read_as = [text for kind, text in answer.ignored if kind == "abbreviation"]
    if aside:
        fields.append(Field(t(lang, "why.ignored"), ", ".join(aside)))
    if read_as:
        fields.append(Field(t(lang, "why.read_as"), ", ".join(read_as)))
    add_fields(embed, fields)
    embed.set_footer(text=t(lang, "footer.version", version=answer.kb_version))
    return embed


def _explanation_fields(explanation: Explanation, lang: str) -> list[Field]:
    fields = []
    if explanation.paraphrase:
        fields.append(Field(t(lang, "why.paraphrase"), explanation.paraphrase, quote=True))
    if explanation.score is not None:
        coverage = f"{explanation.coverage:.2f}" if explanation.coverage is not None else "?"
        fields.append(Field(t(lang, "why.score"), t(lang, "why.score_value",
                                                    score=explanation.score,
                                                    coverage=coverage)))
    if explanation.runner_up is not None:
        score = explanation.runner_up_score
        fields.append(Field(t(lang, "why.runner_up"),
                            quoted(explanation.runner_up.question, FIELD_VALUE_MAX - 10)
                            + (f" ({score:.2f})" if score is not None else "")))
    if explanation.missing:
        fields.append(Field(t(lang, "why.missing"), ", ".join(explanation.missing)))
    if explanation.corrections:
        fields.append(Field(t(lang, "why.corrections"), ", ".join(
            f"{typed} → {read}" for typed, read in explanation.corrections)))
    if explanation.question_type:
        fields.append(Field(t(lang, "why.qtype"), explanation.question_type))
    return fields


def _why_part(part: Answer, lang: str) -> str:
    """One question of several, in a few lines: decision, matched question, what was missing."""
    lines = [f"{t(lang, f'title.{part.status}')} ({part.reason})"]
    why = part.explanation
    if why is not None and why.paraphrase:
        score = f" ({why.score:.2f})" if why.score is not None else ""
        lines.append(f"{t(lang, 'why.paraphrase')} : {quoted(why.paraphrase, 300)}{score}"
                     if lang == "fr" else
                     f"{t(lang, 'why.paraphrase')}: {quoted(why.paraphrase, 300)}{score}")
    if why is not None and why.missing:
        lines.append(f"{t(lang, 'why.missing')} : {', '.join(why.missing)}" if lang == "fr"
                     else f"{t(lang, 'why.missing')}: {', '.join(why.missing)}")
    return "\n".join(lines)


def article_embed(art: ArticleKnowledge, found: list[Topic], language: str,
                  version: str) -> discord.Embed:
    """Title, date, source, sections and a taste of what the bot can answer."""
    meta = art.meta
    embed = discord.Embed(title=clip(meta.title, TITLE_MAX), url=meta.url or None,
                          colour=INFO_COLOUR)
    embed.add_field(name=t(language, "article.date"), value=clip(meta.date, 100), inline=True)
    embed.add_field(name=t(language, "article.source"), value=clip(meta.source, FIELD_VALUE_MAX),
                    inline=True)
    sections = art.article.sections
    value = ("\n".join(f"• {s}" for s in sections) if sections
             else t(language, "article.no_sections"))
    fields = [Field(t(language, "article.sections"), value)]
    questions = [q for topic in found for q in topic.questions]
    if questions:
        examples = "\n".join(f"• {q.question}" for q in questions[:5])
        fields.append(Field(t(language, "article.answers"),
                            t(language, "article.answers_value", count=len(questions),
                              examples=examples)))
    else:
        fields.append(Field(t(language, "article.answers"), t(language, "topics.none")))
    add_fields(embed, fields)
    embed.set_footer(text=t(language, "footer.version", version=version))
    return embed


def articles_embed(kb: KnowledgeBase, language: str) -> discord.Embed:
    """Every article, when several are loaded and none was named."""
    lines = [f"• **{cut(a.meta.title, 200)}** ({a.meta.date}) — `{a.meta.slug}`"
             for a in kb.articles]
    embed = discord.Embed(title=t(language, "article.list_title"), colour=INFO_COLOUR,
                          description=clip("\n".join(lines), DESCRIPTION_MAX))
    embed.set_footer(text=t(language, "article.list_hint"))
    return embed


@dataclass(frozen=True, slots=True)
class TopicsPage:
    """One page of /topics: consecutive (topic, its questions on this page) pairs."""

    number: int  # 0-based
    total: int
    parts: tuple[tuple[Topic, tuple[TopicQuestion, ...]], ...]

    @property
    def questions(self) -> tuple[TopicQuestion, ...]:
        return tuple(q for _, questions in self.parts for q in questions)


def topic_pages(found: list[Topic], per_page: int = 10) -> list[TopicsPage]:
    """Cut the sections into pages of `per_page` questions; a section may span pages."""
    flat = [(topic, q) for topic in found for q in topic.questions]
    chunks = [flat[i:i + per_page] for i in range(0, len(flat), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks):
        parts: list[tuple[Topic, list[TopicQuestion]]] = []
        for topic, question in chunk:
            if parts and parts[-1][0] is topic:
                parts[-1][1].append(question)
            else:
                parts.append((topic, [question]))
        pages.append(TopicsPage(number, len(chunks), tuple((tp, tuple(qs)) for tp, qs in parts)))
    return pages


def topics_embed(page: TopicsPage, language: str, *, count: int, several_articles: bool,
                 version: str) -> discord.Embed:
    embed = discord.Embed(title=t(language, "topics.title"), colour=INFO_COLOUR)
    if not page.parts:
        embed.description = t(language, "topics.none")
    fields = []
    for topic, questions in page.parts:
        name = topic.section or t(language, "topics.opening")
        if several_articles:
            name = f"{cut(topic.title, 120)} › {name}"
        fields.append(Field(name, "\n".join(f"• {q.question}" for q in questions)))
    add_fields(embed, fields)
    embed.set_footer(text=" · ".join([
        t(language, "topics.page", page=page.number + 1, pages=page.total, count=count),
        t(language, "footer.version", version=version)]))
    return embed


def help_embed(kb: KnowledgeBase, language: str, mention: str) -> discord.Embed:
    titles = " ; ".join(a.meta.title for a in kb.articles) or "?"
    date = kb.articles[0].meta.date if kb.articles else ""
    embed = discord.Embed(title=t(language, "help.title"), colour=INFO_COLOUR,
                          description=clip(t(language, "help.intro", title=titles, date=date),
                                           DESCRIPTION_MAX))
    examples = [e.question(language) for e in kb.entries if not e.draft][:3]
    fields = [Field(t(language, "help.ways"), t(language, "help.ways_value", mention=mention)),
              Field(t(language, "help.commands"), t(language, "help.commands_value")),
              Field(t(language, "help.buttons"), t(language, "help.buttons_value"))]
    if examples:
        fields.append(Field(t(language, "help.examples"), "\n".join(f"• {q}" for q in examples)))
    add_fields(embed, fields)
    embed.set_footer(text=t(language, "footer.version", version=kb.version))
    return embed


def status_embed(service: AnswerService, language: str, *, watching: bool,
                 interval: float) -> discord.Embed:
    """/kb status: what is served, when it was loaded, and what blocks the last edit."""
    kb, status = service.kb, service.status
    healthy = status.healthy
    embed = discord.Embed(title=t(language, "kb.title"),
                          colour=COLOURS[Status.ANSWERED] if healthy else COLOURS[Status.INVALID])
    drafts = sum(1 for e in kb.entries if e.draft)

    def when(stamp: float | None) -> str:
        return f"<t:{int(stamp)}:R>" if stamp else t(language, "kb.never")

    embed.add_field(name=t(language, "kb.version"), value=f"`{kb.version}`", inline=True)
    embed.add_field(name=t(language, "kb.articles"), value=str(len(kb.articles)), inline=True)
    embed.add_field(name=t(language, "kb.entries"), inline=True,
                    value=t(language, "kb.entries_value", ready=len(kb.entries) - drafts,
                            drafts=drafts))
    embed.add_field(name=t(language, "kb.loaded"), value=when(status.last_success), inline=True)
    embed.add_field(name=t(language, "kb.checked"), value=when(status.last_attempt), inline=True)
    embed.add_field(name=t(language, "kb.watch"), inline=True,
                    value=t(language, "kb.watch_on", interval=f"{interval:g}") if watching
                    else t(language, "kb.watch_off"))
    if status.problems:
        lines = "\n".join(str(p) for p in status.problems)
        embed.description = clip(
            t(language, "kb.problems_refused", version=kb.version) + f"\n```\n{lines}",
            DESCRIPTION_MAX - 4) + "\n```"
    else:
        embed.add_field(name=t(language, "kb.problems"), value=t(language, "kb.problems_none"),
                        inline=False)
    return embed
