"""Benchmark `kb gaps` on a large question log; prints figures (it is not a test).

    python scripts/bench_gaps.py [--questions N] [--runs K] [--knowledge DIR]

Target (issue 4): `kb gaps` on a log of 10,000 questions in under 2 seconds.

The log is built in a temporary folder with the real QuestionLog (rotated by size, so several
files are read): N question records, most of them declined, written in many wordings (templates
x subjects, with typos and accents dropped, so most of them are distinct), plus thumbs-down
feedback records. It then measures:
  1. the command as whole processes: `python -m bot kb gaps --log LOG`, K runs, wall time from
     spawn to exit (start-up, knowledge loading, reading, grouping, matching the top groups);
  2. the same steps in-process, one by one, to show where the time goes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answers import Answer  # noqa: E402 - after the path set-up above
from bot.editing.gaps import LogStats, group_questions, locate, log_files, read_records, select  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402
from bot.matching.index import Index  # noqa: E402
from bot.matching.matcher import Matcher, Status  # noqa: E402
from bot.qlog import QuestionLog  # noqa: E402

TEMPLATES_FR = [
    "Quel âge a {s} ?", "Où est né {s} ?", "Que pense {s} de la guerre ?", "Qui finance {s} ?",
    "Combien coûte {s} ?", "Quand {s} a-t-il commencé ?", "Pourquoi parle-t-on de {s} ?",
    "Que sait-on de {s} ?", "{s} c'est quoi", "infos sur {s}", "qui dirige {s}",
    "Quel est le rôle de {s} ?", "Où se trouve {s} ?", "Combien de personnes pour {s} ?",
]
TEMPLATES_EN = [
    "How old is {s}?", "Where was {s} born?", "Who funds {s}?", "What does {s} think?",
    "How much does {s} cost?", "When did {s} start?", "Who leads {s}?", "What is {s}?",
    "Tell me about {s}", "where is {s}",
]
SUBJECTS = [
    "Donald Trump", "le Hamas", "Joe Biden", "l'armée irakienne", "le Hezbollah",
    "la coalition", "le Premier ministre", "Bagdad", "l'Iran", "le pétrole irakien",
    "les élections américaines", "la Force Qods", "le Kurdistan", "les drones", "l'ONU",
    "Israël", "le Liban", "la Syrie", "les Etats-Unis", "al-Soudani", "Soleimani",
    "le mandat d'arrêt", "l'ambassade américaine", "les milices", "la Turquie",
    "le président irakien", "le parlement irakien", "l'Arabie saoudite", "la Jordanie",
    "le budget de la défense", "les réfugiés", "la frontière syrienne", "le Qatar",
    "les sanctions", "l'OTAN", "le prix du pétrole", "les otages", "Netanyahu",
    "les Gardiens de la Révolution", "Mossoul",
]


def mutate(text: str, rng: random.Random) -> str:
    """Typos, dropped accents and case changes, as people type."""
    if rng.random() < 0.4:
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    if rng.random() < 0.5:
        text = text.lower().rstrip(" ?")
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        i = rng.randrange(1, max(2, len(text) - 1))
        op = rng.random()
        if op < 0.4:
            text = text[:i] + text[i + 1:]
        elif op < 0.7 and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        else:
            text = text[:i] + text[i] + text[i:]
    return text


def build_log(path: Path, count: int, seed: int = 7) -> int:
    """Write `count` question records (and some feedback); returns the distinct wordings."""
    rng = random.Random(seed)
    log = QuestionLog(path, max_bytes=1_000_000, backups=10, salt="bench")
    statuses = [Status.NOT_IN_ARTICLE] * 6 + [Status.OFF_TOPIC] * 2 + [Status.AMBIGUOUS,
                                                                       Status.ANSWERED]
    seen = set()
    subjects = SUBJECTS[:]
    weights = [1 / (i + 1) for i in range(len(subjects))]  # a few subjects asked a lot
    for i in range(count):
        templates = TEMPLATES_FR if rng.random() < 0.7 else TEMPLATES_EN
        question = rng.choice(templates).format(s=rng.choices(subjects, weights)[0])
        question = mutate(question, rng)
        seen.add(question)
        status = rng.choice(statuses)
        answer = Answer(question=question, language="fr", status=status, reason="bench",
                        text="...", entry="x/y" if status is Status.ANSWERED else None)
        log.record_answer(answer, source="bench", user=f"user{rng.randrange(2000)}")
        if i % 20 == 0:
            log.record_feedback(question=question, entry="x/y", helpful=rng.random() < 0.5,
                                source="bench", user=f"user{rng.randrange(2000)}")
    log.close()
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-gaps-") as tmp:
        path = Path(tmp) / "questions.jsonl"
        t0 = time.perf_counter()
        distinct = build_log(path, args.questions)
        files = log_files(path)
        size = sum(p.stat().st_size for p in files)
        print(f"log: {args.questions} questions ({distinct} distinct wordings) in "
              f"{len(files)} file(s), {size / 1e6:.1f} MB, built in "
              f"{time.perf_counter() - t0:.1f} s")

        walls = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "bot", "kb", "gaps", "--log", str(path),
                 "--knowledge", str(args.knowledge)],
                cwd=ROOT, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - t0)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        print(f"`python -m bot kb gaps` (whole process, {args.runs} runs): "
              f"best {min(walls):.2f} s, median {statistics.median(walls):.2f} s "
              f"-> target < 2 s: {'met' if max(walls) < 2 else 'MISSED'}")
        print("first lines of its output:")
        for line in done.stdout.splitlines()[:6]:
            print("   ", line)

        t0 = time.perf_counter()
        kb = load_knowledge(args.knowledge)
        matcher = Matcher(Index(kb))
        t1 = time.perf_counter()
        stats = LogStats()
        questions = select(read_records(files, stats), stats)
        t2 = time.perf_counter()
        gaps = group_questions(questions)
        t3 = time.perf_counter()
        for gap in gaps[:10]:
            locate(gap, matcher)
        t4 = time.perf_counter()
        print(f"in-process: load knowledge {t1 - t0:.2f} s, read {stats.records} records "
              f"{t2 - t1:.2f} s, group {len(questions)} questions into {len(gaps)} groups "
              f"{t3 - t2:.2f} s, locate top 10 {t4 - t3:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
