"""Benchmark the answering path; prints figures (it is not a test).

    python scripts/bench_ask.py [--questions N] [--runs K]

Targets (issue 2): <= 0.5 ms per question in a batch of 10,000 after start-up, and
<= 0.3 s from process start to the first answer, with `ask` never importing discord.

It measures:
  1. start-up: `python -m bot ask --no-log QUESTION` as whole processes, K runs (cold cache
     first, then warm), wall time from spawn to exit;
  2. throughput in-process: N distinct questions through AnswerService.ask (cache disabled
     by making every question distinct), mean and p99 per question;
  3. the batch as a whole process: N questions piped into `python -m bot ask --no-log`,
     total wall time and time per question, plus the process's peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = [
    "Combien de soldats américains sont en Irak ?", "How many US troops are in Iraq?",
    "Qui est Mohamed Chia al-Soudani ?", "Quand le mandat d'arrêt contre Trump a-t-il été émis ?",
    "Comment Soleimani a-t-il été tué ?", "When will the coalition leave Kurdistan?",
    "Qu'est-ce que le Hachd al-Chaabi ?", "Qui dirige la coalition internationale ?",
    "Quel est le plan de retrait ?", "Why did Iraq issue a warrant against Trump?",
    "Combien de soldats allemands en Irak ?", "Quel âge a Donald Trump ?",
    "Qui a gagné le Tour de France ?", "salut ça va", "qsdfqsdf",
]
NOISE = ["stp", "exactement", "dans l'article", "please", "svp", "selon la dépêche", "vraiment",
         "en fait", "au juste", "actually", "now", "aujourd'hui", "encore", "déjà"]


def questions(count: int, seed: int = 7) -> list[str]:
    """Distinct, realistic questions: seeds with typos, dropped words and filler words."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        words = rng.choice(SEEDS).split()
        if len(words) > 3 and rng.random() < 0.3:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.5:
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 3:
                j = rng.randrange(len(w) - 1)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        words.insert(rng.randrange(len(words) + 1), rng.choice(NOISE))
        text = " ".join(words) + f" {rng.randrange(10**6)}" * (rng.random() < 0.2)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def startup(runs: int) -> list[float]:
    cmd = [sys.executable, "-m", "bot", "ask", "--no-log", "Combien de soldats en Irak ?"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def in_process(batch: list[str]) -> list[float]:
    from bot.config import Config, default_knowledge_dir
    from bot.service import AnswerService

    service = AnswerService(Config(knowledge_dir=default_knowledge_dir()))
    times = []
    for text in batch:
        t0 = time.perf_counter()
        service.ask(text)
        times.append(time.perf_counter() - t0)
    assert "discord" not in sys.modules, "the answering path must not import discord"
    return times


def whole_process(batch: list[str]) -> tuple[float, int, int]:
    with tempfile.TemporaryFile("w+") as stdin:
        stdin.write("\n".join(batch) + "\n")
        stdin.seek(0)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--no-log"], cwd=ROOT,
                              stdin=stdin, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, len(proc.stdout.splitlines()), peak_kb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    batch = questions(args.questions)

    times = startup(args.runs)
    print(f"start-up to first answer ({args.runs} processes): first {times[0] * 1000:.0f} ms, "
          f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(target <= 300 ms)")

    per = in_process(batch)
    per.sort()
    print(f"in-process, {len(batch)} distinct questions: mean {statistics.mean(per) * 1000:.3f} "
          f"ms, p50 {per[len(per) // 2] * 1000:.3f} ms, p99 {per[int(len(per) * 0.99)] * 1000:.3f}"
          f" ms per question (target <= 0.5 ms)")

    wall, lines, peak_kb = whole_process(batch)
    print(f"whole process, {lines} questions piped to `python -m bot ask`: {wall:.2f} s, "
          f"{wall / max(lines, 1) * 1000:.3f} ms per question including start-up; "
          f"peak memory {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
