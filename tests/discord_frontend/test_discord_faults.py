"""Discord failing on purpose: interaction callbacks answered 5xx or 429 (issue 13, item 3),
and a gateway connection dropped by Discord.

Discord forgets an interaction whose callback has not arrived 3 seconds after its creation.
These tests make the fake Discord fail callbacks and check that the bot still acknowledges
within that time when it can, and otherwise gives up at once, with one log line, leaving
nothing queued or sleeping behind the failed reply.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.frontends.discord.client import WATCHDOG_SECONDS
from tests.discord_frontend.harness import TROOPS_FR, Harness
from tests.fakediscord import Fault, SentInteraction

DEADLINE = 3.0  # Discord's life of an unacknowledged interaction


async def sleep_until(sent: SentInteraction, seconds: float) -> None:
    """Until `seconds` after the fake dispatched `sent`."""
    await asyncio.sleep(max(0.0, seconds - (time.perf_counter() - sent.dispatched_at)))


def bot_tasks_running(before: set[asyncio.Task[object]]) -> list[str]:
    """Tasks of the bot or of discord.py started since `before` and not finished (the fake's
    own server tasks are left out)."""
    running = []
    for task in asyncio.all_tasks() - before:
        code = getattr(task.get_coro(), "cr_code", None)
        filename = code.co_filename if code is not None else ""
        if not task.done() and ("/discord/" in filename or "/bot/" in filename):
            running.append(f"{task.get_name()}: {code.co_name if code else '?'}")
    return running


def lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    """Log lines at `level` or above, but for the slow-answer warning, which a machine busy
    with other work can cause and which says nothing about Discord's faults."""
    return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records
            if r.levelno >= level and not r.getMessage().startswith("answering took")]


async def test_two_500s_on_the_callback_still_answer_within_the_deadline(
        running: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """discord.py alone retries after 1 s then 3 s: the answer would arrive at 4 s, dead."""
    fake = running.fake
    fake.fail_callbacks(500, 500)
    sent = await fake.start_slash("ask", question=TROOPS_FR, locale="fr")
    reply = await fake.reply_to(sent, timeout=8)
    acknowledged = reply.callback.at - sent.dispatched_at
    assert [r.status for r in fake.callbacks_of(sent)] == [500, 500, 200]
    assert acknowledged < DEADLINE, f"acknowledged {acknowledged:.2f} s after dispatch"
    assert reply.type == 4 and "2.500" in reply.embeds[0]["description"]  # the answer itself
    await sleep_until(sent, WATCHDOG_SECONDS + 0.3)
    assert len(fake.callbacks_of(sent)) == 3  # the watchdog had nothing to add
    assert not lines(caplog, logging.WARNING)


async def test_a_429_past_the_deadline_is_honoured_logged_once_and_queues_nothing(
        running: Harness, caplog: pytest.LogCaptureFixture) -> None:
    fake = running.fake
    await running.ask(TROOPS_FR)  # a first answer, so that only the faulty one is watched
    fake.fail_callbacks(Fault(429, retry_after=5))
    caplog.set_level(logging.INFO)
    caplog.clear()
    before = asyncio.all_tasks()
    sent = await fake.start_slash("ask", question=TROOPS_FR, locale="fr")
    await sleep_until(sent, DEADLINE + 0.3)  # past the watchdog and the interaction's life
    assert not bot_tasks_running(before), "something still waits to reply to a dead interaction"
    await sleep_until(sent, 5 + 0.3)  # and past retry_after: nothing was queued for then
    assert [r.status for r in fake.callbacks_of(sent)] == [429]
    logged = lines(caplog, logging.INFO)
    assert len(logged) == 1, logged
    assert "429" in logged[0] and str(sent.id) in logged[0]
    assert (await running.ask(TROOPS_FR)).embeds  # the next question is answered as usual


async def test_5xx_past_the_deadline_stops_retrying_in_time(
        running: Harness, caplog: pytest.LogCaptureFixture) -> None:
    fake = running.fake
    await running.ask(TROOPS_FR)
    fake.fail_callbacks(*[500] * 30)
    caplog.set_level(logging.INFO)
    caplog.clear()
    before = asyncio.all_tasks()
    sent = await fake.start_slash("ask", question=TROOPS_FR, locale="fr")
    await sleep_until(sent, DEADLINE + 0.5)
    attempts = fake.callbacks_of(sent)
    fake.callback_faults.clear()
    assert 1 <= len(attempts) <= 8 and {r.status for r in attempts} == {500}
    if attempts[0].at - sent.dispatched_at < 1.0:  # five attempts on an idle machine
        assert len(attempts) >= 3, [round(r.at - sent.dispatched_at, 2) for r in attempts]
    # Retried, but never after the interaction's death.
    assert all(r.at - sent.dispatched_at < DEADLINE for r in attempts[1:])
    assert not bot_tasks_running(before)
    logged = lines(caplog, logging.WARNING)
    assert len(logged) == 1 and f"reply to interaction {sent.id} dropped" in logged[0], logged


async def test_a_global_429_within_the_deadline_holds_every_callback_until_it_ends(
        running: Harness) -> None:
    fake = running.fake
    await running.ask(TROOPS_FR)
    fake.fail_callbacks(Fault(429, retry_after=0.5, is_global=True))
    first = await fake.start_slash("ask", question=TROOPS_FR, locale="fr")
    limited = await fake.wait_for(lambda r: r.status == 429)
    second = await fake.start_slash("ask", question=TROOPS_FR, locale="fr")
    replies = [await fake.reply_to(sent, timeout=5) for sent in (first, second)]
    for reply in replies:
        assert "2.500" in reply.embeds[0]["description"]
        assert reply.callback.at >= limited.at + 0.5 - 0.02  # honoured, for both
        assert reply.callback.at - reply.interaction.dispatched_at < DEADLINE
    assert [r.status for r in fake.callbacks_of(first)] == [429, 200]
    assert [r.status for r in fake.callbacks_of(second)] == [200]


async def test_autocomplete_survives_two_500s(running: Harness) -> None:
    """discord.py posts autocomplete choices itself: they get the same retries."""
    fake = running.fake
    fake.fail_callbacks(500, 500)
    start = time.perf_counter()
    choices = await fake.autocomplete("ask", "question", question="combien de sold",
                                      locale="fr")
    assert choices and choices[0]["name"] == TROOPS_FR
    assert time.perf_counter() - start < DEADLINE




async def test_a_gateway_down_after_a_drop_is_retried_one_line_per_attempt(
        running: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """discord.py logged each failed reconnection with a traceback."""
    fake = running.fake
    identified = fake.identify_count
    caplog.set_level(logging.INFO)
    caplog.clear()
    fake.gateway_down = True
    await fake.drop_gateway(4000)  # a close discord.py resumes after
    async with asyncio.timeout(10):
        while not fake.gateway_refusals:
            await asyncio.sleep(0.01)
    fake.gateway_down = False
    async with asyncio.timeout(10):
        while fake.identify_count == identified or not running.bot.is_ready():
            await asyncio.sleep(0.02)
    assert "2.500" in (await running.ask(TROOPS_FR, locale="fr")).embeds[0]["description"]
    warnings = lines(caplog, logging.WARNING)
    assert len(warnings) == fake.gateway_refusals, warnings  # one line per failed attempt
    assert all("lost the Discord gateway connection" in w and "reconnecting in" in w
               for w in warnings), warnings
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.INFO)
