"""`kb test`: run the editors' test questions (`<article>/tests.yaml`) and say what changed."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from bot.cli.common import StartupError, fail
from bot.cli.kb_common import knowledge_root
from bot.editing.kbtests import changes, load_checks, run_checks
from bot.kb.problems import Severity
from bot.service import AnswerService
from bot.snapshot import build_snapshot


def run(args: argparse.Namespace) -> int:
    try:
        root, config = knowledge_root(args)
    except StartupError as exc:
        return fail(exc)
    snapshot, problems = build_snapshot(root, config.matching, config.cache_dir, freeze=True)
    if snapshot is None:
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        return fail(StartupError(f"the knowledge in {root} does not validate"))
    kb = snapshot.kb
    if args.article and args.article not in kb.by_slug:
        known = ", ".join(kb.by_slug)
        return fail(StartupError(f"unknown article '{args.article}' (known: {known})"))
    checks, file_problems = load_checks(kb, args.article)
    outcomes = run_checks(kb, AnswerService(config, snapshot=snapshot).ask, checks)
    memory = None
    if config.cache_dir is not None:
        digest = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]
        memory = config.cache_dir / "kb-test" / f"{digest}-{args.article or 'all'}.json"
    changed = changes(outcomes, memory)
    failed = [o for o in outcomes if not o.passed]
    if args.json:
        sys.stdout.write(json.dumps({
            "passed": len(outcomes) - len(failed), "failed": len(failed),
            "tests": [o.to_json() for o in outcomes], "changed": changed,
            "problems": [p.to_json() for p in file_problems]}, ensure_ascii=False, indent=2)
            + "\n")
    else:
        out = [str(p) for p in file_problems]
        out += [str(o) for o in failed]
        if changed:
            out.append("Changed since the last run:")
            out += [f"  {line}" for line in changed]
        if not outcomes and not file_problems:
            out.append("No tests: write questions and what they must get in "
                       "<article>/tests.yaml (see README, kb test).")
        unread = sum(1 for p in file_problems if p.severity is Severity.ERROR)
        out.append(f"kb test: {len(outcomes) - len(failed)}/{len(outcomes)} tests pass"
                   + (f" in {args.article}" if args.article else "")
                   + (f"; {unread} test line(s) could not be read (above)" if unread else ""))
        sys.stdout.write("\n".join(out) + "\n")
    errors = any(p.severity is Severity.ERROR for p in file_problems)
    return 1 if failed or errors else 0
