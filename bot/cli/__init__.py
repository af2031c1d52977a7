"""Command line: `python -m bot <command>`; each command imports only what it needs.

The `ask` path never imports discord.py, so a one-off answer starts in a fraction of a second.

`--config` and `-v` are accepted before and after a command (`python -m bot --config c.yaml
ask ...` and `python -m bot ask --config c.yaml ...`): users type them in either place.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from bot import __version__

Handler = Callable[[argparse.Namespace], int]
# Where each level of commands counts its -v, summed by verbosity(): a sub-command's parser
# fills a namespace of its own that then overwrites its parent's values of the same name.
VERBOSE_DESTS = ("verbose", "verbose_command", "verbose_subcommand")


def add_common_options(parser: argparse.ArgumentParser, level: int) -> None:
    """--config and -v on a command's parser; SUPPRESS so that an option absent there leaves
    the value given before the command as it was."""
    parser.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="YAML config file (see config.example.yaml)")
    parser.add_argument("-v", "--verbose", action="count", dest=VERBOSE_DESTS[level],
                        default=argparse.SUPPRESS,
                        help="more log output on stderr (-vv for debug)")


def verbosity(args: argparse.Namespace) -> int:
    """Every -v given, before or after the command."""
    return sum(getattr(args, dest, 0) or 0 for dest in VERBOSE_DESTS)


def _ask(args: argparse.Namespace) -> int:
    from bot.cli.ask import run

    return run(args)


def _chat(args: argparse.Namespace) -> int:
    from bot.cli.chat import run

    return run(args)


def _validate(args: argparse.Namespace) -> int:
    from bot.cli.validate import run

    return run(args)


def _run(args: argparse.Namespace) -> int:
    from bot.cli.run import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answer questions about news articles, citing them verbatim.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output on stderr (-vv for debug)")
    parser.add_argument("--config", type=Path, default=None,
                        help="YAML config file (see config.example.yaml)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_common_options(p, 1)
        p.set_defaults(handler=handler)
        return p

    ask = command("ask", _ask, "answer a question; with none, answer stdin line by line "
                               "as JSON lines")
    ask.add_argument("question", nargs="*", help="the question (quote it in the shell)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--article", help="only answer from this article (its folder name)")
    ask.add_argument("--lang", choices=("fr", "en"), help="answer in this language")
    ask.add_argument("--no-log", action="store_true", help="do not write the question log")
    ask.add_argument("--knowledge", type=Path,
                     help="knowledge folder (default: the config's knowledge_dir)")

    chat = command("chat", _chat, "interactive terminal session")
    chat.add_argument("--article", help="only answer from this article (its folder name)")
    chat.add_argument("--no-log", action="store_true", help="do not write the question log")
    chat.add_argument("--knowledge", type=Path,
                      help="knowledge folder (default: the config's knowledge_dir)")

    validate = command("validate", _validate, "check knowledge files; exit 1 on problems")
    validate.add_argument("knowledge_dir", nargs="?", type=Path,
                          help="knowledge folder (default: from the config)")
    validate.add_argument("--knowledge", type=Path, dest="knowledge_option",
                          help="the same, as the other commands take it")
    validate.add_argument("--json", action="store_true", help="problems as JSON")
    validate.add_argument("--allow-empty", action="store_true",
                          help="an article with text but no entries is a warning, not an "
                               "error")
    validate.add_argument("--strict", action="store_true",
                          help="exit 1 on warnings too: clean means nothing to report")

    run = command("run", _run, "join Discord when DISCORD_TOKEN is set, else chat in the "
                               "terminal")
    run.add_argument("--sync-global", action="store_true",
                     help="also publish the slash commands globally (takes up to an hour)")

    try:
        from bot.cli.kb import add_parser as add_kb_parser
    except ImportError:  # pragma: no cover - editors' tools are optional at this stage
        pass
    else:
        add_kb_parser(sub, command)
    return parser


def setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(max(level, logging.WARNING))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    setup_logging(verbosity(args))
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
