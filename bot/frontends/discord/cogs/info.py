"""Information: `/article`, `/topics` (paginated, with a menu to get an answer), `/help`.

These replies are ephemeral: they help one reader find their way and should not fill the
channel.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.frontends.discord.client import ArticleBot
from bot.frontends.discord.embeds import article_embed, articles_embed, help_embed
from bot.frontends.discord.replies import send
from bot.frontends.discord.strings import ui_language
from bot.frontends.discord.views import ALL_ARTICLES, article_named, token_of, topics_message
from bot.suggest import suggest_articles
from bot.topics import topics


class Info(commands.Cog):
    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    def _article(self, interaction: discord.Interaction, typed: str | None) -> str | None:
        """The slug the reader named; None for "all" (several articles and none named)."""
        kb = self.bot.service.kb
        if not typed:
            return kb.articles[0].meta.slug if len(kb.articles) == 1 else None
        return article_named(interaction, typed)

    def _command(self, interaction: discord.Interaction) -> Callable[[str], str]:
        """Clickable mentions of this bot's commands where the reader is."""
        return functools.partial(self.bot.command_mention, guild_id=interaction.guild_id)

    async def _article_choices(self, interaction: discord.Interaction, current: str
                               ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=c.name, value=c.value)
                for c in suggest_articles(self.bot.service.kb, current)]

    @app_commands.command(
        name="article",
        description=locale_str("The article: title, date, source, sections, what I can answer"))
    @app_commands.describe(article=locale_str("Which article (default: the only one)"))
    async def article(self, interaction: discord.Interaction[ArticleBot],
                      article: str | None = None) -> None:
        kb = self.bot.service.kb
        lang = ui_language(interaction, self.bot.default_language)
        slug = self._article(interaction, article)
        if slug is None:
            await send(interaction, embed=articles_embed(kb, lang), ephemeral=True)
            return
        found = topics(kb, lang, article=slug)
        await send(interaction, embed=article_embed(kb.by_slug[slug], found, lang,
                                                    self._command(interaction)),
                   ephemeral=True)

    @app_commands.command(name="topics",
                          description=locale_str("The questions I can answer, by section"))
    @app_commands.describe(article=locale_str("Which article (default: the only one)"))
    async def topics(self, interaction: discord.Interaction[ArticleBot],
                     article: str | None = None) -> None:
        kb = self.bot.service.kb
        lang = ui_language(interaction, self.bot.default_language)
        slug = self._article(interaction, article)
        scope = token_of(slug) if slug and len(kb.articles) > 1 else ALL_ARTICLES
        embed, view = topics_message(kb, lang, 0, scope)
        await send(interaction, embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="help", description=locale_str("How to ask me questions"))
    async def help(self, interaction: discord.Interaction[ArticleBot]) -> None:
        lang = ui_language(interaction, self.bot.default_language)
        mention = self.bot.user.mention if self.bot.user else "@bot"
        await send(interaction, embed=help_embed(self.bot.service.kb, lang, mention,
                                                 self._command(interaction)),
                   ephemeral=True)

    @article.autocomplete("article")
    async def article_option(self, interaction: discord.Interaction, current: str
                             ) -> list[app_commands.Choice[str]]:
        return await self._article_choices(interaction, current)

    @topics.autocomplete("article")
    async def topics_option(self, interaction: discord.Interaction, current: str
                            ) -> list[app_commands.Choice[str]]:
        return await self._article_choices(interaction, current)


async def setup(bot: ArticleBot) -> None:
    await bot.add_cog(Info(bot))
