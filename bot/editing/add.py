"""`kb add`: append one new entry to an article's entries file, safely.

The entry is appended as text at the end of the file: nothing editors wrote is re-dumped,
reordered or reformatted, comments included. The new content is checked with the whole
knowledge (in a temporary copy) before the file is atomically replaced; any problem refuses
the edit with its file and line, and the file stays as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.editing.files import EditRefused, check_with_changes, write_atomic
from bot.editing.scaffold import unique_quote
from bot.editing.words import content, slugify
from bot.editing.yamltext import EntryText, render_entry
from bot.kb.article import Article, Sentence
from bot.kb.layout import ENTRIES_GLOB
from bot.kb.loader import ID_PATTERN, check_knowledge
from bot.kb.model import ArticleKnowledge, KnowledgeBase
from bot.kb.problems import Problem, Severity
from bot.kb.yamlsrc import line_of

log = logging.getLogger(__name__)

DEFAULT_FILE = "entries.yaml"


@dataclass(frozen=True)
class NewEntry:
    """What an editor gives for a new entry (from flags or from the prompt)."""

    article: str | None = None  # slug; may be omitted when there is one article
    id: str | None = None  # made from a question when omitted
    questions: dict[str, list[str]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)  # verbatim article text
    sentences: list[str] = field(default_factory=list)  # sentence ids ("p3.2"), cited whole
    related: list[str] = field(default_factory=list)
    file: str | None = None  # entries file name in the article folder


@dataclass(frozen=True)
class AddResult:
    path: Path
    key: str
    line: int  # where the new entry starts
    drafts: tuple[str, ...]  # ids of draft entries that cite the same sentences


def load_for_editing(root: Path) -> KnowledgeBase:
    """The current knowledge; an entry cannot be checked against knowledge that is broken.

    An article without entries, or a related id naming an entry not written yet, is let
    through: adding one is how it gets fixed (the edit is then checked strictly, with the new
    entry)."""
    kb, problems = check_knowledge(root, allow_empty=True, allow_dangling=True)
    if kb is None:
        raise EditRefused("the knowledge has errors already; fix them first (nothing written)",
                          [p for p in problems if p.severity is Severity.ERROR])
    return kb


def pick_article(kb: KnowledgeBase, slug: str | None) -> ArticleKnowledge:
    if slug is None:
        if len(kb.articles) == 1:
            return kb.articles[0]
        raise EditRefused("several articles: choose one with --article "
                          f"({', '.join(kb.by_slug)})")
    if slug not in kb.by_slug:
        raise EditRefused(f"unknown article '{slug}' (known: {', '.join(kb.by_slug)})")
    return kb.by_slug[slug]


def search_sentences(article: Article, query: str, limit: int = 8
                     ) -> list[tuple[Sentence, float]]:
    """Article sentences most like `query`: each query word's best fuzzy match, averaged.

    Words are compared one by one, so order, accents, case and typos ("navete") do not matter.
    A sentence id ("p3.2") picks that sentence.
    """
    sentences = article.sentences
    exact = [s for s in sentences if s.id == query.strip()]
    if exact:
        return [(exact[0], 100.0)]
    wanted = content(query).split()
    if not wanted:
        return []
    scored = []
    for position, sentence in enumerate(sentences):
        words = content(sentence.text).split()
        best = [process.extractOne(w, words, scorer=fuzz.ratio) for w in wanted]
        score = sum(hit[1] for hit in best if hit) / len(wanted)
        scored.append((score, -position, sentence))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [(sentence, score) for score, _, sentence in scored[:limit]]


def suggest_id(art: ArticleKnowledge, new: NewEntry) -> str:
    """An id from the entry's first question (English first: ids are in English), unique."""
    source = next((qs[0] for lang in ("en", "fr") if (qs := new.questions.get(lang))), "entry")
    base = slugify(source) or "entry"
    taken = {e.id for e in art.entries}
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def add_entry(root: Path, new: NewEntry) -> AddResult:
    """Append the entry to its article's entries file; EditRefused explains any refusal."""
    root = Path(root)
    kb = load_for_editing(root)
    art = pick_article(kb, new.article)
    quotes = [*new.quotes, *_sentence_texts(art, new.sentences)]
    missing = [what for what, value in (("a question", any(new.questions.values())),
                                        ("an answer", any(new.answers.values())),
                                        ("a quote", quotes)) if not value]
    if missing:
        raise EditRefused(f"the entry needs {', '.join(missing)}")
    ident = new.id or suggest_id(art, new)
    if not ID_PATTERN.match(ident):
        raise EditRefused(f"id '{ident}' should use lower-case letters, digits and dashes")
    path = _entries_file(art, new.file)
    original = path.read_bytes() if path.exists() else b""
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditRefused(f"{path} is not UTF-8; fix it first") from exc
    entry = EntryText(
        id=ident,
        questions={lang: [q for q in qs if q.strip()] for lang, qs in new.questions.items()
                   if any(q.strip() for q in qs)},
        answers={lang: a for lang, a in new.answers.items() if a.strip()},
        quotes=quotes, related=list(new.related))
    updated, line = append_entry(text, entry, path)
    data = updated.encode("utf-8")
    checked, problems = check_with_changes(root, {path: data})
    errors = [p for p in problems if p.severity is Severity.ERROR]
    key = f"{art.meta.slug}/{ident}"
    if checked is None or key not in checked.by_key:
        raise EditRefused(f"entry '{ident}' was not added to {path}: fix the problems below "
                          "(nothing was written)", errors)
    write_atomic(path, data, expected=original if path.exists() else None)
    cited = {sid for c in checked.by_key[key].citations for sid in c.sentence_ids}
    drafts = tuple(e.id for e in art.entries if e.draft
                   and cited & {sid for c in e.citations for sid in c.sentence_ids})
    log.info("added %s to %s:%d", key, path, line)
    return AddResult(path, key, line, drafts)


def _sentence_texts(art: ArticleKnowledge, ids: list[str]) -> list[str]:
    by_id = {s.id: s for s in art.article.sentences}
    out = []
    for sid in ids:
        if sid not in by_id:
            close = process.extractOne(sid, list(by_id), score_cutoff=50)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise EditRefused(f"article '{art.meta.slug}' has no sentence '{sid}'{hint}")
        quote = unique_quote(art.article, by_id[sid])
        if quote is None:
            raise EditRefused(f"sentence {sid} occurs several times in the article; give "
                              "--quote with a longer passage")
        out.append(quote)
    return out


def _entries_file(art: ArticleKnowledge, name: str | None) -> Path:
    folder = art.folder
    if name is not None:
        path = folder / name
        if path.parent != folder or not path.match(ENTRIES_GLOB):
            raise EditRefused(f"'{name}' is not an entries file name (entries*.yaml in "
                              f"{folder})")
        return path
    existing = sorted(folder.glob(ENTRIES_GLOB))
    if (folder / DEFAULT_FILE).exists() or not existing:
        return folder / DEFAULT_FILE
    return existing[0]


def append_entry(text: str, entry: EntryText, path: Path) -> tuple[str, int]:
    """The file text with the entry appended as a new list item, and the item's line.

    Only the end of the file changes, except for an empty list written `entries: []` (or
    `entries: null`), whose `[]` must go for a block list to follow.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditRefused(f"{path} is not valid YAML; fix it first", [Problem(
            path, _yaml_line(exc), f"YAML error: {exc}", code="yaml-syntax")]) from exc
    dash, inner = 2, 4
    if node is None:
        text = _with_newline(text) + "entries:\n"
    else:
        value = _entries_value(node, path)
        if isinstance(value, yaml.SequenceNode) and not value.flow_style:
            dash = value.start_mark.column
            inner = value.value[0].start_mark.column if value.value else dash + 2
        elif value is None or _is_empty(value):
            if value is not None and value.end_mark.index > value.start_mark.index:
                text = text[: value.start_mark.index] + text[value.end_mark.index:]
        else:
            raise EditRefused(f"{path}: 'entries' is not a block list ('- ' items) at line "
                              f"{line_of(value)}; write it as one to add entries")
    text = _with_newline(text)
    if text and not text.endswith("\n\n") and not text.rstrip().endswith("entries:"):
        text += "\n"
    line = text.count("\n") + 1 + len(entry.comment.splitlines())
    return text + render_entry(entry, dash, max(inner, dash + 2)), line


def _entries_value(node: yaml.Node, path: Path) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        raise EditRefused(f"{path} does not hold an 'entries:' mapping; fix it first")
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "entries":
            return value
    raise EditRefused(f"{path} has no 'entries:' key; fix it first")


def _is_empty(node: yaml.Node) -> bool:
    if isinstance(node, yaml.SequenceNode):
        return not node.value
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark else None
