"""The searchable form of a knowledge base, built once per load.

Each entry is reduced to the terms of its paraphrases (what it is asked with), of its answers
and of its citations, and each article sentence to its terms for "closest passage" lookups.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import overload

from bot.kb.article import Article, Sentence
from bot.kb.model import ArticleKnowledge, Entry, KnowledgeBase
from bot.kb.pickled import quick_pickle
from bot.lang import fact_cues
from bot.matching.analyze import Analysis, Analyzer
from bot.matching.facts import (
    ANYONE,
    SAID,
    Facts,
    asked_speaker_terms,
    asks_words,
    described,
    facts_of,
)
from bot.matching.lang_data import COUNT, PEOPLE_COUNTED, SINCE, WHEN, WHY
from bot.matching.normalize import fold
from bot.matching.question_form import YEAR

# A paraphrase's question type counts in similarity like one term of this weight, so that
# "when was X killed" prefers the "when" paraphrases of X's killing over the "how" ones.
QTYPE_WEIGHT = 1.5


@quick_pickle
@dataclass(frozen=True, slots=True)
class Paraphrase:
    language: str
    text: str
    folded: str
    terms: frozenset[str]
    qtype: str | None
    weight: float  # of its terms and question type, for the Dice similarity


class Paraphrases(Sequence[Paraphrase]):
    """An entry's paraphrases as columns, each Paraphrase made when it is read.

    An archive holds hundreds of thousands of paraphrases: one object (and one term set)
    for each was most of the index's memory and of the time to read it from the cache.
    Their terms are the entry's postings, read backwards.
    """

    __slots__ = ("_postings", "folded", "languages", "qtypes", "texts", "weights")

    def __init__(self, languages: tuple[str, ...], texts: tuple[str, ...],
                 folded: tuple[str, ...], qtypes: tuple[str | None, ...], weights: array,
                 postings: Mapping[str, tuple[int, ...]]) -> None:
        self.languages, self.texts, self.folded = languages, texts, folded
        self.qtypes, self.weights, self._postings = qtypes, weights, postings

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, number: int) -> Paraphrase: ...

    @overload
    def __getitem__(self, number: slice) -> Sequence[Paraphrase]: ...

    def __getitem__(self, number: int | slice) -> Paraphrase | Sequence[Paraphrase]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError(number)
        terms = frozenset(t for t, numbers in self._postings.items() if number in numbers)
        return Paraphrase(self.languages[number], self.texts[number], self.folded[number],
                          terms, self.qtypes[number], self.weights[number])

    def __reduce__(self) -> tuple:
        return (Paraphrases, (self.languages, self.texts, self.folded, self.qtypes,
                              self.weights, self._postings))


def pair_key(terms: Iterable[str]) -> str:
    """Two terms said side by side, in either order, as one string (a set of two terms
    per pair was a large share of the index)."""
    return "\x1f".join(sorted(set(terms)))


@quick_pickle
@dataclass(frozen=True, slots=True)
class IndexedEntry:
    entry: Entry
    asked: frozenset[str]  # terms of its paraphrases and keywords
    answered: frozenset[str]  # terms of its answers
    cited: frozenset[str]  # terms of its citations
    context: frozenset[str]  # other terms of the sentences it cites
    qtypes: frozenset[str]
    paraphrases: Paraphrases
    counted: frozenset[str] = frozenset()  # what its "how many" paraphrases count
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict)  # term -> paraphrases
    dated: bool = False  # its answer gives a year
    near: frozenset[str] = frozenset()  # pairs of terms it says side by side (pair_key)
    tells_when: bool = True  # its answer or citations give a date or a time ("when?")
    says: bool = True  # its answer or citations report words ("what did X say?")
    speakers: frozenset[str] = frozenset()  # terms naming who speaks in its citations


@quick_pickle
@dataclass(frozen=True, slots=True)
class IndexedSentence:
    article: str
    sentence: Sentence
    terms: frozenset[str]
    draft_entry: str | None  # key of a draft entry citing it, if any
    # the other sentences of its paragraph and its section's heading: what a reader of the
    # sentence knows from around it ("Ces militaires" are the soldiers of the one before)
    context: frozenset[str] = frozenset()
    facts: Facts = field(default_factory=lambda: Facts(frozenset()))
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)  # term -> rank
    ready_entries: tuple[str, ...] = ()  # keys of the editors' entries citing it
    # what the sentence before names, when this one opens with "Ces", "Il", "They"...
    inherited: frozenset[str] = frozenset()


# What an entry's answer gives, however its paraphrases ask: a year answers "when?", a
# purpose or cause ("pour désamorcer", "because") answers "why?", a number "how many?".
_REASON = re.compile(r"\b(pour|afin|parce|because|in order|so as|to (fight|defuse|end)"
                     r"|dans le cadre|as part of|à la suite|following|en raison|due to)\b",
                     re.IGNORECASE)


# A number that is not a year ("2.500") answers "how many?", of what the words after it say.
_COUNT = re.compile(r"\b(?!(19|20)\d\d\b)\d[\d.,]*\b")
_COUNTED_WORDS = 3
# At most this many words before a title's colon name where the story is ("Irak : ...").
MAX_HEAD = 3


def _answered_qtypes(answers: str) -> frozenset[str]:
    return frozenset(qtype for qtype, pattern in ((WHEN, YEAR), (WHY, _REASON), (COUNT, _COUNT))
                     if pattern.search(answers))


class Index:
    """Entries, paraphrases and sentences as term sets, with term weights."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._identities: dict[str, dict[str, frozenset[str]]] = {}  # see _who_is
        self._facts_in: dict[tuple[str, str], Facts] = {}  # see _facts
        ready = [e for e in kb.entries if not e.draft]
        texts = [q for e in kb.entries for qs in e.questions.values() for q in qs]
        texts += [a for e in kb.entries for a in e.answers.values()]
        texts += [k for e in kb.entries for k in e.keywords]
        texts += [b.text for a in kb.articles for b in a.article.blocks]
        self.analyzer = Analyzer(kb.concepts(), texts, _language_vocabulary(ready),
                                 names=[name for a in kb.articles for name in a.aliases],
                                 senses=[s for a in kb.articles for s in a.senses],
                                 contested=kb.contested())
        # Where each article takes place ("Chambéry", "Irak"): every entry of it is about
        # there, whether or not its editor repeated the name.
        self.settings = {a.meta.slug: _setting(a, self.analyzer) for a in kb.articles}
        analysed = [self._analyse(kb, entry) for entry in ready]
        # Weights first (they need every entry), then the frozen paraphrases that use them.
        # A term weighs by its rarity among its own article's entries, so that adding an
        # article never moves another article's answers; the global weights serve where no
        # article is concerned.
        frequency: dict[str, int] = defaultdict(int)
        by_article: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        sizes: dict[str, int] = defaultdict(int)
        for entry, (asked, answered, *_) in zip(ready, analysed, strict=True):
            sizes[entry.article] += 1
            for term in asked | answered:
                frequency[term] += 1
                by_article[entry.article][term] += 1
        self._max_weight, self.weights = _idf(frequency, len(ready))
        self._article_weights = {slug: _idf(counts, sizes[slug])
                                 for slug, counts in by_article.items()}
        # The article's sentences first: the entries citing them read what they report.
        self.sentences = _index_sentences(kb, self.analyzer, self._facts)
        self.entries: list[IndexedEntry] = []
        for entry, (asked, answered, cited, context, raw, near, told_by) in zip(
                ready, analysed, strict=True):
            postings: dict[str, list[int]] = defaultdict(list)
            for number, (_, _, _, terms, _, _) in enumerate(raw):
                for term in terms:
                    postings[term].append(number)
            frozen_postings = {term: tuple(numbers) for term, numbers in postings.items()}
            paraphrases = Paraphrases(
                tuple(lang for lang, *_ in raw), tuple(text for _, text, *_ in raw),
                tuple(folded for _, _, folded, *_ in raw),
                tuple(qtype for *_, qtype, _ in raw),
                # fsum: the same total whatever the set's order (hash seed)
                array("d", (math.fsum(self.weight(t, entry.article) for t in terms)
                            + (QTYPE_WEIGHT if qtype else 0.0)
                            for _, _, _, terms, qtype, _ in raw)),
                frozen_postings)
            answer_qtypes = _answered_qtypes(" ".join(entry.answers.values()))
            self.entries.append(IndexedEntry(
                entry, asked, answered, cited, context,
                frozenset(q for q in paraphrases.qtypes if q) | answer_qtypes,
                paraphrases,
                # what its "how many" paraphrases count, else what its answer's numbers do
                frozenset(counted for *_, counted in raw if counted)
                or self._counted_in_answers(entry),
                frozen_postings, WHEN in answer_qtypes, near,  # dated: its answer gives a year
                not {WHEN, SINCE}.isdisjoint(facts_of(" ".join([
                    *entry.answers.values(), *(c.quote for c in entry.citations)]),
                    lambda text: ()).kinds), *self._reported(kb, entry, told_by)))
        # Paraphrases made only of function words ("Qu'est-ce qui s'est passé ?") cannot be
        # matched by terms; questions without terms are compared with them by wording.
        self.termless = [(item, item.paraphrases[number]) for item in self.entries
                         for number in _termless(item)]
        self._identities, self._facts_in = {}, {}  # needed while building only
        # Per article, how rare each term is among its sentences: what a sentence answer
        # weighs a question's terms by, untouched by other articles.
        self.sentence_weights: dict[str, dict[str, float]] = {}
        by_article: dict[str, list[IndexedSentence]] = defaultdict(list)
        for item in self.sentences:
            by_article[item.article].append(item)
        for slug, items in by_article.items():
            counts: dict[str, int] = defaultdict(int)
            for item in items:
                for term in item.terms | item.context:
                    counts[term] += 1
            total = len(items)
            self.sentence_weights[slug] = {
                t: 1.0 + math.log((total + 1) / (1 + n)) for t, n in counts.items()}

    def _counted_in_answers(self, entry: Entry) -> frozenset[str]:
        """What the numbers of an entry's answers count: the terms of the few words after
        each ("2.500 soldats américains"), so "how many fighters" is not answered by them."""
        return frozenset(
            term for answer in entry.answers.values() for number in _COUNT.finditer(answer)
            for term in self.analyzer.analyze(
                " ".join(answer[number.end():].split()[:_COUNTED_WORDS])).terms)

    def _analyse(self, kb: KnowledgeBase, entry: Entry) -> tuple:
        """Term sets of one entry: asked, answered, cited, context, and raw paraphrases."""
        analyze = self.analyzer.analyze
        raw, bonded = [], []
        for lang, questions in entry.questions.items():
            for text in questions:
                found = analyze(text)
                bonded.append(found)
                raw.append((lang, text, found.folded, frozenset(found.terms), found.qtype,
                            PEOPLE_COUNTED if found.counts_people else found.counted))
        asked = {t for _, _, _, terms, _, _ in raw for t in terms}
        keywords = [analyze(k) for k in entry.keywords]
        asked.update(t for found in keywords for t in found.terms)
        answers = [analyze(a) for a in entry.answers.values()]
        answered = {t for found in answers for t in found.terms}
        quotes = [analyze(c.quote) for c in entry.citations]
        cited = {t for found in quotes for t in found.terms} | self.settings.get(
            entry.article, frozenset())
        # A name spelled by several words also says its words: "le président sortant" (an
        # alias of Kralj) says "président" and "sortant" to a reader asking for them.
        for found in quotes:
            if found.widths:
                words = found.folded.split()
                cited.update(t for at, width in found.widths for word in words[at:at + width]
                             for t in analyze(word).terms)
        # Terms said side by side anywhere in the entry: a role and what it is held in.
        near = {pair_key(bond) for found in (*bonded, *keywords, *answers, *quotes)
                for bond in found.bonds}
        article = kb.by_slug[entry.article].article
        context = {t for c in entry.citations for sid in c.sentence_ids
                   for t in analyze(_sentence(article, sid)).terms} - cited
        # What its paraphrases ask someone's words about: the editor says it reports them,
        # and whose ("Que disait Trump pendant la campagne ?").
        told_by = [frozenset(asked_speaker_terms(found)) for found in bonded
                   if asks_words(found.folded, found.qtype)]
        return (frozenset(asked), frozenset(answered), frozenset(cited), frozenset(context),
                raw, frozenset(near), told_by)

    def _reported(self, kb: KnowledgeBase, entry: Entry, told_by: list[frozenset[str]]
                  ) -> tuple[bool, frozenset[str]]:
        """Whether an entry reports words, and the terms naming who speaks: as the
        sentences it cites say (whole: a quote may begin after the speaker's name), or as
        its paraphrases ask (`told_by`: the editor's word). Not its answers: they are
        reworded, and their quotation marks mark the article's words."""
        article = kb.by_slug[entry.article].article
        texts = dict.fromkeys(text for c in entry.citations for text in (
            [_sentence(article, sid) for sid in c.sentence_ids] or [c.quote]))
        facts = [self._facts(entry.article, text) for text in texts]
        return (bool(told_by) or any(SAID in f.kinds for f in facts),
                frozenset().union(*(f.speakers for f in facts),
                                  self._who_is(entry.article, frozenset().union(*told_by))))

    def _facts(self, slug: str, text: str) -> Facts:
        """What kinds of fact a sentence of an article states, its speakers with what the
        article calls them; once per sentence (entries cite the sentences indexed), and
        per article: another article's same words name its own people."""
        found = self._facts_in.get((slug, text))
        if found is None:
            found = facts_of(text, self._phrase_terms)
            if found.speakers:
                found = replace(found, speakers=self._who_is(slug, found.speakers))
            self._facts_in[slug, text] = found
        return found

    def _who_is(self, slug: str, speakers: frozenset[str]) -> frozenset[str]:
        """Speakers' terms, with what the article says they are: "Cheikh Ould Elemine"
        is also "le ministre mauritanien" where it calls him so."""
        if not speakers or speakers == {ANYONE}:
            return speakers
        known = self._identities.get(slug)
        if known is None:
            found: dict[str, set[str]] = defaultdict(set)
            for sentence in self.kb.by_slug[slug].article.sentences:
                for name, description in described(sentence.text):
                    for term in self._phrase_terms(name):
                        found[term].update(self._phrase_terms(description))
            known = self._identities[slug] = {k: frozenset(v) for k, v in found.items()}
        return speakers.union(*(known.get(term, ()) for term in speakers))

    def _phrase_terms(self, text: str) -> tuple[str, ...]:
        return self.analyzer.analyze(text).terms

    def weight(self, term: str, article: str | None = None) -> float:
        """Rarer terms weigh more; a term the knowledge never uses weighs the most. With an
        article, rarity among that article's entries only."""
        if article is not None and article in self._article_weights:
            heaviest, weights = self._article_weights[article]
            return weights.get(term, heaviest)
        return self.weights.get(term, self._max_weight)

    def weights_in(self, article: str, terms: Iterable[str]) -> dict[str, float]:
        """weight(term, article) of each term, in one call."""
        if article in self._article_weights:
            heaviest, weights = self._article_weights[article]
            return {t: weights.get(t, heaviest) for t in terms}
        return {t: self.weights.get(t, self._max_weight) for t in terms}

    def heaviest(self, article: str) -> float:
        """What an article weighs a term none of its entries uses: the most it weighs any."""
        if article in self._article_weights:
            return self._article_weights[article][0]
        return self._max_weight


def _termless(item: IndexedEntry) -> list[int]:
    """Numbers of the entry's paraphrases that have no term."""
    said = {number for numbers in item.postings.values() for number in numbers}
    return [number for number in range(len(item.paraphrases)) if number not in said]


def _idf(frequency: dict[str, int], count: int) -> tuple[float, dict[str, float]]:
    """(weight of an unseen term, term -> weight) for `count` entries."""
    count = max(count, 1)
    return (1.0 + math.log(count + 1),
            {t: 1.0 + math.log((count + 1) / (1 + n)) for t, n in frequency.items()})


def _setting(knowledge: ArticleKnowledge, analyzer: Analyzer) -> frozenset[str]:
    """The places an article is set in, from its title: names that open it before a colon
    ("Chambéry : le conseil...", "Crues en Ardèche : ...") or follow a place word in it
    ("... toujours en Irak")."""
    cues = fact_cues().words.get("place_before", frozenset())
    title = knowledge.meta.title
    head, colon, _ = title.partition(":")
    opening = len(fold(head).split()) if colon and len(fold(head).split()) <= MAX_HEAD else 0
    found = analyzer.analyze(title)
    words = found.folded.split()
    return frozenset(term for position, term in found.placed
                     if analyzer.is_name(term) and (
                         position < opening or (position and words[position - 1] in cues)))


def _sentence(article: Article, sentence_id: str) -> str:
    block = article.by_id[sentence_id.split(".", maxsplit=1)[0]]
    return next(s.text for s in block.sentences if s.id == sentence_id)


def _language_vocabulary(entries: list[Entry]) -> dict[str, str]:
    """Words that occur in the paraphrases and answers of one language only."""
    seen: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for lang, questions in entry.questions.items():
            for text in questions:
                for word in fold(text).split():
                    seen[word].add(lang)
        for lang, text in entry.answers.items():
            for word in fold(text).split():
                seen[word].add(lang)
    return {word: next(iter(langs)) for word, langs in seen.items() if len(langs) == 1}


def _left_out(found: Analysis, exclusion: frozenset[str]) -> set[str]:
    """Terms a text names only to leave them out: "la France (hors Mayotte)" does not speak
    of Mayotte. The term right after an exclusion word, if said nowhere else in the text."""
    words = found.folded.split()
    placed = dict(found.placed)
    out = set()
    for i, word in enumerate(words):
        if word in exclusion:
            after = next((placed[j] for j in range(i + 1, min(i + 3, len(words))) if j in placed),
                         None)
            if after is not None and sum(t == after for t in placed.values()) == 1:
                out.add(after)
    return out


def _index_sentences(kb: KnowledgeBase, analyzer: Analyzer,
                     facts_for: Callable[[str, str], Facts]) -> list[IndexedSentence]:
    drafts: dict[tuple[str, str], str] = {}
    ready: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in kb.entries:
        for citation in entry.citations:
            for sid in citation.sentence_ids:
                if entry.draft:
                    drafts.setdefault((entry.article, sid), entry.key)
                else:
                    ready[entry.article, sid].append(entry.key)

    words: dict[str, tuple[str, ...]] = {}

    def word_terms(text: str) -> set[str]:
        """The terms of each word alone: "président américain élu" is a concept of its
        own, and also says "américain" to a question asking about the American leader."""
        out: set[str] = set()
        for word in fold(text).split():
            if word not in words:
                words[word] = analyzer.analyze(word).terms
            out.update(words[word])
        return out

    anaphora = fact_cues().words.get("anaphora", frozenset())
    exclusion = fact_cues().words.get("exclusion", frozenset())
    out = []
    for art in kb.articles:
        slug = art.meta.slug
        analysed = {s.id: analyzer.analyze(s.text) for s in art.article.sentences}
        headings = {b.text: b.sentences[0].id for b in art.article.blocks if b.kind == "heading"}
        for block in art.article.blocks:
            around = set()
            if block.section in headings:
                around.update(analysed[headings[block.section]].terms)
            for sentence in block.sentences:
                around.update(analysed[sentence.id].terms)
            previous: frozenset[str] = frozenset()
            for sentence in block.sentences:
                found = analysed[sentence.id]
                positions: dict[str, list[int]] = defaultdict(list)
                for rank, (_, term) in enumerate(found.placed):
                    positions[term].append(rank)
                terms = (frozenset(found.terms) | word_terms(sentence.text)) - _left_out(
                    found, exclusion)
                opening = fold(sentence.text).split()[:1]
                inherited = previous - terms if opening and opening[0] in anaphora else (
                    frozenset())
                facts = facts_for(slug, sentence.text)
                out.append(IndexedSentence(
                    slug, sentence, terms, drafts.get((slug, sentence.id)),
                    frozenset(around) - terms, facts,
                    {t: tuple(p) for t, p in positions.items()},
                    tuple(ready.get((slug, sentence.id), ())), inherited))
                previous = terms
    return out
