"""Which entries can make a question's shortlist, found through its rarest terms first.

Walking, for every question term, every entry of every article that uses it costs a question
time in proportion to the archive. Entries are reached instead from the question's rarest
terms, and a common term's entries are walked only while one of them could still reach the
shortlist: the coverage shares of the entries found so far give a floor no entry below it
makes, and an entry that covers none of the terms already walked has a share at most the
bound below. The coverage of each entry found is the sum the linear scan made, in the same
order, so the shortlist (and every answer) is the one the scan gives.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from bot.kb.pickled import quick_pickle
from bot.matching.index import Index, IndexedEntry, IndexedSentence

# Bounds are compared with this slack: a share summed in another order may differ in its
# last bits, and an entry on the edge is then walked rather than missed.
_SLACK = 1e-9


@quick_pickle
@dataclass(frozen=True, slots=True)
class Postings:
    """The entries that get credit for one term, by position."""

    positions: array  # "i": entry positions, ascending
    credits: array  # "d": what each gets, weighed as its article weighs the term
    heaviest: float  # the most any of their articles weighs the term


class EntryRetrieval:
    """Term postings over the entries, and the bounded walk that finds a shortlist."""

    def __init__(self, index: Index, credit: Callable[[IndexedEntry, str], float],
                 most_credit: float, *, bounded: bool = True) -> None:
        """`credit`: what an entry gets for a term; `most_credit`: the most it can get.
        `bounded`: False walks every entry (the bounds need an entry's own terms to have
        credit, so that an article none of whose entries is walked does not use them)."""
        self.index = index
        self._most_credit = max(most_credit, 0.0)
        self._bounded = bounded
        positions: dict[str, list[int]] = {}
        weighted: dict[str, list[float]] = {}
        heaviest: dict[str, float] = {}
        # Per entry, term -> the credit it gets for it (unweighted).
        self.entry_credits: list[dict[str, float]] = []
        self.article_of: list[str] = []
        self._ranges: dict[str, tuple[int, int]] = {}
        for position, item in enumerate(index.entries):
            article = item.entry.article
            self.article_of.append(article)
            low, _ = self._ranges.get(article, (position, position))
            self._ranges[article] = (low, position + 1)
            credits = {}
            for term in item.asked | item.answered | item.cited | item.context:
                value = credit(item, term)
                if value > 0:
                    credits[term] = value
                    positions.setdefault(term, []).append(position)
            for term, weight in index.weights_in(article, credits).items():
                weighted.setdefault(term, []).append(credits[term] * weight)
                if weight > heaviest.get(term, 0.0):
                    heaviest[term] = weight
            self.entry_credits.append(credits)
        # Entries of an article are contiguous (the knowledge lists them article by
        # article); if they were not, an article's entries are found by a full walk.
        self._contiguous = _contiguous(self._ranges.values())
        self.postings = {term: Postings(array("i", found), array("d", weighted[term]),
                                        heaviest[term])
                         for term, found in positions.items()}
        # The lightest an article weighs a term none of its entries uses (its heaviest).
        self._least_heaviest = min(
            (index.heaviest(slug) for slug in self._ranges), default=1.0)

    def covered(self, terms: tuple[str, ...], article: str | None, *, gap: float,
                size: int) -> dict[int, float]:
        """Entry position -> weighted coverage of the question, for every entry that could
        make the shortlist (share within `gap` of the best one, or among the best `size`).

        Each entry's coverage is summed over the question's terms in their order, as the
        linear scan sums it; entries that cannot make the shortlist may be left out.
        """
        if article is not None:
            if article not in self._ranges:
                return {}
            if self._contiguous:
                return self._walk(terms, *self._ranges[article])
            return {p: c for p, c in self._walk(terms, 0, len(self.article_of)).items()
                    if self.article_of[p] == article}
        if (not self._bounded or len(self._ranges) < 2 or len(set(terms)) != len(terms)
                or not self._contiguous):  # one article: nothing to bound
            return self._walk(terms, 0, len(self.article_of))
        weights: dict[str, dict[str, float]] = {}
        totals: dict[str, float] = {}
        covered: dict[int, float] = {}
        shares: list[float] = []
        walked: set[str] = set()  # articles with an entry found through a walked term

        def add(position: int) -> None:
            slug = self.article_of[position]
            if slug not in weights:
                weights[slug] = {t: self.index.weight(t, slug) for t in terms}
                totals[slug] = sum(weights[slug].values())
            article_weights = weights[slug]
            value = 0.0
            credits = self.entry_credits[position]
            for term in terms:
                credit = credits.get(term)
                if credit is not None:
                    value += credit * article_weights[term]
            covered[position] = value
            shares.append(value / totals[slug])

        order = sorted(terms, key=lambda t: len(self.postings[t].positions)
                       if t in self.postings else 0)
        for done, term in enumerate(order):
            rest = order[done:]
            if covered:
                floor = self._floor(shares, gap, size) - _SLACK
                if self._bound_elsewhere(rest, done, len(terms)) < floor:
                    for slug in sorted(walked):
                        if self._bound_within(slug, rest, weights[slug], totals[slug]) < floor:
                            continue
                        low, high = self._ranges[slug]
                        for other in rest:
                            for position in self._slice(other, low, high):
                                if position not in covered:
                                    add(position)
                    break
            postings = self.postings.get(term)
            if postings is None:
                continue
            for position in postings.positions:
                if position not in covered:
                    add(position)
                    walked.add(self.article_of[position])
        return covered

    def _walk(self, terms: tuple[str, ...], low: int, high: int) -> dict[int, float]:
        """Every entry in [low, high) that covers a term, as the linear scan sums it."""
        covered: dict[int, float] = {}
        for term in terms:
            postings = self.postings.get(term)
            if postings is None:
                continue
            positions, credits = postings.positions, postings.credits
            first, last = 0, len(positions)
            if low > 0 or (positions and positions[-1] >= high):
                first, last = bisect_left(positions, low), bisect_left(positions, high)
            for number in range(first, last):
                position = positions[number]
                covered[position] = covered.get(position, 0.0) + credits[number]
        return covered

    def _slice(self, term: str, low: int, high: int) -> array:
        postings = self.postings.get(term)
        return _between(postings.positions if postings else None, low, high)

    @staticmethod
    def _floor(shares: list[float], gap: float, size: int) -> float:
        """The least share the shortlist can keep, from the shares found so far (the true
        one is at least this: more entries only raise the best and the size-th best)."""
        floor = max(shares) - gap
        if len(shares) >= size:
            floor = max(floor, heapq.nlargest(size, shares)[-1])
        return floor

    def _bound_elsewhere(self, rest: list[str], done: int, count: int) -> float:
        """The most share an entry can have in an article none of whose entries has the
        `done` terms walked: each weighs its heaviest there, at least as much as any of
        the `rest`, and at least the lightest article's heaviest."""
        if not done:
            return float("inf")
        heaviest = sum(self.postings[t].heaviest for t in rest if t in self.postings)
        by_count = len(rest) / count
        by_weight = heaviest / (heaviest + done * self._least_heaviest)
        return self._most_credit * min(by_count, by_weight)

    def _bound_within(self, slug: str, rest: list[str], weights: dict[str, float],
                      total: float) -> float:
        """The most share an entry of this article that has none of the walked terms can
        have: all the rest, at full credit."""
        low, high = self._ranges[slug]
        reach = sum(weights[t] for t in rest if len(self._slice(t, low, high)))
        return self._most_credit * reach / total if total else float("inf")


class SentenceRetrieval:
    """Term postings over the article sentences, for the closest passage to a question."""

    def __init__(self, index: Index) -> None:
        self.index = index
        positions: dict[str, list[int]] = {}
        self._ranges: dict[str, tuple[int, int]] = {}
        for position, item in enumerate(index.sentences):
            low, _ = self._ranges.get(item.article, (position, position))
            self._ranges[item.article] = (low, position + 1)
            for term in item.terms:
                positions.setdefault(term, []).append(position)
        self.postings = {term: array("i", found) for term, found in positions.items()}
        self._contiguous = _contiguous(self._ranges.values())

    def closest(self, readings: list[tuple[float, set[str]]], article: str | None
                ) -> IndexedSentence | None:
        """The first sentence with the highest score, a reading's weight counting when the
        sentence says it one way or another; none when no sentence says any.

        Readings are walked heaviest first; once the weight left unwalked is less than the
        best score found, a sentence saying none of those walked cannot reach it.
        """
        sentences = self.index.sentences
        low, high = 0, len(sentences)
        if article is not None and self._contiguous:
            low, high = self._ranges.get(article, (0, 0))
        scores: dict[int, float] = {}
        order = sorted(range(len(readings)), key=lambda i: -readings[i][0])
        left = math.fsum(weight for weight, _ in readings)
        for number in order:
            if scores and left * (1 + _SLACK) < max(scores.values()):
                break
            for term in readings[number][1]:
                for position in _between(self.postings.get(term), low, high):
                    if position in scores:
                        continue
                    item = sentences[position]
                    if article is not None and item.article != article:
                        continue
                    scores[position] = sum(weight for weight, said in readings
                                           if not said.isdisjoint(item.terms))
            left -= readings[number][0]
        if not scores:
            return None
        best = max(scores, key=lambda p: (scores[p], -p))
        return sentences[best] if scores[best] > 0 else None


def _contiguous(spans: Iterable[tuple[int, int]]) -> bool:
    """Whether these (first, past last) position ranges do not overlap."""
    ordered = sorted(spans)
    return all(a[1] <= b[0] for a, b in pairwise(ordered))


def _between(positions: array | None, low: int, high: int) -> array:
    """The ascending positions in [low, high)."""
    if positions is None:
        return array("i")
    if low <= 0 and (not positions or positions[-1] < high):
        return positions
    return positions[bisect_left(positions, low):bisect_left(positions, high)]
