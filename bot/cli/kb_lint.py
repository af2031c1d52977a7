"""`kb lint`: the checks that need the matcher, on top of `validate`; exit 1 on errors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import StartupError, fail
from bot.cli.kb_common import knowledge_root
from bot.editing.lint import LintReport, lint_knowledge
from bot.kb.layout import ARTICLE_FILE
from bot.kb.problems import Severity


def run(args: argparse.Namespace) -> int:
    try:
        root, config = knowledge_root(args)
        root, article = _target(args.target, root)
    except StartupError as exc:
        return fail(exc)
    margin = args.margin if args.margin is not None else config.lint.margin
    report = lint_knowledge(root, margin=margin, settings=config.matching, article=article,
                            cache_dir=config.cache_dir, freeze=True)
    if args.json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(report))
    return report.exit_code or (1 if args.strict and report.warnings else 0)


def _target(target: str | None, root: Path) -> tuple[Path, str | None]:
    """(knowledge folder, article or None) from `kb lint [ARTICLE_OR_DIR]`."""
    if target is None:
        return root, None
    given = Path(target)
    if given.is_dir() and (given / ARTICLE_FILE).is_file():  # an article folder
        return given.resolve().parent, given.resolve().name
    if given.is_dir():  # a knowledge folder
        return given, None
    if (root / target / ARTICLE_FILE).is_file():  # an article of the knowledge folder
        return root, target
    raise StartupError(f"'{target}' is neither an article of {root} nor a folder")


def render(report: LintReport) -> str:
    """Errors first, then warnings, each as file:line; then competing pairs and a summary."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    problems = sorted(report.problems, key=lambda p: (order[p.severity], str(p.path),
                                                      p.line or 0))
    lines = [str(p) for p in problems]
    if report.competitions:
        lines.append("Entries competing for the same questions:")
        for pair in report.competitions:
            example = pair.examples[0]
            lines.append(f"  {pair.entries[0]} <-> {pair.entries[1]}: {pair.count} "
                         f"question(s), e.g. \u00ab{example}\u00bb")
    errors, warnings = len(report.errors), len(report.warnings)
    summary = f"kb lint: {errors} error(s), {warnings} warning(s)"
    if not report.valid:
        lines.append(f"{summary}; the knowledge does not validate, so nothing else was "
                     "checked")
        return "\n".join(lines) + "\n"
    s = report.stats
    if report.article:
        summary += f" in {report.article}"
    if s.tests:
        summary += f"; {s.tests_passed}/{s.tests} tests pass"
    lines.append(f"{summary}; {s.retrieved}/{s.paraphrases} paraphrases retrieve their entry "
                 f"(margin {report.margin}); {s.covered}/{s.sentences} sentences cited "
                 f"({s.covered_ready} by ready entries); {s.entries} entries ({s.drafts} "
                 f"drafts) in {s.articles} article(s)")
    return "\n".join(lines) + "\n"
