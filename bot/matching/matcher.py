"""Decide, for one question, between an answer, a "did you mean", and an honest "not said".

The decision looks at what in the question the best entry does not cover, not only at a
similarity score: a question about German soldiers shares most words with the entry about
American soldiers, but "German" is covered by nothing, so the bot must not answer it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from bot.kb.article import Sentence
from bot.kb.model import Entry
from bot.matching.analyze import Analysis
from bot.matching.index import QTYPE_WEIGHT, Index, IndexedEntry, qtype_term
from bot.matching.lang_data import GATED_QTYPES

# Share of the paraphrase similarity that comes from the wording (characters), not the terms.
WORDING_WEIGHT = 0.2


class Status(StrEnum):
    ANSWERED = "answered"
    AMBIGUOUS = "ambiguous"
    NOT_IN_ARTICLE = "not_in_article"
    OFF_TOPIC = "off_topic"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Decision thresholds; defaults chosen by `scripts/calibrate.py` on the dev questions."""

    min_score: float = 0.55  # below: not confident enough to answer
    min_similarity: float = 0.55  # the closest paraphrase must be at least this alike
    min_coverage: float = 0.5  # weighted share of the question the entry must cover
    min_term_credit: float = 0.5  # each question term must be at least cited by the entry
    answer_credit: float = 0.8  # a term found only in the entry's answer
    cite_credit: float = 0.5  # a term found only in the entry's citations
    context_credit: float = 0.0  # a term found only in the sentences around its citations
    ambiguity_margin: float = 0.04  # rivals closer than this make a "did you mean"
    max_soft_missing: int = 1  # ordinary words an entry may leave uncovered (never STRONG ones)
    max_question_chars: int = 500
    max_candidates: int = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    score: float
    coverage: float
    similarity: float
    paraphrase: str  # the entry's paraphrase most like the question
    missing: tuple[str, ...]  # question terms the entry does not cover
    qtype_ok: bool
    answerable: bool  # nothing decisive is missing and the question type fits


@dataclass(frozen=True, slots=True)
class Passage:
    article: str
    sentence: Sentence
    draft_entry: str | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    status: Status
    reason: str  # short machine-readable why: "matched", "uncovered", "greeting", ...
    analysis: Analysis | None = None
    candidates: tuple[Candidate, ...] = ()  # best first
    passage: Passage | None = None  # closest article passage when not answered
    missing: tuple[str, ...] = field(default=())

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class Matcher:
    def __init__(self, index: Index, settings: MatchSettings | None = None) -> None:
        self.index = index
        self.settings = settings or MatchSettings()

    def match(self, question: str, *, article: str | None = None) -> MatchResult:
        text = " ".join(question.split())
        if not text:
            return MatchResult(Status.INVALID, "empty")
        if len(text) > self.settings.max_question_chars:
            return MatchResult(Status.INVALID, "too-long")
        analysis = self.index.analyzer.analyze(text, correct=True)
        if not analysis.terms:
            reason = "greeting" if analysis.greeting else "no-content"
            return MatchResult(Status.OFF_TOPIC, reason, analysis)
        known = [t for t in analysis.terms if t not in analysis.unknown]
        if not known:
            return MatchResult(Status.OFF_TOPIC, "unknown-words", analysis)
        candidates = self._rank(analysis, article)
        if not candidates:
            return MatchResult(Status.NOT_IN_ARTICLE, "no-entry", analysis, (),
                               self._closest_passage(analysis, article))
        best = candidates[0]
        if not best.answerable or best.coverage < self.settings.min_coverage:
            mostly_unknown = len(analysis.unknown) > len(known)
            status = Status.OFF_TOPIC if mostly_unknown else Status.NOT_IN_ARTICLE
            reason = "qtype" if best.qtype_ok is False and not best.missing else "uncovered"
            return MatchResult(status, reason, analysis, tuple(candidates),
                               self._closest_passage(analysis, article), best.missing)
        if best.score < self.settings.min_score or best.similarity < self.settings.min_similarity:
            return MatchResult(Status.NOT_IN_ARTICLE, "low-score", analysis, tuple(candidates),
                               self._closest_passage(analysis, article))
        rivals = [c for c in candidates[1:]
                  if c.answerable and best.score - c.score < self.settings.ambiguity_margin
                  and c.entry.key not in best.entry.related
                  and best.entry.key not in c.entry.related]
        if rivals:
            return MatchResult(Status.AMBIGUOUS, "close-call", analysis,
                               (best, *rivals, *[c for c in candidates[1:] if c not in rivals]))
        return MatchResult(Status.ANSWERED, "matched", analysis, tuple(candidates))

    def _rank(self, analysis: Analysis, article: str | None) -> list[Candidate]:
        index, settings = self.index, self.settings
        terms = analysis.terms
        weights = {t: index.weight(t) for t in terms}
        total = sum(weights.values())
        positions = {p for t in terms for p in index.postings.get(t, ())}
        overlap: dict[int, float] = defaultdict(float)
        for term in terms:
            for para in index.paraphrases_with(term):
                overlap[para] += weights[term]
        query_weight = total
        if analysis.qtype:
            query_weight += QTYPE_WEIGHT
            for para in index.paraphrases_with(qtype_term(analysis.qtype)):
                if para in overlap:
                    overlap[para] += QTYPE_WEIGHT
        by_entry: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for para, shared in overlap.items():
            dice = 2 * shared / (query_weight + index.para_weight[para])
            by_entry[index.paraphrases[para].entry].append((dice, para))
        best_para = {entry: self._best_paraphrase(analysis, scored)
                     for entry, scored in by_entry.items()}
        out = []
        for position in positions:
            item = index.entries[position]
            if article and item.entry.article != article:
                continue
            credit = {t: self._credit(item, t) for t in terms}
            coverage = sum(weights[t] * credit[t] for t in terms) / total
            similarity, paraphrase = best_para.get(position, (0.0, item.entry.question("fr")))
            missing = tuple(t for t in terms if credit[t] < settings.min_term_credit)
            qtype_ok = not (analysis.qtype in GATED_QTYPES and analysis.qtype not in item.qtypes)
            soft = [t for t in missing if t not in analysis.strong]
            answerable = qtype_ok and (not missing or (
                len(soft) == len(missing) <= settings.max_soft_missing
                and len(terms) - len(missing) >= 2))
            score = 0.6 * coverage + 0.4 * similarity
            out.append(Candidate(item.entry, round(score, 4), round(coverage, 4),
                                 round(similarity, 4), paraphrase, missing, qtype_ok, answerable))
        out.sort(key=lambda c: (c.answerable, c.score), reverse=True)
        return out[: settings.max_candidates]

    def _best_paraphrase(self, analysis: Analysis, scored: list[tuple[float, int]]
                         ) -> tuple[float, str]:
        """The entry's paraphrase most like the question: term overlap first, then wording.

        Term overlap (weighted Dice) says which paraphrases ask the same thing; rapidfuzz's
        character-level ratio breaks ties between them by how the question is worded.
        """
        scored.sort(reverse=True)
        best, text = -1.0, ""
        for dice, para in scored[:3]:
            paraphrase = self.index.paraphrases[para]
            wording = fuzz.token_sort_ratio(analysis.folded, paraphrase.folded) / 100
            similarity = (1 - WORDING_WEIGHT) * dice + WORDING_WEIGHT * wording
            if similarity > best:
                best, text = similarity, paraphrase.text
        return best, text

    def _credit(self, item: IndexedEntry, term: str) -> float:
        if term in item.asked:
            return 1.0
        if term in item.answered:
            return self.settings.answer_credit
        if term in item.cited:
            return self.settings.cite_credit
        if term in item.context:
            return self.settings.context_credit
        return 0.0

    def _closest_passage(self, analysis: Analysis, article: str | None) -> Passage | None:
        """The article sentence sharing the most (weighted) terms with the question."""
        best, best_score = None, 0.0
        for item in self.index.sentences:
            if article and item.article != article:
                continue
            score = sum(self.index.weight(t) for t in analysis.terms if t in item.terms)
            if score > best_score:
                best, best_score = item, score
        return Passage(best.article, best.sentence, best.draft_entry) if best else None
