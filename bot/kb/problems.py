"""Problems found in knowledge files, each tied to a file and line an editor can open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a knowledge file: where, what, and what to do about it."""

    path: Path
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def location(self) -> str:
        path = _display(self.path)
        return f"{path}:{self.line}" if self.line else path

    def __str__(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_json(self) -> dict[str, object]:
        return {
            "path": _display(self.path),
            "line": self.line,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def _display(path: Path) -> str:
    """Paths under the working directory are shown relative, as an editor would type them."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


class KnowledgeError(Exception):
    """Raised when a knowledge base cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        head = f"{len(errors)} problem(s) in the knowledge files"
        super().__init__(head + "".join(f"\n  {p}" for p in errors[:20]))
