"""The real bot on the fake Discord, and what the Discord tests share (not fixtures: those are
in conftest.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.config import Config, Cooldown, DiscordSettings, QuestionLogSettings, ReloadSettings
from bot.frontends.discord.app import use_endpoints
from bot.frontends.discord.client import ArticleBot
from bot.frontends.discord.embeds import COLOURS
from bot.matching.matcher import Status
from bot.qlog import QuestionLog
from bot.service import AnswerService
from tests.fakediscord import ADMIN_ROLE, GUILD_ID, FakeDiscord, Reply

TOKEN = "MTk4NjIyNDgzNDcxOTI1MjQ4.Gfake.test-token-never-logged-7f3a9c"
TROOPS_FR = "Combien de soldats américains sont en Irak ?"
TROOPS_EN = "How many US troops are in Iraq?"
ANSWERED = COLOURS[Status.ANSWERED].value


def plain(text: str) -> str:
    """Text with its no-break spaces (French typography) as ordinary ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fact(embed: dict[str, Any]) -> str:
    """The first line of an embed's description: the answer, or why there is none."""
    return plain((embed.get("description") or "").split("\n")[0])


def shown(embed: dict[str, Any]) -> str:
    """The question an answer embed shows as its title."""
    return plain(embed.get("title") or "")


def answered(embed: dict[str, Any]) -> bool:
    """An answer (green), not a decline or a "did you mean"."""
    return embed.get("color") == ANSWERED


def menu(data: dict[str, Any], prefix: str = "ab:sel:") -> dict[str, Any]:
    """The select menu of a message whose custom_id starts with `prefix`."""
    return next(c for row in data.get("components") or [] for c in row["components"]
                if c.get("custom_id", "").startswith(prefix))


def make_config(fake: FakeDiscord, knowledge: Path, tmp_path: Path, **discord: Any) -> Config:
    settings = DiscordSettings(
        api_base=fake.api_base, gateway_url=fake.gateway_url, dev_guild_ids=(GUILD_ID,),
        admin_role_ids=(ADMIN_ROLE,), guild_ready_timeout=0.05,
        cooldown=Cooldown(rate=1000, per=1.0))
    return Config(knowledge_dir=knowledge, default_language="fr",
                  question_log=QuestionLogSettings(path=tmp_path / "var" / "questions.jsonl"),
                  reload=ReloadSettings(enabled=True, interval=0.1),
                  discord=replace(settings, **discord))


@dataclass
class Harness:
    """The bot running against the fake, and shortcuts tests use."""

    bot: ArticleBot
    fake: FakeDiscord
    service: AnswerService
    config: Config
    task: asyncio.Task[None]

    @property
    def question_log(self) -> Path:
        path = self.config.question_log.path
        assert path is not None
        return path

    async def ask(self, question: str, **options: Any) -> Reply:
        return await self.fake.slash("ask", question=question, **options)

    async def stop(self) -> None:
        if not self.bot.is_closed():
            await self.bot.close()
        await asyncio.wait_for(self.task, 5)


async def start_bot(fake: FakeDiscord, config: Config, *, sync_global: bool = False) -> Harness:
    qlog = QuestionLog(config.question_log.path, salt="test-salt")  # type: ignore[arg-type]
    service = AnswerService(config, question_log=qlog)
    use_endpoints(config.discord)
    bot = ArticleBot(config, service, sync_global=sync_global)
    task = asyncio.create_task(bot.start(TOKEN))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()  # raises why the bot stopped
    assert ready in done, "the bot did not become ready"
    return Harness(bot, fake, service, config, task)


def first_with_status(harness: Harness, status: Status, candidates: list[str]) -> str:
    """A question the current matcher gives `status` (the matcher is tuned independently)."""
    for question in candidates:
        if harness.service.snapshot.matcher.match(question).status is status:
            return question
    raise AssertionError(f"none of {candidates} is {status} any more: update the test")
