"""Asking: `/ask` with autocomplete, and questions in chat (a mention, a reply to the bot, a DM).

Discord delivers the text of messages that mention the bot and of DMs without the privileged
message-content intent, so chat needs none. Everything else in a channel is ignored, and so are
bots, this one included.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.answers import Answer
from bot.frontends.discord.client import ArticleBot
from bot.frontends.discord.embeds import answer_embed
from bot.frontends.discord.replies import NO_MENTIONS
from bot.frontends.discord.strings import t
from bot.frontends.discord.views import answer_view, article_named, send_answer
from bot.frontends.typography import typeset
from bot.matching.language import text_language
from bot.matching.matcher import Status
from bot.suggest import (
    locale_language,
    resolve_article,
    suggest_articles,
)

log = logging.getLogger(__name__)
T = TypeVar("T", bound=Callable[..., Any])


def question_cooldown() -> Callable[[T], T]:
    """The per-user cooldown shared with chat and buttons (settings come from the config)."""

    async def predicate(interaction: discord.Interaction[ArticleBot]) -> bool:
        cooldowns = interaction.client.cooldowns
        retry = cooldowns.hit(interaction.user.id)
        if retry is not None:
            raise app_commands.CommandOnCooldown(cooldowns.template, retry)
        return True

    return app_commands.check(predicate)


class Ask(commands.Cog):
    notice_seconds = 10.0  # a public cooldown notice in chat deletes itself after this

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    # --- /ask ----------------------------------------------------------------------------

    @app_commands.command(name="ask", description=locale_str("Ask a question about the article"))
    @app_commands.describe(
        question=locale_str("Your question (suggestions appear as you type)"),
        article=locale_str("Only answer from this article"),
        private=locale_str("Show the answer to you only"))
    @question_cooldown()
    async def ask(self, interaction: discord.Interaction[ArticleBot], question: str,
                  article: str | None = None, private: bool = False) -> None:
        slug = article_named(interaction, article) if article else None
        answer = self.bot.ask(question, article=slug, user=interaction.user.id,
                              locale=interaction.locale)
        await send_answer(interaction, answer, ephemeral=private)

    @ask.autocomplete("question")
    async def question_choices(self, interaction: discord.Interaction[ArticleBot], current: str
                               ) -> list[app_commands.Choice[str]]:
        """Known questions like what is typed: in the reader's locale language, else the typed
        text's (also when the locale's language has nothing like it), else the default."""
        kb = self.bot.service.kb
        typed_article = getattr(interaction.namespace, "article", None)
        article = resolve_article(kb, typed_article) if typed_article else None
        suggester = self.bot.suggesters.get(kb)
        languages = dict.fromkeys(lang for lang in (
            locale_language(interaction.locale), text_language(current),
            self.bot.default_language) if lang)
        for language in languages:
            choices = suggester.suggest(current, language, article=article)
            if choices:
                return [app_commands.Choice(name=c.name, value=c.value) for c in choices]
        return []

    @ask.autocomplete("article")
    async def article_choices(self, interaction: discord.Interaction[ArticleBot], current: str
                              ) -> list[app_commands.Choice[str]]:
        choices = suggest_articles(self.bot.service.kb, current)
        return [app_commands.Choice(name=c.name, value=c.value) for c in choices]

    # --- chat ----------------------------------------------------------------------------

    def chat_question(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when the bot should stay silent."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return None
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return None
        patterns = [rf"<@!?{me.id}>"]
        if message.guild is not None:
            if not self.in_answer_channel(message.channel):
                return None
            my_role = message.guild.self_role
            # The mention list, or the mention itself in the text (a gateway or proxy that
            # leaves the list out still delivers "<@id>").
            mentioned = (any(user.id == me.id for user in message.mentions)
                         or (my_role is not None and my_role.id in message.raw_role_mentions)
                         or re.search(patterns[0], message.content) is not None)
            reference = message.reference
            replied = reference is not None and (
                reference.resolved.author.id == me.id
                if isinstance(reference.resolved, discord.Message)
                # Discord sent no copy of the message replied to: one of our recent answers?
                else self.replied_answer(message) is not None)
            if not (mentioned or replied):
                return None
            if my_role is not None:
                patterns.append(rf"<@&{my_role.id}>")
        text = re.sub("|".join(patterns), " ", message.content)
        # Lines kept: quotes, code blocks and headings are known by where lines start, and
        # the core's reader sets them aside.
        return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()

    def replied_answer(self, message: discord.Message) -> Answer | None:
        """The bot's recent answer a message replies to, if any."""
        reference = message.reference
        if reference is None or reference.message_id is None:
            return None
        remembered = self.bot.memory.get(reference.message_id)
        return remembered.answer if remembered is not None else None

    def replied_question(self, message: discord.Message) -> str | None:
        """For a reply to one of the bot's answers, what that answer was about: a follow-up
        ("et pourquoi sont-ils là ?") is read with it when it says too little alone."""
        answer = self.replied_answer(message)
        return self.bot.service.context_of(answer) if answer is not None else None

    def in_answer_channel(self, channel: object) -> bool:
        allowed = self.bot.settings.answer_channels
        if not allowed:
            return True
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return any(i in allowed for i in ids if i is not None)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self.chat_question(message)
        if question is None:
            return
        try:
            await self.answer_message(message, question)
        except discord.Forbidden:
            log.warning("no permission to answer in channel %s", message.channel.id)
        except Exception:
            log.exception("unexpected error answering message %s", message.id)
            language = text_language(question) or self.bot.default_language
            try:
                await message.reply(t(language, "apology"), mention_author=False,
                                    allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                log.warning("could not apologise in channel %s", message.channel.id)

    async def answer_message(self, message: discord.Message, question: str) -> None:
        bot = self.bot
        language = text_language(question) or bot.default_language
        if not question:
            kb = bot.service.kb
            example = next((e.question(language) for e in kb.entries if not e.draft), "")
            mention = bot.user.mention if bot.user else "@bot"
            await message.reply(t(language, "empty_mention", mention=mention, example=example),
                                mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        retry = bot.cooldowns.hit(message.author.id)
        if retry is not None:
            # Chat has no private replies: one short notice per window, deleted soon after.
            if bot.cooldowns.notify_once(message.author.id, retry):
                await message.reply(t(language, "cooldown", seconds=math.ceil(retry)),
                                    mention_author=False, allowed_mentions=NO_MENTIONS,
                                    delete_after=min(retry, self.notice_seconds))
            return
        answer = bot.ask(question, article=None, user=message.author.id,
                         context=self.replied_question(message))
        if answer.status is Status.INVALID:
            await message.reply(typeset(answer.text, answer.language), mention_author=False,
                                allowed_mentions=NO_MENTIONS)
            return
        view = answer_view(answer)
        embed = answer_embed(answer)
        embed.title = None  # a reply: the question is right above it
        sent = await message.reply(embed=embed, mention_author=False,
                                   allowed_mentions=NO_MENTIONS,
                                   **({"view": view} if view is not None else {}))
        bot.memory.remember(sent.id, answer, asker=message.author.id, ephemeral=False)


async def setup(bot: ArticleBot) -> None:
    await bot.add_cog(Ask(bot))
