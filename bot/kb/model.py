"""The validated knowledge model: what the loader produces and the matcher indexes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.kb.article import Article
from bot.kb.pickled import quick_pickle
from bot.kb.problems import Problem
from bot.matching.normalize import concept_key, fold

# a word as an article writes it: letters, inner hyphens ("sapeurs-pompiers")
_LOWER_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

LANGUAGES = ("fr", "en")


@quick_pickle
@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim quote of the article, located: block ("p3"), paragraph number, sentences."""

    quote: str
    block_id: str
    paragraph: int | None  # None when the quote is a heading
    sentence_ids: tuple[str, ...]
    line: int | None = None  # where the editor wrote it


@quick_pickle
@dataclass(frozen=True, slots=True)
class Entry:
    """One fact of an article: how people ask it, the answer, and where the article says it."""

    id: str
    article: str  # article slug
    questions: dict[str, tuple[str, ...]]  # language -> paraphrases
    answers: dict[str, str]  # language -> short answer
    citations: tuple[Citation, ...]
    related: tuple[str, ...] = ()  # entry keys
    keywords: tuple[str, ...] = ()
    draft: bool = False
    path: Path | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        """Unique across articles: "slug/id"."""
        return f"{self.article}/{self.id}"

    def question(self, language: str) -> str:
        """The entry's first paraphrase in a language, falling back to any language."""
        for lang in (language, *LANGUAGES):
            if self.questions.get(lang):
                return self.questions[lang][0]
        return self.citations[0].quote if self.citations else self.id

    def answer(self, language: str) -> tuple[str, str]:
        """(answer, its language): the asked language when written, else the other one."""
        for lang in (language, *LANGUAGES):
            if lang in self.answers:
                return self.answers[lang], lang
        return (self.citations[0].quote, "fr") if self.citations else ("", language)


@dataclass(frozen=True, slots=True)
class Sense:
    """An article's reading of one of its words after some words: in an article about a
    president, "quel mandat", "son premier mandat" is his term of office, not a warrant."""

    word: str  # folded
    after: frozenset[str]  # folded words that select this sense when just before it
    means: str  # the word whose meaning it takes
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    slug: str
    title: str
    date: str
    language: str
    source: str
    url: str | None = None
    # Kept on purpose with no entries (or losing most of them in one edit): see the loader
    # and AnswerService.reload, which otherwise take that for a truncated save.
    retired: bool = False


@dataclass(frozen=True)
class ArticleKnowledge:
    """One article folder: metadata, text, entries and its own aliases."""

    meta: ArticleMeta
    article: Article
    entries: tuple[Entry, ...]
    aliases: dict[str, tuple[str, ...]]
    folder: Path
    senses: tuple[Sense, ...] = ()  # from aliases.yaml


@dataclass(frozen=True)
class KnowledgeBase:
    """Every article and entry, plus the shared lexicon; immutable once loaded."""

    articles: tuple[ArticleKnowledge, ...]
    lexicon: dict[str, tuple[str, ...]]
    version: str
    root: Path
    warnings: tuple[Problem, ...] = ()
    files: tuple[Path, ...] = field(default=(), repr=False)

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for a in self.articles for e in a.entries)

    @cached_property
    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}

    @cached_property
    def by_slug(self) -> dict[str, ArticleKnowledge]:
        return {a.meta.slug: a for a in self.articles}

    @cached_property
    def offered(self) -> tuple[ArticleKnowledge, ...]:
        """The articles a reply may name, the most recent first (by date, then slug): not
        the retired ones, unless all are."""
        pool = [a for a in self.articles if not a.meta.retired] or list(self.articles)
        return tuple(sorted(pool, key=lambda a: (a.meta.date, a.meta.slug), reverse=True))

    def concepts(self) -> dict[str, tuple[str, ...]]:
        """Shared lexicon and every article's aliases, merged by concept name (the spellings
        two of them list under different concepts are among them: see `contested`)."""
        merged: dict[str, list[str]] = {k: list(v) for k, v in self.lexicon.items()}
        for art in self.articles:
            for canon, variants in art.aliases.items():
                merged.setdefault(canon, []).extend(variants)
        return {k: tuple(v) for k, v in merged.items()}

    def contested(self) -> frozenset[tuple[str, ...]]:
        """Spellings (concept keys) that two files list under different concepts: "travaux"
        a study's work in one article, a building site in another. Each is read as the word
        itself, so that no article's meaning is imposed on another's questions."""
        owners: dict[tuple[str, ...], set[str]] = {}
        for concepts in (self.lexicon, *(a.aliases for a in self.articles)):
            for name, variants in concepts.items():
                for variant in (name, *variants):
                    key = concept_key(variant)
                    if key:
                        owners.setdefault(key, set()).add(name)
        contested = {key for key, names in owners.items() if len(names) > 1}
        return frozenset(contested | self._names_written_as_words())

    def _names_written_as_words(self) -> set[tuple[str, ...]]:
        """One-word names of an article's aliases ("Gardiens", the Revolutionary Guards)
        that another article's text writes as an ordinary word ("un seul gardien de nuit"):
        there the word is the word, not the first article's name."""
        names: dict[tuple[str, ...], set[str]] = {}  # key -> articles naming it so
        for art in self.articles:
            for variants in art.aliases.values():
                for variant in variants:
                    key = concept_key(variant)
                    if variant[:1].isupper() and len(key) == 1 and len(key[0]) >= 3:
                        names.setdefault(key, set()).add(art.meta.slug)
        if not names:
            return set()
        firsts = {key[0][:3] for key in names}
        found: set[tuple[str, ...]] = set()
        for art in self.articles:
            text = " ".join(block.text for block in art.article.blocks)
            for word in _LOWER_WORD.findall(text):
                if word[:1].islower() and fold(word)[:3] in firsts:
                    key = concept_key(word)
                    if key in names and names[key] - {art.meta.slug}:
                        found.add(key)
        return found
