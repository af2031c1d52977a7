"""`validate`: every problem in the knowledge files, with file and line; exit 1 if any."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import StartupError, config_from, fail, where_knowledge_is_read
from bot.kb.loader import check_knowledge
from bot.kb.problems import Severity


def run(args: argparse.Namespace) -> int:
    given = {p for p in (args.knowledge_dir, getattr(args, "knowledge_option", None)) if p}
    if len(given) > 1:
        return fail(StartupError("two knowledge folders given (DIR and --knowledge); give one"))
    origin = ""
    if not given:
        try:
            config = config_from(args)
        except StartupError as exc:
            return fail(exc)
        root, origin = config.knowledge_dir, where_knowledge_is_read(config, args)
    else:
        root = given.pop()
    kb, problems = check_knowledge(root, allow_empty=args.allow_empty)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = len(problems) - len(errors)
    failed = bool(errors) or (args.strict and warnings > 0)
    if args.json:
        sys.stdout.write(json.dumps({"ok": not failed, "problems": [p.to_json() for p in problems]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        if kb is None and origin:
            sys.stdout.write(origin)
        if kb is not None:
            # valid, and whether anything is reported: "OK" alone means clean
            state = f"OK, {warnings} warning(s)" if warnings else "OK"
            entries = len(kb.entries)
            sys.stdout.write(f"{state}: {len(kb.articles)} article(s), {entries} entries, "
                             f"version {kb.version} ({root})\n")
        else:
            sys.stdout.write(f"{len(errors)} error(s) in {root}\n")
    return 1 if failed else 0
