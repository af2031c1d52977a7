"""What the `kb` commands share: where the knowledge is, and how a refusal is shown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import config_from
from bot.config import Config
from bot.editing.files import EditRefused


def knowledge_root(args: argparse.Namespace) -> tuple[Path, Config]:
    """The folder given on the command line, else the config's (StartupError if invalid)."""
    config = config_from(args)
    given = getattr(args, "knowledge", None) or getattr(args, "knowledge_dir", None)
    return (Path(given) if given else config.knowledge_dir), config


def refused(exc: EditRefused) -> int:
    """Print a refusal and its problems (file:line) on stderr; exit status 1."""
    sys.stderr.write(f"error: {exc.message}\n")
    for problem in exc.problems:
        sys.stderr.write(f"  {problem}\n")
    return 1
