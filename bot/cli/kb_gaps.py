"""`kb gaps`: the questions users asked that the bot did not answer well, grouped, ranked."""

from __future__ import annotations

import argparse
import json
import re
import sys

from bot.cli.common import StartupError, fail
from bot.cli.kb_common import knowledge_root
from bot.editing.gaps import Gap, GapReport, find_gaps, parse_since
from bot.kb.problems import KnowledgeError
from bot.snapshot import build_snapshot


def run(args: argparse.Namespace) -> int:
    try:
        root, config = knowledge_root(args)
    except StartupError as exc:
        return fail(exc)
    path = args.log or config.question_log.path
    if path is None:
        return fail(StartupError("no question log configured (question_log.path); "
                                 "give --log PATH"))
    snapshot, problems = build_snapshot(root, config.matching, config.cache_dir, freeze=True)
    if snapshot is None:
        return fail(StartupError(f"cannot load the knowledge in {root}: "
                                 f"{KnowledgeError(problems)}"))
    if args.limit < 1:
        return fail(StartupError("--limit must be at least 1"))
    try:
        since = parse_since(args.since) if args.since is not None else None
    except ValueError as exc:
        return fail(StartupError(str(exc)))
    report = find_gaps(path, snapshot.matcher, limit=args.limit, threshold=args.threshold,
                       since=since, include_resolved=args.all)
    if args.json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(report, path))
    return 0


def render(report: GapReport, path: object) -> str:
    s = report.stats
    if not s.files:
        return f"No question log at {path} yet.\n"
    head = (f"{s.questions} questions logged in {len(s.files)} file(s): {s.declined} "
            f"declined, {s.thumbs_down} thumbs down -> {report.groups} group(s)")
    if s.unreadable:
        head += f"; {s.unreadable} unreadable line(s) skipped"
    if s.garbled:
        head += f"; {s.garbled} garbled question(s) (mostly not letters or digits) set aside"
    lines = [head + "."]
    if report.resolved:
        lines.append(f"({report.resolved} group(s) the knowledge now answers are not shown; "
                     "--all shows them.)")
    if not report.gaps:
        lines.append("Nothing to add: no declined or disliked question left.")
    for number, gap in enumerate(report.gaps, 1):
        lines.extend(_gap(number, gap))
    return "\n".join(lines) + "\n"


# Control and format characters a user typed (escape sequences, BEL, direction marks) are
# shown escaped: a logged question must not drive the editor's terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str | None) -> str | None:
    """User text made safe to print to a terminal: control characters escaped (`\\x1b`)."""
    if text is None:
        return None
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _gap(number: int, gap: Gap) -> list[str]:
    what = ", ".join(f"{n} {status}" for status, n in gap.statuses.items())
    disliked = sum(gap.thumbs_down.values())
    if disliked:
        what = f"{what}, {disliked} thumbs down" if what else f"{disliked} thumbs down"
    people = (f", {gap.users} {'person' if gap.users == 1 else 'people'}" if gap.users
              else "")
    lines = ["", f"{number}. \u00ab{shown(gap.question)}\u00bb \u2014 {gap.count} time(s) ({what})"
                 f"{people}; last {gap.last_seen}"]
    if gap.examples:
        lines.append("   also: " + " \u00b7 ".join(f"\u00ab{shown(e)}\u00bb" for e in gap.examples))
    if gap.thumbs_down:
        lines.append("   thumbs down on: " + ", ".join(f"{k} ({n})"
                                                       for k, n in gap.thumbs_down.items()))
    if gap.truncated:
        lines.append("   logged cut: longer than matching.max_question_chars, so never "
                     "answered; only its start is kept")
    if gap.closest_entry:
        lines.append(f"   closest entry: {gap.closest_entry} "
                     f"\u00ab{shown(gap.closest_question)}\u00bb"
                     f" (score {gap.closest_score}); now: {gap.now}")
    else:
        lines.append(f"   closest entry: none; now: {gap.now}")
    if gap.passage:
        p = gap.passage
        draft = f" [draft entry {p['draft_entry']}]" if p.get("draft_entry") else ""
        lines.append(f"   closest passage: {p['article']} {p['sentence']}{draft} "
                     f"\u00ab{_short(str(p['text']))}\u00bb")
    return lines


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
