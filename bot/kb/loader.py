"""Load a knowledge folder into a validated KnowledgeBase, or report every problem in it.

Layout (one sub-folder per article, nothing assumes there is only one):

    knowledge/
      lexicon.yaml              shared synonyms (optional)
      <slug>/article.txt        the article, verbatim
      <slug>/meta.yaml          title, date, language, source
      <slug>/entries*.yaml      the entries
      <slug>/aliases.yaml       names and spellings for this article (optional)

Problems never stop the walk: an editor sees all of them at once, each with file and line.

An article whose text has no entries at all is an error: that is what a truncated save or a
bad merge leaves, and serving it would turn every answer into "not in the article". An article
kept on purpose without entries says `retired: true` in its meta.yaml.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.kb.article import Article
from bot.kb.layout import (
    ALIASES_FILE,
    ARTICLE_FILE,
    LEXICON_FILE,
    META_FILE,
    entries_files,
)
from bot.kb.model import (
    LANGUAGES,
    ArticleKnowledge,
    ArticleMeta,
    Citation,
    Entry,
    KnowledgeBase,
    Sense,
)
from bot.kb.problems import KnowledgeError, Problem, Severity
from bot.kb.yamlsrc import NodeReader, Text, compose_text, line_of, read_file
from bot.matching.normalize import concept_key, fold

log = logging.getLogger(__name__)


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
ENTRY_REQUIRED = ("id", "citations")
ENTRY_OPTIONAL = ("status", "questions", "answer", "related", "keywords", "notes")
MAX_PARAPHRASE = 300
MAX_ANSWER = 1500


@dataclass
class _Paraphrase:
    folded: str
    entry: str
    path: Path
    line: int


@dataclass(frozen=True)
class _Loaded:
    """An entry with the lines of its parts, for the checks that span several entries."""

    entry: Entry
    id_line: int
    question_lines: dict[str, int]
    related_lines: dict[str, int]


@dataclass
class _Build:
    """What is gathered while walking the files, before the model is frozen."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    digest: hashlib._Hash = field(default_factory=hashlib.sha1)

    def read(self, path: Path) -> str | None:
        text = read_file(path, self.problems)
        if text is not None:
            self.files.append(path)
            self.digest.update(str(path.name).encode() + b"\0" + text.encode() + b"\0")
        return text

    def yaml(self, path: Path) -> yaml.Node | None:
        text = self.read(path)
        return None if text is None else compose_text(text, path, self.problems)


def check_knowledge(root: Path, *, allow_empty: bool = False, allow_dangling: bool = False
                    ) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and validate; the KnowledgeBase is None when any error was found.

    `allow_empty` (`validate --allow-empty`) reports an article without entries as a warning
    instead of an error; `allow_dangling` (`kb add`, whose new entry may be the one a
    `related` id names) does the same for related ids that do not exist.
    """
    build = _Build()
    root = Path(root)
    if not root.is_dir():
        build.problems.append(Problem(root, None, "knowledge folder not found",
                                      "give the folder that holds one sub-folder per article",
                                      code="missing-file"))
        return None, build.problems
    lexicon = _load_concepts(build, root / LEXICON_FILE, required=False)
    articles = []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in folders:
        if not (folder / ARTICLE_FILE).is_file():
            build.problems.append(Problem(
                folder, None, f"no {ARTICLE_FILE} in this folder; skipped",
                "article folders hold article.txt, meta.yaml and entries",
                Severity.WARNING, code="not-an-article"))
            continue
        loaded = _load_article(build, folder, allow_empty=allow_empty,
                               allow_dangling=allow_dangling)
        if loaded:
            articles.append(loaded)
    if not articles and not any(p.severity is Severity.ERROR for p in build.problems):
        build.problems.append(Problem(root, None, "no article folder found",
                                      f"create <slug>/{ARTICLE_FILE} (see `kb init`)",
                                      code="missing-file"))
    _check_concept_conflicts(build, root / LEXICON_FILE, lexicon, articles)
    errors = [p for p in build.problems if p.severity is Severity.ERROR]
    if errors:
        return None, build.problems
    kb = KnowledgeBase(
        articles=tuple(a for a, _ in articles),
        lexicon={k: tuple(t.value for t in v) for k, v in lexicon.items()},
        version=build.digest.hexdigest()[:10],
        root=root,
        warnings=tuple(build.problems),
        files=tuple(build.files),
    )
    return kb, build.problems


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load and validate, raising KnowledgeError with every problem when anything is wrong."""
    kb, problems = check_knowledge(root)
    if kb is None:
        raise KnowledgeError(problems)
    return kb


# --- concepts (lexicon.yaml, aliases.yaml) -------------------------------------------------

def _load_concepts(build: _Build, path: Path, *, required: bool,
                   senses: list[Sense] | None = None) -> dict[str, list[Text]]:
    """The concepts of lexicon.yaml or of an article's aliases.yaml; with `senses`, an
    aliases file may also hold `senses:` (appended to that list)."""
    if not path.is_file():
        if required:
            build.problems.append(Problem(path, None, "file missing", code="missing-file"))
        return {}
    node = build.yaml(path)
    if node is None:
        return {}
    reader = NodeReader(path, build.problems)
    top = reader.mapping(node, "the file")
    if top is None:
        return {}
    if senses is None:
        reader.keys(top, node, "the file", required=("concepts",))
    else:
        reader.keys(top, node, "the file", required=(), optional=("concepts", "senses"))
        if "senses" in top:
            senses.extend(_load_senses(reader, top["senses"][1]))
    if "concepts" not in top:
        return {}
    concepts = reader.mapping(top["concepts"][1], "concepts")
    out: dict[str, list[Text]] = {}
    for name, (key, value) in (concepts or {}).items():
        if not fold(name):
            reader.report(key, f"concept name '{name}' has no letters or digits", code="invalid")
            continue
        variants = reader.texts(value, f"concept '{name}'")
        out[name] = [Text(name, line_of(key)), *variants]
    return out


def _load_senses(reader: NodeReader, node: yaml.Node) -> list[Sense]:
    """`senses:` of an aliases file: a list of {word, after: [...], means}."""
    out: list[Sense] = []
    if not isinstance(node, yaml.SequenceNode):
        reader.report(node, "senses should be a list of {word, after, means}", code="wrong-type")
        return out
    for item in node.value:
        fields = reader.mapping(item, "a sense")
        if fields is None:
            continue
        reader.keys(fields, item, "a sense", required=("word", "after", "means"))
        if not {"word", "after", "means"} <= set(fields):
            continue
        word = reader.text(fields["word"][1], "word")
        means = reader.text(fields["means"][1], "means")
        after = reader.texts(fields["after"][1], "after")
        if word and len(fold(word.value).split()) != 1:
            reader.report(fields["word"][1], f"a sense's word is one word, not {word.value!r}",
                          "name the single word of the question it reads otherwise",
                          code="wrong-value")
            continue
        if word and means and after:
            out.append(Sense(fold(word.value), frozenset(fold(a.value) for a in after),
                             fold(means.value), word.line))
    return out


def _check_concept_conflicts(build: _Build, lexicon_path: Path, lexicon: dict[str, list[Text]],
                             articles: list[tuple[ArticleKnowledge, dict[str, list[Text]]]]
                             ) -> None:
    """A spelling stands for one concept of a file; one that two files list under different
    concepts is read as the word itself (a warning: the editors may mean different things)."""
    sources: list[tuple[Path, dict[str, list[Text]]]] = [(lexicon_path, lexicon)]
    sources.extend((a.folder / ALIASES_FILE, raw) for a, raw in articles if raw)
    seen: dict[tuple[str, ...], tuple[str, Path, int, str]] = {}
    # Every spelling of a concept that reads as one word ("host", "hosts", "hosted"), so
    # that a clash names them all at once rather than one per run of `validate`.
    alike: dict[tuple[Path, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for path, concepts in sources:
        for name, variants in concepts.items():
            for variant in variants:
                if key := concept_key(variant.value):
                    alike[path, name, key].append(variant.value)

    def spellings(path: Path, name: str, key: tuple[str, ...]) -> list[str]:
        return [f"'{v}'" for v in dict.fromkeys(alike[path, name, key])]

    for path, concepts in sources:
        for name, variants in concepts.items():
            keys: set[tuple[str, ...]] = set()
            for variant in variants:
                key = concept_key(variant.value)
                if not key:
                    build.problems.append(Problem(path, variant.line,
                                                  f"'{variant.value}' has no letters or digits",
                                                  code="invalid"))
                    continue
                if key in keys:
                    continue  # the same spelling twice in one concept is harmless
                keys.add(key)
                other = seen.setdefault(key, (name, path, variant.line, variant.value))
                if other[0] == name:
                    continue
                if other[1] == path:
                    # A concept's name is one of its spellings: say so, and which spelling
                    # the clash is with when it reads the same only once endings are ignored
                    # ("commissioning" and the concept "commission").
                    mine = _spelling(variant.value, name)
                    theirs = _spelling(other[3], other[0])
                    same = (f"'{variant.value}'" if other[3] == variant.value
                            else f"{mine}, read the same as {theirs},")
                    build.problems.append(Problem(
                        path, variant.line,
                        f"{same} is listed under '{name}' and under '{other[0]}' "
                        f"({other[1]}:{other[2]})",
                        "a spelling (ignoring case, accents and plural or verb endings) can "
                        "stand for one concept of a file only, and a concept's name is one of "
                        "its spellings: keep the spelling in one place, or rename a concept",
                        code="alias-conflict"))
                else:
                    # Two articles (or an article and the shared lexicon) may mean different
                    # things by one word ("travaux": a study's work, a building site); neither
                    # meaning is imposed on the other's questions.
                    mine = spellings(path, name, key)
                    theirs = spellings(other[1], other[0], key)
                    many = len(mine) > 1
                    build.problems.append(Problem(
                        path, variant.line,
                        f"{', '.join(mine)} {'(read as one word) are' if many else 'is'} "
                        f"listed under '{name}' here and under '{other[0]}' in "
                        f"{other[1]}:{other[2]} ({', '.join(theirs)}); "
                        f"{'they are' if many else 'it is'} read as the word itself in both",
                        "to make it one concept, give the concept the same name in both files",
                        Severity.WARNING, code="alias-shared"))


def _spelling(value: str, name: str) -> str:
    """How an alias conflict names a spelling: the concept's own name, or a listed one."""
    return f"the concept name '{value}'" if value == name else f"'{value}'"


# --- one article folder --------------------------------------------------------------------

def _load_article(build: _Build, folder: Path, *, allow_empty: bool = False,
                  allow_dangling: bool = False
                  ) -> tuple[ArticleKnowledge, dict[str, list[Text]]] | None:
    slug = folder.name
    if not ID_PATTERN.match(slug):
        build.problems.append(Problem(folder, None, f"folder name '{slug}' is not a valid slug",
                                      "use lower-case letters, digits and dashes", code="invalid"))
    before = len(build.problems)
    raw = build.read(folder / ARTICLE_FILE)
    article = Article.parse(raw) if raw is not None else None
    if article is not None and not article.paragraphs:
        build.problems.append(Problem(folder / ARTICLE_FILE, None, "the article has no paragraph",
                                      code="empty"))
        article = None
    meta = _load_meta(build, folder, slug, article)
    senses: list[Sense] = []
    aliases = _load_concepts(build, folder / ALIASES_FILE, required=False, senses=senses)
    files = entries_files(folder)
    if not files:
        build.problems.append(Problem(folder, None, "no entries file",
                                      f"add {folder / 'entries.yaml'} (see `kb init`)",
                                      code="missing-file"))
    loaded: list[_Loaded] = []
    if article is not None:
        start = len(build.problems)
        where: list[int | None] = []
        for path in files:
            entries, line = _load_entries(build, path, slug, article)
            loaded.extend(entries)
            where.append(line)
        _check_cross_entries(build, loaded, allow_dangling=allow_dangling)
        errors = any(p.severity is Severity.ERROR for p in build.problems[start:])
        if files and not loaded and not errors and not (meta and meta.retired):
            build.problems.append(_no_entries(folder, files, where[0], allow_empty=allow_empty))
    if meta is None or article is None or (len(build.problems) > before and any(
        p.severity is Severity.ERROR for p in build.problems[before:]
    )):
        return None
    knowledge = ArticleKnowledge(
        meta=meta, article=article, entries=tuple(item.entry for item in loaded),
        aliases={k: tuple(t.value for t in v) for k, v in aliases.items()}, folder=folder,
        senses=tuple(senses),
    )
    return knowledge, aliases


def _no_entries(folder: Path, files: list[Path], line: int | None, *, allow_empty: bool
                ) -> Problem:
    """The article has text but its entries files hold none (drafts count as entries)."""
    names = " and ".join(p.name for p in files)
    verb = "holds" if len(files) == 1 else "hold"
    return Problem(
        files[0], line,
        f"no entries: {ARTICLE_FILE} has text but {names} {verb} no entry",
        "a truncated save or a bad merge? restore the entries (see `git diff`); to keep the "
        f"article without entries on purpose, add `retired: true` to {folder / META_FILE}, or "
        "check everything else with `python -m bot validate --allow-empty`",
        Severity.WARNING if allow_empty else Severity.ERROR, code="no-entries")


def _load_meta(build: _Build, folder: Path, slug: str, article: Article | None
               ) -> ArticleMeta | None:
    path = folder / META_FILE
    if not path.is_file():
        build.problems.append(Problem(path, None, "file missing",
                                      "write title, date (YYYY-MM), language and source",
                                      code="missing-file"))
        return None
    node = build.yaml(path)
    if node is None:
        return None
    reader = NodeReader(path, build.problems)
    fields = reader.mapping(node, "meta")
    if fields is None:
        return None
    reader.keys(fields, node, "meta", ("title", "date", "language", "source"),
                ("url", "retired"))
    retired = reader.flag(fields["retired"][1], "meta 'retired'") if "retired" in fields else False
    values = {name: reader.text(value, f"meta '{name}'") for name, (_, value) in fields.items()
              if name in ("title", "date", "language", "source", "url")}
    date, language = values.get("date"), values.get("language")
    if date and not DATE_PATTERN.match(date.value):
        reader.report(date.line, f"date '{date.value}' is not YYYY-MM or YYYY-MM-DD",
                      'write it in quotes, e.g. date: "2024-11"', code="invalid")
    if date and article and article.header_date and article.header_date != date.value:
        reader.report(date.line, f"date '{date.value}' differs from the article header "
                                 f"'date {article.header_date}'", code="invalid")
    if language and language.value not in LANGUAGES:
        reader.report(language.line, f"language '{language.value}' is not one of "
                                     f"{', '.join(LANGUAGES)}", code="invalid")
    if any(values.get(k) is None for k in ("title", "date", "language", "source")) or (
            retired is None):
        return None
    url = values.get("url")
    return ArticleMeta(slug=slug, title=values["title"].value, date=values["date"].value,
                       language=values["language"].value, source=values["source"].value,
                       url=url.value if url else None, retired=retired)


def _load_entries(build: _Build, path: Path, slug: str, article: Article
                  ) -> tuple[list[_Loaded], int | None]:
    """The file's entries, and the line of its `entries:` key (None when it has none)."""
    node = build.yaml(path)
    if node is None:
        return [], None
    reader = NodeReader(path, build.problems)
    if isinstance(node, yaml.ScalarNode) and node.value == "":
        return [], None  # an empty file is a valid file with no entries
    top = reader.mapping(node, "the file")
    if top is None:
        return [], None
    reader.keys(top, node, "the file", required=("entries",))
    if "entries" not in top:
        return [], None
    key, items = top["entries"]
    if isinstance(items, yaml.ScalarNode) and items.tag.endswith(":null"):
        return [], line_of(key)
    if not isinstance(items, yaml.SequenceNode):
        reader.report(items, "'entries' should be a list (each item starting with '- ')",
                      code="wrong-type")
        return [], line_of(key)
    entries = []
    for item in items.value:
        loaded = _load_entry(reader, item, slug, article)
        if loaded:
            entries.append(loaded)
    return entries, line_of(key)


def _load_entry(reader: NodeReader, node: yaml.Node, slug: str, article: Article
                ) -> _Loaded | None:
    """The entry as far as it is valid; any problem is reported and fails the whole load."""
    fields = reader.mapping(node, "entry")
    if fields is None:
        return None
    ident = reader.text(fields["id"][1], "id") if "id" in fields else None
    what = f"entry '{ident.value}'" if ident else f"entry at line {line_of(node)}"
    reader.keys(fields, node, what, ENTRY_REQUIRED, ENTRY_OPTIONAL)
    if ident and not ID_PATTERN.match(ident.value):
        reader.report(ident.line, f"{what}: id should use lower-case letters, digits and dashes",
                      code="invalid")
    draft = False
    if "status" in fields:
        status = reader.text(fields["status"][1], f"{what}: status")
        if status and status.value not in ("ready", "draft"):
            reader.report(status.line, f"{what}: status '{status.value}' should be ready or draft",
                          code="invalid")
        draft = bool(status and status.value == "draft")
    questions = _by_language(reader, fields.get("questions"), f"{what}: questions", many=True)
    answers = _by_language(reader, fields.get("answer"), f"{what}: answer", many=False)
    if not draft:
        if "questions" in fields and not any(questions.values()):
            reader.report(fields["questions"][1], f"{what}: no question", code="empty")
        if "questions" not in fields or "answer" not in fields:
            missing = [k for k in ("questions", "answer") if k not in fields]
            reader.report(node, f"{what}: missing {' and '.join(missing)}",
                          "complete it, or mark it 'status: draft'", code="missing-key")
    for texts in questions.values():
        for text in texts:
            if len(text.value) > MAX_PARAPHRASE:
                reader.report(text.line, f"{what}: question longer than {MAX_PARAPHRASE} "
                                         "characters", code="too-long")
    for text in answers.values():
        if len(text.value) > MAX_ANSWER:
            reader.report(text.line, f"{what}: answer longer than {MAX_ANSWER} characters",
                          "state the fact first, briefly", code="too-long")
    citations = []
    if "citations" in fields:
        quotes = reader.texts(fields["citations"][1], f"{what}: citations")
        if not quotes:
            reader.report(fields["citations"][1], f"{what}: no citation", code="empty")
        for quote in quotes:
            if citation := _locate(reader, quote, article, what):
                citations.append(citation)
    related = reader.texts(fields["related"][1], f"{what}: related") if "related" in fields else []
    keywords = (reader.texts(fields["keywords"][1], f"{what}: keywords")
                if "keywords" in fields else [])
    if "notes" in fields:
        reader.text(fields["notes"][1], f"{what}: notes", allow_empty=True)
    if ident is None:
        return None  # nothing to cross-check without an id; the problem is already reported
    entry = Entry(
        id=ident.value, article=slug,
        questions={lang: tuple(t.value for t in texts) for lang, texts in questions.items()},
        answers={lang: t.value for lang, t in answers.items()},
        citations=tuple(citations),
        related=tuple(r.value if "/" in r.value else f"{slug}/{r.value}" for r in related),
        keywords=tuple(k.value for k in keywords), draft=draft, path=reader.path,
        line=line_of(node),
    )
    return _Loaded(entry, ident.line, {t.value: t.line for ts in questions.values() for t in ts},
                   {r.value: r.line for r in related})


def _by_language(reader: NodeReader, pair: tuple[yaml.Node, yaml.Node] | None, what: str, *,
                 many: bool) -> dict:
    if pair is None:
        return {}
    fields = reader.mapping(pair[1], what)
    if fields is None:
        return {}
    reader.keys(fields, pair[1], what, (), LANGUAGES)
    out = {}
    for lang, (_, value) in fields.items():
        if lang not in LANGUAGES:
            continue
        if many:
            out[lang] = reader.texts(value, f"{what} ({lang})")
        elif found := reader.text(value, f"{what} ({lang})"):
            out[lang] = found
    return out


def _locate(reader: NodeReader, quote: Text, article: Article, what: str) -> Citation | None:
    spans = article.find(quote.value)
    if not spans:
        block, passage, score = article.closest(quote.value)
        reader.report(quote.line, f"{what}: citation is not verbatim article text: "
                                  f"\u00ab{_short(quote.value)}\u00bb",
                      f"closest passage ({block.id}, {score:.0f}% alike): "
                      f"\u00ab{_short(passage)}\u00bb; copy the article's words exactly",
                      code="not-verbatim")
        return None
    blocks = sorted({s.block.id for s in spans})
    if len(spans) > 1:
        reader.report(quote.line, f"{what}: citation \u00ab{_short(quote.value)}\u00bb occurs "
                                  f"{len(spans)} times ({', '.join(blocks)})",
                      "quote a few more words so it points to one place", code="ambiguous-quote")
        return None
    span = spans[0]
    return Citation(
        quote=span.text, block_id=span.block.id,
        paragraph=span.block.number if span.block.kind == "paragraph" else None,
        sentence_ids=tuple(s.id for s in span.sentences()), line=quote.line,
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _check_cross_entries(build: _Build, loaded: list[_Loaded], *,
                         allow_dangling: bool = False) -> None:
    """Duplicate ids, one paraphrase in two entries, related ids that do not exist."""
    first: dict[str, _Loaded] = {}
    for item in loaded:
        entry = item.entry
        if entry.id in first:
            other = first[entry.id]
            build.problems.append(Problem(entry.path, item.id_line,
                                          f"duplicate id '{entry.id}' (also at "
                                          f"{other.entry.path}:{other.id_line})",
                                          "ids must be unique within an article",
                                          code="duplicate-id"))
        else:
            first[entry.id] = item
    entries = [item.entry for item in loaded]
    keys = {e.key for e in entries}
    paraphrases: dict[str, _Paraphrase] = {}
    for item in loaded:
        entry = item.entry
        for text, line in item.question_lines.items():
            folded = fold(text)
            seen = paraphrases.get(folded)
            if seen and seen.entry != entry.id:
                build.problems.append(Problem(entry.path, line,
                                              f"question \u00ab{text}\u00bb is also in entry "
                                              f"'{seen.entry}' ({seen.path}:{seen.line})",
                                              "a question should lead to one entry; reword or "
                                              "remove one", code="duplicate-question"))
            elif not seen:
                paraphrases[folded] = _Paraphrase(folded, entry.id, entry.path, line)
        for rel, line in item.related_lines.items():
            key = rel if "/" in rel else f"{entry.article}/{rel}"
            if key == entry.key:
                build.problems.append(Problem(entry.path, line,
                                              f"entry '{entry.id}' lists itself as related",
                                              code="bad-related"))
            elif "/" not in rel and key not in keys:
                close = _closest(rel, [e.id for e in entries])
                build.problems.append(Problem(entry.path, line,
                                              f"related id '{rel}' does not exist",
                                              f"did you mean '{close}'?" if close else "",
                                              Severity.WARNING if allow_dangling
                                              else Severity.ERROR, code="bad-related"))


def _closest(name: str, choices: list[str]) -> str | None:
    from rapidfuzz import process

    found = process.extractOne(name, choices, score_cutoff=60)
    return found[0] if found else None
