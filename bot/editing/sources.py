"""Where things are written: lines of paraphrases and answers, and of article paragraphs.

The validated model keeps the line of each entry and citation; lint also points at single
paraphrases and paragraphs, so it reads those lines here, the same way the loader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.kb.yamlsrc import compose_text, line_of


@dataclass
class EntryLines:
    line: int
    questions: dict[tuple[str, str], int] = field(default_factory=dict)  # (lang, text) -> line
    answers: dict[str, int] = field(default_factory=dict)


def _text(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return " ".join(str(node.value).split())
    return None


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def entry_lines(path: Path) -> dict[str, EntryLines]:
    """Entry id -> the lines of its parts, for an entries file the loader accepted."""
    try:
        node = compose_text(path.read_text(encoding="utf-8"), path, [])
    except OSError:
        return {}
    items = _mapping(node).get("entries")
    out: dict[str, EntryLines] = {}
    for item in items.value if isinstance(items, yaml.SequenceNode) else ():
        fields = _mapping(item)
        ident = _text(fields["id"]) if "id" in fields else None
        if not ident:
            continue
        lines = out[ident] = EntryLines(line_of(item))
        for lang, value in _mapping(fields.get("questions")).items():
            texts = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for text_node in texts:
                if (text := _text(text_node)) is not None:
                    lines.questions[(lang, text)] = line_of(text_node)
        for lang, value in _mapping(fields.get("answer")).items():
            lines.answers[lang] = line_of(value)
    return out


def block_lines(raw: str) -> list[int]:
    """The first line of each block (paragraph or heading) of an article text, in order.

    Blocks are split exactly as `Article.parse` splits them: at blank lines.
    """
    lines, offset = [], 0
    for piece in re.split(r"(\n\s*\n)", raw):
        if piece.strip() and not re.fullmatch(r"\n\s*\n", piece):
            start = offset + len(piece) - len(piece.lstrip())
            lines.append(raw.count("\n", 0, start) + 1)
        offset += len(piece)
    return lines
