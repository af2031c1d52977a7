"""Time the message reader alone on every question of the evaluation sets (not a test).

    python scripts/bench_reader.py [--runs K]

Target (issue 12): at most 0.05 ms per question. Reading is uncached here (the service keeps
the last 4,096 readings); the tables are loaded before timing, as a running bot has them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from bot.reading.reader import read_message
    from bot.reading.tables import tables

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    questions = [q["q"] for path in sorted((ROOT / "tests" / "eval").glob("*.yaml"))
                 for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    read = read_message.__wrapped__  # uncached
    start = time.perf_counter()
    tables.cache_clear()
    tables()
    loaded = time.perf_counter() - start
    for question in questions:  # warm up
        read(question)
    means = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for question in questions:
            read(question)
        means.append((time.perf_counter() - start) / len(questions))
    each = []
    for question in questions:
        start = time.perf_counter()
        read(question)
        each.append(time.perf_counter() - start)
    each.sort()
    changed = sum(not read(q).unchanged for q in questions)
    print(f"tables loaded in {loaded * 1000:.1f} ms; {len(questions)} questions "
          f"({changed} changed by reading): mean {min(means) * 1e6:.1f} us per question "
          f"(best of {args.runs} runs, median run {statistics.median(means) * 1e6:.1f} us), "
          f"p50 {each[len(each) // 2] * 1e6:.1f} us, p99 {each[int(len(each) * 0.99)] * 1e6:.1f}"
          f" us (target <= 50 us)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
