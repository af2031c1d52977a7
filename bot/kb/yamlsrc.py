"""Read YAML as nodes so every value keeps the line it came from.

Only the safe composer is used: no tags are constructed, nothing is executed. Validation
walks the node tree and reports each problem with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import process

from bot.kb.problems import Problem

try:  # libyaml is several times faster; fall back to the pure-Python loader.
    SAFE_LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SAFE_LOADER = yaml.SafeLoader

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean (yes/no/true/false/on/off are booleans in YAML)",
    "tag:yaml.org,2002:null": "nothing (an empty value)",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True, slots=True)
class Text:
    """A string from a YAML file with the line it was written on."""

    value: str
    line: int


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _TYPE_NAMES.get(node.tag, "text")


def _text_hint(node: yaml.Node) -> str:
    """What to write instead, for the usual ways text stops being text in YAML."""
    if isinstance(node, yaml.MappingNode):
        return ('a " : " (colon then space) inside text makes YAML read a key and a value, as '
                'French punctuation often does: put the whole text in quotes, '
                '"Coût : 1,2 million"')
    if isinstance(node, yaml.ScalarNode) and node.tag != STR:
        return ('put it in quotes: "7,6 %"; inside [ ], a comma separates items, so an '
                'unquoted 7,6 is two numbers')
    return ""


def _colon_text(node: yaml.Node) -> yaml.Node:
    """Where a text is expected, "- Qui a dit : « Non » ?" (a list item YAML reads as a
    mapping of one key) is that text, with its colon as written."""
    if not (isinstance(node, yaml.MappingNode) and len(node.value) == 1):
        return node
    key, value = node.value[0]
    if not (isinstance(key, yaml.ScalarNode) and key.tag == STR and not key.style
            and isinstance(value, yaml.ScalarNode) and not value.style and value.value):
        return node
    colon = " : " if value.start_mark.index - key.end_mark.index >= len(" : ") else ": "
    return yaml.ScalarNode(STR, f"{key.value}{colon}{value.value}", node.start_mark,
                           node.end_mark)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


# "fr: Il a réagi : « Non »", "en: He said: no": a colon inside a text, which YAML reads as a
# second key on the line. The value of such a line (after "key: " or "- ") is text.
_COLON_LINE = re.compile(
    r"^(?P<head>\s*(?:-\s+)?(?:[\w.-]+:\s+)?)(?P<value>[^\s'\"|>\[\]{}&*!%@`#-][^#]*?: .*?)\s*$")
_MAX_COLONS = 1000


def _quote_colon(text: str, line: int) -> str | None:
    """The text with the value of one line quoted, if a colon in a text broke that line."""
    lines = text.split("\n")
    found = _COLON_LINE.match(lines[line]) if 0 <= line < len(lines) else None
    if found is None or " #" in found["value"]:
        return None
    value = found["value"].replace("\\", "\\\\").replace('"', '\\"')
    lines[line] = f'{found["head"]}"{value}"'
    return "\n".join(lines)


# A line's value: after "key: ", "- " or "- key: ".
_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s\"'#][^:#]*?:\s+)?(?P<value>\S.*)$")
_DEFAULT_HINT = "check the indentation, and put quotes around text containing ': ' or ' #'"


def _closing(value: str) -> int | None:
    """Where the quotation mark opening `value` closes (YAML's rules), or None."""
    mark, at = value[0], 1
    while at < len(value):
        if mark == '"' and value[at] == "\\":
            at += 2
            continue
        if value[at] == mark:
            if mark == "'" and value[at + 1:at + 2] == "'":  # '' is a quote inside '...'
                at += 2
                continue
            return at
        at += 1
    return None


def _syntax_hint(text: str, line: int) -> str:
    """What most likely broke the YAML near 0-based `line`: a text that starts with a
    quotation mark and goes on after the closing one ("\"Thanks\", she said"), or a quotation
    mark opened above and never closed (reported far below, where YAML gives up)."""
    lines = text.split("\n")
    for number in range(max(0, line - 1), min(len(lines), line + 1)):
        found = _VALUE.match(lines[number])
        value = found["value"] if found else ""
        if value[:1] in ('"', "'"):
            end = _closing(value)
            rest = value[end + 1:].strip() if end is not None else ""
            if rest and not rest.startswith("#"):
                if value[0] == '"':
                    wrapped = "'" + value.replace("'", "''") + "'"
                    inside = "an apostrophe inside is written twice"
                else:
                    wrapped = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    inside = 'a " inside is written \\"'
                return (f"line {number + 1}: the text starts with a quotation mark, so YAML "
                        "reads it as quoted and stops at the closing one; put the whole text "
                        f"in the other quotes ({inside}): {wrapped}")
    opened = _unclosed(text, line)
    if opened is not None:
        found = _VALUE.match(lines[opened])
        mark = found["value"][:1] if found else '"'
        return (f"line {opened + 1} opens a quotation mark ({mark}) that is not closed on "
                "its line; close it there")
    return _DEFAULT_HINT


def _unclosed(text: str, line: int) -> int | None:
    """The first 0-based line above `line` whose value opens a quotation mark it does not
    close on that line, or None."""
    lines = text.split("\n")
    for number in range(min(line, len(lines))):
        found = _VALUE.match(lines[number])
        value = found["value"] if found else ""
        if value[:1] in ('"', "'") and _closing(value) is None:
            return number
    return None


def compose_text(text: str, path: Path, problems: list[Problem]) -> yaml.Node | None:
    """Parse YAML text into a node tree, or report the syntax error with its line.

    A line whose value holds a colon ("Coût : 1,2 million", "He said: no") is read as the
    text it is, as if quoted: YAML would take it for a second key and refuse the file."""
    error: yaml.YAMLError | None = None
    for _ in range(_MAX_COLONS):
        try:
            return yaml.compose(text, Loader=SAFE_LOADER)
        except yaml.YAMLError as exc:
            error = exc
            mark = exc.problem_mark if isinstance(exc, yaml.MarkedYAMLError) else None
            fixed = (_quote_colon(text, mark.line) if mark and str(exc.problem).startswith(
                "mapping values are not allowed") else None)
            if fixed is None:
                break
            text = fixed
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        # a quotation mark left open is reported where YAML gives up, often far below:
        # the problem is where it opens, and the message says where YAML stopped
        opened = _unclosed(text, mark.line) if mark else None
        if opened is not None and mark is not None and opened + 1 != line:
            column = f" (YAML stopped at line {line}{column})"
            line = opened + 1
        problems.append(
            Problem(
                path,
                line,
                f"YAML syntax error{column}: {what}",
                _syntax_hint(text, mark.line) if mark else _DEFAULT_HINT,
                code="yaml-syntax",
            )
        )
    else:
        problems.append(Problem(path, None, f"YAML error: {error}", code="yaml-syntax"))
    return None


def read_file(path: Path, problems: list[Problem]) -> str | None:
    """Read a UTF-8 text file, reporting unreadable or mis-encoded files as problems."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(path, line, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8",
                    code="encoding")
        )
    except OSError as exc:
        problems.append(Problem(path, None, f"cannot read the file: {exc.strerror}", code="io"))
    return None


class NodeReader:
    """Typed accessors over YAML nodes that record a problem instead of raising."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def report(self, node: yaml.Node | int | None, message: str, hint: str = "",
               code: str = "invalid") -> None:
        line = node if isinstance(node, int) or node is None else line_of(node)
        self.problems.append(Problem(self.path, line, message, hint, code=code))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """Keys to (key node, value node); reports non-mappings and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} should be a mapping (key: value pairs), "
                              f"found {describe(node)}", code="wrong-type")
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.report(key, f"{what}: a key must be plain text", code="wrong-type")
                continue
            if key.value in out:
                first = line_of(out[key.value][0])
                self.report(key, f"{what}: key '{key.value}' appears twice (first on line {first})",
                            "keep one of them", code="duplicate-key")
                continue
            out[key.value] = (key, value)
        return out

    def keys(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], node: yaml.Node, what: str,
             required: Iterable[str], optional: Iterable[str] = ()) -> None:
        """Report missing required keys and unknown keys (with the closest known one)."""
        required = list(required)
        known = [*required, *optional]
        for name in required:
            if name not in fields:
                self.report(node, f"{what}: missing key '{name}'", code="missing-key")
        for name, (key, _) in fields.items():
            if name not in known:
                close = process.extractOne(name, known, score_cutoff=60)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
                self.report(key, f"{what}: unknown key '{name}'", hint, code="unknown-key")

    def text(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> Text | None:
        node = _colon_text(node)
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR:
            self.report(node, f"{what} should be text, found {describe(node)}",
                        _text_hint(node), code="wrong-type")
            return None
        value = " ".join(node.value.split())
        if not value and not allow_empty:
            self.report(node, f"{what} is empty", code="empty")
            return None
        return Text(value, line_of(node))

    def flag(self, node: yaml.Node, what: str) -> bool | None:
        """true or false; anything else (even "yes" in quotes) is reported."""
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
            return node.value.lower() in ("true", "yes", "on")
        self.report(node, f"{what} should be true or false, found {describe(node)}",
                    code="wrong-type")
        return None

    def texts(self, node: yaml.Node, what: str) -> list[Text]:
        """A list of texts; a single text is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode) and node.tag == STR:
            found = self.text(node, what)
            return [found] if found else []
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"{what} should be a list of texts, found {describe(node)}",
                        code="wrong-type")
            return []
        out = []
        for item in node.value:
            found = self.text(item, f"{what} item")
            if found:
                out.append(found)
        return out
