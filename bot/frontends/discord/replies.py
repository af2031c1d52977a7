"""Replying to interactions: within Discord's 3 seconds, ephemeral when it is about one user.

Discord shows "the application did not respond" when an interaction gets no reply within
3 seconds. Every path here either replies at once, or defers first and follows up, and every
send carries `AllowedMentions.none()`: the bot quotes articles and echoes users, and must never
ping anyone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

import discord

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
DEFER_AFTER = 1.5  # seconds of work before deferring; Discord's deadline is 3 s
T = TypeVar("T")


class UserError(Exception):
    """A problem the user caused and can fix: answered with its message, ephemeral, no trace."""


async def within_deadline(interaction: discord.Interaction, work: Awaitable[T], *,
                          ephemeral: bool, thinking: bool = True) -> T:
    """Await `work`; if it takes long, defer the interaction first so Discord keeps waiting."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        log.info("slow answer for interaction %s: deferring", interaction.id)
        await interaction.response.defer(thinking=thinking, ephemeral=ephemeral)
    return await task


async def send(interaction: discord.Interaction, *, content: str | None = None,
               embed: discord.Embed | None = None, view: discord.ui.View | None = None,
               ephemeral: bool = False) -> int | None:
    """Reply, or follow up when already deferred; returns the id of the message sent."""
    extra: dict[str, object] = {"view": view} if view is not None else {}
    if not interaction.response.is_done():
        callback = await interaction.response.send_message(
            content=content, embed=embed, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS,
            **extra)
        return callback.message_id if callback is not None else None
    message = await interaction.followup.send(
        content=content, embed=embed if embed is not None else discord.utils.MISSING,
        ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, wait=True, **extra)
    return message.id


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """A short private notice (errors, cooldowns, thanks); never raises."""
    try:
        await send(interaction, content=text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send a notice for interaction %s", interaction.id, exc_info=True)
