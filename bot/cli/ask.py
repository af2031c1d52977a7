"""`ask`: one question from the command line, or a stream of questions on stdin."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import StartupError, fail, service_from
from bot.frontends.terminal import render

STDIN_HINT = "reading questions from stdin, one per line; Ctrl-D to end"


def startup_error(exc: StartupError) -> dict[str, object]:
    """The JSON line `ask --json` prints instead of answers when it cannot start: the
    error, and the knowledge's problems (file, line, message) when they are the cause."""
    problems = getattr(exc.__cause__, "problems", [])
    return {"answered": False, "status": "error", "error": str(exc).splitlines()[0],
            "problems": [p.to_json() for p in problems]}


def run(args: argparse.Namespace) -> int:
    try:
        service = service_from(args, freeze=bool(args.question))  # one question, then exit
    except StartupError as exc:
        if args.json:  # a program reading the JSON lines learns why there are none
            sys.stdout.write(json.dumps(startup_error(exc), ensure_ascii=False) + "\n")
        return fail(exc)
    if args.article and args.article not in service.kb.by_slug:
        known = ", ".join(service.kb.by_slug)
        return fail(StartupError(f"unknown article '{args.article}' (known: {known})"))
    try:
        if args.question:
            answer = service.ask(" ".join(args.question), language=args.lang,
                                 article=args.article, source="cli")
            out = (json.dumps(answer.to_json(), ensure_ascii=False) if args.json
                   else render(answer))
            sys.stdout.write(out + "\n")
            return 0
        # Batch mode: one JSON line per input line, in order, flushed as it goes.
        if sys.stdin.isatty():  # someone typing, who would otherwise see it wait silently
            sys.stderr.write(STDIN_HINT + "\n")
            sys.stderr.flush()
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")
        for line in sys.stdin:
            answer = service.ask(line.rstrip("\r\n"), language=args.lang, article=args.article,
                                 source="cli")
            sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return 0
    finally:
        if service.question_log:
            service.question_log.close()
