"""Benchmark the Discord front-end: many concurrent /ask through the fake Discord.

By default (or with `--targets`) it measures issue 13's targets in one run, the fake Discord in
its own process (as Discord is) and the real bot in this one:

  (a) 1,000 `/ask` dispatched at once: all acknowledged, none past Discord's 3 s; p99 printed;
  (b) the same burst with the answer path replaced by one fixed answer (discord.py, aiohttp
      and the fake alone): answering may add at most 60% to the p99 of (b);
  (c) 1,000 `/ask` spread evenly over 10 s: p99 <= 50 ms.

Latency runs from the fake dispatching INTERACTION_CREATE to the bot's callback reaching it;
questions are as people type them (the evaluation sets), none asked twice, so the answer cache
flatters nothing. It prints the figures with their targets and PASS/FAIL (exit status 1 when
one is missed), and the bot's CPU per interaction in (a) and (b), which other load on the
machine disturbs much less than latency. `--pairs N` repeats (a) then (b) and judges the median
ratio. A script that prints figures, not a test:

    .venv/bin/python scripts/bench_discord.py [--targets] [--pairs N] [--profile]

With `--count/--rounds/--spread/--fixed-answer` it runs rounds of one kind instead, to explore:

    .venv/bin/python scripts/bench_discord.py --count 200 --rounds 3 [--fake-process]
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
from collections.abc import Callable
from dataclasses import dataclass
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
from tests.fakediscord import GUILD_ID, FakeDiscord, FakeUser, Reply  # noqa: E402
from tests.fakediscord.server import APPLICATION_COMMAND, SentInteraction  # noqa: E402

TOKEN = "bench-token"
DEADLINE_MS = 3000.0  # Discord refuses a callback later than this after the interaction
TARGET_COUNT = 1000
TARGET_RATIO = 1.6  # (b): answering adds at most 60% to the p99 of the fixed-answer burst
TARGET_SPREAD_SECONDS = 10.0
TARGET_SPREAD_P99_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def question_pool() -> list[str]:
    """Questions as people type them (the evaluation sets: typos, English, off-topic,
    not in the article), each used once, so the answer cache never helps a round."""
    pool = dict.fromkeys(item["q"] for path in sorted((ROOT / "tests" / "eval").glob("*.yaml"))
                         for item in yaml.safe_load(path.read_text("utf-8"))["questions"])
    return list(pool)


@dataclass
class Round:
    """What one round of interactions gave, as seen by the fake Discord."""

    count: int
    latencies: list[float]  # ms, dispatch to acknowledgement, of the acknowledged ones
    answered: int  # acknowledged with an answer (not an apology)
    cpu_ms: float = 0.0  # CPU time of the bot's process during the round

    @property
    def cpu_per_interaction(self) -> float:
        """ms of the bot's CPU per interaction: less sensitive to other load than latency."""
        return self.cpu_ms / self.count

    @property
    def acknowledged(self) -> int:
        return len(self.latencies)

    @property
    def late(self) -> int:
        """Acknowledged past Discord's deadline (Discord would have refused them)."""
        return sum(1 for latency in self.latencies if latency > DEADLINE_MS)

    def p(self, q: float) -> float:
        return percentile(self.latencies, q) if self.latencies else float("inf")


async def run_round(fake: FakeDiscord, asked: list[str], user_ids: list[int], spread: float = 0.0
                    ) -> tuple[list[float], int]:
    """Dispatch one /ask per question, all at once or evenly over `spread` seconds;
    returns (latencies in ms of the acknowledged ones, how many were answered)."""
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one(n: int, question: str, user_id: int) -> SentInteraction:
        if spread:
            await asyncio.sleep(max(0.0, start + n * spread / len(asked) - loop.time()))
        data = fake._command_data("ask", fake._options({"question": question}), False)
        return await fake.interact(APPLICATION_COMMAND, data, user=FakeUser(user_id, "user"),
                                   locale="fr")

    sent = await asyncio.gather(*(one(n, q, u) for n, (q, u) in enumerate(
        zip(asked, user_ids, strict=True))))
    outcomes = await asyncio.gather(*(fake.reply_to(s, timeout=30) for s in sent),
                                    return_exceptions=True)
    replies = [r for r in outcomes if isinstance(r, Reply) and 200 <= r.callback.status < 300]
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


@dataclass
class Bench:
    """The bot under measure, its fake Discord, and questions not asked yet."""

    bot: ArticleBot
    service: AnswerService
    fake: LocalFake | ChildFake
    pool: list[str]
    profile: cProfile.Profile | None = None
    used: int = 0
    users: int = 0

    def fixed_answer(self, on: bool) -> None:
        """Replace finding and rendering answers by one cached answer (the floor), or not."""
        if on:
            fixed = self.service.ask("Combien de soldats américains en Irak ?")
            self.bot.ask = lambda question, **_: fixed  # type: ignore[method-assign]
        else:
            self.bot.__dict__.pop("ask", None)

    async def round(self, count: int, spread: float = 0.0, *, fresh: bool = True) -> Round:
        """`count` /ask from users never seen before, with questions never asked before
        (`fresh`), or with the first questions of the pool (for fixed-answer rounds, where
        the question does not matter)."""
        if fresh:
            if self.used + count > len(self.pool):
                raise SystemExit(f"only {len(self.pool)} distinct questions for this run")
            asked = self.pool[self.used:self.used + count]
            self.used += count
        else:
            asked = self.pool[:count]
        user_ids = [10**18 + self.users + n for n in range(count)]
        self.users += count
        if self.profile is not None:
            self.profile.enable()
        cpu = time.process_time()
        latencies, answered = await self.fake.round(asked, user_ids, spread)
        cpu = time.process_time() - cpu
        if self.profile is not None:
            self.profile.disable()
        return Round(count, latencies, answered, cpu * 1000)


async def with_bot(separate: bool, run: Callable[[Bench], object]) -> object:
    """Start the fake Discord and the bot, warm them up, run `run`, stop both."""
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
        task = asyncio.create_task(bot.start(TOKEN))
        await asyncio.wait_for(bot.wait_until_ready(), 20)
        service.warm()  # as `python -m bot run` does
        freeze_startup_objects()
        bench = Bench(bot, service, fake, question_pool())
        warm_up = [e.question("fr") for e in service.kb.entries[:10]]
        await fake.round(warm_up, [10**17 + n for n in range(10)], 0.0)
        try:
            result = await run(bench)  # type: ignore[misc]
        finally:
            await bot.close()
            await task
            await fake.stop()
    return result


async def explore(count: int, rounds: int, separate: bool, spread: float,
                  profile: cProfile.Profile | None, fixed_answer: bool) -> int:
    """Rounds of one kind, with per-round figures."""

    async def run(bench: Bench) -> int:
        bench.fixed_answer(fixed_answer)
        bench.profile = profile
        arrival = f"spread over {spread * 1000:.0f} ms" if spread else "dispatched at once"
        print(f"{count} /ask per round ({arrival}), fake Discord "
              f"{'in a child process' if separate else 'in this process'}"
              f"{', fixed answer' if fixed_answer else ''}:")
        rounds_done: list[Round] = []
        for number in range(rounds):
            start = time.perf_counter()
            cpu = time.process_time()
            done = await bench.round(count, spread)
            wall = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu) * 1000
            rounds_done.append(done)
            print(f"  round {number + 1}: {done.answered}/{count} answered, "
                  f"{done.late} past 3 s; p50 {done.p(50):.1f} ms, p95 {done.p(95):.1f} ms, "
                  f"p99 {done.p(99):.1f} ms, max {max(done.latencies, default=0):.1f} ms; "
                  f"round done in {wall:.0f} ms; CPU: bot {cpu:.0f} ms"
                  + (f", fake {bench.fake.cpu * 1000:.0f} ms"  # type: ignore[union-attr]
                     if separate else ""))
        everything = Round(count * rounds, [x for r in rounds_done for x in r.latencies],
                           sum(r.answered for r in rounds_done))
        print(f"overall: {everything.answered}/{everything.count} answered; "
              f"p50 {statistics.median(everything.latencies):.1f} ms, "
              f"p95 {everything.p(95):.1f} ms, p99 {everything.p(99):.1f} ms")
        return 0

    result = await with_bot(separate, run)
    if profile is not None:
        print_profile(profile, count * rounds)
    return int(result)  # type: ignore[call-overload]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


async def targets(profile: cProfile.Profile | None, pairs: int = 1) -> int:
    """Issue 13's three figures, in one run, the fake Discord in its own process."""

    async def run(bench: Bench) -> tuple[list[tuple[Round, Round]], Round]:
        # Warm the connection pool and the code paths with a smaller burst first.
        await bench.round(200)
        measured = []
        for _ in range(pairs):
            bench.profile = profile  # the answering rounds only
            burst = await bench.round(TARGET_COUNT)
            bench.fixed_answer(True)
            bench.profile = None
            floor = await bench.round(TARGET_COUNT, fresh=False)
            bench.fixed_answer(False)
            measured.append((burst, floor))
        bench.profile = profile
        spread = await bench.round(TARGET_COUNT, TARGET_SPREAD_SECONDS)
        return measured, spread

    measured, spread = await with_bot(True, run)  # type: ignore[misc]
    ratios = [burst.p(99) / floor.p(99) for burst, floor in measured]
    ratio = statistics.median(ratios)
    checks = {
        "a": all(b.acknowledged == TARGET_COUNT and b.late == 0 for b, _ in measured),
        "b": ratio <= TARGET_RATIO,
        "c": spread.acknowledged == TARGET_COUNT and spread.p(99) <= TARGET_SPREAD_P99_MS,
    }
    print(f"fake Discord in its own process; {TARGET_COUNT} /ask per measure, questions never "
          f"asked before; {pairs} pair(s) of bursts (a) then (b)")
    for number, (burst, floor) in enumerate(measured, 1):
        pair = f" #{number}" if pairs > 1 else ""
        print(f"(a){pair} {TARGET_COUNT} /ask at once: {burst.acknowledged} acknowledged "
              f"({burst.answered} answered), {burst.late} past 3 s; p50 {burst.p(50):.0f} ms, "
              f"p99 {burst.p(99):.0f} ms, max {max(burst.latencies, default=0):.0f} ms; bot CPU "
              f"{burst.cpu_per_interaction:.2f} ms per interaction")
        print(f"(b){pair} the same, fixed answer: {floor.acknowledged} acknowledged, "
              f"{floor.late} past 3 s; p50 {floor.p(50):.0f} ms, p99 {floor.p(99):.0f} ms; bot "
              f"CPU {floor.cpu_per_interaction:.2f} ms per interaction; p99 ratio (a)/(b) "
              f"{burst.p(99) / floor.p(99):.2f}, CPU ratio "
              f"{burst.cpu_per_interaction / floor.cpu_per_interaction:.2f}")
    print(f"(c) {TARGET_COUNT} /ask over {TARGET_SPREAD_SECONDS:.0f} s: "
          f"{spread.acknowledged} acknowledged; p50 {spread.p(50):.1f} ms, "
          f"p99 {spread.p(99):.1f} ms, max {max(spread.latencies, default=0):.1f} ms")
    print("targets:")
    print(f"  (a) all {TARGET_COUNT} acknowledged, none past 3 s (p99 "
          + ", ".join(f"{b.p(99):.0f}" for b, _ in measured) + f" ms): {verdict(checks['a'])}")
    print(f"  (b) answering adds at most {TARGET_RATIO - 1:.0%} to the p99: ratio "
          + (f"{ratio:.2f}" if pairs == 1 else
             f"{ratio:.2f} (median of {', '.join(f'{r:.2f}' for r in ratios)})")
          + f" <= {TARGET_RATIO:.2f}: {verdict(checks['b'])}")
    print(f"  (c) spread over {TARGET_SPREAD_SECONDS:.0f} s, p99 {spread.p(99):.1f} ms "
          f"<= {TARGET_SPREAD_P99_MS:.0f} ms: {verdict(checks['c'])}")
    if profile is not None:
        print_profile(profile, (pairs + 1) * TARGET_COUNT)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", action="store_true",
                        help="measure issue 13's three targets (the default without the "
                             "options below)")
    parser.add_argument("--pairs", type=int, default=1,
                        help="with --targets: measure (a) then (b) this many times and judge "
                             "the median ratio (the machine's other load makes one pair noisy)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the bot while it answers and print where its CPU goes")
    explore_options = parser.add_argument_group("exploring: rounds of one kind")
    explore_options.add_argument("--count", type=int, help="concurrent /ask per round (200)")
    explore_options.add_argument("--rounds", type=int,
                                 help="rounds, each with questions not asked before (3)")
    explore_options.add_argument("--fake-process", action="store_true",
                                 help="run the fake Discord in a child process (the bot gets "
                                      "its own CPU, as against the real Discord)")
    explore_options.add_argument("--spread", type=float, metavar="SECONDS",
                                 help="dispatch the interactions evenly over this time")
    explore_options.add_argument("--fixed-answer", action="store_true",
                                 help="answer every question with one cached answer: what "
                                      "discord.py, aiohttp and the fake cost alone")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    exploring = (args.count, args.rounds, args.spread) != (None, None, None) or (
        args.fake_process or args.fixed_answer)
    if args.targets and exploring:
        parser.error("--targets takes no exploring option")
    if exploring:
        sys.exit(asyncio.run(explore(args.count or 200, args.rounds or 3, args.fake_process,
                                     args.spread or 0.0, profiler, args.fixed_answer)))
    if not 1 <= args.pairs <= 5:
        parser.error("--pairs is between 1 and 5 (the questions never asked before run out)")
    sys.exit(asyncio.run(targets(profiler, args.pairs)))
