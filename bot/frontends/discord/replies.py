"""Replying to interactions: within Discord's 3 seconds, ephemeral when it is about one user.

Discord shows "the application did not respond" when an interaction gets no reply within
3 seconds. Every path here either replies at once, or defers first and follows up, and every
send carries `AllowedMentions.none()`: the bot quotes articles and echoes users, and must never
ping anyone. A reply that Discord's faults keep from arriving in time is given up
(`InteractionDropped`, see callbacks.py), logged once, and nothing more is sent for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, TypeVar

import discord

from bot.frontends.discord.callbacks import Callbacks, InteractionDropped

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
NO_MENTIONS_DATA = NO_MENTIONS.to_dict()
CHANNEL_MESSAGE = discord.InteractionResponseType.channel_message
DEFERRED_MESSAGE = discord.InteractionResponseType.deferred_channel_message
UPDATE_MESSAGE = discord.InteractionResponseType.message_update
EPHEMERAL = 1 << 6  # message flag: only the user of the interaction sees it
DEFER_AFTER = 1.5  # seconds of work before deferring; Discord's deadline is 3 s
T = TypeVar("T")


class UserError(Exception):
    """A problem the user caused and can fix: answered with its message, ephemeral, no trace."""


async def within_deadline(interaction: discord.Interaction, work: Awaitable[T], *,
                          ephemeral: bool) -> T:
    """Await `work`; if it takes long, defer the interaction first so Discord keeps waiting."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done and not interaction.response.is_done():
        log.info("slow answer for interaction %s: deferring", interaction.id)
        await defer(interaction, ephemeral=ephemeral)
    return await task


async def send(interaction: discord.Interaction, *, content: str | None = None,
               embed: discord.Embed | None = None, view: discord.ui.View | None = None,
               ephemeral: bool = False, embeds: Sequence[discord.Embed] = ()) -> int | None:
    """Reply, or follow up when already deferred; the id of the message sent, if known."""
    every = [*([embed] if embed is not None else []), *embeds]
    if not interaction.response.is_done():
        return await respond(interaction, message_data(content=content, embeds=every,
                                                       view=view), ephemeral=ephemeral)
    extra: dict[str, object] = {"view": view} if view is not None else {}
    message = await interaction.followup.send(
        content=content, embeds=every or discord.utils.MISSING,
        ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, wait=True, **extra)
    return message.id


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """A short private notice (errors, cooldowns, thanks); never raises."""
    try:
        await send(interaction, content=text, ephemeral=True)
    except InteractionDropped:
        log.debug("no notice for interaction %s: its reply was given up", interaction.id)
    except discord.HTTPException:
        log.warning("could not send a notice for interaction %s", interaction.id, exc_info=True)


def message_data(*, content: str | None = None, embed: discord.Embed | None = None,
                 view: discord.ui.View | None = None,
                 embeds: Sequence[discord.Embed] = ()) -> dict[str, Any]:
    """A message as Discord's API takes it: what discord.py sends for these objects."""
    data: dict[str, Any] = {}
    if content is not None:
        data["content"] = content
    every = [*([embed] if embed is not None else []), *embeds]
    if every:
        data["embeds"] = [e.to_dict() for e in every]
    if view is not None:
        data["components"] = view.to_components()
    return data


async def respond(interaction: discord.Interaction, data: Mapping[str, Any], *,
                  ephemeral: bool) -> int | None:
    """Answer an interaction with a message; the id of the message, if Discord says it."""
    body = {**data, "allowed_mentions": NO_MENTIONS_DATA}
    if ephemeral:
        body["flags"] = EPHEMERAL
    reply = await _callback(interaction, CHANNEL_MESSAGE, body)
    try:
        return int(reply["resource"]["message"]["id"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None


async def update(interaction: discord.Interaction, data: Mapping[str, Any]) -> None:
    """Answer a click by editing the message it was on (a page of /topics)."""
    await _callback(interaction, UPDATE_MESSAGE, {**data, "allowed_mentions": NO_MENTIONS_DATA})


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Tell Discord an answer is coming ("thinking…"); it is sent later as a follow-up."""
    await _callback(interaction, DEFERRED_MESSAGE, {"flags": EPHEMERAL} if ephemeral else None)


async def _callback(interaction: discord.Interaction, kind: discord.InteractionResponseType,
                    data: Mapping[str, Any] | None) -> object:
    """Post an interaction callback; Discord's reply as JSON, or None (a 204 or no JSON).

    The same callback discord.py's `InteractionResponse` methods post, minus what they do
    with the reply: they turn Discord's copy of the message into Message, Embed and component
    objects nothing here reads (under a burst of questions, a third of the bot's CPU per
    answer), and they fail on an empty reply, which a proxy or server may send. It is posted
    by the bot's `Callbacks` (retries within Discord's deadline; InteractionDropped when it
    cannot make it) rather than discord.py's webhook adapter, whose retries overrun it. Views
    sent this way must be fully dynamic (`DynamicItem`s), which need no registration per
    message.
    """
    http = interaction._state.http
    payload: dict[str, Any] = {"type": kind.value}
    if data is not None:
        payload["data"] = data
    callbacks: Callbacks = interaction.client.callbacks  # type: ignore[attr-defined]
    reply = await callbacks.post(interaction.id, interaction.token, payload,
                                 session=interaction._session, proxy=http.proxy,
                                 proxy_auth=http.proxy_auth)
    interaction.response._response_type = kind  # what discord.py records: is_done() is true
    return reply
