"""Write YAML the way editors write it: plain text when safe, quoted only when needed.

New entries are appended as text, never by re-dumping a file, so what editors wrote (order,
comments, quoting) stays exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml


def scalar(text: str) -> str:
    """A one-line YAML scalar that reads back as exactly `text`."""
    if text and text == text.strip() and "\n" not in text and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _reads_back(text: str) -> bool:
    try:
        return (yaml.safe_load(f"k: {text}") == {"k": text}
                and yaml.safe_load(f"- {text}") == [text])
    except yaml.YAMLError:
        return False


@dataclass(frozen=True)
class EntryText:
    """What a new entry holds, before it is rendered as YAML."""

    id: str
    questions: dict[str, list[str]]
    answers: dict[str, str]
    quotes: list[str]
    related: list[str]
    comment: str = ""


def render_entry(entry: EntryText, dash: int = 2, inner: int | None = None) -> str:
    """The entry as a YAML list item: the dash at column `dash`, its keys at column `inner`."""
    inner = dash + 2 if inner is None else inner
    pad, key = " " * dash, " " * inner
    lines = [f"{pad}# {line}".rstrip() for line in entry.comment.splitlines()]
    lines.append(f"{pad}-{' ' * (inner - dash - 1)}id: {entry.id}")
    if entry.questions:
        lines.append(f"{key}questions:")
        for lang, texts in entry.questions.items():
            lines.append(f"{key}  {lang}:")
            lines.extend(f"{key}    - {scalar(t)}" for t in texts)
    if entry.answers:
        lines.append(f"{key}answer:")
        lines.extend(f"{key}  {lang}: {scalar(t)}" for lang, t in entry.answers.items())
    lines.append(f"{key}citations:")
    lines.extend(f"{key}  - {scalar(q)}" for q in entry.quotes)
    if entry.related:
        lines.append(f"{key}related: [{', '.join(entry.related)}]")
    return "\n".join(lines) + "\n"
