"""A small fake Discord: REST API and gateway websocket on one ephemeral 127.0.0.1 port.

Run the real discord.py client against it (through `discord.api_base` / `discord.gateway_url`)
and drive it as Discord would: dispatch INTERACTION_CREATE and MESSAGE_CREATE events, then
assert on the requests the bot made. Protocol details verified against discord.py 2.7.1:

* login: GET /users/@me, GET /oauth2/applications/@me; a plain Bot never asks GET /gateway/bot;
* command sync: PUT /applications/{app}/commands or .../guilds/{guild}/commands, echoed with
  `id`, `application_id` and `version` added;
* gateway at `?encoding=json&v=10&compress=zlib-stream`, plain JSON text frames both ways: HELLO,
  IDENTIFY, READY, heartbeat ACKs, then GUILD_CREATE with `member_count` equal to the members;
* interactions answered by POST /interactions/{id}/{token}/callback, whose reply carries
  `interaction` and `resource.message`; follow-ups and edits on /webhooks/{app}/{token}...;
* every JSON response has the content type exactly `application/json` (discord.py does not
  parse "application/json; charset=utf-8"), and a failing handler answers 400, never 5xx (a 5xx
  makes discord.py retry for about 25 seconds).

Faults on purpose: `fail_callbacks(500, 500)` or `fail_callbacks(Fault(429, retry_after=5))`
answers the next interaction callbacks with those errors, as Discord does (a 429 carries
`retry_after` in its body, `Retry-After` and the `Via` header discord.py checks); such
requests are recorded with `fault` set and never count as the interaction's reply.
`serve_gateway_on(port)` adds the gateway on another port, to start it late; `gateway_down`
refuses gateway connections, and `drop_gateway(code)` closes the bot's.

Every request is recorded (`requests`); requests to routes the fake does not know are answered
404 and listed in `unknown`, handler failures in `errors`: tests assert both stay empty.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord.payloads import (
    ADMINISTRATOR,
    JSON,
    FakeGuild,
    FakeUser,
    message,
    snowflake,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Interaction types and callback types (Discord API).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 1, 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT = 8

BOT = FakeUser(900_000_000_000_000_001, "ArticleBot", bot=True)
ALICE = FakeUser(900_000_000_000_000_101, "alice")
BOB = FakeUser(900_000_000_000_000_102, "bob")
ADMIN_ROLE = 900_000_000_000_000_301
ADMIN = FakeUser(900_000_000_000_000_103, "admin", permissions=ADMINISTRATOR)
MODERATOR = FakeUser(900_000_000_000_000_104, "moderator", roles=(ADMIN_ROLE,))
OTHER_BOT = FakeUser(900_000_000_000_000_105, "otherbot", bot=True)
GUILD_ID = 900_000_000_000_000_201
CHANNEL_ID = 900_000_000_000_000_401
OTHER_CHANNEL_ID = 900_000_000_000_000_402
BOT_ROLE = 900_000_000_000_000_302


def default_guild() -> FakeGuild:
    return FakeGuild(GUILD_ID, "Newsroom", (CHANNEL_ID, OTHER_CHANNEL_ID),
                     [ALICE, BOT, BOB, ADMIN, MODERATOR, OTHER_BOT],
                     roles={ADMIN_ROLE: "bot admins"}, bot_role_id=BOT_ROLE, bot_user_id=BOT.id)


@dataclass
class Recorded:
    """One REST request the bot made, and what the fake answered."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON (or payload_json of a multipart body); None when empty
    at: float  # time.perf_counter() when it arrived
    status: int = 0
    response: Any = None
    peer: Any = None  # the bot's (host, port) for this request: one per HTTP connection
    fault: bool = False  # answered with an error injected by `fail_callbacks`


@dataclass(frozen=True)
class Fault:
    """An error the fake answers a callback with: a 5xx, or a 429 with its retry_after."""

    status: int
    retry_after: float | None = None  # seconds (429 only)
    is_global: bool = False  # a 429 for every request of the bot, not this one only

    def response(self) -> web.Response:
        if self.status != 429:
            return _error(self.status, 0, f"{self.status}: fake Discord fault")
        retry_after = 1.0 if self.retry_after is None else self.retry_after
        response = _json({"message": "You are being rate limited.",
                          "retry_after": retry_after, "global": self.is_global}, 429)
        response.headers.update({"Retry-After": str(retry_after), "Via": "1.1 google",
                                 "X-RateLimit-Scope": "global" if self.is_global else "user"})
        if self.is_global:
            response.headers["X-RateLimit-Global"] = "true"
        return response


@dataclass
class SentInteraction:
    """An INTERACTION_CREATE the fake dispatched, and the state of its response."""

    id: int
    token: str
    payload: JSON
    user: FakeUser
    dispatched_at: float
    responded: bool = False
    original_id: int | None = None  # message created by the callback, if any


@dataclass
class Reply:
    """How the bot answered an interaction: the callback, and the message it resolves to."""

    interaction: SentInteraction
    callback: Recorded
    message: JSON | None  # for a deferred reply: the follow-up message
    followup: Recorded | None = None

    @property
    def type(self) -> int:
        return self.callback.body["type"]

    @property
    def data(self) -> JSON:
        if self.followup is not None:
            return self.followup.body
        return self.callback.body.get("data") or {}

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & EPHEMERAL)

    @property
    def embeds(self) -> list[JSON]:
        return self.data.get("embeds") or []

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    def custom_ids(self) -> list[str]:
        return custom_ids(self.data.get("components") or [])


def custom_ids(components: list[JSON]) -> list[str]:
    """Every custom_id in a message's components, rows flattened, in order."""
    out = []
    for component in components:
        if "custom_id" in component:
            out.append(component["custom_id"])
        out.extend(custom_ids(component.get("components") or []))
    return out


RECORD = web.RequestKey("record", Recorded)


def _json(data: Any, status: int = 200) -> web.Response:
    """Exactly `application/json`: discord.py ignores bodies with "; charset=utf-8"."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        content_type="application/json")


def _error(status: int, code: int, text: str) -> web.Response:
    return _json({"message": text, "code": code}, status)


class FakeDiscord:
    def __init__(self, *, token: str = "fake-bot-token", guild: FakeGuild | None = None,
                 bot: FakeUser = BOT, heartbeat_interval_ms: int = 41_250) -> None:
        self.token = token
        self.bot = bot
        self.app_id = bot.id
        self.guild = guild or default_guild()
        self.heartbeat_interval_ms = heartbeat_interval_ms
        # False: callbacks are answered "204 No Content", as Discord does without
        # `with_response` (and as some proxies do): the bot is not told the message id.
        self.callback_bodies = True
        self.requests: list[Recorded] = []
        self.unknown: list[Recorded] = []
        self.errors: list[str] = []
        self.identify: JSON | None = None
        self.identify_count = 0
        self.gateway_down = False  # True: the gateway refuses connections (HTTP 503)
        self.gateway_refusals = 0
        self.gateway_queries: list[dict[str, str]] = []
        self.presence_updates: list[JSON] = []
        self.heartbeats = 0
        self.close_codes: list[int | None] = []
        self.commands: dict[int | None, list[JSON]] = {}
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[int, SentInteraction] = {}
        self._by_token: dict[str, SentInteraction] = {}
        self._dm_channels: dict[int, int] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._send_lock = asyncio.Lock()
        self._seq = 0
        self._ready = asyncio.Event()
        self._waiters: list[tuple[Callable[[Recorded], bool], asyncio.Future[Recorded]]] = []
        self._path_waiters: dict[str, list[asyncio.Future[Recorded]]] = {}
        self._first_by_path: dict[str, Recorded] = {}
        self._runner: web.AppRunner | None = None
        self.callback_faults: collections.deque[Fault] = collections.deque()
        self.port = 0
        self.gateway_port: int | None = None  # the gateway on its own port (serve_gateway_on)

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.gateway_port or self.port}/gateway"

    def fail_callbacks(self, *faults: Fault | int) -> None:
        """Answer the next interaction callbacks with these errors (a status, or a Fault)."""
        self.callback_faults.extend(f if isinstance(f, Fault) else Fault(f) for f in faults)

    async def serve_gateway_on(self, port: int) -> None:
        """Serve the gateway (and the API) on `port` too: a gateway that comes up late."""
        assert self._runner is not None, "start the fake first"
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        await web.SockSite(self._runner, sock).start()
        self.gateway_port = port

    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._middleware], client_max_size=16 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        routes = [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("PUT", "/applications/{app}/commands", self._sync_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._sync_commands),
            ("GET", "/applications/{app}/commands", self._get_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._get_commands),
            ("POST", "/interactions/{id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", self._get_webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", self._edit_webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", self._delete_message),
            ("POST", "/channels/{channel}/messages", self._create_message),
            ("GET", "/channels/{channel}/messages/{mid}", self._get_message),
            ("PATCH", "/channels/{channel}/messages/{mid}", self._edit_message),
            ("DELETE", "/channels/{channel}/messages/{mid}", self._delete_message),
            ("POST", "/channels/{channel}/typing", self._no_content),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API_PREFIX + path, handler)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- recording -----------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        record = Recorded(request.method, request.path.removeprefix(API_PREFIX),
                          dict(request.query), dict(request.headers), await self._body(request),
                          time.perf_counter(),
                          peer=request.transport.get_extra_info("peername")
                          if request.transport else None)
        request[RECORD] = record
        self.requests.append(record)
        try:
            response = await handler(request)
        except Exception:
            self.errors.append(f"{request.method} {request.path}\n{traceback.format_exc()}")
            log.exception("fake Discord handler failed")
            response = _error(400, 50035, "fake Discord: handler failed")
        record.status = response.status
        if isinstance(response, web.Response) and response.body:
            record.response = json.loads(response.body)
        if not record.fault:
            self._first_by_path.setdefault(record.path, record)
        self._notify(record)
        return response

    @staticmethod
    async def _body(request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if getattr(part, "name", None) == "payload_json":
                    return json.loads(await part.text())
            return None
        text = await request.text()
        return json.loads(text) if text else None

    def _notify(self, record: Recorded) -> None:
        if record.fault:  # only the generic waiters see injected errors
            self._notify_waiters(record)
            return
        for future in self._path_waiters.pop(record.path, ()):
            if not future.done():
                future.set_result(record)
        self._notify_waiters(record)

    def _notify_waiters(self, record: Recorded) -> None:
        for entry in list(self._waiters):
            predicate, future = entry
            if not future.done() and predicate(record):
                future.set_result(record)
                self._waiters.remove(entry)

    async def wait_for(self, predicate: Callable[[Recorded], bool], *, since: int = 0,
                       timeout: float = 5.0) -> Recorded:
        """The first request from index `since` on that satisfies `predicate` (waits for it)."""
        for record in self.requests[since:]:
            if record.status and predicate(record):
                return record
        future: asyncio.Future[Recorded] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    async def wait_for_path(self, path: str, *, timeout: float = 5.0) -> Recorded:
        """The first request to exactly `path`: indexed, so thousands of waiters stay cheap."""
        if path in self._first_by_path:
            return self._first_by_path[path]
        future: asyncio.Future[Recorded] = asyncio.get_running_loop().create_future()
        self._path_waiters.setdefault(path, []).append(future)
        return await asyncio.wait_for(future, timeout)

    def find(self, predicate: Callable[[Recorded], bool], since: int = 0) -> list[Recorded]:
        return [r for r in self.requests[since:] if predicate(r)]

    # --- REST handlers -------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    async def _me(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 0, "401: Unauthorized")
        return _json(self.bot.user() | {"verified": True, "mfa_enabled": False, "flags": 0})

    async def _application(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 0, "401: Unauthorized")
        owner = self.guild.members[0].user()
        return _json({"id": str(self.app_id), "name": self.bot.name, "icon": None,
                      "description": "", "bot_public": True, "bot_require_code_grant": False,
                      "owner": owner, "team": None, "verify_key": "0" * 64, "flags": 0,
                      "summary": "", "rpc_origins": [], "interactions_endpoint_url": None})

    async def _sync_commands(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 0, "401: Unauthorized")
        guild = request.match_info.get("guild")
        guild_id = int(guild) if guild else None
        synced = []
        for command in request[RECORD].body or []:
            echoed = {"type": 1, "options": [], "nsfw": False, "dm_permission": True,
                      "default_member_permissions": None, **command,
                      "id": str(snowflake()), "application_id": str(self.app_id),
                      "version": str(snowflake())}
            if guild_id is not None:
                echoed["guild_id"] = str(guild_id)
            synced.append(echoed)
        self.commands[guild_id] = synced
        return _json(synced)

    async def _get_commands(self, request: web.Request) -> web.Response:
        guild = request.match_info.get("guild")
        return _json(self.commands.get(int(guild) if guild else None, []))

    async def _callback(self, request: web.Request) -> web.Response:
        if self.callback_faults:
            request[RECORD].fault = True
            return self.callback_faults.popleft().response()
        sent = self.interactions.get(int(request.match_info["id"]))
        if sent is None or sent.token != request.match_info["token"]:
            return _error(404, 10062, "Unknown interaction")
        if sent.responded:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        sent.responded = True
        body = request[RECORD].body or {}
        kind, data = body.get("type"), body.get("data") or {}
        flags = data.get("flags", 0) or 0
        info: JSON = {"id": str(sent.id), "type": sent.payload["type"],
                      "activity_instance_id": None, "response_message_id": None,
                      "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                      "response_message_ephemeral": bool(flags & EPHEMERAL)}
        reply: JSON = {"interaction": info}
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            if kind == DEFERRED_CHANNEL_MESSAGE:
                data = {"flags": flags | LOADING}
            created = await self._bot_message(sent, data)
            sent.original_id = int(created["id"])
            info["response_message_id"] = created["id"]
            reply["resource"] = {"type": kind, "message": created}
        elif kind == UPDATE_MESSAGE:
            target = sent.payload.get("message")
            if target is None:
                return _error(400, 50035, "UPDATE_MESSAGE without a message")
            updated = self._update(int(target["id"]), data)
            info["response_message_id"] = updated["id"]
            reply["resource"] = {"type": kind, "message": updated}
        if not self.callback_bodies:
            return web.Response(status=204)
        return _json(reply)

    async def _followup(self, request: web.Request) -> web.Response:
        sent = self._by_token.get(request.match_info["token"])
        if sent is None:
            return _error(404, 10015, "Unknown Webhook")
        data = request[RECORD].body or {}
        original = self.messages.get(sent.original_id or 0)
        if original is not None and original.get("flags", 0) & LOADING:
            # The first follow-up after a "thinking" defer replaces the placeholder.
            flags = (original["flags"] & EPHEMERAL) | (data.get("flags", 0) or 0)
            return _json(self._update(int(original["id"]), {**data, "flags": flags}))
        return _json(await self._bot_message(sent, data))

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        found = self._webhook_message(request)
        return _json(found) if found else _error(404, 10008, "Unknown Message")

    async def _edit_webhook_message(self, request: web.Request) -> web.Response:
        found = self._webhook_message(request)
        if found is None:
            return _error(404, 10008, "Unknown Message")
        return _json(self._update(int(found["id"]), request[RECORD].body or {}))

    def _webhook_message(self, request: web.Request) -> JSON | None:
        sent = self._by_token.get(request.match_info["token"])
        if sent is None:
            return None
        mid = request.match_info["mid"]
        message_id = sent.original_id if mid == "@original" else int(mid)
        return self.messages.get(message_id or 0)

    async def _create_message(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 0, "401: Unauthorized")
        channel_id = int(request.match_info["channel"])
        data = request[RECORD].body or {}
        reference = None
        if data.get("message_reference"):
            reference = self.messages.get(int(data["message_reference"]["message_id"]))
        guild_id = self.guild.id if channel_id in self.guild.channel_ids else None
        created = message(
            channel_id=channel_id, author=self.bot.user(), content=data.get("content") or "",
            guild_id=guild_id, member=self.bot.member(with_user=False),
            embeds=data.get("embeds"), components=data.get("components"),
            flags=data.get("flags", 0) or 0, reference=reference)
        self.messages[int(created["id"])] = created
        await self.dispatch("MESSAGE_CREATE", created)  # Discord echoes the bot's own messages
        return _json(created)

    async def _get_message(self, request: web.Request) -> web.Response:
        found = self.messages.get(int(request.match_info["mid"]))
        return _json(found) if found else _error(404, 10008, "Unknown Message")

    async def _edit_message(self, request: web.Request) -> web.Response:
        mid = int(request.match_info["mid"])
        if mid not in self.messages:
            return _error(404, 10008, "Unknown Message")
        return _json(self._update(mid, request[RECORD].body or {}))

    async def _delete_message(self, request: web.Request) -> web.Response:
        mid = request.match_info["mid"]
        if mid == "@original":
            sent = self._by_token.get(request.match_info.get("token", ""))
            mid = str(sent.original_id) if sent else "0"
        if self.messages.pop(int(mid), None) is None:
            return _error(404, 10008, "Unknown Message")
        return web.Response(status=204)

    async def _no_content(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unknown.append(request[RECORD])
        return _error(404, 0, f"404: Not Found ({request.method} {request.path})")

    async def _bot_message(self, sent: SentInteraction, data: JSON) -> JSON:
        payload = sent.payload
        channel_id = int(payload["channel_id"])
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        metadata = {"id": str(sent.id), "type": payload["type"], "user": sent.user.user(),
                    "authorizing_integration_owners": payload.get(
                        "authorizing_integration_owners", {})}
        if payload.get("message"):
            metadata["interacted_message_id"] = payload["message"]["id"]
        created = message(
            channel_id=channel_id, author=self.bot.user(), content=data.get("content") or "",
            guild_id=guild_id, member=self.bot.member(with_user=False),
            embeds=data.get("embeds"), components=data.get("components"),
            flags=data.get("flags", 0) or 0, webhook_id=self.app_id, application_id=self.app_id,
            interaction_metadata=metadata,
            type_=20 if payload["type"] == APPLICATION_COMMAND else 0)
        self.messages[int(created["id"])] = created
        if not created["flags"] & (EPHEMERAL | LOADING):
            await self.dispatch("MESSAGE_CREATE", created)
        return created

    def _update(self, message_id: int, data: JSON) -> JSON:
        current = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags"):
            if key in data and data[key] is not None:
                current[key] = data[key]
        current["edited_timestamp"] = current["timestamp"]
        return current

    # --- gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            self.gateway_refusals += 1
            return web.Response(status=503, text="gateway down")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self.gateway_queries.append(dict(request.query))
        self._sockets.append(ws)
        try:
            await self._send(ws, {"op": 10, "d": {"heartbeat_interval":
                                                  self.heartbeat_interval_ms}})
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    await self._on_gateway(ws, json.loads(frame.data))
                elif frame.type == WSMsgType.ERROR:
                    break
        finally:
            self._sockets.remove(ws)
            self.close_codes.append(ws.close_code)
        return ws

    async def _on_gateway(self, ws: web.WebSocketResponse, payload: JSON) -> None:
        op = payload.get("op")
        if op == 1:  # heartbeat
            self.heartbeats += 1
            await self._send(ws, {"op": 11})
        elif op == 2:  # identify
            self.identify = payload["d"]
            self.identify_count += 1
            ready = {"v": 10, "user": self.bot.user(), "guilds": [{"id": str(self.guild.id),
                                                                   "unavailable": True}],
                     "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                     "application": {"id": str(self.app_id), "flags": 0},
                     "private_channels": [], "relationships": [], "shard": payload["d"].get(
                         "shard", [0, 1])}
            await self.dispatch("READY", ready)
            await self.dispatch("GUILD_CREATE", self.guild.create_event())
            self._ready.set()
        elif op == 3:  # presence update
            self.presence_updates.append(payload["d"])
        elif op == 6:  # resume: this fake keeps no sessions
            await self._send(ws, {"op": 9, "d": False})

    async def _send(self, ws: web.WebSocketResponse, payload: JSON) -> None:
        payload = {"s": None, "t": None, **payload}
        async with self._send_lock:
            if not ws.closed:
                await ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a gateway event (op 0) to the connected bot."""
        if not self._sockets:
            raise RuntimeError(f"no bot connected to receive {event}")
        self._seq += 1
        await self._send(self._sockets[-1], {"op": 0, "t": event, "s": self._seq, "d": data})

    async def drop_gateway(self, code: int) -> None:
        """Close the bot's gateway connection from Discord's side with this close code."""
        await self._sockets[-1].close(code=code)

    async def wait_ready(self, timeout: float = 10.0) -> None:
        """Until a bot identified and received READY and GUILD_CREATE."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    # --- driving the bot like Discord users would ----------------------------------------

    def dm_channel_id(self, user: FakeUser) -> int:
        return self._dm_channels.setdefault(user.id, snowflake())

    async def interact(self, type_: int, data: JSON, *, user: FakeUser,
                       channel_id: int = CHANNEL_ID, dm: bool = False, locale: str = "en-US",
                       message_payload: JSON | None = None) -> SentInteraction:
        iid = snowflake()
        token = f"fake-interaction-token-{iid}"
        payload: JSON = {"id": str(iid), "application_id": str(self.app_id), "type": type_,
                         "data": data, "token": token, "version": 1, "locale": locale,
                         "attachment_size_limit": 10_485_760, "entitlements": [],
                         "app_permissions": str(self.bot.permissions)}
        if dm:
            dm_channel = self.dm_channel_id(user)
            payload |= {"channel_id": str(dm_channel), "user": user.user(), "context": 1,
                        "authorizing_integration_owners": {"0": str(self.guild.id)},
                        "channel": {"id": str(dm_channel), "type": 1, "flags": 0,
                                    "recipients": [user.user()], "last_message_id": None}}
        else:
            payload |= {"guild_id": str(self.guild.id), "guild_locale": self.guild.locale,
                        "guild": {"id": str(self.guild.id), "locale": self.guild.locale,
                                  "features": []},
                        "channel_id": str(channel_id), "channel": self.guild.channel(channel_id),
                        "member": user.member(permissions=True), "context": 0,
                        "authorizing_integration_owners": {"0": str(self.guild.id)}}
        if message_payload is not None:
            payload["message"] = message_payload
        sent = SentInteraction(iid, token, payload, user, time.perf_counter())
        self.interactions[iid] = sent
        self._by_token[token] = sent
        await self.dispatch("INTERACTION_CREATE", payload)
        return sent

    def _command_data(self, name: str, options: list[JSON], dm: bool) -> JSON:
        scope = None if dm else self.guild.id
        known = self.commands.get(scope) or self.commands.get(None) or []
        command = next((c for c in known if c["name"] == name), None)
        data: JSON = {"id": command["id"] if command else str(snowflake()), "name": name,
                      "type": 1, "options": options}
        if command and "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    @staticmethod
    def _options(values: dict[str, Any], focused: str | None = None) -> list[JSON]:
        kinds = {bool: 5, int: 4, float: 10, str: 3}
        return [{"name": k, "type": kinds[type(v)], "value": v} | (
            {"focused": True} if k == focused else {}) for k, v in values.items()]

    async def reply_to(self, sent: SentInteraction, *, timeout: float = 5.0,
                       follow: bool = True) -> Reply:
        """The callback of an interaction; after a defer, also the follow-up it announced."""
        path = f"/interactions/{sent.id}/{sent.token}/callback"
        callback = await self.wait_for_path(path, timeout=timeout)
        created = (callback.response or {}).get("resource", {}).get("message")
        if created is None:  # answered without a body: the message as the fake keeps it
            if callback.body.get("type") == UPDATE_MESSAGE and sent.payload.get("message"):
                created = self.messages.get(int(sent.payload["message"]["id"]))
            elif sent.original_id is not None:
                created = self.messages.get(sent.original_id)
        if follow and callback.body.get("type") == DEFERRED_CHANNEL_MESSAGE:
            prefix = f"/webhooks/{self.app_id}/{sent.token}"
            followup = await self.wait_for(lambda r: r.path == prefix and r.method == "POST",
                                           timeout=timeout)
            return Reply(sent, callback, followup.response, followup)
        return Reply(sent, callback, created)

    async def start_slash(self, name: str, *, user: FakeUser = ALICE,
                          subcommand: str | None = None, dm: bool = False, locale: str = "en-US",
                          channel_id: int = CHANNEL_ID, **options: Any) -> SentInteraction:
        """Dispatch a slash command as `user`, without waiting for the reply."""
        opts = self._options(options)
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        return await self.interact(APPLICATION_COMMAND, self._command_data(name, opts, dm),
                                   user=user, dm=dm, locale=locale, channel_id=channel_id)

    async def slash(self, name: str, *, user: FakeUser = ALICE, subcommand: str | None = None,
                    dm: bool = False, locale: str = "en-US", channel_id: int = CHANNEL_ID,
                    timeout: float = 5.0, **options: Any) -> Reply:
        """Run a slash command as `user` and return the bot's reply."""
        sent = await self.start_slash(name, user=user, subcommand=subcommand, dm=dm,
                                      locale=locale, channel_id=channel_id, **options)
        return await self.reply_to(sent, timeout=timeout)

    def callbacks_of(self, sent: SentInteraction) -> list[Recorded]:
        """Every callback request the bot made for an interaction, injected errors included."""
        path = f"/interactions/{sent.id}/{sent.token}/callback"
        return [r for r in self.requests if r.path == path]

    async def autocomplete(self, name: str, focused: str, *, user: FakeUser = ALICE,
                           locale: str = "en-US", **options: Any) -> list[JSON]:
        """The choices the bot offers for the `focused` option, given what is typed so far."""
        data = self._command_data(name, self._options(options, focused), False)
        sent = await self.interact(AUTOCOMPLETE, data, user=user, locale=locale)
        reply = await self.reply_to(sent)
        assert reply.type == AUTOCOMPLETE_RESULT, reply.callback.body
        return reply.callback.body["data"]["choices"]

    async def click(self, on: JSON, custom_id: str, *, user: FakeUser = ALICE,
                    values: list[str] | None = None, locale: str = "en-US",
                    timeout: float = 5.0) -> Reply:
        """Click a button (or choose `values` in a menu) of a message the bot sent."""
        stored = self.messages.get(int(on["id"]), on)
        kind = 2
        for component in _walk(stored.get("components") or []):
            if component.get("custom_id") == custom_id:
                kind = component["type"]
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if values is not None:
            data["values"] = values
        dm = "guild_id" not in stored
        sent = await self.interact(MESSAGE_COMPONENT, data, user=user, locale=locale, dm=dm,
                                   channel_id=int(stored["channel_id"]), message_payload=stored)
        return await self.reply_to(sent, timeout=timeout)

    async def say(self, content: str, *, author: FakeUser = ALICE, channel_id: int = CHANNEL_ID,
                  dm: bool = False, mentions: tuple[FakeUser, ...] = (),
                  reply_to: JSON | None = None, mention_everyone: bool = False,
                  role_mentions: tuple[int, ...] = (), copy_reference: bool = True) -> JSON:
        """A user posts a message (MESSAGE_CREATE); returns it."""
        if dm:
            channel_id = self.dm_channel_id(author)
        guild_id = None if dm else self.guild.id
        mentioned = [u.user() | {"member": u.member(with_user=False)} for u in mentions]
        posted = message(channel_id=channel_id, author=author.user(), content=content,
                         guild_id=guild_id, member=author.member(with_user=False),
                         mentions=mentioned, mention_everyone=mention_everyone,
                         mention_roles=list(role_mentions), reference=reply_to,
                         copy_reference=copy_reference)
        self.messages[int(posted["id"])] = posted
        await self.dispatch("MESSAGE_CREATE", posted)
        return posted

    async def bot_reply_to(self, posted: JSON, *, timeout: float = 5.0) -> Recorded:
        """The bot's message replying to `posted`."""
        path = f"/channels/{posted['channel_id']}/messages"
        return await self.wait_for(
            lambda r: r.path == path and r.method == "POST"
            and str(((r.body or {}).get("message_reference") or {}).get("message_id"))
            == posted["id"],
            timeout=timeout)


def _walk(components: list[JSON]) -> list[JSON]:
    out = []
    for component in components:
        out.append(component)
        out.extend(_walk(component.get("components") or []))
    return out


__all__ = ["ADMIN", "ADMIN_ROLE", "ALICE", "BOB", "BOT", "BOT_ROLE", "CHANNEL_ID", "GUILD_ID",
           "MODERATOR", "OTHER_BOT", "OTHER_CHANNEL_ID", "FakeDiscord", "FakeUser", "Fault",
           "Recorded", "Reply", "SentInteraction", "custom_ids"]
