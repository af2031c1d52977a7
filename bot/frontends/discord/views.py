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
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.answers import Answer, Suggestion
from bot.frontends.discord.callbacks import InteractionDropped
from bot.frontends.discord.embeds import answer_embed, topic_pages, topics_embed, why_embed
from bot.frontends.discord.replies import (
    UserError,
    message_data,
    respond,
    send,
    send_ephemeral,
    update,
)
from bot.frontends.discord.strings import t, ui_language
from bot.kb.model import Entry, KnowledgeBase
from bot.matching.matcher import Status
from bot.suggest import MAX_CHOICE_CHARS, cut, resolve_article
from bot.topics import topics

if TYPE_CHECKING:
    from bot.frontends.discord.client import ArticleBot

log = logging.getLogger(__name__)

BUTTON_LABEL_MAX = 80
SELECT_LABEL_MAX = 100
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
    """A "did you mean" candidate or a related follow-up: a click answers that entry."""

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


class WhyButton(discord.ui.DynamicItem[discord.ui.Button], template=r"ab:why:(?P<lang>fr|en)"):
    """Ephemeral details of the decision: matched paraphrase, score, runner-up."""

    def __init__(self, language: str, *, row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=t(language, "button.why"), emoji="🔎",
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"ab:why:{language}"), row=row)
        self.language = language

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> WhyButton:
        return cls(match["lang"])

    @guarded
    async def callback(self, interaction: discord.Interaction[ArticleBot]) -> None:
        message = interaction.message
        remembered = interaction.client.memory.about(message) if message else None
        embed = why_embed(remembered.answer if remembered else None, self.language)
        await send(interaction, embed=embed, ephemeral=True)


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
    PickButton, WhyButton, FeedbackButton, TopicsPageButton, TopicsSelect)


# --- building messages -----------------------------------------------------------------


def answer_view(answer: Answer) -> discord.ui.View | None:
    """Did-you-mean candidates, follow-ups, "why?", and 👍/👎 where they make sense."""
    return buttons_view(*_buttons_key(answer))


def _buttons_key(answer: Answer) -> tuple[str, Status, str | None, tuple[Suggestion, ...],
                                          tuple[Suggestion, ...], bool]:
    """All an answer's buttons depend on: answers of one entry share them."""
    return (answer.language, answer.status, answer.entry, answer.suggestions, answer.related,
            answer.explanation is not None)


def buttons_view(lang: str, status: Status, entry: str | None,
                 suggestions: tuple[Suggestion, ...], related: tuple[Suggestion, ...],
                 explained: bool) -> discord.ui.View | None:
    view = discord.ui.View(timeout=None)  # fully dynamic: nothing to keep per message
    seen: set[str] = set()
    for row, offered, style in ((0, suggestions, discord.ButtonStyle.primary),
                                (1, related, discord.ButtonStyle.secondary)):
        for n, suggestion in enumerate(offered[:5], 1):
            token = token_of(suggestion.entry)
            if token in seen:
                continue
            seen.add(token)
            label = f"{n}. {suggestion.question}" if row == 0 else f"➜ {suggestion.question}"
            view.add_item(PickButton(lang, token, label, style=style, row=row))
    if explained and status in (Status.ANSWERED, Status.AMBIGUOUS, Status.NOT_IN_ARTICLE):
        view.add_item(WhyButton(lang, row=2))
    if status in (Status.ANSWERED, Status.NOT_IN_ARTICLE):
        token = token_of(entry) if entry else "-"
        view.add_item(FeedbackButton(lang, True, token, row=2))
        view.add_item(FeedbackButton(lang, False, token, row=2))
    return view if view.children else None


@functools.lru_cache(maxsize=1024)
def _components(*key: Any) -> list[dict[str, Any]]:
    view = buttons_view(*key)
    return view.to_components() if view is not None else []


def topics_message(kb: KnowledgeBase, language: str, page: int, scope: str
                   ) -> tuple[discord.Embed, discord.ui.View | None]:
    """One page of /topics, computed from the current knowledge on every click."""
    article = resolve_scope(kb, scope)
    found = topics(kb, language, article=article)
    pages = topic_pages(found, TOPICS_PER_PAGE)
    current = pages[max(0, min(page, len(pages) - 1))]
    count = sum(len(topic.questions) for topic in found)
    embed = topics_embed(current, language, count=count, version=kb.version,
                         several_articles=article is None and len(kb.articles) > 1)
    view = discord.ui.View(timeout=None)
    if current.questions:
        options = [discord.SelectOption(label=cut(q.question, SELECT_LABEL_MAX),
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
        await send(interaction, content=answer.text, ephemeral=True)
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
    components = _components(*_buttons_key(answer))
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
                      token: str) -> None:
    """Answer a clicked entry: in public to the asker of a public answer, else privately."""
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
    """The question an answer embed shows in its author line ("❓ question")."""
    for embed in message.embeds:
        name = embed.author.name if embed.author else None
        if name:
            return name.removeprefix("❓").strip()
    return ""
