"""`/kb status` and `/kb reload` (admins only), and knowledge edits picked up while running."""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.config import ReloadSettings
from bot.frontends.discord import replies
from tests.conftest import SLUG
from tests.discord_frontend.harness import TROOPS_FR, Harness, fact, make_config, start_bot
from tests.fakediscord import ADMIN, ALICE, MODERATOR, FakeDiscord

ENTRY = f"{SLUG}/troops-count"


def entries_file(harness: Harness) -> Path:
    return harness.config.knowledge_dir / SLUG / "entries.yaml"


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def eventually(condition, timeout: float = 2.0) -> float:
    """Seconds until `condition()` holds; fails after `timeout`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.05)
    return time.monotonic() - start


@pytest.mark.parametrize("subcommand", ["status", "reload"])
async def test_admin_commands_refused_to_a_normal_user(running: Harness, subcommand: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(running.service, "reload", lambda **kw: calls.append(kw))
    reply = await running.fake.slash("kb", subcommand=subcommand, user=ALICE, locale="fr")
    assert reply.type == 4 and reply.ephemeral and not reply.embeds
    assert reply.content.startswith("🔒")
    assert calls == []  # the check ran in the bot, before anything happened


async def test_admin_commands_refused_in_dms(running: Harness) -> None:
    reply = await running.fake.slash("kb", subcommand="status", user=ADMIN, dm=True)
    assert reply.ephemeral and "server" in reply.content


@pytest.mark.parametrize("user", [ADMIN, MODERATOR], ids=["administrator", "admin-role"])
async def test_kb_status_for_admins(running: Harness, user) -> None:
    reply = await running.fake.slash("kb", subcommand="status", user=user, locale="en-US")
    assert reply.ephemeral
    (embed,) = reply.embeds
    shown = fields(embed)
    kb = running.service.kb
    assert shown["Version"] == f"`{kb.version}`"
    assert shown["Articles"] == str(len(kb.articles))
    assert shown["Entries"].startswith(f"{sum(not e.draft for e in kb.entries)} ready")
    assert shown["Problems"] == "none"
    assert shown["Automatic reload"].startswith("on")


async def test_kb_reload(running: Harness) -> None:
    reply = await running.fake.slash("kb", subcommand="reload", user=ADMIN, locale="en-US")
    assert reply.ephemeral and reply.content.startswith("✅ Reloaded")
    assert running.service.kb.version in reply.content


async def test_knowledge_edit_is_picked_up(fake: FakeDiscord, shipped_copy: Path,
                                           tmp_path: Path) -> None:
    """With the default reload settings (checks every 0.5 s), within 2 seconds.

    A reload ends with one full garbage collection (see `collector_paused`), which in a bot
    walks its one snapshot; in this test process it would also walk every object the tests
    before it left (0.3 s and more late in a full run). They are frozen first, so that the
    reload is timed as the bot's own process would do it."""
    config = make_config(fake, shipped_copy, tmp_path)
    config = replace(config, reload=ReloadSettings())
    gc.collect()
    gc.freeze()
    running = await start_bot(fake, config)
    try:
        await _edit_and_ask(running)
    finally:
        await running.stop()
        gc.unfreeze()


async def _edit_and_ask(running: Harness) -> None:
    path = entries_file(running)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["id"] == "troops-count")
    entry["answer"]["fr"] = "Réponse modifiée par un rédacteur pendant que le bot tourne."
    old_version = running.service.kb.version
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    waited = await eventually(lambda: running.service.kb.version != old_version, timeout=2.0)
    assert running.config.reload.interval == 0.5 and waited < 2.0
    reply = await running.ask(TROOPS_FR)
    (embed,) = reply.embeds
    assert fact(embed) == "Réponse modifiée par un rédacteur pendant que le bot tourne."
    why = await running.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    assert running.service.kb.version in why.embeds[0]["footer"]["text"]


async def test_invalid_edit_is_refused_and_shown(running: Harness) -> None:
    path = entries_file(running)
    good = running.service.answer_entry(ENTRY, "fr")
    assert good is not None
    text = path.read_text(encoding="utf-8")
    broken_line = len(text.splitlines()) + 2
    path.write_text(text + "\n  - id: broken\n    questions: [unclosed\n", encoding="utf-8")
    await eventually(lambda: bool(running.service.status.problems))

    reply = await running.ask(TROOPS_FR)  # the last good knowledge keeps answering
    assert fact(reply.embeds[0]) == good.text
    why = await running.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    assert good.kb_version in why.embeds[0]["footer"]["text"]

    status = await running.fake.slash("kb", subcommand="status", user=ADMIN, locale="en-US")
    description = status.embeds[0]["description"]
    assert "refused" in description and good.kb_version in description
    assert f"{SLUG}/entries.yaml:" in description
    problem = running.service.status.problems[0]
    assert problem.line is not None and abs(problem.line - broken_line) <= 2

    path.write_text(text, encoding="utf-8")  # fixed: served again, status healthy
    await eventually(lambda: not running.service.status.problems)
    healthy = await running.fake.slash("kb", subcommand="status", user=ADMIN, locale="en-US")
    assert fields(healthy.embeds[0])["Problems"] == "none"


async def test_an_edit_that_empties_an_article_is_refused(running: Harness) -> None:
    path = entries_file(running)
    good = running.service.answer_entry(ENTRY, "fr")
    assert good is not None
    text = path.read_text(encoding="utf-8")
    path.write_text("", encoding="utf-8")  # a truncated save
    await eventually(lambda: bool(running.service.status.problems))

    reply = await running.ask(TROOPS_FR)  # the last good knowledge keeps answering
    assert fact(reply.embeds[0]) == good.text
    status = await running.fake.slash("kb", subcommand="status", user=ADMIN, locale="en-US")
    description = status.embeds[0]["description"]
    assert "refused" in description and f"{SLUG}/entries.yaml: error:" in description
    assert "no entries" in description

    path.write_text(text, encoding="utf-8")
    await eventually(lambda: not running.service.status.problems)


@pytest.mark.parametrize("bodies", [True, False], ids=["callback-body", "no-content"])
async def test_slow_reload_is_deferred_then_followed_up(running: Harness, bodies: bool,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    running.fake.callback_bodies = bodies  # Discord answers with the message; a proxy may not
    monkeypatch.setattr(replies, "DEFER_AFTER", 0.05)
    real_reload = running.service.reload

    def slow_reload(**kwargs: object) -> bool | None:
        time.sleep(0.3)  # in a worker thread: the bot keeps serving meanwhile
        return real_reload(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(running.service, "reload", slow_reload)
    reply = await running.fake.slash("kb", subcommand="reload", user=ADMIN, locale="en-US")
    assert reply.type == 5  # deferred ("thinking") within Discord's deadline...
    assert reply.callback.body["data"]["flags"] & 64  # ... privately
    assert reply.followup is not None  # ... then answered through the webhook
    assert reply.content.startswith("✅ Reloaded") and reply.embeds
    assert reply.followup.body["allowed_mentions"] == {"parse": []}
