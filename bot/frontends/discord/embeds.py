"""Embeds: how answers, explanations, topics, help and status look in Discord.

Pure functions from the core's data to `discord.Embed`, so they are tested without a network.
Every text is fitted to Discord's embed limits with a visible "…", never cut silently and never
rejected by Discord (a 400 would leave the user with no answer at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import discord

from bot.answers import FROM_SENTENCE, Answer, Explanation, Quote, set_aside_note, unquoted
from bot.frontends.discord.strings import UI, t
from bot.frontends.typography import (
    NBSP,
    curly_quotes,
    date_in_words,
    dates_in_words,
    percent,
    reader_source,
    short_title,
    typeset,
)
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
QUESTION_SHOWN = 200  # the question as the title: a long message is cut
QUOTE_SHOWN = 300  # a citation in the compact block: longer ones are cut, visibly
CLOSEST_SHOWN = 220  # the closest passage of a decline: enough to see what it is about
FOOTER_TITLE = 32  # the article's title in a footer of one line, with its date

COLOURS: dict[Status, discord.Colour] = {
    Status.ANSWERED: discord.Colour(0x2E8B57),
    Status.AMBIGUOUS: discord.Colour(0xF1C40F),
    Status.NOT_IN_ARTICLE: discord.Colour(0xE67E22),
    Status.OFF_TOPIC: discord.Colour(0x7F8C8D),
    Status.INVALID: discord.Colour(0xE74C3C),
}
NOT_UNDERSTOOD_COLOUR = discord.Colour(0x9B59B6)
INFO_COLOUR = discord.Colour(0x3498DB)
# Before each part's answer in a reply to several questions: how it went, at a glance.
PART_ICONS: dict[Status, str] = {
    Status.ANSWERED: "\u2705", Status.AMBIGUOUS: "\U0001f914",
    Status.NOT_IN_ARTICLE: "\U0001f937", Status.OFF_TOPIC: "\U0001f9ed",
    Status.INVALID: "\u26a0\ufe0f",
}
_DISCORD_TOKENS = re.compile(r"</[^>\s]+:\d+>|<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>")


class Look(StrEnum):
    """How a reply shows, which is not always its status: a decline whose words are none of
    the article's reads as off topic, and a question without content as not understood."""

    ANSWER = "answer"
    FROM_ARTICLE = "from-article"
    SEVERAL = "several"
    AMBIGUOUS = "ambiguous"
    NOT_IN_ARTICLE = "not-in-article"
    OFF_TOPIC = "off-topic"
    NOT_UNDERSTOOD = "not-understood"
    GREETING = "greeting"
    INVALID = "invalid"


def look_of(answer: Answer) -> Look:
    """How an answer shows (see `Look`)."""
    if answer.parts:
        return Look.SEVERAL
    status = answer.status
    if status is Status.ANSWERED:
        # "Qui a dit « ... » ?" is answered by the sentence holding the quotation, as a
        # sentence answer is: quoted once, not as an answer and again as its citation
        return Look.FROM_ARTICLE if answer.reason in FROM_SENTENCE else Look.ANSWER
    if status is Status.AMBIGUOUS:
        return Look.AMBIGUOUS
    if status is Status.NOT_IN_ARTICLE:
        return Look.OFF_TOPIC if says_nothing_of_the_article(answer) else Look.NOT_IN_ARTICLE
    if status is Status.OFF_TOPIC:
        if answer.reason == "no-content":
            return Look.NOT_UNDERSTOOD
        if answer.reason in ("greeting", "small-talk", "thanks"):
            return Look.GREETING
        return Look.OFF_TOPIC
    return Look.INVALID


def says_nothing_of_the_article(answer: Answer) -> bool:
    """A decline that found the article's words only through typo corrections ("demain" read
    as "detain", "Paris" as "partis"), every other word being one the knowledge never uses:
    nothing the reader wrote is about the article, whatever the matcher made of it, so no
    passage or suggestion of the article is worth showing."""
    why = answer.explanation
    if why is None or not why.guessed:
        return False
    return set(why.terms) - set(why.guessed) <= set(why.unknown)


def clip(text: str, limit: int, marker: str = ELLIPSIS) -> str:
    """At most `limit` characters, line breaks kept; a cut text ends with a visible marker."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(limit - len(marker), 0)].rstrip() + marker


def where(quote: Quote, language: str) -> str:
    """"§3" for a paragraph, "intertitre 2" / "subheading 2" for a heading."""
    if quote.paragraph is not None:
        return f"§{quote.paragraph}"
    return t(language, "heading", number=quote.block.lstrip("h"))


def quoted(text: str, limit: int = FIELD_VALUE_MAX, *, cut_before: bool = False) -> str:
    """« text », no-break spaces inside, cut inside the guillemets so the marker shows where
    the quote was shortened; "[…]" first when it starts inside a sentence."""
    lead = "[\u2026] " if cut_before else ""
    text = unquoted(text)
    return f"\u00ab{NBSP}{lead}{cut(text, max(limit - 4 - len(lead), 1))}{NBSP}\u00bb"


def shown_question(question: str, limit: int = QUESTION_SHOWN) -> str:
    """The question as a title: Discord's mention and emoji codes (which a title shows raw)
    left out, on one line."""
    text = " ".join(_DISCORD_TOKENS.sub(" ", question).split())
    return cut(text or " ".join(question.split()), limit)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    quote: bool = False  # a verbatim quote: shown in guillemets, cut inside them

    def render(self, limit: int) -> str:
        return quoted(self.value, limit) if self.quote else clip(self.value, limit)


def footer_text(answer: Answer) -> str | None:
    """One short line: the quoted article's title, shortened, and its date in words."""
    quotes = answer.citations or ((answer.closest,) if answer.closest else ())
    if not quotes:
        quotes = tuple(q for p in answer.parts for q in p.citations or (
            (p.closest,) if p.closest else ()))
    if not quotes:
        return None
    first = quotes[0]
    return (f"{short_title(first.title, FOOTER_TITLE)} · "
            f"{date_in_words(first.date, answer.language)}")


def citation_block(quotes: tuple[Quote, ...], language: str, *, limit: int = QUOTE_SHOWN,
                   room: int = DESCRIPTION_MAX // 2) -> str:
    """The citations as a compact quote block, one line per place in the article: quotes of
    one paragraph together, a heading left out when a paragraph says the fact. Lines that
    do not fit in `room` are counted in a last line, never dropped silently."""
    if any(q.paragraph is not None for q in quotes):
        quotes = tuple(q for q in quotes if q.paragraph is not None)
    places: dict[str, list[Quote]] = {}
    for quote in quotes:
        places.setdefault(f"{quote.article}/{quote.block}", []).append(quote)
    lead = t(language, "quotes.lead")
    lines = [lead] if lead and places else []
    used = len(lead)
    for shown, together in enumerate(places.values()):
        text = " [\u2026] ".join(quoted(q.quote, limit, cut_before=q.cut_before)
                                 for q in together)
        line = f"> {text}{NBSP}\u2014{NBSP}{where(together[0], language)}"
        if used + len(line) + 1 > room - 60:
            lines.append(t(language, "more_citations", count=len(places) - shown))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


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


def typeset_embed(embed: discord.Embed, language: str) -> discord.Embed:
    """Every text of an embed with its no-break spaces (see `typeset`)."""
    if embed.title:
        embed.title = typeset(embed.title, language)
    if embed.description:
        embed.description = typeset(embed.description, language)
    if embed.author.name:
        embed.set_author(name=typeset(embed.author.name, language), url=embed.author.url,
                         icon_url=embed.author.icon_url)
    if embed.footer.text:
        embed.set_footer(text=typeset(embed.footer.text, language),
                         icon_url=embed.footer.icon_url)
    for n, field in enumerate(embed.fields):
        embed.set_field_at(n, name=typeset(field.name or "", language),
                           value=typeset(field.value or "", language), inline=field.inline)
    return embed


def _lead(text: str) -> str:
    """A core message with its first sentence in bold: the decline, then what to do."""
    head, dot, rest = text.partition(". ")
    return f"**{head}.**{' ' + rest if rest else ''}" if dot else f"**{text}**"


def fact_text(answer: Answer, *, limit: int = DESCRIPTION_MAX, part: bool = False) -> str:
    """What the reader wants first: the answer, or plainly why there is none."""
    lang = answer.language
    look = look_of(answer)
    if look is Look.ANSWER:
        return clip(answer.text, limit)
    if look is Look.FROM_ARTICLE and answer.citations:
        quote = answer.citations[0]
        return t(lang, "from_article", where=where(quote, lang),
                 quote=cut(unquoted(quote.quote), max(limit - 60, 20)))
    if part:
        key = {Look.NOT_IN_ARTICLE: "part.not_in_article", Look.AMBIGUOUS: "part.ambiguous",
               Look.OFF_TOPIC: "part.off_topic"}.get(look)
        if key is not None:
            return t(lang, key)
    if look is Look.NOT_IN_ARTICLE:
        return t(lang, "not_in_article")
    if look is Look.AMBIGUOUS:
        return t(lang, "ambiguous")
    if look is Look.OFF_TOPIC:
        about = answer.closest or next(iter(answer.citations), None)
        if answer.status is Status.OFF_TOPIC:  # the core says which article(s) it knows
            said = curly_quotes(dates_in_words(answer.text, lang), lang)
        elif about is not None:  # a decline shown as off topic: its passage names one
            said = t(lang, "off_topic.about", title=about.title,
                     date=date_in_words(about.date, lang))
        else:
            said = t(lang, "off_topic.plain")
        if lang == "fr":
            said = said[:1].lower() + said[1:]
        return clip(f"{t(lang, 'off_topic.lead')} {said}", limit)
    text = curly_quotes(dates_in_words(answer.text, lang), lang)
    if look is Look.NOT_UNDERSTOOD:
        return clip(f"\u2753 {_lead(text)}", limit)
    if look is Look.GREETING:
        return clip(f"\U0001f44b {text}", limit)
    return clip(text, limit)


def colour_of(answer: Answer) -> discord.Colour:
    look = look_of(answer)
    if look is Look.NOT_UNDERSTOOD:
        return NOT_UNDERSTOOD_COLOUR
    if look is Look.OFF_TOPIC:
        return COLOURS[Status.OFF_TOPIC]
    return COLOURS.get(answer.status, INFO_COLOUR)


def answer_embed(answer: Answer) -> discord.Embed:
    """The question as the title, then the fact (or the decline) first, the citations as a
    compact quote block, and the article's short title and date as a one-line footer."""
    if answer.parts:
        return parts_embed(answer)
    lang = answer.language
    look = look_of(answer)
    lines = [fact_text(answer, limit=DESCRIPTION_MAX // 2)]
    if look is Look.ANSWER and answer.citations:
        lines.append(citation_block(answer.citations, lang))
    elif look is Look.NOT_IN_ARTICLE and answer.closest is not None:
        closest = answer.closest
        lines.append(t(lang, "closest", where=where(closest, lang)) + "\n> "
                     + quoted(closest.quote, CLOSEST_SHOWN, cut_before=closest.cut_before))
    embed = discord.Embed(title=shown_question(answer.question),
                          description=clip("\n".join(lines), DESCRIPTION_MAX),
                          colour=colour_of(answer))
    footer = footer_text(answer) if look in (Look.ANSWER, Look.FROM_ARTICLE,
                                             Look.NOT_IN_ARTICLE) else None
    if footer:
        embed.set_footer(text=clip(footer, FOOTER_MAX))
    return typeset_embed(embed, lang)


def parts_embed(answer: Answer) -> discord.Embed:
    """A message asking several things: one short section per question, its answer (or
    plainly that the article does not say) first, then its citations."""
    lang = answer.language
    share = DESCRIPTION_MAX // len(answer.parts) - 2
    sections = []
    for number, part in enumerate(answer.parts, 1):
        head = clip(f"**{number}. {shown_question(part.question)}**", share // 4)
        body = [fact_text(part, limit=share // 2, part=True)]
        if look_of(part) is Look.ANSWER and part.citations:
            body.append(citation_block(part.citations, lang, limit=QUOTE_SHOWN // 2))
        sections.append(head + "\n" + clip("\n".join(body), share - len(head) - 1))
    note = set_aside_note(answer)
    if note:  # kept out of the cut, so a long reply never loses it
        note = clip(note, DESCRIPTION_MAX // 4)
        sections = [clip("\n\n".join(sections), DESCRIPTION_MAX - len(note) - 4), f"*{note}*"]
    embed = discord.Embed(description=clip("\n\n".join(sections), DESCRIPTION_MAX),
                          colour=COLOURS.get(answer.status, INFO_COLOUR))
    footer = footer_text(answer)
    if footer:
        embed.set_footer(text=clip(footer, FOOTER_MAX))
    return typeset_embed(embed, lang)


# --- why this answer ------------------------------------------------------------------


def _q(text: str, lang: str) -> str:
    return f"\u00ab {text} \u00bb" if lang == "fr" else f"\u201c{text}\u201d"


def explain(answer: Answer, questions: Callable[[str], str | None] | None = None) -> list[str]:
    """A short explanation of one decision, in the reader's language: what the question was
    matched to and how alike (in %), the closest other meaning, words it could not place.

    `questions` gives an entry's question in the reader's language: the explanation names
    entries by what readers ask, not by the paraphrase (maybe English, maybe keywords) that
    happened to match."""
    lang = answer.language
    why = answer.explanation
    look = look_of(answer)
    lines: list[str] = []

    def named(key: str | None, fallback: str | None) -> str:
        found = questions(key) if questions is not None and key else None
        return found or fallback or "?"

    if look is Look.FROM_ARTICLE:
        quote = answer.citations[0] if answer.citations else None
        lines.append(t(lang, "why.from_article", where=where(quote, lang) if quote else "?"))
    elif look is Look.ANSWER and why is not None and why.score is not None:
        lines.append(t(lang, "why.matched", question=named(answer.entry, why.paraphrase),
                       percent=percent(why.score, lang)))
        if why.runner_up is not None and why.runner_up_score is not None:
            lines.append(t(lang, "why.other", question=named(why.runner_up.entry,
                                                             why.runner_up.question),
                           percent=percent(why.runner_up_score, lang)))
    elif look is Look.AMBIGUOUS and answer.suggestions:
        listed = [_q(named(s.entry, s.question), lang) for s in answer.suggestions[:3]]
        lines.append(t(lang, "why.ambiguous", list=", ".join(listed)))
    elif look is Look.NOT_IN_ARTICLE:
        best = answer.suggestions[0] if answer.suggestions else None
        if why is not None and why.score is not None and best is not None:
            near = named(best.entry, why.paraphrase)
            if why.missing:  # what the closest known question says nothing of
                lines.append(t(lang, "why.near_missing", question=near,
                               percent=percent(why.score, lang), words=_words(why.missing, why)))
                return lines + _corrections(why, lang)
            lines.append(t(lang, "why.near", question=near, percent=percent(why.score, lang)))
        else:
            lines.append(t(lang, "why.nothing_near"))
    elif look is Look.OFF_TOPIC:
        lines.append(t(lang, "why.off_topic"))
    if why is None:
        return lines
    # words it could not place: those the matched question leaves out, or, with no known
    # question near, those the knowledge never uses
    unplaced = {Look.ANSWER: why.missing,
                Look.NOT_IN_ARTICLE: why.missing or why.unknown}.get(look, ())
    if unplaced:
        lines.append(t(lang, "why.missing", words=_words(unplaced, why)))
    return lines + _corrections(why, lang)


def _words(terms: tuple[str, ...], why: Explanation) -> str:
    """Terms as the reader wrote them, each once."""
    return ", ".join(dict.fromkeys(why.word(term) for term in terms))


def _corrections(why: Explanation, lang: str) -> list[str]:
    pairs = [t(lang, "why.correction", typed=typed, read=read)
             for typed, read in why.corrections if " " not in read]
    return [t(lang, "why.corrections", pairs=", ".join(pairs))] if pairs else []


def why_embed(answer: Answer | None, language: str,
              questions: Callable[[str], str | None] | None = None) -> discord.Embed:
    """"Why this answer?" for readers: a few plain sentences, in their language."""
    embed = discord.Embed(title=t(language, "why.title"), colour=INFO_COLOUR)
    if answer is None:
        embed.description = t(language, "why.expired")
        return typeset_embed(embed, language)
    lang = answer.language
    embed.title = t(lang, "why.title")
    if answer.parts:
        lines = []
        for number, part in enumerate(answer.parts, 1):
            icon = PART_ICONS.get(part.status, "")
            said = " ".join(explain(part, questions)) or fact_text(part, part=True)
            lines.append(f"**{number}. {shown_question(part.question, 120)}**\n{icon} {said}")
        text = "\n".join(lines)
    elif answer.explanation is None and look_of(answer) in (Look.ANSWER, Look.FROM_ARTICLE):
        text = t(lang, "why.none")
    else:
        text = "\n".join(explain(answer, questions))
    aside = [f"{kind_name(kind, lang)} {value}" for kind, value in answer.ignored
             if kind != "abbreviation"]
    read_as = [value for kind, value in answer.ignored if kind == "abbreviation"]
    extra = []
    if aside:
        extra.append(t(lang, "why.ignored", items=", ".join(aside)))
    if read_as:
        extra.append(t(lang, "why.read_as", items=", ".join(read_as)))
    embed.description = clip("\n".join([text, *extra]).strip(), DESCRIPTION_MAX)
    embed.set_footer(text=t(lang, "why.footer", version=answer.kb_version))
    return typeset_embed(embed, lang)


def kind_name(kind: str, language: str) -> str:
    """What the reader set aside, named for readers ("mention", "lien", "bavardage")."""
    return UI.get(language, UI["en"]).get(f"kind.{kind}", kind)


def details_embed(answer: Answer) -> discord.Embed:
    """The decision as editors read it (reason codes, scores, terms): shown to server
    admins under "Why this answer?", as `ask --json` shows it on the command line."""
    lang = answer.language
    embed = discord.Embed(title=t(lang, "details.title"), colour=INFO_COLOUR)
    decision = f"`{answer.status}` / `{answer.reason}`"
    fields = [Field(t(lang, "details.decision"), decision)]
    if answer.parts:
        fields += [Field(f"{number}. {cut(part.question, 100)}",
                         _details_lines(part) or f"`{part.status}` / `{part.reason}`")
                   for number, part in enumerate(answer.parts, 1)]
    elif answer.explanation is not None:
        fields.append(Field("\u200b", _details_lines(answer)))
    add_fields(embed, [f for f in fields if f.value])
    embed.set_footer(text=t(lang, "why.footer", version=answer.kb_version))
    return embed


def _details_lines(answer: Answer) -> str:
    why = answer.explanation
    if why is None:
        return ""
    lang = answer.language
    lines = [f"`{answer.status}` / `{answer.reason}`"] if answer.parts else []
    if why.paraphrase:
        lines.append(f"{t(lang, 'details.paraphrase')}: {why.paraphrase}")
    if why.score is not None:
        coverage = f"{why.coverage:.2f}" if why.coverage is not None else "?"
        lines.append(f"{t(lang, 'details.score')}: "
                     + t(lang, "details.score_value", score=why.score, coverage=coverage))
    if why.runner_up is not None:
        score = f" ({why.runner_up_score:.2f})" if why.runner_up_score is not None else ""
        lines.append(f"{t(lang, 'details.runner_up')}: {why.runner_up.question}{score}")
    if why.missing:
        lines.append(f"{t(lang, 'details.missing')}: {', '.join(why.missing)}")
    if why.corrections:
        lines.append(f"{t(lang, 'details.corrections')}: " + ", ".join(
            f"{typed} → {read}" for typed, read in why.corrections))
    if why.question_type:
        lines.append(f"{t(lang, 'details.qtype')}: {why.question_type}")
    if answer.entry:
        lines.append(f"`{answer.entry}`")
    return "\n".join(lines)


def plain_command(name: str) -> str:
    """A command as text, where its clickable mention (</name:id>) is not known."""
    return f"`/{name}`"


def article_embed(art: ArticleKnowledge, found: list[Topic], language: str,
                  command: Callable[[str], str] = plain_command) -> discord.Embed:
    """Title (a link when the article has a URL), then its date in words and its source on
    one line, the sections, and a taste of what the bot can answer, with a clickable /topics."""
    meta = art.meta
    about = [f"**{date_in_words(meta.date, language)}**"]
    source = reader_source(meta.source)
    if source:
        about.append(cut(source, 300))
    if meta.url:
        about.append(f"[{t(language, 'article.read')}]({meta.url})")
    embed = discord.Embed(title=clip(meta.title, TITLE_MAX), url=meta.url or None,
                          colour=INFO_COLOUR, description=" · ".join(about))
    sections = art.article.sections
    value = ("\n".join(f"• {s}" for s in sections) if sections
             else t(language, "article.no_sections"))
    fields = [Field(t(language, "article.sections"), value)]
    questions = [q for topic in found for q in topic.questions]
    if questions:
        examples = "\n".join(f"• {q.question}" for q in questions[:5])
        fields.append(Field(t(language, "article.answers"),
                            t(language, "article.answers_value", count=len(questions),
                              examples=examples, topics=command("topics"))))
    else:
        fields.append(Field(t(language, "article.answers"), t(language, "topics.none")))
    add_fields(embed, fields)
    return typeset_embed(embed, language)


def articles_embed(kb: KnowledgeBase, language: str) -> discord.Embed:
    """Every article, when several are loaded and none was named."""
    lines = [f"• **{cut(a.meta.title, 200)}** ({date_in_words(a.meta.date, language)}) — "
             f"`{a.meta.slug}`" for a in kb.articles]
    embed = discord.Embed(title=t(language, "article.list_title"), colour=INFO_COLOUR,
                          description=clip("\n".join(lines), DESCRIPTION_MAX))
    embed.set_footer(text=t(language, "article.list_hint"))
    return typeset_embed(embed, language)


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


def topics_embed(page: TopicsPage, language: str, *, count: int,
                 several_articles: bool) -> discord.Embed:
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
    embed.set_footer(text=t(language, "topics.page", page=page.number + 1, pages=page.total,
                            count=count))
    return typeset_embed(embed, language)


def help_embed(kb: KnowledgeBase, language: str, mention: str,
               command: Callable[[str], str] = plain_command) -> discord.Embed:
    """How to ask, with the commands as clickable mentions when their ids are known."""
    titles = " ; ".join(a.meta.title for a in kb.articles) or "?"
    date = date_in_words(kb.articles[0].meta.date, language) if kb.articles else ""
    embed = discord.Embed(title=t(language, "help.title"), colour=INFO_COLOUR,
                          description=clip(t(language, "help.intro", title=titles, date=date),
                                           DESCRIPTION_MAX))
    examples = [e.question(language) for e in kb.entries if not e.draft][:3]
    names = {"ask": command("ask"), "topics": command("topics"), "article": command("article"),
             "kb_status": command("kb status"), "kb_reload": command("kb reload")}
    fields = [Field(t(language, "help.ways"), t(language, "help.ways_value", mention=mention,
                                                 **names)),
              Field(t(language, "help.commands"), t(language, "help.commands_value", **names)),
              Field(t(language, "help.buttons"), t(language, "help.buttons_value"))]
    if examples:
        fields.append(Field(t(language, "help.examples"), "\n".join(f"• {q}" for q in examples)))
    add_fields(embed, fields)
    return typeset_embed(embed, language)


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
