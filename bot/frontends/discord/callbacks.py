"""Interaction callbacks that reach Discord within its 3-second deadline, or give up at once.

Discord forgets an interaction whose callback has not arrived 3 seconds after its creation.
discord.py posts callbacks through its webhook adapter, which retries a 5xx after 1 s then 3 s
(the answer arrives at 4 s, refused) and sleeps out a 429 holding the interaction's lock (the
watchdog's apology queues behind it, also too late). Here:

* a callback failing with a 5xx or a dropped connection is retried after short fixed delays,
  as long as the retry can start before the deadline, computed from the interaction's
  creation time (its snowflake), so time spent queued in the bot counts too;
* a 429 whose `retry_after` ends before the deadline is waited out, then retried; one that
  ends after it drops the reply at once: one log line, no request before `retry_after`, and
  nothing left sleeping or queued (the interaction is dead by then anyway). A global 429
  holds every callback until it ends;
* a reply given up is an `InteractionDropped` for whoever sent it, and every later attempt to
  reply to that interaction (error handler, watchdog) fails at once without a request.

The alternative, deferring every interaction at once and sending the answer as a follow-up
(which has 15 minutes), was not chosen: the defer is itself a callback under the same deadline
and the same faults, it doubles the requests of every answer to survive a rare fault, and it
shows "thinking…" before every answer. Interactions that are deferred anyway (a slow `/kb
reload`) get their answer as a follow-up, outside this deadline.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
import discord
from discord.http import Route, json_or_text
from discord.utils import DISCORD_EPOCH, _to_json
from discord.webhook.async_ import AsyncWebhookAdapter

log = logging.getLogger(__name__)

CALLBACK_PATH = "/interactions/{webhook_id}/{webhook_token}/callback"
INTERACTION_LIFE = 3.0  # seconds from an interaction's creation to Discord's deadline
# A retry starts at least this long before the deadline, to reach Discord in time.
MARGIN = 0.25
# Delays before each retry after a 5xx or a dropped connection. discord.py waits 1 s then 3 s;
# a server error on Discord's side is usually gone within a fraction of a second, and the
# whole budget is under 3 s.
RETRY_DELAYS = (0.05, 0.2, 0.5, 1.0)
MAX_ATTEMPTS = 8  # 5xx retries and honoured 429s together (the deadline bounds them first)
# An attempt still unanswered this long after the deadline is abandoned: Discord's reply can
# no longer make a difference, and no task may wait on it for ever.
GRACE = 10.0
FORGET_AFTER = 60.0  # seconds a dropped interaction is remembered (it is dead after 3)
ALREADY_ACKNOWLEDGED = 40060  # Discord's code when an earlier attempt got through after all
AUTOCOMPLETE_RESULT = discord.InteractionResponseType.autocomplete_result.value
HEADERS = {"Content-Type": "application/json"}
PARAMS = {"with_response": "1"}  # Discord's reply then says the id of the message created


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What discord.HTTPException reads from a response, for a reply given up without one."""

    status: int
    reason: str


class InteractionDropped(discord.HTTPException):
    """A reply that cannot reach Discord before the interaction's deadline.

    It was logged once where it was decided: whoever catches it stays silent and sends nothing
    more for that interaction (Discord would refuse it, or it would break a rate limit).
    """

    def __init__(self, interaction_id: int, why: str, status: int = 0) -> None:
        self.interaction_id = interaction_id
        super().__init__(_Outcome(status, "dropped"), why)  # type: ignore[arg-type]


def seconds_left(interaction_id: int, *, now: float | None = None) -> float:
    """Seconds until Discord's deadline for this interaction, from its creation time.

    The creation time is Discord's clock, the current time this machine's: a clock running
    ahead would make every interaction look older than it is, so the age counts for at most
    the whole life (the first attempt is always made, whatever this says), and a clock running
    behind for nothing (at worst a retry Discord refuses as too late).
    """
    created = ((interaction_id >> 22) + DISCORD_EPOCH) / 1000
    age = (time.time() if now is None else now) - created
    return INTERACTION_LIFE - min(max(age, 0.0), INTERACTION_LIFE)


class Callbacks:
    """Posts interaction callbacks for one bot, and remembers which replies were given up."""

    def __init__(self) -> None:
        self._in_flight: set[int] = set()
        self._dropped: dict[int, float] = {}  # interaction id -> monotonic time to forget it
        self._blocked_until = 0.0  # a global 429: no callback before this (monotonic)
        self._block_logged = True  # the first reply a global 429 drops is logged, not the rest

    def busy(self, interaction_id: int) -> bool:
        """A callback is being posted (and retried) for it, or its reply was given up."""
        return interaction_id in self._in_flight or interaction_id in self._dropped

    def dropped(self, interaction_id: int) -> bool:
        return interaction_id in self._dropped

    async def post(self, interaction_id: int, token: str, payload: Mapping[str, Any], *,
                   session: aiohttp.ClientSession, proxy: str | None = None,
                   proxy_auth: aiohttp.BasicAuth | None = None) -> Any:
        """POST the callback; Discord's reply (JSON, or text when it sends none).

        Raises InteractionDropped when it cannot be delivered in time, and what discord.py
        raises for any other refusal (NotFound for an unknown interaction, ...).
        """
        if interaction_id in self._dropped:
            raise InteractionDropped(interaction_id, "its reply was already given up")
        deadline = time.monotonic() + seconds_left(interaction_id) - MARGIN
        url = f"{Route.BASE}/interactions/{interaction_id}/{quote(token, safe='')}/callback"
        body = _to_json(payload)
        self._in_flight.add(interaction_id)
        try:
            return await self._attempts(interaction_id, url, body, deadline, session, proxy,
                                        proxy_auth)
        finally:
            self._in_flight.discard(interaction_id)

    async def _attempts(self, interaction_id: int, url: str, body: str, deadline: float,
                        session: aiohttp.ClientSession, proxy: str | None,
                        proxy_auth: aiohttp.BasicAuth | None) -> Any:
        failures: list[str] = []
        for _ in range(MAX_ATTEMPTS):
            await self._wait_for_global_limit(interaction_id, deadline)
            timeout = aiohttp.ClientTimeout(total=max(deadline - time.monotonic(), 0.0)
                                            + MARGIN + GRACE)
            try:
                async with session.post(url, data=body, headers=HEADERS, params=PARAMS,
                                        proxy=proxy, proxy_auth=proxy_auth,
                                        timeout=timeout) as response:
                    data = await json_or_text(response)
            except TimeoutError:
                raise self._drop(interaction_id, f"Discord did not answer its callback within "
                                 f"{timeout.total:.0f} s") from None
            except (aiohttp.ClientConnectionError, OSError) as exc:
                failures.append(f"connection failed ({exc.__class__.__name__})")
            else:
                status = response.status
                if 200 <= status < 300:
                    if failures:
                        log.info("interaction %s acknowledged after %s", interaction_id,
                                 ", ".join(failures))
                    return data
                if status == 429:
                    await self._rate_limited(interaction_id, response, data, deadline)
                    failures.append("429")
                    continue
                if status < 500:
                    if (failures and status == 400 and isinstance(data, dict)
                            and data.get("code") == ALREADY_ACKNOWLEDGED):
                        # A failed attempt got through after all (a 5xx or a reset after
                        # Discord had taken it): the interaction has its reply.
                        log.info("interaction %s acknowledged by an attempt that looked failed "
                                 "(%s)", interaction_id, ", ".join(failures))
                        return None
                    if status == 403:
                        raise discord.Forbidden(response, data)
                    if status == 404:
                        raise discord.NotFound(response, data)
                    raise discord.HTTPException(response, data)
                failures.append(f"{status} {response.reason or ''}".strip())
            delay = RETRY_DELAYS[min(len(failures), len(RETRY_DELAYS)) - 1]
            if time.monotonic() + delay > deadline:
                raise self._drop(interaction_id, f"its callback failed ({', '.join(failures)}) "
                                 "and no retry can reach Discord before the deadline")
            await asyncio.sleep(delay)
        raise self._drop(interaction_id, f"its callback failed {len(failures)} times "
                         f"({', '.join(failures)})")

    async def _rate_limited(self, interaction_id: int, response: aiohttp.ClientResponse,
                            data: object, deadline: float) -> None:
        """Wait out a 429 that ends before the deadline; otherwise give the reply up."""
        body = data if isinstance(data, dict) else {}
        retry_after = _seconds(body.get("retry_after"), response.headers.get("Retry-After"))
        is_global = bool(body.get("global")) or response.headers.get(
            "X-RateLimit-Global", "").lower() == "true"
        until = time.monotonic() + (retry_after if retry_after is not None else 0.0)
        if is_global and retry_after is not None and until > self._blocked_until:
            self._blocked_until = until
            self._block_logged = False
        if retry_after is None or until > deadline:
            if is_global:
                self._block_logged = True  # this line says it for the others too
            after = "for an unknown time" if retry_after is None else f"for {retry_after:.1f} s"
            raise self._drop(interaction_id, f"Discord answered its callback 429 (rate limited"
                             f"{' globally' if is_global else ''} {after}, past the "
                             f"interaction's {INTERACTION_LIFE:.0f} s deadline)", 429)
        await asyncio.sleep(until - time.monotonic())

    async def _wait_for_global_limit(self, interaction_id: int, deadline: float) -> None:
        wait = self._blocked_until - time.monotonic()
        if wait <= 0:
            return
        if time.monotonic() + wait > deadline:
            quiet = self._block_logged
            self._block_logged = True
            raise self._drop(interaction_id, f"Discord rate-limits every callback for "
                             f"{wait:.1f} s more, past the interaction's deadline "
                             f"(further replies dropped until then are logged at debug level)",
                             429, quiet=quiet)
        await asyncio.sleep(wait)

    def _drop(self, interaction_id: int, why: str, status: int = 0, *,
              quiet: bool = False) -> InteractionDropped:
        """Remember the interaction as given up and log it, once."""
        now = time.monotonic()
        if len(self._dropped) > 1024:
            self._dropped = {i: t for i, t in self._dropped.items() if t > now}
        self._dropped[interaction_id] = now + FORGET_AFTER
        (log.debug if quiet else log.warning)("reply to interaction %s dropped: %s",
                                              interaction_id, why)
        return InteractionDropped(interaction_id, why, status)


def _seconds(*values: object) -> float | None:
    """The first value that reads as a non-negative number of seconds."""
    for value in values:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if seconds >= 0:
            return seconds
    return None


class DeadlineAdapter(AsyncWebhookAdapter):
    """discord.py's webhook adapter, with the callbacks discord.py posts itself (autocomplete
    choices) sent by `Callbacks`; every other request goes the usual way."""

    def __init__(self, callbacks: Callbacks) -> None:
        super().__init__()
        self.callbacks = callbacks

    async def request(self, route: Route, session: aiohttp.ClientSession, *,
                      payload: dict[str, Any] | None = None,
                      multipart: list[dict[str, Any]] | None = None,
                      proxy: str | None = None, proxy_auth: aiohttp.BasicAuth | None = None,
                      **kwargs: Any) -> Any:
        if (route.path != CALLBACK_PATH or payload is None or multipart
                or kwargs.get("files") or route.webhook_id is None):
            return await super().request(route, session, payload=payload, multipart=multipart,
                                         proxy=proxy, proxy_auth=proxy_auth, **kwargs)
        try:
            return await self.callbacks.post(int(route.webhook_id), str(route.webhook_token),
                                             payload, session=session, proxy=proxy,
                                             proxy_auth=proxy_auth)
        except InteractionDropped:
            if payload.get("type") == AUTOCOMPLETE_RESULT:
                return None  # discord.py would log a traceback for what is logged already
            raise
