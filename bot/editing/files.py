"""Safe edits of knowledge files: check the whole knowledge with the change, then swap it in.

An edit is first applied to a temporary copy of the knowledge folder and loaded there, so a
mistake never reaches the files a running bot is watching. Accepted files are replaced
atomically (temporary file in the same folder, fsync, os.replace): a reader sees the old
file or the new one, never a half-written one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from bot.kb.loader import check_knowledge
from bot.kb.model import KnowledgeBase
from bot.kb.problems import Problem, Severity

log = logging.getLogger(__name__)


class EditRefused(Exception):
    """An edit that was not written, with the problems an editor must fix first."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def check_with_changes(root: Path, changes: Mapping[Path, bytes]
                       ) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate the knowledge as it would be with `changes` (path under root -> new content).

    Problems point at the real paths. The returned knowledge base (None on errors) was read
    from a temporary copy that no longer exists: use it for its entries, not for its paths.
    """
    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="kb-check-") as tmp:
        copy = Path(tmp) / "knowledge"
        if root.is_dir():
            shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"))
        else:
            copy.mkdir()
        for path, data in changes.items():
            target = copy / Path(path).relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        kb, problems = check_knowledge(copy)
        return kb, [_relocate(p, copy, root) for p in problems]


def _relocate(problem: Problem, copy: Path, root: Path) -> Problem:
    try:
        return replace(problem, path=root / problem.path.relative_to(copy))
    except ValueError:
        return problem


def write_atomic(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace a file in one step; refuse when it changed since it was read (`expected`)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            tmp.chmod(path.stat().st_mode & 0o7777)
            if expected is not None and path.read_bytes() != expected:
                raise EditRefused(f"{path} was changed by someone else meanwhile; "
                                  "nothing was written, run the command again")
        else:
            tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    log.info("wrote %s (%d bytes)", path, len(data))


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; some systems cannot open folders, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
