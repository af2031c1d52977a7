"""Buttons and menus under the bot's messages, and what a click does.

Every component is a `DynamicItem`: its state lives in its custom_id ("ab:pick:fr:<entry key>"),
so the buttons of a message sent before a restart still work after it. A custom_id of an older
scheme gets an ephemeral "this button expired" (see `ArticleBot.on_interaction`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.answers import Answer
from bot.frontends.discord.callbacks import InteractionDropped
from bot.frontends.discord.embeds import (
    Look,
    answer_embed,
    details_embed,
    look_of,
    shown_question,
    topic_pages,
    topics_embed,
    why_embed,
)
from bot.frontends.discord.replies import (
    UserError,
    message_data,
    respond,
    send,
    send_ephemeral,
    update,
)
from bot.frontends.discord.strings import t, ui_language
from bot.frontends.typography import typeset
from bot.kb.model import Entry, KnowledgeBase
from bot.matching.matcher import Status
from bot.suggest import MAX_CHOICE_CHARS, cut, resolve_article
from bot.topics import topics

if TYPE_CHECKING:
    from bot.frontends.discord.client import ArticleBot

log = logging.getLogger(__name__)

BUTTON_LABEL_MAX = 80
SELECT_LABEL_MAX = 100
SELECT_DESCRIPTION_MAX = 100  # Discord's limits on a select option's label and description
MENU_OPTIONS = 5  # follow-ups, "did you mean" candidates or related questions in one menu
TOKEN_MAX = 80  # custom_id is at most 100 characters; the prefix takes the rest
TOPICS_PER_PAGE = 10
ALL_ARTICLES = "*"
ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])


def token_of(key: str) -> str:
    """An entry key or article slug as it fits in a custom_id: itself, or "#" and a hash."""
    if len(key) <= TOKEN_MAX and not key.startswith("#"):
        return key
    return "#" + hashlib.sha1(key.encode()).hexdigest()[:16]


def resolve_entry(kb: KnowledgeBase, token: str) -> Entry | None:
    entry = kb.by_key.get(token)
    if entry is None and token.startswith("#"):
        entry = next((e for e in kb.entries if token_of(e.key) == token), None)
    return entry if entry is not None and not entry.draft else None


def resolve_scope(kb: KnowledgeBase, token: str) -> str | None:
    if token == ALL_ARTICLES or not token:
        return None
    if token in kb.by_slug:
        return token
    return next((s for s in kb.by_slug if token_of(s) == token), None)


def article_named(interaction: discord.Interaction[ArticleBot], typed: str) -> str:
    """The slug of the article a reader typed (slug or title), or a UserError listing them."""
    bot = interaction.client
    kb = bot.service.kb
    slug = resolve_article(kb, typed)
    if slug is None:
        lang = ui_language(interaction, bot.default_language)
        choices = ", ".join(f"`{a.meta.slug}`" for a in kb.articles)
        raise UserError(t(lang, "unknown_article", article=typed[:MAX_CHOICE_CHARS],
                          choices=choices))
    return slug


def guarded(callback: Callable[[ItemT, discord.Interaction[ArticleBot]], Awaitable[None]]
            ) -> Callable[[ItemT, discord.Interaction[ArticleBot]], Awaitable[None]]:
    """A click never goes unanswered: user errors get their message, bugs an apology."""

    @functools.wraps(callback)
    async def wrapper(self: ItemT, interaction: discord.Interaction[ArticleBot]) -> None:
        try:
            await callback(self, interaction)
        except InteractionDropped:
            pass  # logged once already; Discord would refuse any other reply now
        except UserError as exc:
            await send_ephemeral(interaction, str(exc))
        except Exception:
            custom_id = (interaction.data or {}).get("custom_id")
            log.exception("unexpected error handling component %r", custom_id)
            language = getattr(self, "language", interaction.client.default_language)
            await send_ephemeral(interaction, t(language, "apology"))

    return wrapper


# --- components ------------------------------------------------------------------------


class PickButton(discord.ui.DynamicItem[discord.ui.Button],
                 template=r"ab:pick:(?P<lang>fr|en):(?P<entry>.+)"):
    """A "did you mean" candidate or a follow-up as a button: what answers sent before the
    menus (`PickSelect`) carried; kept so that their buttons still work."""

    def __init__(self, language: str, entry: str, label: str, *,
                 style: discord.ButtonStyle = discord.ButtonStyle.primary,
                 row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=cut(label, BUTTON_LABEL_MAX), style=style,
                                           custom_id=f"ab:pick:{language}:{entry}"), row=row)
        self.language = language
        self.entry = entry

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> PickButton:
        return cls(match["lang"], match["entry"], item.label or "?", style=item.style)

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        await answer_pick(interaction, self.language, self.entry)


class PickSelect(discord.ui.DynamicItem[discord.ui.Select],
                 template=r"ab:sel:(?P<lang>fr|en):(?P<kind>more|dym|near):(?P<src>.+)"):
    """Follow-ups ("more"), "did you mean" candidates ("dym") or questions close to one the
    article does not answer ("near"), in one menu: choosing one answers it. `src` is the
    entry of the answer the menu is under, so its follow-ups never offer it back."""

    def __init__(self, language: str, kind: str, source: str,
                 options: list[discord.SelectOption], *, row: int | None = None) -> None:
        super().__init__(discord.ui.Select(
            custom_id=f"ab:sel:{language}:{kind}:{source}", options=options,
            placeholder=typeset(t(language, f"menu.{kind}"), language),
            min_values=1, max_values=1), row=row)
        self.language = language
        self.kind = kind
        self.source = source

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str], /) -> PickSelect:
        return cls(match["lang"], match["kind"], match["src"], list(item.options))

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        values = self.item.values
        if not values:
            raise UserError(t(self.language, "expired"))
        await answer_pick(interaction, self.language, values[0], came_from=self.source)


class WhyButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ab:why:(?P<lang>fr|en)"):
    """"Why this answer?", privately: a short explanation for readers (and the decision's
    details for server admins, who edit the knowledge)."""

    def __init__(self, language: str, *, row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=typeset(t(language, "button.why"), language),
                                           emoji="🔎",
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"ab:why:{language}"), row=row)
        self.language = language

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> WhyButton:
        return cls(match["lang"])

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        bot = interaction.client
        message = interaction.message
        remembered = bot.memory.about(message) if message else None
        answer = remembered.answer if remembered else None
        kb = bot.service.kb
        language = answer.language if answer else self.language

        def question_of(key: str) -> str | None:
            entry = kb.by_key.get(key)
            return entry.question(language) if entry is not None and not entry.draft else None

        embeds = [why_embed(answer, self.language, question_of)]
        if answer is not None and bot.is_admin(interaction):
            embeds.append(details_embed(answer))
        await send(interaction, embeds=embeds, ephemeral=True)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=r"ab:fb:(?P<vote>up|down):(?P<lang>fr|en):(?P<entry>.*)"):
    """👍/👎: recorded in the question log for editors, with the user as a salted hash only."""

    def __init__(self, language: str, helpful: bool, entry: str, *,
                 row: int | None = None) -> None:
        vote = "up" if helpful else "down"
        super().__init__(discord.ui.Button(emoji="👍" if helpful else "👎",
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"ab:fb:{vote}:{language}:{entry}"), row=row)
        self.language = language
        self.helpful = helpful
        self.entry = entry

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> FeedbackButton:
        return cls(match["lang"], match["vote"] == "up", match["entry"])

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        await record_feedback(interaction, self.language, self.helpful, self.entry)


class TopicsPageButton(discord.ui.DynamicItem[discord.ui.Button],
                       template=r"ab:page:(?P<lang>fr|en):(?P<page>\d{1,4}):(?P<scope>.+)"):
    """Previous/next page of /topics: edits the message in place."""

    def __init__(self, language: str, page: int, scope: str, label: str, emoji: str, *,
                 disabled: bool = False, row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=label, emoji=emoji, disabled=disabled,
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"ab:page:{language}:{page}:{scope}"),
                         row=row)
        self.language = language
        self.page = page
        self.scope = scope

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> TopicsPageButton:
        return cls(match["lang"], int(match["page"]), match["scope"], item.label or "",
                   str(item.emoji or ""))

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        embed, view = topics_message(interaction.client.service.kb, self.language, self.page,
                                     self.scope)
        # No view: the buttons go (a last page of one); the message keeps its own otherwise.
        await update(interaction, message_data(embed=embed, view=view) | (
            {} if view is not None else {"components": []}))


class TopicsSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"ab:tsel:(?P<lang>fr|en)"):
    """The questions of a /topics page in a menu: choosing one answers it."""

    def __init__(self, language: str, options: list[discord.SelectOption], *,
                 row: int | None = None) -> None:
        super().__init__(discord.ui.Select(custom_id=f"ab:tsel:{language}", options=options,
                                           placeholder=t(language, "topics.pick"),
                                           min_values=1, max_values=1), row=row)
        self.language = language

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str], /) -> TopicsSelect:
        return cls(match["lang"], list(item.options))

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        values = self.item.values
        if not values:
            raise UserError(t(self.language, "expired"))
        await answer_pick(interaction, self.language, values[0])


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PickSelect, PickButton, WhyButton, FeedbackButton, TopicsPageButton, TopicsSelect)


# --- building messages -----------------------------------------------------------------


def answer_view(answer: Answer) -> discord.ui.View | None:
    """At most two rows under an answer: one menu (follow-ups, "did you mean" or related
    questions), then "why?" and 👍/👎 where there is an answer to explain or judge."""
    return components_view(*_view_key(answer))


def fitted(text: str, limit: int, language: str) -> str:
    """Typeset, in at most `limit` characters (Discord refuses the whole message past its
    limits): typesetting may add no-break spaces ("«Titre»" -> "« Titre »"), so the text is
    cut shorter until its typeset form fits."""
    room = limit
    while True:
        shown = typeset(cut(text, room), language)
        if len(shown) <= limit:
            return shown
        room -= len(shown) - limit


ViewKey = tuple[str, str | None, str, tuple[tuple[str, str, str], ...], bool, bool]


def _view_key(answer: Answer) -> ViewKey:
    """All an answer's components depend on: answers of one entry share them."""
    look = look_of(answer)
    own = token_of(answer.entry) if answer.entry else "-"
    kind: str | None = None
    offered = ()
    if answer.answered and look in (Look.ANSWER, Look.FROM_ARTICLE, Look.SEVERAL):
        kind, offered = "more", answer.related
    elif look is Look.AMBIGUOUS or (look is Look.SEVERAL
                                    and answer.status is Status.AMBIGUOUS):
        kind, offered = "dym", answer.suggestions
    elif look in (Look.NOT_IN_ARTICLE, Look.SEVERAL):
        kind, offered = "near", answer.suggestions[:3]
    options: dict[str, tuple[str, str]] = {}  # token -> label, description
    for suggestion in offered:
        token = token_of(suggestion.entry)
        if token != own and token not in options and len(options) < MENU_OPTIONS:
            options[token] = (fitted(suggestion.question, SELECT_LABEL_MAX, answer.language),
                              fitted(suggestion.article, SELECT_DESCRIPTION_MAX,
                                     answer.language))
    why = ((answer.explanation is not None or bool(answer.parts))
           and look in (Look.ANSWER, Look.FROM_ARTICLE, Look.SEVERAL, Look.NOT_IN_ARTICLE))
    return (answer.language, kind if options else None, own,
            tuple((token, *shown) for token, shown in options.items()), why, answer.answered)


def components_view(lang: str, kind: str | None, own: str,
                    options: tuple[tuple[str, str, str], ...], why: bool,
                    thumbs: bool) -> discord.ui.View | None:
    view = discord.ui.View(timeout=None)  # fully dynamic: nothing to keep per message
    if kind is not None and options:
        view.add_item(PickSelect(lang, kind, own, [
            discord.SelectOption(label=label, value=token, description=description or None)
            for token, label, description in options], row=0))
    if why:
        view.add_item(WhyButton(lang, row=1))
    if thumbs:
        view.add_item(FeedbackButton(lang, True, own, row=1))
        view.add_item(FeedbackButton(lang, False, own, row=1))
    return view if view.children else None


@functools.lru_cache(maxsize=1024)
def _components(*key: Any) -> list[dict[str, Any]]:
    view = components_view(*key)
    return view.to_components() if view is not None else []


def topics_message(kb: KnowledgeBase, language: str, page: int, scope: str
                   ) -> tuple[discord.Embed, discord.ui.View | None]:
    """One page of /topics, computed from the current knowledge on every click."""
    article = resolve_scope(kb, scope)
    found = topics(kb, language, article=article)
    pages = topic_pages(found, TOPICS_PER_PAGE)
    current = pages[max(0, min(page, len(pages) - 1))]
    count = sum(len(topic.questions) for topic in found)
    embed = topics_embed(current, language, count=count,
                         several_articles=article is None and len(kb.articles) > 1)
    view = discord.ui.View(timeout=None)
    if current.questions:
        options = [discord.SelectOption(label=fitted(q.question, SELECT_LABEL_MAX, language),
                                        value=token_of(q.key)) for q in current.questions]
        view.add_item(TopicsSelect(language, options, row=0))
    if current.total > 1:
        scope_token = token_of(article) if article else ALL_ARTICLES
        view.add_item(TopicsPageButton(language, max(current.number - 1, 0), scope_token,
                                       t(language, "topics.prev"), "◀️",
                                       disabled=current.number == 0, row=1))
        view.add_item(TopicsPageButton(language, min(current.number + 1, current.total - 1),
                                       scope_token, t(language, "topics.next"), "▶️",
                                       disabled=current.number == current.total - 1, row=1))
    return embed, view if view.children else None


# --- what clicks do --------------------------------------------------------------------


async def send_answer(interaction: discord.Interaction[ArticleBot], answer: Answer, *,
                      ephemeral: bool) -> None:
    """The answer embed with its buttons; remembered for "why?" and feedback."""
    bot = interaction.client
    if answer.status is Status.INVALID:  # empty or too long: only the asker needs to know
        await send(interaction, content=typeset(answer.text, answer.language), ephemeral=True)
        return
    if interaction.response.is_done():  # deferred: a follow-up
        message_id = await send(interaction, embed=answer_embed(answer),
                                view=answer_view(answer), ephemeral=ephemeral)
    else:
        message_id = await respond(interaction, answer_data(answer), ephemeral=ephemeral)
    # Without the message id, a click finds the answer by the id of the interaction it answered.
    bot.memory.remember(message_id if message_id is not None else interaction.id, answer,
                        asker=interaction.user.id, ephemeral=ephemeral)


@functools.lru_cache(maxsize=1024)
def answer_data(answer: Answer) -> dict[str, Any]:
    """An answer's message as Discord takes it, rendered once per answer, its buttons once
    per entry: under a burst of questions, building discord.py's button objects for every
    answer cost more than finding the answer. The data is shared: never modify it."""
    data = message_data(embed=answer_embed(answer))
    components = _components(*_view_key(answer))
    if components:
        data["components"] = components
    return data


def asker_of(bot: ArticleBot, message: discord.Message) -> int | None:
    """Who asked the question a bot message answers (memory first, then the message itself)."""
    remembered = bot.memory.about(message)
    if remembered is not None:
        return remembered.asker
    if message.interaction_metadata is not None:
        return message.interaction_metadata.user.id
    reference = message.reference
    if reference is not None and isinstance(reference.resolved, discord.Message):
        return reference.resolved.author.id
    return None


async def answer_pick(interaction: discord.Interaction[ArticleBot], language: str,
                      token: str, *, came_from: str | None = None) -> None:
    """Answer a chosen entry: in public to the asker of a public answer, else privately.
    Its follow-ups leave out the entry it was chosen under (`came_from`)."""
    bot = interaction.client
    entry = resolve_entry(bot.service.kb, token)
    if entry is None:
        raise UserError(t(language, "entry_gone"))
    retry = bot.cooldowns.hit(interaction.user.id)
    if retry is not None:
        raise UserError(t(language, "cooldown", seconds=math.ceil(retry)))
    answer = bot.service.answer_entry(entry.key, language)
    if answer is None:
        raise UserError(t(language, "entry_gone"))
    if came_from and any(token_of(s.entry) == came_from for s in answer.related):
        answer = replace(answer, related=tuple(s for s in answer.related
                                               if token_of(s.entry) != came_from))
    message = interaction.message
    ephemeral = (message is None or message.flags.ephemeral
                 or asker_of(bot, message) != interaction.user.id)
    await send_answer(interaction, answer, ephemeral=ephemeral)


async def record_feedback(interaction: discord.Interaction[ArticleBot], language: str,
                          helpful: bool, token: str) -> None:
    bot = interaction.client
    qlog = bot.service.question_log
    if qlog is None:
        raise UserError(t(language, "feedback.off"))
    message = interaction.message
    if message is None:
        raise UserError(t(language, "expired"))
    if not bot.memory.vote(message.id, interaction.user.id, helpful):
        raise UserError(t(language, "feedback.again"))
    remembered = bot.memory.about(message)
    question = remembered.answer.question if remembered else question_from(message)
    entry = resolve_entry(bot.service.kb, token)
    entry_key = entry.key if entry else (None if token in ("", "-") else token)
    qlog.record_feedback(question=question, entry=entry_key, helpful=helpful, source="discord",
                         user=interaction.user.id, language=language)
    await send_ephemeral(interaction, t(language, "feedback.thanks"))


def question_from(message: discord.Message) -> str:
    """The question an answer shows: its embed's title (its author line, "❓ question", in
    answers sent before the title was the question), or the message it replies to."""
    for embed in message.embeds:
        name = embed.author.name if embed.author else None
        if name:
            return name.removeprefix("❓").strip()
        if embed.title:
            return " ".join(embed.title.split())
    reference = message.reference
    if reference is not None and isinstance(reference.resolved, discord.Message):
        return shown_question(reference.resolved.content)
    return ""
