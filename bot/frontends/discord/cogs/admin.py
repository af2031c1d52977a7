"""Administration: `/kb status` and `/kb reload`, for server admins only.

`default_permissions` only hides the commands in Discord clients (and server admins can change
it), so the bot checks every use itself: Administrator or Manage Server, or a configured role.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.frontends.discord.client import ArticleBot, NotAdmin
from bot.frontends.discord.embeds import status_embed
from bot.frontends.discord.replies import send, within_deadline
from bot.frontends.discord.strings import t, ui_language


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class KnowledgeAdmin(commands.GroupCog, group_name="kb",
                     group_description=locale_str("Knowledge base (server admins)")):
    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[ArticleBot]) -> bool:
        if not self.bot.is_admin(interaction):
            raise NotAdmin()
        return True

    def _status(self, language: str) -> discord.Embed:
        return status_embed(self.bot.service, language, watching=self.bot.watch,
                            interval=self.bot.config.reload.interval)

    @app_commands.command(name="status",
                          description=locale_str("Entries, articles, last reload and problems"))
    async def status(self, interaction: discord.Interaction[ArticleBot]) -> None:
        lang = ui_language(interaction, self.bot.default_language)
        await send(interaction, embed=self._status(lang), ephemeral=True)

    @app_commands.command(name="reload", description=locale_str("Reload the knowledge files now"))
    async def reload(self, interaction: discord.Interaction[ArticleBot]) -> None:
        lang = ui_language(interaction, self.bot.default_language)
        service = self.bot.service
        result = await within_deadline(
            interaction, asyncio.to_thread(service.reload, force=True), ephemeral=True)
        kb = service.kb
        if result is True:
            text = t(lang, "kb.reloaded", version=kb.version, entries=len(kb.entries))
        elif result is False:
            text = t(lang, "kb.refused", version=kb.version)
        else:
            text = t(lang, "kb.unchanged", version=kb.version)
        await send(interaction, content=text, embed=self._status(lang), ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    await bot.add_cog(KnowledgeAdmin(bot))
