"""`python -m bot run` with DISCORD_TOKEN: build the service and the bot, connect, stop cleanly.

SIGTERM and Ctrl-C close the gateway connection (code 1000) and the HTTP session, stop the
knowledge watcher and flush the question log, then the process exits 0. The token is revealed
only to discord.py, and every log line is scrubbed of it in case a library ever echoes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.config import SALT_ENV, TOKEN_ENV, Config, DiscordSettings, Secret
from bot.frontends.discord.client import ArticleBot, GatewayUnreachable
from bot.kb.problems import KnowledgeError
from bot.qlog import QuestionLog
from bot.service import AnswerService

log = logging.getLogger(__name__)

REDACTED = "[DISCORD_TOKEN]"


def use_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py at the configured REST base and gateway (a proxy, or a test server).

    Must run before login: discord.py reads both when it builds each request and connection.
    """
    Route.BASE = settings.api_base.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class RedactToken(logging.Filter):
    """Replaces the token in any log record, message and arguments alike."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, REDACTED)
            record.args = None
        if record.exc_info and record.exc_info[1] is not None and self.token in str(
                record.exc_info[1]):
            record.exc_text = logging.Formatter().formatException(record.exc_info).replace(
                self.token, REDACTED)
        return True


def redact_logs(token: str) -> RedactToken:
    """Install the filter on every handler of the root logger (filters on loggers miss
    records propagated from child loggers; handler filters see them all)."""
    redactor = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor


def freeze_startup_objects() -> None:
    """Keep the garbage collector off what lives as long as the process.

    Modules and the loaded knowledge never become garbage, yet every full collection walks
    them again (about 25 ms with the shipped knowledge): a pause some user's answer waits for.
    """
    gc.collect()
    gc.freeze()


def settings_problem(settings: DiscordSettings) -> str | None:
    """What the config file's types cannot say: shard settings, a positive time-out."""
    timeout = settings.connect_timeout
    if timeout is not None and timeout <= 0:
        return ("discord.connect_timeout must be a number of seconds above 0, or null to retry "
                "for ever")
    return sharding_problem(settings)


def sharding_problem(settings: DiscordSettings) -> str | None:
    """Both shard settings or neither, and a shard id below the count."""
    shard_id, count = settings.shard_id, settings.shard_count
    if (shard_id is None) != (count is None):
        return "discord.shard_id and discord.shard_count go together: set both or neither"
    if shard_id is not None and count is not None and not 0 <= shard_id < count:
        return f"discord.shard_id must be between 0 and {count - 1} (shard_count {count})"
    return None


def build_service(config: Config) -> AnswerService:
    settings = config.question_log
    qlog = None
    if settings.path is not None:
        qlog = QuestionLog(settings.path, max_bytes=settings.max_bytes, backups=settings.backups,
                           salt=os.environ.get(SALT_ENV),
                           max_question_chars=config.matching.max_question_chars)
    return AnswerService(config, question_log=qlog)


async def serve(config: Config, token: Secret, *, sync_global: bool = False,
                service: AnswerService | None = None, handle_signals: bool = True) -> int:
    """Run the bot until it is closed or signalled; returns the process exit code."""
    use_endpoints(config.discord)
    service = service or build_service(config)
    bot = ArticleBot(config, service, sync_global=sync_global)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    if handle_signals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(token.reveal()), name="discord-bot")
            stopper = asyncio.create_task(stop.wait(), name="stop-signal")
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                log.info("stop signal received: closing the Discord connection")
                await bot.close()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner
                return 0
            stopper.cancel()
            runner.result()  # raises what made the bot stop
            return 0
    except discord.LoginFailure:
        log.error("Discord refused the token in %s (401): check it in the developer portal "
                  "(Bot > Reset Token)", TOKEN_ENV)
    except GatewayUnreachable as exc:
        log.error("%s", exc)
    except discord.PrivilegedIntentsRequired:
        log.error("Discord asks for a privileged intent; this bot needs none, check the shard "
                  "settings")
    except (discord.HTTPException, discord.GatewayNotFound, aiohttp.ClientError, OSError) as exc:
        log.error("cannot reach Discord at %s / %s: %s", config.discord.api_base,
                  config.discord.gateway_url, exc)
    finally:
        if handle_signals:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        if service.question_log is not None:
            service.question_log.close()
    return 1


def run_discord(config: Config, token: Secret, *, sync_global: bool = False) -> int:
    """Entry point of `python -m bot run` when DISCORD_TOKEN is set."""
    problem = settings_problem(config.discord)
    if problem is not None:
        sys.stderr.write(f"error: invalid config: {problem}\n")
        return 1
    redactor = redact_logs(token.reveal())
    try:
        service = build_service(config)
    except KnowledgeError as exc:
        sys.stderr.write(f"error: cannot load the knowledge in {config.knowledge_dir}: {exc}\n")
        return 1
    log.info("knowledge version %s: %d entries; connecting to Discord", service.kb.version,
             len(service.kb.entries))
    service.warm()
    freeze_startup_objects()
    try:
        return asyncio.run(serve(config, token, sync_global=sync_global, service=service))
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers were installed
        return 0
    finally:
        for handler in logging.getLogger().handlers:
            handler.removeFilter(redactor)
