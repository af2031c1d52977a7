"""`kb`: the editors' commands (init, lint, test, gaps, add).

Only argument parsing lives here, so building the parser stays cheap for every command;
each sub-command imports its module (bot/cli/kb_*.py, then bot/editing/*) when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from bot.cli import add_common_options

Handler = Callable[[argparse.Namespace], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _init(args: argparse.Namespace) -> int:
    from bot.cli.kb_init import run

    return run(args)


def _lint(args: argparse.Namespace) -> int:
    from bot.cli.kb_lint import run

    return run(args)


def _test(args: argparse.Namespace) -> int:
    from bot.cli.kb_test import run

    return run(args)


def _gaps(args: argparse.Namespace) -> int:
    from bot.cli.kb_gaps import run

    return run(args)


def _add(args: argparse.Namespace) -> int:
    from bot.cli.kb_add import run

    return run(args)


def add_parser(sub: argparse._SubParsersAction, command: Command) -> None:
    """Declare `kb` and its sub-commands on the main parser."""
    kb = command("kb", lambda args: _usage(kb), "editors' tools: init, lint, test, gaps, add")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND")

    def kb_command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = kb_sub.add_parser(name, help=help_text, description=help_text)
        # `kb --config X lint` and `kb lint --config X` both work, -v too.
        add_common_options(p, 2)
        p.set_defaults(handler=handler)
        return p

    init = kb_command("init", _init, "create an article folder from a text file: article, "
                                     "metadata, and one draft entry per sentence")
    init.add_argument("article", type=Path, help="the article text (UTF-8; paragraphs "
                                                 "separated by blank lines)")
    init.add_argument("--slug", help="folder name (default: from the title and date)")
    init.add_argument("--title", help="article title (default: from the file name or the "
                                      "first sentence)")
    init.add_argument("--date", help="YYYY-MM or YYYY-MM-DD (default: the 'date' header)")
    init.add_argument("--source", help="where the article comes from")
    init.add_argument("--language", default="fr", choices=("fr", "en"),
                      help="language of the article (default: fr)")
    init.add_argument("--knowledge", type=Path, help="knowledge folder (default: from the "
                                                     "config)")

    lint = kb_command("lint", _lint, "check what validate cannot: every paraphrase finds its "
                                     "entry, competing entries, uncovered sentences, missing "
                                     "languages; exit 1 on errors")
    lint.add_argument("target", nargs="?", metavar="ARTICLE_OR_DIR",
                      help="an article (its folder name) to lint alone, or a knowledge folder "
                           "(default: every article of the config's knowledge folder)")
    lint.add_argument("--knowledge", type=Path, help="knowledge folder (default: from the "
                                                     "config)")
    lint.add_argument("--json", action="store_true", help="the report as JSON")
    lint.add_argument("--margin", type=float,
                      help="required lead over the runner-up (default: config lint.margin)")
    lint.add_argument("--strict", action="store_true",
                      help="exit 1 on warnings too: clean means nothing to report")

    test = kb_command("test", _test, "ask the test questions of <article>/tests.yaml and "
                                     "check what each gets; say what changed since the last "
                                     "run; exit 1 on a failure")
    test.add_argument("article", nargs="?", help="one article (its folder name; default: all)")
    test.add_argument("--json", action="store_true", help="the results as JSON")
    test.add_argument("--knowledge", type=Path, help="knowledge folder (default: from the "
                                                     "config)")

    gaps = kb_command("gaps", _gaps, "what users asked that the bot declined or got a thumbs "
                                     "down for, grouped and ranked, with the closest entry "
                                     "and passage")
    gaps.add_argument("--log", type=Path, help="question log (default: from the config); its "
                                               "rotated files are read too")
    gaps.add_argument("--limit", type=int, default=10, help="groups to show (default: 10)")
    gaps.add_argument("--since", help="only questions from this time on: a date "
                      "(2025-03-01, 2025-03, 2025-03-01T08:00) or a span back (36h, 7d, 2w)")
    gaps.add_argument("--threshold", type=float, default=0.6,
                      help="share of words (typos forgiven) a question must have in common "
                           "with a group to join it, 0-1 (default: 0.6)")
    gaps.add_argument("--all", action="store_true",
                      help="also show groups the current knowledge now answers")
    gaps.add_argument("--json", action="store_true", help="the report as JSON")
    gaps.add_argument("--knowledge", type=Path, help="knowledge folder (default: from the "
                                                     "config)")

    add = kb_command("add", _add, "add an entry from flags, or interactively when no "
                                  "question, answer or quote flag is given")
    add.add_argument("--article", help="article folder name (needed with several articles)")
    add.add_argument("--id", help="entry id (default: made from the question)")
    add.add_argument("--question-fr", action="append", default=[], metavar="TEXT",
                     help="a French way to ask it (repeat for more)")
    add.add_argument("--question-en", action="append", default=[], metavar="TEXT",
                     help="an English way to ask it (repeat for more)")
    add.add_argument("--answer-fr", metavar="TEXT", help="the answer in French")
    add.add_argument("--answer-en", metavar="TEXT", help="the answer in English")
    add.add_argument("--quote", action="append", default=[], metavar="TEXT",
                     help="verbatim article text to cite (repeat for more)")
    add.add_argument("--sentence", action="append", default=[], metavar="ID",
                     help="cite a whole sentence by id, e.g. p3.2 (repeat for more)")
    add.add_argument("--related", action="append", default=[], metavar="ID",
                     help="id of a related entry (repeat for more)")
    add.add_argument("--file", help="entries file in the article folder (default: "
                                    "entries.yaml)")
    add.add_argument("--knowledge", type=Path, help="knowledge folder (default: from the "
                                                    "config)")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
