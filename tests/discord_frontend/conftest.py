"""Fixtures for the Discord front-end tests: a fake Discord on loopback and the real bot on it.

Every test here fails if anything tries to reach an address other than loopback: the bot must
never talk to the real Discord from a test.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.discord_frontend.harness import TOKEN, Harness, make_config, start_bot
from tests.fakediscord import FakeDiscord


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "localhost.", None, ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse (and record) any connection or name lookup that is not loopback."""
    violations: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            violations.append(f"connect to {address!r}")
            raise ConnectionRefusedError(f"test refused a non-loopback connection to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host.decode() if isinstance(host, bytes) else host):
            violations.append(f"name lookup of {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"test refused to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield violations
    assert not violations, f"the test tried to leave loopback: {violations}"


@pytest.fixture(autouse=True)
def restore_endpoints() -> Iterator[None]:
    """The bot points discord.py's class-level endpoints at the fake; put them back after."""
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    yield server
    await server.stop()
    assert not server.errors, f"fake Discord handlers failed: {server.errors}"
    assert not server.unknown, [f"{r.method} {r.path}" for r in server.unknown]


@pytest.fixture
async def running(fake: FakeDiscord, shipped_copy: Path, tmp_path: Path
                  ) -> AsyncIterator[Harness]:
    """The real bot on a copy of the shipped knowledge, connected to the fake Discord."""
    harness = await start_bot(fake, make_config(fake, shipped_copy, tmp_path))
    yield harness
    await harness.stop()
