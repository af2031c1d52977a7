"""Benchmark the Discord front-end: many concurrent /ask through the fake Discord.

Starts the fake Discord (tests/fakediscord) and the real bot in this process, dispatches N
`/ask` interactions at once (distinct users, questions as people type them, none asked twice),
and prints how many were answered, the latency from dispatch (the fake sending
INTERACTION_CREATE) to the bot's callback, and the CPU time of the bot and of the fake.
Target: all answered, p99 <= 100 ms. `--fixed-answer` measures the floor: the same burst with
the answering skipped. A script that prints figures, not a test:

    .venv/bin/python scripts/bench_discord.py [--count 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import gc
import logging
import multiprocessing
import pstats
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.config import (  # noqa: E402
    Config,
    Cooldown,
    DiscordSettings,
    QuestionLogSettings,
    ReloadSettings,
)
from bot.frontends.discord.app import freeze_startup_objects, use_endpoints  # noqa: E402
from bot.frontends.discord.client import ArticleBot  # noqa: E402
from bot.qlog import QuestionLog  # noqa: E402
from bot.service import AnswerService  # noqa: E402
from tests.fakediscord import GUILD_ID, FakeDiscord, FakeUser  # noqa: E402
from tests.fakediscord.server import APPLICATION_COMMAND, SentInteraction  # noqa: E402

TOKEN = "bench-token"
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def question_pool() -> list[str]:
    """Questions as people type them (the evaluation sets: typos, English, off-topic,
    not in the article), each used once, so the answer cache never helps a round."""
    pool = dict.fromkeys(item["q"] for path in sorted((ROOT / "tests" / "eval").glob("*.yaml"))
                         for item in yaml.safe_load(path.read_text("utf-8"))["questions"])
    return list(pool)


async def run_round(fake: FakeDiscord, asked: list[str], user_ids: list[int], spread: float = 0.0
                    ) -> tuple[list[float], int]:
    """Dispatch one /ask per question, all at once or evenly over `spread` seconds;
    returns (latencies in ms, how many were answered)."""
    async def one(n: int, question: str, user_id: int) -> SentInteraction:
        if spread:
            await asyncio.sleep(n * spread / len(asked))
        data = fake._command_data("ask", fake._options({"question": question}), False)
        return await fake.interact(APPLICATION_COMMAND, data, user=FakeUser(user_id, "user"),
                                   locale="fr")

    sent = await asyncio.gather(*(one(n, q, u) for n, (q, u) in enumerate(
        zip(asked, user_ids, strict=True))))
    replies = await asyncio.gather(*(fake.reply_to(s, timeout=30) for s in sent))
    latencies = [(r.callback.at - r.interaction.dispatched_at) * 1000 for r in replies]
    answered = sum(1 for r in replies if r.type == 4 and (r.embeds or r.content)
                   and "Sorry" not in r.content and "Désolé" not in r.content)
    return latencies, answered


class LocalFake:
    """The fake Discord in this process (as asked): it competes with the bot for the CPU."""

    def __init__(self) -> None:
        self.fake = FakeDiscord(token=TOKEN)

    async def start(self) -> tuple[str, str]:
        await self.fake.start()
        return self.fake.api_base, self.fake.gateway_url

    async def round(self, asked: list[str], user_ids: list[int], spread: float
                    ) -> tuple[list[float], int]:
        return await run_round(self.fake, asked, user_ids, spread)

    async def stop(self) -> None:
        await self.fake.stop()


class ChildFake:
    """The fake Discord in a child process, so the bot has its CPU to itself, as in production."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_child, args=(child,), daemon=True)

    async def _call(self, *message: object) -> object:
        self.conn.send(message)
        return await asyncio.get_running_loop().run_in_executor(None, self.conn.recv)

    async def start(self) -> tuple[str, str]:
        self.process.start()
        return await asyncio.get_running_loop().run_in_executor(None, self.conn.recv)

    async def round(self, asked: list[str], user_ids: list[int], spread: float
                    ) -> tuple[list[float], int]:
        latencies, answered, self.cpu = await self._call(  # type: ignore[misc]
            "round", asked, user_ids, spread)
        return latencies, answered

    async def stop(self) -> None:
        await self._call("stop")
        self.process.join(10)


def _child(conn: Connection) -> None:
    async def serve() -> None:
        fake = await FakeDiscord(token=TOKEN).start()
        conn.send((fake.api_base, fake.gateway_url))
        loop = asyncio.get_running_loop()
        while True:
            command, *args = await loop.run_in_executor(None, conn.recv)
            if command == "stop":
                await fake.stop()
                conn.send("stopped")
                return
            gc.freeze()  # what earlier rounds recorded is never garbage: not rescanned mid-round
            cpu = time.process_time()
            latencies, answered = await run_round(fake, *args)
            conn.send((latencies, answered, time.process_time() - cpu))

    asyncio.run(serve())


def print_profile(profile: cProfile.Profile, interactions: int) -> None:
    """CPU time of the bot's process per interaction, by package and by function."""
    stats = pstats.Stats(profile)
    by_package: collections.Counter[str] = collections.Counter()
    by_function: collections.Counter[str] = collections.Counter()
    for (path, line, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in path:
            package = path.split("site-packages/")[1].split("/")[0]
        elif path.startswith(str(ROOT)):
            package = str(Path(path).relative_to(ROOT).parent)
        else:
            package = "python" if path.startswith("/") else path
        by_package[package] += own
        by_function[f"{Path(path).name}:{line}({function})"] += own
    print(f"CPU per interaction (profiled, so slower than the figures above): "
          f"{sum(by_package.values()) * 1000 / interactions:.3f} ms")
    for name, seconds in by_package.most_common(12):
        print(f"  {seconds * 1e6 / interactions:7.1f} us  {name}")
    print("top functions:")
    for name, seconds in by_function.most_common(15):
        print(f"  {seconds * 1e6 / interactions:7.1f} us  {name}")


async def main(count: int, rounds: int, separate: bool, spread: float,
               profile: cProfile.Profile | None = None, fixed_answer: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING)
    fake: LocalFake | ChildFake = ChildFake() if separate else LocalFake()
    with tempfile.TemporaryDirectory() as tmp:
        api_base, gateway_url = await fake.start()
        config = Config(
            knowledge_dir=ROOT / "knowledge",
            question_log=QuestionLogSettings(path=Path(tmp) / "questions.jsonl"),
            reload=ReloadSettings(enabled=True, interval=0.5),
            discord=DiscordSettings(api_base=api_base, gateway_url=gateway_url,
                                    dev_guild_ids=(GUILD_ID,), guild_ready_timeout=0.05,
                                    cooldown=Cooldown(rate=5, per=30.0)))
        service = AnswerService(config, question_log=QuestionLog(
            config.question_log.path, salt="bench"))  # type: ignore[arg-type]
        use_endpoints(config.discord)
        bot = ArticleBot(config, service)
        if fixed_answer:  # the floor: everything but finding and rendering answers
            fixed = service.ask("Combien de soldats américains en Irak ?")
            bot.ask = lambda question, **_: fixed  # type: ignore[method-assign]
        task = asyncio.create_task(bot.start(TOKEN))
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        freeze_startup_objects()  # as `python -m bot run` does
        pool = question_pool()
        if len(pool) < count * rounds:
            raise SystemExit(f"only {len(pool)} distinct questions for {count} x {rounds}")
        warm_up = [e.question("fr") for e in service.kb.entries[:10]]
        await fake.round(warm_up, [10**17 + n for n in range(10)], 0.0)
        arrival = f"spread over {spread * 1000:.0f} ms" if spread else "dispatched at once"
        print(f"{count} /ask per round ({arrival}), fake Discord "
              f"{'in a child process' if separate else 'in this process'}:")
        all_latencies: list[float] = []
        all_answered = 0
        for round_number in range(rounds):
            user_ids = [10**18 + round_number * count + n for n in range(count)]
            asked = pool[round_number * count:(round_number + 1) * count]
            start = time.perf_counter()
            cpu = time.process_time()
            if profile is not None:
                profile.enable()
            latencies, answered = await fake.round(asked, user_ids, spread)
            if profile is not None:
                profile.disable()
            wall = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu) * 1000
            all_latencies += latencies
            all_answered += answered
            print(f"  round {round_number + 1}: {answered}/{count} answered; "
                  f"p50 {percentile(latencies, 50):.1f} ms, "
                  f"p95 {percentile(latencies, 95):.1f} ms, "
                  f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms; "
                  f"round done in {wall:.0f} ms; CPU: bot {cpu:.0f} ms"
                  + (f", fake {fake.cpu * 1000:.0f} ms" if separate else ""))
        await bot.close()
        await task
        await fake.stop()
    p99 = percentile(all_latencies, 99)
    met = all_answered == count * rounds and p99 <= 100
    print(f"overall: {all_answered}/{count * rounds} answered; "
          f"p50 {statistics.median(all_latencies):.1f} ms, "
          f"p95 {percentile(all_latencies, 95):.1f} ms, p99 {p99:.1f} ms "
          f"(target: all answered and p99 <= 100 ms: {'met' if met else 'NOT met'})")
    if profile is not None:
        print_profile(profile, count * rounds)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="concurrent /ask per round")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds, each with questions not asked before")
    parser.add_argument("--fake-process", action="store_true",
                        help="run the fake Discord in a child process (the bot gets its own "
                             "CPU, as against the real Discord)")
    parser.add_argument("--spread", type=float, default=0.0, metavar="SECONDS",
                        help="dispatch the interactions evenly over this time instead of at once")
    parser.add_argument("--profile", action="store_true",
                        help="profile the bot during the rounds and print where its CPU goes")
    parser.add_argument("--fixed-answer", action="store_true",
                        help="answer every question with one cached answer: what discord.py, "
                             "aiohttp and the fake cost alone, the floor under the figures")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.count, args.rounds, args.fake_process, args.spread,
                              cProfile.Profile() if args.profile else None, args.fixed_answer)))
