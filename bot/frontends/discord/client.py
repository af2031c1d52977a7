"""The Discord bot: a `commands.Bot` that renders what the answering service returns.

It owns what only a chat front-end needs (per-user cooldowns, recent answers for the buttons,
command sync, the error replies) and loads one extension per concern in `setup_hook`. It never
decides an answer itself: every question goes to `AnswerService.ask`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.backoff import ExponentialBackoff
from discord.ext import commands
from discord.gateway import DiscordWebSocket, ReconnectWebSocket
from discord.webhook.async_ import async_context

from bot.answers import Answer
from bot.config import Config
from bot.frontends.discord import views
from bot.frontends.discord.callbacks import Callbacks, DeadlineAdapter, InteractionDropped
from bot.frontends.discord.replies import (
    NO_MENTIONS,
    UserError,
    message_data,
    respond,
    send_ephemeral,
)
from bot.frontends.discord.strings import UiTranslator, t, ui_language
from bot.service import AnswerService
from bot.suggest import SuggesterCache, locale_language

log = logging.getLogger(__name__)

SLOW_ANSWER_SECONDS = 0.1
WATCHDOG_SECONDS = 2.5  # Discord gives up on an unanswered interaction after 3 s
# REST connections kept open to Discord. discord.py sets no limit, so a burst of 200 /ask
# opened 200 sockets (each a TLS handshake with Discord); a bounded pool reuses them, and a
# request beyond it waits for a free one. On a burst of 200 /ask through the fake Discord
# with answering skipped (bench_discord.py --fixed-answer), p99 fell from 115-170 ms to
# 75-140 ms.
HTTP_CONNECTIONS = 48
# What a gateway connection can fail with (those discord.py's `Client.connect` retries).
GATEWAY_ERRORS = (OSError, discord.HTTPException, discord.GatewayNotFound,
                  discord.ConnectionClosed, aiohttp.ClientError, asyncio.TimeoutError)
GATEWAY_ATTEMPT_SECONDS = 60.0  # what discord.py allows one connection attempt
EXTENSIONS = (
    "bot.frontends.discord.cogs.ask",
    "bot.frontends.discord.cogs.info",
    "bot.frontends.discord.cogs.admin",
)


@dataclass(frozen=True, slots=True)
class Remembered:
    answer: Answer
    asker: int | None  # Discord user id of who asked; kept in memory only, never logged
    ephemeral: bool


class AnswerMemory:
    """Recent answers by message id, for "why this answer?" and feedback.

    Bounded and in memory only: after a restart those buttons still work, with less detail.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._answers: OrderedDict[int, Remembered] = OrderedDict()
        self._votes: OrderedDict[tuple[int, int], bool] = OrderedDict()

    def remember(self, message_id: int, answer: Answer, *, asker: int | None,
                 ephemeral: bool) -> None:
        self._answers[message_id] = Remembered(answer, asker, ephemeral)
        if len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def get(self, message_id: int) -> Remembered | None:
        return self._answers.get(message_id)

    def about(self, message: discord.Message) -> Remembered | None:
        """The answer a message shows: by its id, else by the interaction it answered."""
        remembered = self._answers.get(message.id)
        if remembered is None and message.interaction_metadata is not None:
            remembered = self._answers.get(message.interaction_metadata.id)
        return remembered

    def vote(self, message_id: int, user_id: int, helpful: bool) -> bool:
        """Record a vote; False when this user already gave this very vote on this message."""
        key = (message_id, user_id)
        if self._votes.get(key) is helpful:
            return False
        self._votes[key] = helpful
        if len(self._votes) > self.size:
            self._votes.popitem(last=False)
        return True


class UserCooldowns:
    """At most `rate` questions per `per` seconds per user, shared by /ask, chat and buttons."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._notified: dict[int, float] = {}

    @property
    def template(self) -> app_commands.Cooldown:
        return app_commands.Cooldown(self.rate, self.per)

    def hit(self, user_id: int) -> float | None:
        """Count one question; the seconds to wait when over the limit, else None."""
        if self.rate <= 0 or self.per <= 0:
            return None
        now = time.time()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._prune(now)
            bucket = self._buckets[user_id] = self.template
        return bucket.update_rate_limit(now)

    def notify_once(self, user_id: int, retry_after: float) -> bool:
        """True the first time a user hits the limit in a window (chat notices are public)."""
        now = time.time()
        if self._notified.get(user_id, 0.0) > now:
            return False
        self._notified[user_id] = now + retry_after
        return True

    def _prune(self, now: float) -> None:
        for user_id in [u for u, b in self._buckets.items() if b.get_tokens(now) >= self.rate]:
            del self._buckets[user_id]
        self._notified = {u: until for u, until in self._notified.items() if until > now}


class GatewayUnreachable(discord.DiscordException):
    """No connection to the gateway could be opened at start-up within discord.connect_timeout."""


def describe(exc: BaseException) -> str:
    """An exception on one line: its type, and its message when it has one."""
    text = " ".join(str(exc).split())
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


class NotAdmin(app_commands.CheckFailure):
    """The user may not run an admin command (checked by the bot, not only hinted to Discord)."""


class AppTree(app_commands.CommandTree["ArticleBot"]):
    """Turns every command error into a short ephemeral reply; unexpected ones are logged."""

    async def on_error(self, interaction: discord.Interaction[ArticleBot],
                       error: app_commands.AppCommandError) -> None:
        bot = interaction.client
        lang = ui_language(interaction, bot.config.default_language)
        original = getattr(error, "original", error)
        if isinstance(original, InteractionDropped):
            return  # logged once already; Discord would refuse any other reply now
        if isinstance(original, UserError):
            text = str(original)
        elif isinstance(error, app_commands.CommandOnCooldown):
            text = t(lang, "cooldown", seconds=math.ceil(error.retry_after))
        elif isinstance(error, NotAdmin):
            text = t(lang, "not_admin")
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = t(lang, "guild_only")
        elif isinstance(error, app_commands.CommandNotFound
                        | app_commands.CommandSignatureMismatch):
            log.warning("stale command from Discord: %s", error)
            text = t(lang, "command_gone")
        elif isinstance(error, app_commands.TransformerError):
            text = t(lang, "bad_option", detail=error.value)
        elif isinstance(error, app_commands.CheckFailure):
            text = t(lang, "not_admin")
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("unexpected error in /%s (interaction %s)", command, interaction.id,
                      exc_info=original)
            text = t(lang, "apology")
        await send_ephemeral(interaction, text)


class ArticleBot(commands.Bot):
    """Slash commands, mention/reply/DM chat and answer buttons over one AnswerService."""

    def __init__(self, config: Config, service: AnswerService, *,
                 sync_global: bool = False) -> None:
        settings = config.discord
        # The bot never joins voice: no start-up warnings about voice libraries it does not need.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            # No prefix commands: chat questions are read by the Ask cog. A prefix is required.
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=discord.Intents.default(),  # no privileged intent
            allowed_mentions=NO_MENTIONS,
            tree_cls=AppTree,
            shard_id=settings.shard_id,
            shard_count=settings.shard_count,
            guild_ready_timeout=settings.guild_ready_timeout,
            chunk_guilds_at_startup=False,
        )
        self.config = config
        self.settings = settings
        self.service = service
        self.sync_global = sync_global
        self.watch = config.reload.enabled
        self.memory = AnswerMemory()
        self.cooldowns = UserCooldowns(settings.cooldown.rate, settings.cooldown.per)
        self.suggesters = SuggesterCache()
        self.synced: dict[int | None, list[app_commands.AppCommand]] = {}
        self.callbacks = Callbacks()
        self._watching = False
        self._late: set[asyncio.Task[None]] = set()
        self._skip_own_messages()

    def _skip_own_messages(self) -> None:
        """Drop the gateway's echo of the bot's own messages before discord.py parses them.

        Discord sends a MESSAGE_CREATE for every answer the bot posts. Turning it into a
        Message (embeds, components, author) costs as much as the answer itself, only for
        the bot to ignore it. Replies to the bot still work: their payload carries the
        message they answer.
        """
        state = self._connection
        parse = state.parsers.get("MESSAGE_CREATE")
        if parse is None:  # a discord.py that parses differently: keep its behaviour
            log.debug("no MESSAGE_CREATE parser to wrap")
            return

        def parse_message_create(data: dict[str, object]) -> None:
            author = data.get("author")
            me = state.user
            if me is not None and isinstance(author, dict) and author.get("id") == str(me.id):
                return
            parse(data)

        state.parsers["MESSAGE_CREATE"] = parse_message_create

    @property
    def default_language(self) -> str:
        return self.config.default_language

    async def login(self, token: str) -> None:
        """Log in with a bounded pool of REST connections (see HTTP_CONNECTIONS); the
        connector is made here, inside the running event loop, as aiohttp requires.

        The callbacks discord.py posts itself (autocomplete choices) go through `Callbacks`
        too: its adapter is set in this task's context, which every event handler task,
        created later by the gateway loop of this same task, inherits.
        """
        if self.http.connector is discord.utils.MISSING:
            self.http.connector = aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
        async_context.set(DeadlineAdapter(self.callbacks))
        await super().login(token)

    async def connect(self, *, reconnect: bool = True) -> None:
        """discord.py 2.7's `Client.connect` loop, which also survives an unreachable gateway
        at start-up.

        discord.py retries a failed connection by resuming the previous session, which does
        not exist before the first connection: an unreachable gateway at start-up ended in
        "AttributeError: 'NoneType' object has no attribute 'sequence'" and a 150-line
        traceback. Here each failed attempt before the first connection is logged on one line
        and retried with the same exponential backoff as a later disconnect, and start-up
        gives up with GatewayUnreachable after `discord.connect_timeout` seconds. Later
        disconnects are handled as discord.py does, logged on one line (the trace at debug
        level) instead of a traceback each.
        """
        backoff = ExponentialBackoff()
        params: dict[str, Any] = {"initial": True, "shard_id": self.shard_id}
        limit = self.settings.connect_timeout
        started = time.monotonic()
        attempts = 0
        connected = False
        while not self.is_closed():
            try:
                attempts += 1
                timeout = GATEWAY_ATTEMPT_SECONDS
                if not connected and limit is not None:
                    timeout = min(timeout, max(limit - (time.monotonic() - started), 0.5))
                self.ws = await asyncio.wait_for(DiscordWebSocket.from_client(self, **params),
                                                 timeout=timeout)
                connected = True
                params["initial"] = False
                while True:
                    await self.ws.poll_event()
            except ReconnectWebSocket as exc:
                if not connected:  # asked to reconnect before even identifying: start over
                    await self._retry_first_connection(exc, backoff, started, attempts)
                    continue
                log.debug("Discord asked to %s the gateway connection", exc.op)
                self.dispatch("disconnect")
                params.update(sequence=self.ws.sequence, resume=exc.resume,
                              session=self.ws.session_id)
                if exc.resume:
                    params["gateway"] = self.ws.gateway
            except GATEWAY_ERRORS as exc:
                self.dispatch("disconnect")
                if not reconnect:
                    await self.close()
                    if isinstance(exc, discord.ConnectionClosed) and exc.code == 1000:
                        return
                    raise
                if self.is_closed():
                    return
                if not connected and not (isinstance(exc, discord.ConnectionClosed)
                                          and exc.code >= 4000):
                    await self._retry_first_connection(exc, backoff, started, attempts)
                    continue
                await self._reconnect_after(exc, params, backoff)

    async def _reconnect_after(self, exc: BaseException, params: dict[str, Any],
                               backoff: ExponentialBackoff) -> None:
        """discord.py's handling of a lost connection: raise what cannot be retried, else
        wait and set `params` to resume the session."""
        if isinstance(exc, OSError) and exc.errno in (54, 10054):  # reset by peer: at once
            params.update(sequence=self.ws.sequence, gateway=self.ws.gateway, initial=False,
                          resume=True, session=self.ws.session_id)
            return
        if isinstance(exc, discord.ConnectionClosed):
            if exc.code == 4014:
                raise discord.PrivilegedIntentsRequired(exc.shard_id) from None
            if exc.code != 1000:
                await self.close()
                raise exc
        retry = backoff.delay()
        log.warning("lost the Discord gateway connection (%s); reconnecting in %.1f s",
                    describe(exc), retry)
        log.debug("gateway connection lost", exc_info=exc)
        await asyncio.sleep(retry)
        # Always resume: Discord invalidates the session if it cannot be resumed.
        params.update(sequence=self.ws.sequence, gateway=self.ws.gateway, resume=True,
                      session=self.ws.session_id)

    async def _retry_first_connection(self, exc: BaseException, backoff: ExponentialBackoff,
                                      started: float, attempts: int) -> None:
        """Wait before the next start-up attempt, or give up when it would start too late."""
        delay = backoff.delay()
        elapsed = time.monotonic() - started
        limit = self.settings.connect_timeout
        gateway = self.settings.gateway_url
        if limit is not None and elapsed + delay >= limit:
            tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
            raise GatewayUnreachable(
                f"cannot reach the Discord gateway at {gateway}: gave up after {tries} in "
                f"{elapsed:.1f} s (discord.connect_timeout: {limit:g} s); last error: "
                f"{describe(exc)}")
        log.warning("cannot reach the Discord gateway at %s (attempt %d: %s); retrying in "
                    "%.1f s", gateway, attempts, describe(exc), delay)
        await asyncio.sleep(delay)

    async def setup_hook(self) -> None:
        """Load the cogs, register the persistent buttons, publish commands, watch knowledge."""
        await self.tree.set_translator(UiTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)
        await self.sync_commands()
        if self.watch:
            self.service.start_watching(self.config.reload.interval)
            self._watching = True

    async def sync_commands(self) -> None:
        """Development guilds get the commands at once; global sync only when asked for.

        Global commands take up to an hour to reach every client and are rate limited, so they
        are published by `run --sync-global`, not on every start. With several shard
        processes, shard 0 alone publishes them (they are per application, not per shard).
        """
        if self.settings.shard_id not in (None, 0):
            log.info("shard %s: commands are synced by shard 0", self.settings.shard_id)
            return
        for guild_id in self.settings.dev_guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                self.synced[guild_id] = await self.tree.sync(guild=guild)
            except discord.HTTPException as exc:
                log.error("could not sync the commands to guild %s (%s %s): is the bot in it, "
                          "invited with the applications.commands scope?", guild_id,
                          exc.status, exc.text)
            else:
                log.info("synced %d commands to guild %s", len(self.synced[guild_id]), guild_id)
        if self.sync_global:
            try:
                self.synced[None] = await self.tree.sync()
            except discord.HTTPException as exc:
                log.error("could not sync the global commands (%s %s)", exc.status, exc.text)
            else:
                log.info("synced %d global commands (they reach every server within an hour)",
                         len(self.synced[None]))
        elif not self.settings.dev_guild_ids:
            log.warning("no discord.dev_guild_ids configured and --sync-global not given: "
                        "slash commands were not published this time")

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected as %s (%s) to %d server(s); knowledge version %s",
                 user, user.id if user else "?", len(self.guilds), self.service.kb.version)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: questions in chat are handled by the Ask cog's listener."""

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A button the bot does not know (an older scheme) says so instead of timing out;
        any interaction still unanswered near Discord's deadline gets an apology."""
        if interaction.type is discord.InteractionType.component:
            custom_id = str((interaction.data or {}).get("custom_id", ""))
            if not any(item.__discord_ui_compiled_template__.fullmatch(custom_id)
                       for item in views.DYNAMIC_ITEMS):
                log.info("expired component %r clicked", custom_id)
                await send_ephemeral(interaction, t(ui_language(
                    interaction, self.default_language), "expired"))
                return
        # A timer, not a task per interaction: it costs next to nothing unless it fires.
        self.loop.call_later(WATCHDOG_SECONDS, self._check_answered, interaction)

    def _check_answered(self, interaction: discord.Interaction) -> None:
        """discord.py drops some interactions silently (e.g. a button whose message lost it);
        answer them before Discord shows "the application did not respond". Not those whose
        callback is being retried (it has the rest of the deadline) or was given up."""
        if (self.is_closed() or interaction.response.is_done()
                or self.callbacks.busy(interaction.id)):
            return
        log.warning("interaction %s (type %s) unanswered after %.1f s: answering for it",
                    interaction.id, interaction.type, WATCHDOG_SECONDS)
        task = asyncio.create_task(self._answer_for(interaction))
        self._late.add(task)
        task.add_done_callback(self._late.discard)

    async def _answer_for(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                await interaction.response.autocomplete([])
            else:
                key = ("expired" if interaction.type is discord.InteractionType.component
                       else "too_slow")
                await respond(interaction, message_data(content=t(
                    ui_language(interaction, self.default_language), key)), ephemeral=True)
        except (discord.HTTPException, discord.InteractionResponded):
            log.debug("interaction %s was answered meanwhile", interaction.id)

    async def close(self) -> None:
        for task in list(self._late):
            task.cancel()
        if self._watching:
            await asyncio.to_thread(self.service.stop_watching)
            self._watching = False
        self._close_gateway_with_1000()
        await super().close()
        if self.service.question_log is not None:
            self.service.question_log.flush()

    def _close_gateway_with_1000(self) -> None:
        """Make the gateway close frame say 1000 (normal closure).

        discord.py 2.7 closes with 1000, but its reader task, woken by that close, closes first
        with 4000; Discord then keeps the session alive and shows the bot online for a while
        after it stopped. Once shutting down, every close of this socket is a normal one.
        """
        socket = getattr(self.ws, "socket", None)
        if socket is None or socket.closed:
            return
        original = socket.close

        async def close(*, code: int = 1000, message: bytes = b"") -> bool:
            return await original(code=1000, message=message)

        socket.close = close

    # --- what the cogs and buttons share ------------------------------------------------

    def ask(self, question: str, *, article: str | None, user: int,
            locale: object = None, context: str | None = None) -> Answer:
        """Ask the core, on the event loop itself.

        An answer takes well under 2 ms (questions are capped in length and answers cached),
        far less than a hop to a worker thread costs under load; the watchdog still answers
        for any interaction left waiting near Discord's deadline.
        """
        start = time.perf_counter()
        answer = self.service.ask(question, article=article, source="discord", user=user,
                                  fallback_language=locale_language(locale), context=context)
        elapsed = time.perf_counter() - start
        if elapsed > SLOW_ANSWER_SECONDS:
            log.warning("answering took %.0f ms (question of %d characters)", elapsed * 1000,
                        len(question))
        return answer

    def command_mention(self, name: str, guild_id: int | None = None) -> str:
        """A command as Discord shows it clickable ("</topics:123>", "</kb status:123>"), from
        the commands published to this server or globally; as text when not published."""
        base, _, sub = name.partition(" ")
        for scope in (guild_id, None):
            for command in self.synced.get(scope, []):
                if command.name == base:
                    return f"</{name}:{command.id}>" if sub else command.mention
        return f"`/{name}`"

    def is_admin(self, interaction: discord.Interaction) -> bool:
        """Administrator or Manage Server in this server, or one of the configured admin roles."""
        if interaction.guild is None or not isinstance(interaction.user, discord.Member):
            return False
        permissions = interaction.permissions
        if permissions.administrator or permissions.manage_guild:
            return True
        admin_roles = set(self.settings.admin_role_ids)
        return any(role.id in admin_roles for role in interaction.user.roles)
