"""The test harness itself: the loopback guard bites, and the fake answers like Discord."""

from __future__ import annotations

import socket

import aiohttp
import pytest

from tests.fakediscord import FakeDiscord


async def test_leaving_loopback_is_refused(loopback_only: list[str]) -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 443))
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientError):
            await session.get("https://discord.com/api/v10/gateway")
    assert loopback_only == ["connect to ('192.0.2.1', 443)", "name lookup of 'discord.com'"]
    loopback_only.clear()  # expected here; any other test with a violation fails


async def test_fake_answers_exact_json_and_records(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_base}/users/@me",
                               headers={"Authorization": f"Bot {fake.token}"}) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["id"] == str(fake.bot.id)
        async with session.get(f"{fake.api_base}/users/@me") as response:
            assert response.status == 401
        async with session.get(f"{fake.api_base}/no/such/route") as response:
            assert response.status == 404 and response.headers["Content-Type"] == "application/json"
    assert [(r.method, r.path, r.status) for r in fake.requests] == [
        ("GET", "/users/@me", 200), ("GET", "/users/@me", 401), ("GET", "/no/such/route", 404)]
    assert [r.path for r in fake.unknown] == ["/no/such/route"]
    fake.unknown.clear()  # expected here; any other test calling an unknown route fails
