"""A quotation a question gives ("« On sauve l'usine », c'est qui qui a dit ça ?"): the
article sentence that holds it.

Who said something is the one fact a quotation asks that its words cannot match: the words
are the article's own, the speaker is named beside them. The sentence holding the quotation
names the speaker (the article's sentences keep a quotation with its attribution), so it is
the answer, quoted verbatim like any sentence of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.matching.index import IndexedSentence
from bot.matching.normalize import fold

_QUOTED = re.compile(r"[«“\"]([^«»“”\"]+)[»”\"]")
# Fewer words than this are a phrase many sentences could hold ("« passage en force »"):
# such a quotation tells a sentence only when the article quotes it once, word for word.
MIN_QUOTE_WORDS = 4
MIN_SHORT_QUOTE_WORDS = 2
# A quotation typed from memory may differ from the article's by a letter or an accent.
FUZZY_CUTOFF = 92


def quotations(text: str, fewest: int = MIN_QUOTE_WORDS) -> list[str]:
    """The quotations of a text of at least `fewest` words, longest first."""
    found = [q.strip() for q in _QUOTED.findall(text)]
    return sorted((q for q in found if len(fold(q).split()) >= fewest), key=len, reverse=True)


def without_quotations(text: str) -> str:
    """The text with its quotations left out: what it asks about them."""
    return " ".join(_QUOTED.sub(" ", text).split())


class QuoteFinder:
    """Finds the article sentence that holds a quotation."""

    def __init__(self, sentences: Sequence[IndexedSentence]) -> None:
        self._sentences = sentences
        self._folded: list[str] | None = None  # folded once, at the first quotation asked
        # each sentence's own quotations, folded and padded, once at the first few words asked
        self._quoted: list[tuple[str, ...]] | None = None

    def find(self, quotation: str, article: str | None = None) -> IndexedSentence | None:
        """The sentence holding the quotation word for word (case, accents and punctuation
        aside), else nearly; None when none does, or when sentences of several articles do
        (an archive's copies of one story: the question does not say which)."""
        if self._folded is None:
            self._folded = [fold(s.sentence.text) for s in self._sentences]
        wanted = fold(quotation)
        if not wanted:
            return None
        found = [n for n, text in enumerate(self._folded) if wanted in text
                 and (article is None or self._sentences[n].article == article)]
        if not found:
            choices = {n: text for n, text in enumerate(self._folded)
                       if article is None or self._sentences[n].article == article}
            found = [n for _, _, n in process.extract(
                wanted, choices, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF,
                limit=5)]
        if len({self._sentences[n].article for n in found}) != 1:
            return None
        return self._sentences[min(found)]

    def find_quoted(self, quotation: str, article: str | None = None
                    ) -> IndexedSentence | None:
        """The one sentence quoting these few words word for word inside its own quotation
        marks ("« une saignée »": the union's words); None when no sentence or several do."""
        wanted = f" {fold(quotation)} "
        if wanted.isspace():
            return None
        if self._quoted is None:
            self._quoted = [tuple(f" {fold(q)} " for q in _QUOTED.findall(s.sentence.text))
                            for s in self._sentences]
        found = [s for s, quoted in zip(self._sentences, self._quoted, strict=True)
                 if (article is None or s.article == article)
                 and any(wanted in q for q in quoted)]
        return found[0] if len(found) == 1 else None
