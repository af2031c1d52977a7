"""Suggestions while a question is being typed: known questions and articles, ranked by fuzzy match.

Front-ends call this on every keystroke (Discord autocomplete gives 3 seconds, users expect far
less), so the paraphrases are folded once per knowledge version and each query is folded once and
scored in C by rapidfuzz. No Discord here: the ranking is plain data, tested on its own.
"""

from __future__ import annotations

import bisect
import math
import threading
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.kb.model import LANGUAGES, Entry, KnowledgeBase
from bot.matching.normalize import fold

MAX_CHOICES = 25  # Discord's limit on autocomplete choices
MAX_CHOICE_CHARS = 100  # Discord's limit on a choice's name and value
ELLIPSIS = "\u2026"
_CUTOFF = 50.0  # a paraphrase must contain about half of what was typed (weighted)
_TYPO_CUTOFF = 75.0  # "soldas" -> "soldats", "combein" -> "combien"
_PREFIX_SCORE = 95.0  # the start of a word, as while typing it
_WHOLE_PREFIX_BONUS = 5.0  # the typed text is the very start of this paraphrase
# Keyword-style paraphrases ("soldats us irak pourquoi") help matching, but read badly in a
# list: a written-out question that matches about as well is offered instead.
_UNTIDY_PENALTY = 10.0
_ARTICLE_CUTOFF = 45.0


@dataclass(frozen=True, slots=True)
class Choice:
    """One suggestion: `name` is shown, `value` is submitted, `key` names what it stands for."""

    name: str
    value: str
    key: str  # entry key ("slug/id") or article slug


def cut(text: str, limit: int, marker: str = ELLIPSIS) -> str:
    """At most `limit` characters; a cut text ends with a visible marker, never silently."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - len(marker)].rstrip() + marker


def cut_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, without marker (a submitted value)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def locale_language(locale: object) -> str | None:
    """"fr" for fr/fr-FR/fr-CA..., "en" for en-US/en-GB...; None for any other locale."""
    value = str(getattr(locale, "value", locale) or "").lower()
    for lang in LANGUAGES:
        if value == lang or value.startswith(lang + "-"):
            return lang
    return None


@dataclass(frozen=True, slots=True)
class _Paraphrase:
    folded: str
    text: str
    entry: int  # position in QuestionSuggester.entries

    @property
    def tidy(self) -> bool:
        """Written out as a question: a capital first, a question mark last."""
        text = self.text.strip()
        return text[:1].isupper() and text.endswith("?")


class _LanguageIndex:
    """Paraphrases of one language, their vocabulary (sorted, for prefix search) and postings."""

    def __init__(self, paraphrases: list[_Paraphrase]) -> None:
        self.paraphrases = paraphrases
        postings: dict[str, set[int]] = {}
        for position, para in enumerate(paraphrases):
            for token in para.folded.split():
                postings.setdefault(token, set()).add(position)
        self.vocabulary = sorted(postings)
        self.postings = [tuple(postings[t]) for t in self.vocabulary]
        total = max(len(paraphrases), 1)
        # Rare words say more about what is asked than "de" or "the".
        self.weights = [math.log(1 + total / len(p)) for p in self.postings]
        self.default_weight = max(self.weights, default=1.0)

    def matches(self, token: str) -> list[tuple[int, float]]:
        """(vocabulary position, similarity 0-100): equal, typed prefix, or close spelling."""
        found = {i: float(score) for _, score, i in process.extract(
            token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF, limit=None)}
        if len(token) >= 2:  # the word being typed: "sold" -> "soldats"
            start = bisect.bisect_left(self.vocabulary, token)
            for i in range(start, len(self.vocabulary)):
                if not self.vocabulary[i].startswith(token):
                    break
                found[i] = max(found.get(i, 0.0), 100.0 if i == start and self.vocabulary[i]
                               == token else _PREFIX_SCORE)
        return list(found.items())


class QuestionSuggester:
    """The ready entries' paraphrases of one knowledge version, indexed once, per language."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries: tuple[Entry, ...] = tuple(e for e in kb.entries if not e.draft)
        self._index: dict[str, _LanguageIndex] = {}
        for lang in LANGUAGES:
            items = []
            for position, entry in enumerate(self.entries):
                # An entry without paraphrases in this language is still offered, in another.
                texts = entry.questions.get(lang) or (entry.question(lang),)
                items.extend(_Paraphrase(fold(t), t, position) for t in texts)
            self._index[lang] = _LanguageIndex(items)

    def suggest(self, typed: str, language: str, *, article: str | None = None,
                limit: int = MAX_CHOICES) -> list[Choice]:
        """Up to `limit` known questions like `typed`, best first, one per entry.

        Each typed word is looked up in the paraphrases' vocabulary (same word, the start of a
        word, or a close spelling); a paraphrase scores the weighted share of typed words it
        contains. With nothing typed yet: each entry's first paraphrase, in the knowledge's
        order (editors put the most useful first).
        """
        index = self._index[language if language in self._index else LANGUAGES[0]]
        query = fold(typed)
        words = list(dict.fromkeys(query.split()))
        ranked: list[tuple[float, int, _Paraphrase]] = []
        if not words:
            ranked = [(0.0, 0, p) for p in index.paraphrases]
        else:
            coverage: dict[int, list[float]] = {}
            weights = []
            for n, word in enumerate(words):
                found = index.matches(word)
                weights.append(max((index.weights[i] for i, _ in found),
                                   default=index.default_weight))
                for i, similarity in found:
                    for para in index.postings[i]:
                        row = coverage.setdefault(para, [0.0] * len(words))
                        row[n] = max(row[n], similarity)
            total = sum(weights)
            for position, row in coverage.items():
                para = index.paraphrases[position]
                score = sum(w * s for w, s in zip(weights, row, strict=True)) / total
                if para.folded.startswith(query):
                    score += _WHOLE_PREFIX_BONUS
                if not para.tidy:
                    score -= _UNTIDY_PENALTY
                if score >= _CUTOFF:
                    ranked.append((-score, len(para.folded), para))
            ranked.sort(key=lambda hit: (hit[0], hit[1], hit[2].entry))
        return self._choices(ranked, article, limit)

    def _choices(self, ranked: list[tuple[float, int, _Paraphrase]], article: str | None,
                 limit: int) -> list[Choice]:
        choices: list[Choice] = []
        seen_entries: set[int] = set()
        seen_names: set[str] = set()
        for _, _, para in ranked:
            entry = self.entries[para.entry]
            if para.entry in seen_entries or (article is not None and entry.article != article):
                continue
            name = cut(para.text, MAX_CHOICE_CHARS)
            if name in seen_names:
                continue
            seen_entries.add(para.entry)
            seen_names.add(name)
            choices.append(Choice(name, cut_words(para.text, MAX_CHOICE_CHARS), entry.key))
            if len(choices) >= limit:
                break
        return choices


class SuggesterCache:
    """One QuestionSuggester per knowledge version: rebuilt only after a reload."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: QuestionSuggester | None = None

    def get(self, kb: KnowledgeBase) -> QuestionSuggester:
        current = self._current
        if current is not None and current.kb is kb:
            return current
        with self._lock:
            if self._current is None or self._current.kb is not kb:
                self._current = QuestionSuggester(kb)
            return self._current


def article_label(kb: KnowledgeBase, slug: str) -> str:
    meta = kb.by_slug[slug].meta
    return f"{meta.title} ({meta.date})"


def suggest_articles(kb: KnowledgeBase, typed: str, *, limit: int = MAX_CHOICES) -> list[Choice]:
    """Articles whose title or folder name is like `typed`; all of them (in order) when empty."""
    slugs = [a.meta.slug for a in kb.articles]
    query = fold(typed)
    if query:
        haystack = [fold(f"{article_label(kb, s)} {s}") for s in slugs]
        hits = process.extract(query, haystack, scorer=fuzz.WRatio, limit=None,
                               score_cutoff=_ARTICLE_CUTOFF)
        slugs = [slugs[position] for _, _, position in sorted(hits, key=lambda h: (-h[1], h[2]))]
    return [Choice(cut(article_label(kb, s), MAX_CHOICE_CHARS), s, s) for s in slugs[:limit]]


def resolve_article(kb: KnowledgeBase, typed: str) -> str | None:
    """The slug a user meant: the slug itself, a title, or a close enough spelling of either."""
    text = typed.strip()
    if text in kb.by_slug:
        return text
    folded = fold(text)
    if not folded:
        return None
    for art in kb.articles:
        names = (art.meta.slug, art.meta.title, article_label(kb, art.meta.slug))
        if folded in {fold(name) for name in names}:
            return art.meta.slug
    best = suggest_articles(kb, text, limit=1)
    if best:
        score = fuzz.WRatio(folded, fold(f"{article_label(kb, best[0].key)} {best[0].key}"))
        if score >= 90:
            return best[0].key
    return None
