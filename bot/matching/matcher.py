"""Decide, for one question, between an answer, a "did you mean", and an honest "not said".

The decision looks at what in the question the best entry does not cover, not only at a
similarity score: a question about German soldiers shares most words with the entry about
American soldiers, but "German" is covered by nothing, so the bot must not answer it.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain

from rapidfuzz import fuzz

from bot.kb.article import Block, Sentence
from bot.kb.model import Entry
from bot.lang import fact_cues
from bot.matching.analyze import CONCEPT_PREFIX, Analysis, concept_term
from bot.matching.facts import asks_words
from bot.matching.index import QTYPE_WEIGHT, Index, IndexedEntry, Paraphrase, pair_key
from bot.matching.lang_data import (
    GATED_QTYPES,
    LEADING,
    PEOPLE_COUNTED,
    RELATIONAL,
    STRONG,
    THANKS,
    WHAT,
    WHEN,
    WHO,
)
from bot.matching.normalize import QUOTE_MARKS, fold
from bot.matching.passages import Judged, SentenceAnswerer, SentenceMatch
from bot.matching.quotes import (
    MIN_SHORT_QUOTE_WORDS,
    QuoteFinder,
    quotations,
    without_quotations,
)
from bot.matching.retrieval import EntryRetrieval, SentenceRetrieval
from bot.matching.summary import names_article, summary_topic

# Share of the paraphrase similarity that comes from the wording (characters), not the terms.
WORDING_WEIGHT = 0.2
# Paraphrases are compared only for entries whose coverage is within this share of the best
# one, at most SHORTLIST_SIZE of them: the others cannot win.
SHORTLIST_COVERAGE = 0.35
SHORTLIST_SIZE = 12
# A word said in at least this many of an article's blocks, and this share of them, is
# what the article is about all along (`_topic_terms`).
TOPIC_BLOCKS = 3
TOPIC_SHARE = 0.4
# How alike (rapidfuzz ratio) a question without content words must be to a paraphrase
# without content words to be answered by it.
WORDING_MATCH = 0.9
# A sum or product to work out (not a date "2024-11", a range "2025-2026" or "2.500").
ARITHMETIC = re.compile(r"(?<![\d.,])\d{1,6}\s*[+*×÷^]\s*\d{1,6}(?![\d.,])"
                        r"|(?<![\d.,])\d{1,6}\s*x\s*\d{1,6}(?![\d.,])")
# "7 fois 8", "12 divided by 4": the operator words of every language (facts.yaml)
_OPERATORS = "|".join(sorted(fact_cues().words.get("arithmetic", ())))
_OPERATION = re.compile(rf"(?<![\d.,])\d{{1,6}} (?:{_OPERATORS})(?: \w+)? \d{{1,6}}(?![\d.,])")


# Declines for which a sentence of the article may still answer: nothing an editor wrote
# covers the question, but the article may say it.
_SENTENCE_REASONS = frozenset({"no-entry", "uncovered", "low-score", "qtype", "unknown-words"})


# Words that change the fact asked, or ask for a role: a synonym group spelling one of them
# is never a mere word of the question ("which party", "who led").
_FACT_WORDS = STRONG | RELATIONAL | LEADING


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
    ambiguity_margin: float = 0.03  # rivals closer than this make a "did you mean"
    max_soft_missing: int = 2  # ordinary words an entry may leave uncovered (never STRONG ones)
    # under min_similarity, an entry covering this much that cites the sentence answering
    # the question (as a passage would) still answers: asked in words its paraphrases lack
    vouched_coverage: float = 0.9
    # an entry covering this much of a question of `worded_terms` terms or more answers
    # down to `worded_similarity`: the question is asked in other words than its paraphrases
    worded_coverage: float = 0.9
    worded_similarity: float = 0.4
    worded_terms: int = 3
    # ... when it has at most this many paraphrases: the nearest of few paraphrases says
    # less of how a question may be asked than the nearest of many
    worded_paraphrases: int = 16
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
    same_qtype: bool = False  # its closest paraphrase asks with the question's own type


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
    sentence: SentenceMatch | None = None  # answered from the article's own sentence

    @property
    def from_article(self) -> bool:
        """Answered with a sentence of the article rather than an editor's entry."""
        return self.sentence is not None and self.status is Status.ANSWERED

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class Matcher:
    def __init__(self, index: Index, settings: MatchSettings | None = None) -> None:
        self.index = index
        self.settings = settings or MatchSettings()
        # Which entries a question's terms reach, and what each gets for each term.
        self._retrieval = EntryRetrieval(
            index, self._credit,
            max(1.0, self.settings.answer_credit, self.settings.cite_credit,
                self.settings.context_credit),
            bounded=self.settings.answer_credit > 0)
        self._entry_credits = self._retrieval.entry_credits
        self._article_of = self._retrieval.article_of
        # Per entry, its paraphrases' weights and question types, read by position in the
        # ranking loop (cheaper than attributes, under a burst).
        self._para_weights: list[array] = []
        self._para_qtypes: list[tuple[str | None, ...]] = []
        # and both as one key, to tell entries whose paraphrases rank alike
        self._para_alike: list[tuple[bytes, tuple[str | None, ...]]] = []
        for item in index.entries:
            self._para_weights.append(item.paraphrases.weights)
            self._para_qtypes.append(item.paraphrases.qtypes)
            self._para_alike.append((item.paraphrases.weights.tobytes(),
                                     item.paraphrases.qtypes))
        self.sentences = SentenceAnswerer(index)
        self._several = len(index.kb.articles) > 1
        # Per article, the ordinary words of its title and those most of its blocks say:
        # what every entry of it is about
        # ("Comment le directeur du musée a-t-il réagi au vol ?": the theft of the title)
        analyzer = index.analyzer
        self._subject_terms = {
            a.meta.slug: frozenset(t for t in analyzer.analyze(a.meta.title or "").terms
                                   if not t.isdigit() and not analyzer.is_proper(t))
            for a in index.kb.articles}
        for slug, common in _topic_terms(index).items():
            self._subject_terms[slug] = self._subject_terms.get(slug, frozenset()) | common
        self._sentence_retrieval = SentenceRetrieval(index)
        self._quotes = QuoteFinder(index.sentences)
        # The newest article (by its date, then its name): what "résume l'article" is about.
        dated = sorted((a.meta.date or "", a.meta.slug) for a in index.kb.articles)
        self.newest: str | None = dated[-1][1] if dated else None
        # Per article, the terms its text and entries use, and for each term how many
        # articles' texts use it: to tell which article a word is from, in memory that
        # grows with the archive, not with its square.
        own: dict[str, set[str]] = defaultdict(set)
        text_terms: dict[str, set[str]] = defaultdict(set)
        for item in index.sentences:
            text_terms[item.article].update(item.terms)
        for item in index.entries:
            own[item.entry.article].update(item.asked | item.answered)
        self._users: dict[str, int] = defaultdict(int)
        for terms in text_terms.values():
            for term in terms:
                self._users[term] += 1
        self._text_terms = {slug: frozenset(t) for slug, t in text_terms.items()}
        self._own = {slug: frozenset(t) | self._text_terms.get(slug, frozenset())
                     for slug, t in own.items()}
        # Synonym groups of the shared lexicon that some article says, that name nothing and
        # neither change the fact asked nor ask a role ("prévu, planned": @plan): to an
        # article that never says them, ordinary words. (A group no article says marks a
        # fact no article gives, "arrested": it stays a word no entry may leave out.)
        said = set(self._users).union(*self._own.values())
        self._borrowable = frozenset(
            term for name, spellings in index.kb.lexicon.items()
            if (term := concept_term(name)) in said and not analyzer.is_name(term)
            and not any(fold(s) in _FACT_WORDS for s in (name, *spellings)))

    def _elsewhere(self, article: str, term: str) -> bool:
        """Whether another article's text uses the term and this article neither in its
        text nor in its entries (never, with one article)."""
        return not self._says(article, term) and self._users.get(term, 0) > 0

    def _says(self, article: str, term: str) -> bool:
        """Whether the article's text or entries use the term."""
        return term in self._own.get(article, self._text_terms.get(article, frozenset()))

    def _unsaid(self, item: IndexedEntry, analysis: Analysis, asked: frozenset[str],
                covers: set[str], name_asked: frozenset[str]) -> set[str]:
        """The question's terms this entry need not cover.

        "cette affaire": what the article is about, which the entry need not repeat, as the
        ordinary words of its title ("réagi au vol"); unless another article says it and this
        one does not ("ces statistiques" are the unemployment figures', not the article about
        Iraq's). "Quel est le nom de l'économiste de l'OFCE ?": an entry whose answer names
        him answers it, though no paraphrase asks for a "nom", when its answer names someone
        or something and a sentence it cites gives the name of what is asked (not "le
        randonneur néerlandais", unnamed). A word its cited sentences say in the other
        language.
        """
        article = item.entry.article
        subject = self._subject_terms.get(article, frozenset()) & asked
        unsaid = {t for t in analysis.optional | subject if t not in covers
                  and not self._elsewhere(article, t)}
        if name_asked and self._answer_names(item, asked) and self.sentences.names_asked(
                analysis, article, (sid for c in item.entry.citations for sid in c.sentence_ids),
                name_asked):
            unsaid |= name_asked - covers
        # A plain word the entry's cited sentences translate ("relationship" asked,
        # "rapports" cited) is covered, as the sentence answering would cover it; not
        # through a synonym group, whose bounds editors drew ("arrested" is no warrant,
        # "juge" no "justice"), nor through the entry's answer in the asker's language.
        unsaid |= {t for t in asked if t not in covers and t not in unsaid
                   and not t.startswith(CONCEPT_PREFIX)
                   and any(not r.startswith(CONCEPT_PREFIX) and r in item.cited
                           for r in analysis.said_otherwise(t))}
        return unsaid

    def _answer_names(self, item: IndexedEntry, asked: frozenset[str]) -> bool:
        """Whether the entry's answer names someone or something the question does not."""
        analyzer = self.index.analyzer
        return any(analyzer.is_name(t) or analyzer.is_proper(t) for t in item.answered - asked)

    def _borrowed(self, article: str, term: str) -> bool:
        """Whether the term is a shared synonym group this article never says."""
        return term in self._borrowable and not self._says(article, term)

    def _vague(self, analysis: Analysis) -> bool:
        """Whether a question, among several articles, asks only what kind of fact it wants
        ("what's his name again?", "et quel jour ?"): words that name no topic, so an entry
        asked with them is no sign that its article is the one meant."""
        if len(self._text_terms) < 2:
            return False
        said = analysis.said
        return bool(said) and self.sentences.asks_only_kind(said)

    def article_said_by(self, text: str) -> str | None:
        """The article whose own words `text` says most, counting only words no other
        article's text says, a name of its own twice ("J'ai commencé Les Heures basses ce
        matin": the novel's article, though only the hospital's text says "matin"); None
        when none says more than all others. For what a reader set aside around a question,
        which often tells the article the question alone does not."""
        texts = self._text_terms  # the articles' own words: their texts, not the
        # paraphrases editors wrote, which say every chat word ("salut", "anyone know")
        if len(texts) < 2 or not text.strip():
            return None
        said: dict[str, int] = defaultdict(int)
        analyzer = self.index.analyzer
        for term in analyzer.analyze(text).terms:
            if term.isdigit() or self._users.get(term, 0) != 1:
                continue
            named = analyzer.is_article_name(term)
            if term.startswith(CONCEPT_PREFIX) and not named:
                continue  # a shared synonym group ("depuis": @since) is no article's own
            # the one text saying it (`_users` counts the texts that do)
            said[next(slug for slug, terms in texts.items() if term in terms)] += (
                2 if named else 1)
        ranked = sorted(said.items(), key=lambda pair: pair[1], reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def _names_only(self, analysis: Analysis, article: str) -> bool:
        """Whether the question names something (a name, not a common word) that this
        article's text says and no other article's does."""
        own = self._text_terms.get(article, frozenset())
        analyzer = self.index.analyzer
        return any(t in own and self._users.get(t, 0) == 1 and analyzer.is_name(t)
                   for t in analysis.terms)

    def match(self, question: str, *, article: str | None = None) -> MatchResult:
        """The editors' entries answer first; when none does, a sentence of the article that
        covers the whole question may (same refusal rules), else the honest decline."""
        if not QUOTE_MARKS.isdisjoint(question):
            quoted = self._quoted(question, article)
            if quoted is not None:
                return quoted
        result = self._match_entries(question, article)
        topic = (summary_topic(result.analysis, self._analyze_words)
                 if result.analysis is not None else None)
        if topic is not None and not topic:
            return self._summary(question, article, result)
        if topic and not names_article(result.analysis):
            # "résume la partie sur le mandat d'arrêt": the section whose heading says it
            section = self._section(result, topic, article)
            if section is not None:
                return section
        if result.reason in _SENTENCE_REASONS and result.analysis is not None:
            analysis = result.analysis
            # Entries that cover the whole question but are asked in other words: the one
            # citing the sentence that answers it, as a passage would, answers. Not for
            # "tu fais quoi ce soir" (one word that many sentences say) nor "de combien
            # a-t-il grimpé" (a word no article uses may be what the sentence does not say).
            vouch = (result.reason == "low-score" and self.sentences.enough(analysis)
                     and not analysis.unknown)
            # A name asked ("comment s'appelle la préfète ?") is given by the sentence that
            # names her, even where an entry cites it: editors seldom write "s'appelle"; and
            # a role asked ("quelle fonction occupe X ?") by the one saying what X is.
            named = self.sentences.asks_name(analysis) or self.sentences.asks_role(analysis)
            judged = self.sentences.judge(analysis, article, cited=vouch or named)
            if vouch:
                vouched = self._vouched(result, judged)
                if vouched is not None:
                    return vouched
            # An entry that covers a sentence speaks for it: when the editor's entries decline
            # a question, a sentence they cite does not answer it on its own.
            found = self.sentences.pick(judged, cited=named)
            if found is not None:
                return _from_sentence(result, found)
        return result

    def _reworded(self, analysis: Analysis, best: Candidate) -> bool:
        """Whether an entry unlike the question in wording still answers it: it covers
        nearly all of a question saying several things, none unknown."""
        settings = self.settings
        return (sum(map(len, best.entry.questions.values())) <= settings.worded_paraphrases
                and best.coverage >= settings.worded_coverage
                and best.similarity >= settings.worded_similarity
                and len(analysis.terms) >= settings.worded_terms and not analysis.unknown)

    def _vouched(self, result: MatchResult, judged: Judged | None) -> MatchResult | None:
        """The declined result's candidate that covers the whole question and cites the
        sentence that answers it (of those `judged`), as the best answer; None when there
        is none."""
        analysis = result.analysis
        assert analysis is not None
        found = self.sentences.pick(judged, cited=True)
        if found is None or not found.item.ready_entries:
            return None
        if len(analysis.terms) == 2 and not self.sentences.close(found.item, *analysis.terms):
            return None  # "irans president": the sentence's president is another one's
        citing = set(found.item.ready_entries)
        chosen = next((c for c in result.candidates if c.answerable and c.entry.key in citing
                       and c.coverage >= self.settings.vouched_coverage), None)
        if chosen is None:
            return None
        rest = [c for c in result.candidates if c is not chosen]
        return MatchResult(Status.ANSWERED, "vouched", result.analysis, (chosen, *rest))

    def _quoted(self, question: str, article: str | None) -> MatchResult | None:
        """"« ... », c'est qui qui a dit ça ?": the sentence holding the quotation names who
        said it. Only who-questions: whether it was said, or why, the words do not tell."""
        found = quotations(question)
        short = [] if found else quotations(question, MIN_SHORT_QUOTE_WORDS)
        if not (found or short) or len(question) > self.settings.max_question_chars:
            return None
        analysis = self._analyze_words(without_quotations(question))
        if analysis.qtype != WHO:
            return None
        # a few words ("« une saignée »") tell the sentence only when the article quotes
        # them once; a longer quotation may be typed from memory
        item = (self._quotes.find(found[0], article) if found
                else self._quotes.find_quoted(short[0], article))
        if item is None:
            return None
        return MatchResult(Status.ANSWERED, "quoted", analysis, (),
                           Passage(item.article, item.sentence, item.draft_entry),
                           sentence=SentenceMatch(item, 1.0, 1.0, (), True, True))

    def asks_gist(self, analysis: Analysis) -> bool:
        """Whether a question asks for an article's gist and names nothing else ("de quoi
        parle l'article ?"), read as `match` reads it."""
        return summary_topic(analysis, self._analyze_words) == ()

    def _analyze_words(self, text: str) -> Analysis:
        return self.index.analyzer.analyze(text, correct=True)

    def _summary(self, question: str, article: str | None, result: MatchResult
                 ) -> MatchResult:
        """"Résume l'article", naming no article: the newest one's summary entry, else its
        opening sentence (a news article says the gist first)."""
        slug = article or self.newest
        if slug is None:
            return result
        if article is None and not (result.status is Status.ANSWERED
                                    and self._answer_articles(result) == {slug}):
            result = self._match_entries(question, slug)
        if result.status is Status.ANSWERED or result.analysis is None:
            return result
        item = next((s for s in self.index.sentences
                     if s.article == slug and s.sentence.block_id.startswith("p")), None)
        if item is None:
            return result
        return _from_sentence(result, SentenceMatch(item, 1.0, 1.0, (), True, True))

    def _section(self, result: MatchResult, topic: tuple[str, ...], article: str | None
                 ) -> MatchResult | None:
        """The sentence of the one section whose heading says every term of the topic that
        says most of it (the earliest of those: a section says its gist first), unless the
        entries already answer from inside that section."""
        assert result.analysis is not None
        analysis = result.analysis
        found = [item for item in self.index.sentences
                 if item.sentence.block_id.startswith("h")
                 and (article is None or item.article == article)
                 and all(not self.sentences.readings(analysis, t).isdisjoint(item.terms)
                         for t in topic)]
        if len(found) != 1:
            return None
        heading = found[0]
        by_id = self.index.kb.by_slug[heading.article].article.by_id
        inside = [s for s in self.index.sentences if s.article == heading.article
                  and s.sentence.block_id.startswith("p")
                  and by_id[s.sentence.block_id].section == heading.sentence.text]
        if not inside:
            return None
        if result.status is Status.ANSWERED and any(
                block.section == heading.sentence.text for block in self._cited_blocks(result)):
            return result
        item = max(inside, key=lambda s: sum(
            not self.sentences.readings(analysis, t).isdisjoint(s.terms) for t in topic))
        return _from_sentence(result, SentenceMatch(item, 1.0, 1.0, (), True, True))

    def _cited_blocks(self, result: MatchResult) -> list[Block]:
        """The blocks an answered result cites."""
        if result.from_article and result.passage is not None:
            slug, sids = result.passage.article, [result.passage.sentence.id]
        elif result.best is not None:
            slug = result.best.entry.article
            sids = [sid for c in result.best.entry.citations for sid in c.sentence_ids]
        else:
            return []
        by_id = self.index.kb.by_slug[slug].article.by_id
        return [by_id[sid.split(".", maxsplit=1)[0]] for sid in sids]

    @staticmethod
    def _answer_articles(result: MatchResult) -> set[str]:
        if result.from_article and result.passage is not None:
            return {result.passage.article}
        return {c.entry.article for c in result.candidates[:1]}

    def _match_entries(self, question: str, article: str | None) -> MatchResult:
        text = " ".join(question.split())
        if not text:
            return MatchResult(Status.INVALID, "empty")
        if len(text) > self.settings.max_question_chars:
            return MatchResult(Status.INVALID, "too-long")
        analysis = self.index.analyzer.analyze(text, correct=True)
        if ARITHMETIC.search(text) or _OPERATION.search(analysis.folded):
            # "whats 2+2", "combien font 7 fois 8": sums are not in the article
            return MatchResult(Status.OFF_TOPIC, "off-topic", analysis)
        if not analysis.terms:
            worded = self._by_wording(analysis, article)
            if worded is not None:
                return MatchResult(Status.ANSWERED, "matched", analysis, (worded,))
            reason = (("thanks" if THANKS.intersection(analysis.folded.split()) else "greeting")
                      if analysis.greeting else "no-content")
            return MatchResult(Status.OFF_TOPIC, reason, analysis)
        if analysis.to_bot:
            return MatchResult(Status.OFF_TOPIC, "small-talk", analysis)
        known = [t for t in analysis.terms if t not in analysis.unknown]
        if not known:
            return MatchResult(Status.OFF_TOPIC, "unknown-words", analysis)
        candidates = self._rank(analysis, article)
        if not candidates:
            return MatchResult(Status.NOT_IN_ARTICLE, "no-entry", analysis, (),
                               self._closest_passage(analysis, article))
        best = candidates[0]
        if analysis.prediction:  # the article reports; it does not forecast
            return MatchResult(Status.NOT_IN_ARTICLE, "prediction", analysis, tuple(candidates),
                               self._closest_passage(analysis, article))
        if not best.answerable or best.coverage < self.settings.min_coverage:
            # mostly words no article uses, and nothing an article's aliases name: off topic;
            # "Les voleurs ont-ils laissé des traces ?" asks about the article's thieves
            mostly_unknown = len(analysis.unknown) > len(known) and not any(
                self.index.analyzer.is_article_name(t) for t in known)
            status = Status.OFF_TOPIC if mostly_unknown else Status.NOT_IN_ARTICLE
            reason = "qtype" if best.qtype_ok is False and not best.missing else "uncovered"
            return MatchResult(status, reason, analysis, tuple(candidates),
                               self._closest_passage(analysis, article), best.missing)
        if best.score < self.settings.min_score or (
                best.similarity < self.settings.min_similarity and not self._reworded(
                    analysis, best)):
            return MatchResult(Status.NOT_IN_ARTICLE, "low-score", analysis, tuple(candidates),
                               self._closest_passage(analysis, article))
        if article is None and self._vague(analysis):
            # "what day is it?", "ca s'arrete quand ?": one ordinary word that several
            # articles use does not tell which one is asked about
            return MatchResult(Status.NOT_IN_ARTICLE, "vague", analysis, tuple(candidates))
        # Of near-equal entries, one asked the way the question asks ("who leads" vs "how
        # many") is the answer, not one more "did you mean".
        if not best.same_qtype and analysis.qtype not in (None, WHAT):  # "what" asks anything
            alike = next((c for c in candidates[1:] if c.answerable and c.same_qtype
                          and best.score - c.score < self.settings.ambiguity_margin), None)
            if alike is not None:
                best, candidates = alike, [alike, *[c for c in candidates if c is not alike]]
        # A close runner-up makes a "did you mean", unless the two are related follow-ups or
        # only the best one is asked the way the question asks ("how" vs "when").
        rivals = [c for c in candidates[1:]
                  if c.answerable and best.score - c.score < self.settings.ambiguity_margin
                  and c.same_qtype >= best.same_qtype
                  and c.entry.key not in best.entry.related
                  and best.entry.key not in c.entry.related]
        if rivals:
            return MatchResult(Status.AMBIGUOUS, "close-call", analysis,
                               (best, *rivals, *[c for c in candidates[1:] if c not in rivals]))
        return MatchResult(Status.ANSWERED, "matched", analysis, tuple(candidates))

    def _rank(self, analysis: Analysis, article: str | None) -> list[Candidate]:
        """Entries that could answer, best first.

        Coverage comes from precomputed per-term credits; the costlier paraphrase comparison
        runs only for the entries whose coverage is close to the best one.
        """
        index, settings = self.index, self.settings
        terms = analysis.terms
        asks_said = asks_words(analysis.folded, analysis.qtype)
        covered = self._retrieval.covered(terms, article or None, gap=SHORTLIST_COVERAGE,
                                          size=SHORTLIST_SIZE)
        if not covered:
            return []
        # Each article weighs the question's terms its own way: its entries' coverage is a
        # share of the question as that article weighs it.
        by_article = {slug: {t: index.weight(t, slug) for t in terms}
                      for slug in {self._article_of[p] for p in covered}}
        totals = {slug: sum(w.values()) for slug, w in by_article.items()}
        share = {p: c / totals[self._article_of[p]] for p, c in covered.items()}
        floor = max(share.values()) - SHORTLIST_COVERAGE
        ranked = sorted((p for p, c in share.items() if c >= floor),
                        key=share.__getitem__, reverse=True)
        # The best SHORTLIST_SIZE, and every entry tied with the last of them: where an entry
        # stands in its file never decides whether it can answer.
        cut = share[ranked[min(SHORTLIST_SIZE, len(ranked)) - 1]]
        shortlist = [p for p in ranked if share[p] >= cut]
        qtype = analysis.qtype
        out = []
        # What several entries share is worked out once per question: entries alike in
        # terms and weights (one story's copies in an archive) rank their paraphrases alike,
        # and a paraphrase worded like another one compares with the question alike.
        alike: dict[tuple, list[tuple[float, int]]] = {}
        worded: dict[str, float] = {}
        asked = frozenset(terms)
        name_asked = self.sentences.name_terms(analysis)
        for position in shortlist:
            item = index.entries[position]
            weights = by_article[self._article_of[position]]
            total = totals[self._article_of[position]]
            query_weight = total + (QTYPE_WEIGHT if qtype else 0.0)
            top = self._most_alike(position, terms, weights, query_weight, qtype, alike)
            paraphrases = item.paraphrases
            similarity, best = self._best_paraphrase(
                analysis, [(dice, -negated, paraphrases.folded[-negated])
                           for dice, negated in top], worded)
            paraphrase = (paraphrases.texts[best] if best is not None
                          else item.entry.question("fr"))
            credits = self._entry_credits[position]
            covers = {t for t in terms if credits.get(t, 0.0) >= settings.min_term_credit}
            # Of two alternatives ("irakiens ou étrangers"), covering one is enough.
            either = {a for pair in analysis.alternatives for a, b in (pair, pair[::-1])
                      if b in covers}
            unsaid = self._unsaid(item, analysis, asked, covers, name_asked)
            missing = tuple(t for t in terms
                            if t not in covers and t not in either and t not in unsaid)
            # "le numéro deux de la Force Qods": a role in something the entry never pairs
            # with it (its number two is of the Hachd) is not covered.
            missing += tuple(dict.fromkeys(
                held for role, held in analysis.relations
                if pair_key((role, held)) not in item.near and held not in missing))
            qtype_ok = not (analysis.qtype in GATED_QTYPES and analysis.qtype not in item.qtypes)
            # "Qui a fondé le prix ?" is not answered by "créé en 2009": an entry never asked
            # "who" answers one only when its answer names someone or something.
            qtype_ok = qtype_ok and (analysis.qtype != WHO or WHO in item.qtypes
                                     or self._answer_names(item, asked))
            # "How many bases" is not answered by a count of attacks on bases.
            if qtype_ok and (analysis.counted or analysis.counts_people) and item.counted:
                qtype_ok = self._counts(analysis, item.counted)
            # "Was Trump elected in 2024?" is not answered by an entry that gives no year.
            qtype_ok = qtype_ok and (item.dated or not analysis.checks_year)
            # "When...?" is answered with a date or a time, never with a passage holding none.
            qtype_ok = qtype_ok and (item.tells_when or analysis.qtype != WHEN)
            # "What did the commissioner say?" is not answered by his being there.
            # Nor "Il y a combien de soldats nigériens ?" by an entry about the German
            # soldiers, though the article names Niger everywhere.
            qtype_ok = qtype_ok and (not asks_said or (
                item.says and self.sentences.spoken_by(analysis, item.speakers,
                                                       item.cited | item.context))) and not (
                self.sentences.other_people(  # the texts read only when a people is asked
                    analysis, chain((paraphrase,), (c.quote for c in item.entry.citations))))
            # Ordinary words may be left out, and so may a shared synonym group the entry's
            # article never says, except in a "who" question, whose verb is the relation
            # asked ("qui présidait le tribunal" is not "qui a été condamné par le tribunal").
            soft = [t for t in missing if t not in analysis.strong
                    or (analysis.qtype != WHO and self._borrowed(item.entry.article, t))]
            # A word the entry leaves out that another article uses, and its own does not,
            # says the question is about that other article ("statistiques" is not a typo
            # of anything in the article about Iraq).
            # Unless the question names something only this article has ("Soleimani
            # est-il mort seul ?": "seul" is another article's word too).
            if any(self._elsewhere(item.entry.article, t) for t in soft
                   if not self._borrowed(item.entry.article, t)) and not (
                    self._names_only(analysis, item.entry.article)):
                soft = []
            answerable = qtype_ok and (not missing or (
                len(soft) == len(missing) <= settings.max_soft_missing
                and len(terms) - len(missing) >= 2))
            # An alternative the entry does not cover ("seuls ou dans une coalition") is
            # only the other choice offered: it counts half, so an entry covering the one
            # is not far behind, and one covering both still comes first.
            offered = sum(weights[t] for t in either if t not in covers) / 2
            offered += sum(weights[t] for t in unsaid)
            coverage = covered[position] / (total - offered) if total > offered else 0.0
            score = 0.6 * coverage + 0.4 * similarity
            out.append(Candidate(item.entry, round(score, 4), round(coverage, 4),
                                 round(similarity, 4), paraphrase, missing, qtype_ok, answerable,
                                 bool(best is not None and analysis.qtype
                                      and paraphrases.qtypes[best] == analysis.qtype)))
        out.sort(key=lambda c: (not c.answerable, -c.score, c.entry.key))
        return out[: settings.max_candidates]

    def _most_alike(self, position: int, terms: tuple[str, ...], weights: dict[str, float],
                    query_weight: float, qtype: str | None,
                    memo: dict[tuple, list[tuple[float, int]]]) -> list[tuple[float, int]]:
        """(Weighted Dice, -number) of the entry's three paraphrases most like the question
        by terms, best first; ties to the earlier paraphrase (hence -number)."""
        postings = self.index.entries[position].postings
        para_weights = self._para_weights[position]
        key = None
        if self._several:  # only one story's copies rank alike: one article never does
            key = (tuple(map(postings.get, terms)), tuple(weights.values()),
                   self._para_alike[position])
            top = memo.get(key)
            if top is not None:
                return top
        # Weighted overlap with each paraphrase sharing a term, through the entry's
        # postings: far fewer steps than intersecting the question with every paraphrase.
        overlaps: dict[int, float] = {}
        get = overlaps.get
        for term in terms:
            numbers = postings.get(term)
            if numbers:
                weight = weights[term]
                for number in numbers:
                    overlaps[number] = get(number, 0.0) + weight
        if qtype:  # a paraphrase asked with the question's type counts it as a term
            para_qtypes = self._para_qtypes[position]
            scored = [((2 * (overlap + QTYPE_WEIGHT) if para_qtypes[number] == qtype
                        else 2 * overlap) / (query_weight + para_weights[number]), -number)
                      for number, overlap in overlaps.items()]
        else:
            scored = [(2 * overlap / (query_weight + para_weights[number]), -number)
                      for number, overlap in overlaps.items()]
        scored.sort(reverse=True)
        top = scored[:3]
        if key is not None:
            memo[key] = top
        return top

    @staticmethod
    def _best_paraphrase(analysis: Analysis, top: list[tuple[float, int, str]],
                         worded: dict[str, float]) -> tuple[float, int | None]:
        """Of an entry's paraphrases most like the question by terms, best first (dice,
        number, folded text), the number of the one most like it once the wording counts
        too. `worded`: the wording ratios of texts already compared with the question.

        Term overlap (weighted Dice) says which paraphrases ask the same thing; rapidfuzz's
        character-level ratio breaks ties between them by how the question is worded.
        """
        best, found = 0.0, None
        for dice, number, folded in top:
            wording = worded.get(folded)
            if wording is None:
                wording = worded[folded] = fuzz.token_sort_ratio(analysis.folded, folded) / 100
            similarity = (1 - WORDING_WEIGHT) * dice + WORDING_WEIGHT * wording
            if similarity > best:
                best, found = similarity, number
        return best, found

    def _by_wording(self, analysis: Analysis, article: str | None) -> Candidate | None:
        """A question with no content word can only match a paraphrase worded the same way."""
        best: tuple[float, IndexedEntry, Paraphrase] | None = None
        if not analysis.folded:
            return None
        for item, para in self.index.termless:
            if article and item.entry.article != article:
                continue
            ratio = fuzz.ratio(analysis.folded, para.folded) / 100
            if ratio >= WORDING_MATCH and (best is None or (ratio, best[1].entry.key)
                                           > (best[0], item.entry.key)):
                best = (ratio, item, para)
        if best is None:
            return None
        ratio, item, para = best
        return Candidate(item.entry, round(ratio, 4), 1.0, round(ratio, 4), para.text, (), True,
                         True, para.qtype == analysis.qtype)

    def _counts(self, analysis: Analysis, counted: frozenset[str]) -> bool:
        """Whether what an entry counts is what a "how many" question counts: "how many
        people were evacuated?" is not answered by a count of phases, and "combien de
        soldats ?" is by a count of people."""
        people = self.index.analyzer.names_people
        if analysis.counts_people:
            return any(map(people, counted))
        return analysis.counted in counted or (
            PEOPLE_COUNTED in counted and people(analysis.counted))

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
        """The article sentence sharing the most (weighted) terms with the question, each
        term said as asked or as its translation ("runners": "coureurs")."""
        readings = [(self.index.weight(t), {t, *analysis.said_otherwise(t)})
                    for t in analysis.terms]
        best = self._sentence_retrieval.closest(readings, article or None)
        return Passage(best.article, best.sentence, best.draft_entry) if best else None


def _topic_terms(index: Index) -> dict[str, frozenset[str]]:
    """Per article, the ordinary words most of its blocks say ("la grève", "les salaires"
    of a strike article): what it is about all along, which its entries need not repeat.
    Not names, numbers, nor the shared lexicon's concepts (its "Premier ministre" is no
    "first")."""
    analyzer = index.analyzer
    blocks: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in index.sentences:
        blocks[item.article][item.sentence.block_id].update(item.terms)
    found = {}
    for slug, said in blocks.items():
        counts: dict[str, int] = defaultdict(int)
        for terms in said.values():
            for term in terms:
                counts[term] += 1
        found[slug] = frozenset(
            t for t, n in counts.items()
            if n >= TOPIC_BLOCKS and n >= TOPIC_SHARE * len(said) and not t.isdigit()
            and not analyzer.is_proper(t)
            and (not t.startswith(CONCEPT_PREFIX) or analyzer.is_article_name(t)))
    return found


def _from_sentence(result: MatchResult, found: SentenceMatch) -> MatchResult:
    """The result answered with a sentence of the article, its analysis and candidates kept."""
    item = found.item
    return MatchResult(Status.ANSWERED, "from-article", result.analysis, result.candidates,
                       Passage(item.article, item.sentence, item.draft_entry), sentence=found)
