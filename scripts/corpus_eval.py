#!/usr/bin/env python3
"""Score the bot on the corpus of articles in tests/corpus, as a newsroom would meet them.

Each article folder holds `article.txt`, a question set written blind (`questions*.yaml`, the
maintainers' format) and, once an editor has worked on it, `knowledge/` (the editor's
`entries.yaml`, and `aliases.yaml` if any). For each article and stage the script builds a
knowledge folder beside the shipped one, the way a user would:

- `init`: the shipped knowledge plus the article added with `python -m bot kb init` alone;
- `edited`: the same, with the editor's files copied over the drafts.

then runs the maintainers' scorer (tests/eval/score.py) on it through `python -m bot ask
--json`, and prints one line per article, stage and question set.

    python scripts/corpus_eval.py [--stage init|edited|both] [--only SLUG] [-v]
                                  [--alone] [--no-lexicon]

What the shipped knowledge costs or gives a new article, measured by leaving it out:
`--alone` drops the shipped article (its aliases, entries and sentences: no competition, no
names of its own), `--no-lexicon` empties the shared lexicon (no synonym concept at all).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SCORER = ROOT / "tests" / "eval" / "score.py"
FIGURES = re.compile(r"accuracy ([\d.]+) \((\d+)/(\d+)\) abstention ([\d.]+) \((\d+)/(\d+)\)")


def build_knowledge(article: Path, stage: str, into: Path, *, alone: bool = False,
                    lexicon: bool = True) -> Path:
    """A knowledge folder: the shipped one, plus this article at the given stage; `alone`
    without the shipped article, `lexicon` False with an empty shared lexicon."""
    knowledge = into / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    if alone:
        for path in knowledge.iterdir():
            if path.is_dir():
                shutil.rmtree(path)
    if not lexicon:
        (knowledge / "lexicon.yaml").write_text("concepts: {}\n", encoding="utf-8")
    slug = article.name
    subprocess.run([sys.executable, "-m", "bot", "kb", "init", str(article / "article.txt"),
                    "--knowledge", str(knowledge), "--slug", slug],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    if stage == "edited":
        for path in sorted((article / "knowledge").glob("*.yaml")):
            shutil.copy2(path, knowledge / slug / path.name)
    config = into / "config.yaml"
    config.write_text(f"knowledge_dir: {knowledge}\ncache_dir: {into / 'cache'}\n"
                      "question_log:\n  path: null\n", encoding="utf-8")
    return config


def score(article: Path, questions: Path, config: Path, verbose: bool
          ) -> tuple[str, tuple[float, ...] | None]:
    cmd = [sys.executable, str(SCORER), "--questions", str(questions), "--article",
           str(article / "article.txt"), *(["-v"] if verbose else []), "--",
           sys.executable, "-m", "bot", "ask", "--json", "--config", str(config)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    found = FIGURES.search(proc.stdout)
    figures = tuple(float(x) for x in found.groups()) if found else None
    return proc.stdout + proc.stderr, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", choices=("init", "edited", "both"), default="both")
    parser.add_argument("--only", help="one article folder name")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("--alone", action="store_true",
                        help="without the shipped article (what it costs a new one)")
    parser.add_argument("--no-lexicon", action="store_true",
                        help="with an empty shared lexicon (what its concepts do)")
    args = parser.parse_args()
    stages = ("init", "edited") if args.stage == "both" else (args.stage,)
    articles = sorted(p for p in CORPUS.iterdir() if (p / "article.txt").is_file())
    if args.only:
        articles = [p for p in articles if p.name == args.only]
    totals: dict[str, list[float]] = {}
    print(f"{'article':40s} {'stage':7s} {'set':22s} accuracy  abstention")
    for article in articles:
        for stage in stages:
            if stage == "edited" and not (article / "knowledge").is_dir():
                continue
            with tempfile.TemporaryDirectory() as tmp:
                config = build_knowledge(article, stage, Path(tmp), alone=args.alone,
                                         lexicon=not args.no_lexicon)
                for questions in sorted(article.glob("questions*.yaml")):
                    out, figures = score(article, questions, config, args.verbose)
                    if args.verbose:
                        print(out)
                    if figures is None:
                        print(f"{article.name:40s} {stage:7s} {questions.stem:22s} FAILED")
                        print(out[-2000:])
                        continue
                    acc, got, n, abst, kept, m = figures
                    sums = totals.setdefault(stage, [0, 0, 0, 0])
                    sums[0] += got
                    sums[1] += n
                    sums[2] += kept
                    sums[3] += m
                    print(f"{article.name:40s} {stage:7s} {questions.stem:22s} "
                          f"{acc:.3f} ({int(got)}/{int(n)})  {abst:.3f} ({int(kept)}/{int(m)})")
    for stage, (got, n, kept, m) in totals.items():
        print(f"{'all':40s} {stage:7s} {'':22s} {got / max(n, 1):.3f} ({int(got)}/{int(n)})  "
              f"{kept / max(m, 1):.3f} ({int(kept)}/{int(m)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
