"""Answers drawn from the article itself: the sentence that says what a question asks.

An article added with `kb init` has no editor's entries yet; its sentences still answer. A
sentence answers a question when it (with its paragraph and section heading around it)
covers every name, number and content word of the question, states the kind of fact asked
(a date for "when", a number of the thing counted for "how many", a person for "who"...),
and says side by side what the question says side by side ("le président de l'Irak" is not
answered by a sentence about the Iraqi prime minister and the US president). The same
refusal rules as for entries apply: a question the sentence does not fully cover is declined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from bot.kb.article import Block
from bot.lang import fact_cues, morphology
from bot.matching.analyze import CONCEPT_PREFIX, Analysis
from bot.matching.facts import (
    AGE,
    ANYONE,
    DAY,
    HOUR,
    MEASURE,
    MONEY,
    MONTH,
    SAID,
    asked_speaker_terms,
    asks_words,
    names_beside,
    states_amount,
)
from bot.matching.index import Index, IndexedSentence
from bot.matching.lang_data import COUNT, GATED_QTYPES, SINCE, WHAT, WHEN, WHO
from bot.matching.normalize import fold_cased, stem
from bot.matching.qualifiers import Pairs, Qualifiers
from bot.matching.question_form import phrase_starts, skip_phrases

FAMILY = "~~"  # prefix of the roots of word families among a sentence's terms
# A term found only around the sentence (its paragraph, its heading) counts this much.
CONTEXT_CREDIT = 0.6
# Terms said side by side in a question must be at most this many terms apart in the sentence.
LINK_SPAN = 6
# Share of the question (by weight) the sentence itself must say, not only its context.
MIN_DIRECT = 0.5
# A question of at least this many terms may leave one ordinary word unsaid, if the sentence
# itself says this share of it.
MIN_TERMS_FOR_SOFT = 4
MIN_SHARE_FOR_SOFT = 0.6
# ... and when no other sentence covers the question within this much of it.
SOFT_MARGIN = 0.05
# A question of fewer terms, none a name or a number, answers from a sentence only when a
# single article has sentences saying them.
MIN_TERMS = 2
# Words after a capitalised word that may still be part of its name ("Abu Mahdi al-Muhandis").
NAME_SPAN = 3
# Kinds of question a sentence answers only when it states that kind of fact.
GATED = GATED_QTYPES | {WHO}


@dataclass(frozen=True, slots=True)
class SentenceMatch:
    """A sentence of an article that answers a question, and how well."""

    item: IndexedSentence
    coverage: float  # weighted share of the question covered (context at partial credit)
    direct: float  # weighted share the sentence itself covers
    missing: tuple[str, ...]
    answerable: bool
    qtype_ok: bool


@dataclass(frozen=True, slots=True)
class Judged:
    """The answerable sentences a question reaches, best first (see SentenceAnswerer)."""

    ranked: tuple[SentenceMatch, ...]
    vague: bool  # too short to tell the article: one article's sentences must answer
    kind_only: bool  # ... and it only asks what kind of fact it wants
    cited: bool  # the sentences an entry cites were judged too


class SentenceAnswerer:
    """Finds, for a question, the article sentence that answers it, if one does."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._by_term: dict[str, list[int]] = {}
        # What each word keeps of its family ("jardinage", "jardiner": "jardin"), so that a
        # sentence saying one word of a family answers a question asking with another.
        self._morphology = morphology()
        self._family_of: dict[str, str] = {}  # term -> its root with FAMILY, "" for none
        self._roots: list[tuple[frozenset[str], frozenset[str]]] = []
        self._positions: dict[tuple[str, str], int] = {}  # (article, sentence id) -> position
        for position, item in enumerate(index.sentences):
            self._positions[item.article, item.sentence.id] = position
            for term in item.terms | item.context:
                self._by_term.setdefault(term, []).append(position)
            self._roots.append((self._family(item.terms | item.inherited),
                                self._family(item.context)))
            for root in self._roots[-1][0] | self._roots[-1][1]:
                self._by_term.setdefault(root, []).append(position)
        # Per article, the name words said before another name within a few words
        # ("Donald" before "Trump", "Abu Mahdi" before "al-Muhandis"): a sentence naming the
        # person by the last one names the first too.
        self._name_parts = {a.meta.slug: _name_parts(a.article.blocks) for a in index.kb.articles}
        self._proper: dict[str, frozenset[str]] = {}  # article -> its capitalised words, as terms
        # the nationalities a question and each sentence say of a noun ("soldats nigériens")
        self.qualifiers = Qualifiers(index.analyzer.meaning)
        self._said_pairs: dict[int, Pairs] = {}  # sentence position -> its pairs
        self._last_pairs: tuple[Analysis | None, Pairs] = (None, frozenset())
        # Words a question of a kind may use that its answer need not repeat, as terms.
        cues = fact_cues()

        def terms(kind: str) -> frozenset[str]:
            return frozenset(t for word in cues.words.get(kind, ())
                             for t in index.analyzer.analyze(word).terms)

        when = terms("light_when")
        self._light = {WHEN: when, SINCE: when, COUNT: terms("light_count")}
        self._money = terms("light_money")
        self._money_asks = terms("money_asks")
        # the words themselves: "prix" shares a synonym group with "coût" but may be a prize
        self._value_asks = cues.words.get("value_asks", frozenset())
        self._value_terms = terms("value_asks")  # which a sentence giving an amount need not say
        self._units = terms("light_units")
        self._age = terms("light_age")
        self._age_words = cues.words.get("light_age", frozenset())
        self._month = terms("light_month")
        self._day = terms("light_day")
        self._hour = terms("light_hour")
        # Words that only say what kind of fact a question asks (a day, a name, tonight)
        self.kind_terms = terms("kind_only")
        # Words asking what someone or something is called ("nom", "s'appelle"), and the
        # phrases where they ask no name ("au nom de")
        self._name_words = cues.words.get("name_asks", frozenset())
        self._name_phrases = phrase_starts(cues.phrases.get("name_asks", ()))
        self._name_not = phrase_starts(cues.phrases.get("name_not", ()))
        self._role_words = cues.words.get("role_asks", frozenset())
        # (sentence position, appositions only) -> the names it gives, when asked
        self._names: dict[tuple[int, bool], tuple] = {}
        self._last_name: tuple[Analysis | None, frozenset[str] | None] = (None, None)
        self._last_role: tuple[Analysis | None, frozenset[str] | None] = (None, None)
        self._last_asks: tuple[Analysis | None, tuple[bool, bool, bool]] = (
            None, (False, False, False))
        self._last_readings: tuple[Analysis | None, dict[str, set[str]]] = (None, {})

    def _family(self, terms: frozenset[str]) -> frozenset[str]:
        """Roots of the plain words among terms ("jardinag" -> "~jardin")."""
        known = self._family_of
        found = []
        for term in terms:
            root = known.get(term)
            if root is None:  # each term's root once: an archive's sentences share most terms
                root = known[term] = ("" if term.startswith(CONCEPT_PREFIX) or term.isdigit()
                                      else FAMILY + self._morphology.root(term))
            if root:
                found.append(root)
        return frozenset(found)

    def judge(self, analysis: Analysis, article: str | None = None, *, cited: bool = False
              ) -> Judged | None:
        """The sentences a question's terms reach, judged (those an entry cites only when
        `cited`): what `pick` chooses from, with or without the cited ones, so that a
        question asking for both is judged once."""
        terms = analysis.terms
        if not terms or analysis.prediction or analysis.to_bot:
            return None
        touched = {p for t in terms for said in self.readings(analysis, t)
                   for p in self._by_term.get(said, ())}
        # A question too short to tell which article it is about ("combien de morts ?")
        # answers only when the sentences of a single article can answer it.
        vague = not article and not self.enough(analysis) and len(
            {self.index.sentences[p].article for p in touched}) > 1
        found: list[tuple[tuple, SentenceMatch]] = []
        for position in sorted(touched):
            item = self.index.sentences[position]
            if (article and item.article != article) or (item.ready_entries and not cited):
                continue
            match = self._judge(analysis, item, position)
            if match.answerable:
                # a date says "when" better than "aujourd'hui"; then the shorter sentence
                dating = item.facts.dating if analysis.qtype in (WHEN, SINCE) else 0
                # then one that names what it speaks of rather than "Elle", "Ces militaires"
                rank = (match.coverage, match.direct, dating, not item.inherited,
                        -len(item.terms), -position)
                found.append((rank, match))
        found.sort(key=lambda pair: pair[0], reverse=True)
        return Judged(tuple(match for _, match in found), vague,
                      vague and self.asks_only_kind(analysis.said), cited)

    @staticmethod
    def pick(judged: Judged | None, *, cited: bool = False) -> SentenceMatch | None:
        """The best answerable sentence of those judged, or None; never one an editor's
        entry cites (the entry, not the sentence, answers about it) unless `cited`."""
        if judged is None:
            return None
        assert judged.cited or not cited, "judged without the cited sentences"
        found = [m for m in judged.ranked if cited or not m.item.ready_entries]
        if not found or (judged.vague and (len({m.item.article for m in found}) > 1
                                           or judged.kind_only)):
            return None
        best = found[0]
        # A sentence that leaves a word of the question unsaid answers only when no other
        # sentence does about as well: two such guesses say the article is not clear on it.
        if best.missing and any(other.coverage >= best.coverage - SOFT_MARGIN
                                for other in found[1:]):
            return None
        return best

    def asks_only_kind(self, said: tuple[str, ...]) -> bool:
        """Whether these terms only say what kind of fact is asked ("et quel jour ?",
        "what's his name again?", "tonight"): they name no topic (and none is named)."""
        return all(t in self.kind_terms for t in said)

    def enough(self, analysis: Analysis) -> bool:
        """Whether a question says enough to tell which article it is about: one ordinary
        word ("how often does it run?") that several articles use does not; a name or a
        number may."""
        said = analysis.said
        return len(said) >= MIN_TERMS or any(
            t.isdigit() or self.index.analyzer.is_name(t) for t in said)

    def _unsaid(self, analysis: Analysis, item: IndexedSentence, position: int
                ) -> frozenset[str] | None:
        """The question's words this sentence need not say, for the fact it states ("quand":
        its date; "combien pèse": its "1 340 kg"); None when it cannot answer the kind of
        fact asked (an age, an amount of money). Not the role asked, which `_judge` reads
        only when the sentence does not say it (see `_gives_role`)."""
        light: frozenset[str] = self._light.get(analysis.qtype or "", frozenset())
        if (analysis.qtype == COUNT and MONEY in item.facts.kinds
                and not item.facts.priced.isdisjoint(set(analysis.terms) - self._money)):
            light = light | self._money  # "combien coûte le chantier": its amount answers
        asks_value, asks_money, asks_age = self._asks_amounts(analysis)
        if MONEY not in item.facts.kinds and (asks_value or asks_money) and not (
                states_amount(item.sentence.text)):
            # "how much does the agency spend", "quelle est la valeur du matériel": an
            # amount ("deux millions"), not "7,9 %" nor the things themselves
            return None
        if asks_value and MONEY in item.facts.kinds:
            light = light | self._value_terms  # "quel est le montant de l'aide": its amount
        if asks_age and AGE not in item.facts.kinds:
            # "Quel âge a X ?" is answered by an age ("27 ans"), not by the word "âge"
            return None
        if asks_age:
            light = light | self._age
        if MEASURE in item.facts.kinds:
            light = light | self._units  # "combien pèse-t-il": "1 340 kg" answers
        if MONTH in item.facts.kinds:
            light = light | self._month  # "quel mois": "en janvier" answers
        if DAY in item.facts.kinds:
            light = light | self._day
        if HOUR in item.facts.kinds:
            light = light | self._hour  # "à quelle heure": "à 4 h" answers
        return light

    def _asks_amounts(self, analysis: Analysis) -> tuple[bool, bool, bool]:
        """Whether the question asks what something is worth ("quelle est la valeur",
        "what's the price"), how much money ("combien coûte"), an age ("quel âge", "how
        old": the words themselves, "personnes âgées" is not): read once per question, not
        once per sentence judged."""
        if self._last_asks[0] is not analysis:
            words = analysis.folded.split()
            self._last_asks = (analysis, (
                analysis.qtype in (COUNT, WHAT) and not self._value_asks.isdisjoint(words),
                analysis.qtype == COUNT and not self._money_asks.isdisjoint(analysis.terms),
                not self._age_words.isdisjoint(words)))
        return self._last_asks[1]

    def _judge(self, analysis: Analysis, item: IndexedSentence, position: int
               ) -> SentenceMatch:
        light = self._unsaid(analysis, item, position)
        if light is None:
            return SentenceMatch(item, 0.0, 0.0, (), False, False)
        # "quelle fonction occupe X": "X, secrétaire de ..." answers, the role unsaid. Whether
        # the sentence says what X is takes a parse of it: first judged as if it did (which
        # can only help), read only when that would answer.
        role = self._asked_role(analysis) or frozenset()
        found = self._cover(analysis, item, position, light | role)
        if found is not None and not role.isdisjoint(found[3] - light) and not (
                self._gives_role(analysis, item, position, role)):
            found = self._cover(analysis, item, position, light)
        if found is None:
            return SentenceMatch(item, 0.0, 0.0, (), False, False)
        coverage, share, missing, _ = found
        # "comment s'appelle le maire": his name answers, "s'appelle" need not be said
        asks_name = self._asked_name(analysis)
        qtype_ok = self._states(analysis, item) and (
            asks_name is None or self._gives_name(analysis, item, position, asks_name))
        linked = all(self.close(item, a, b) for a, b in analysis.links)
        # "Combien de soldats nigériens ?" is not answered by "les soldats allemands"
        qtype_ok = qtype_ok and not self.other_people(analysis, (item.sentence.text,), position)
        return SentenceMatch(item, coverage, share, missing, qtype_ok and linked, qtype_ok)

    def asked_pairs(self, analysis: Analysis) -> Pairs:
        """The nationalities the question says of a noun (read once per question)."""
        if self._last_pairs[0] is not analysis:
            self._last_pairs = (analysis, self.qualifiers.pairs(analysis.folded))
        return self._last_pairs[1]

    def other_people(self, analysis: Analysis, texts: Iterable[str],
                     position: int | None = None) -> bool:
        """Whether these texts (a sentence at `position`, or an entry's) say the noun the
        question asks with a nationality of another people, and never of the one asked."""
        asked = self.asked_pairs(analysis)
        if not asked or analysis.qtype is None:
            return False  # "le gouvernement est-il pro-américain ?": the other one answers
        said = self._said_pairs.get(position) if position is not None else None
        if said is None:
            said = frozenset().union(*(self.qualifiers.pairs(text) for text in texts))
            if position is not None:
                self._said_pairs[position] = said
        return self.qualifiers.contradicts(
            asked, said, lambda term: {term} | analysis.said_otherwise(term))

    def _cover(self, analysis: Analysis, item: IndexedSentence, position: int,
               light: frozenset[str]
               ) -> tuple[float, float, tuple[str, ...], frozenset[str]] | None:
        """(coverage, share said in the sentence itself, terms missing, the `light` terms
        it leaves unsaid) of the question by the sentence, when it covers enough of the
        question to answer it, else None. `light`: words it need not say."""
        weights = self.index.sentence_weights.get(item.article, {})
        heaviest = max(weights.values(), default=1.0)
        total = direct = covered = 0.0
        missing = []
        name = self._asked_name(analysis) or frozenset()  # "s'appelle": the name answers
        unsaid = set()
        own, around = self._roots[position]
        for term in analysis.terms:
            if term in name:
                continue
            said = self.readings(analysis, term)
            in_sentence = not (said.isdisjoint(item.terms) and said.isdisjoint(item.inherited)
                               and said.isdisjoint(own))
            in_context = not (said.isdisjoint(item.context) and said.isdisjoint(around))
            if not in_sentence and term in analysis.strong:
                # "Donald Trump" asked, "Trump" said: the rest of the name is implied
                after = self._name_parts.get(item.article, {}).get(term, frozenset())
                in_sentence = any(other in item.terms for other in after
                                  if other in analysis.terms)
            if not in_sentence and not in_context and (term in light
                                                       or term in analysis.optional):
                if term in light:
                    unsaid.add(term)
                continue  # "quand ... commence-t-elle": the date answers it
            weight = weights.get(term, heaviest)
            total += weight
            if in_sentence:
                direct += weight
                covered += weight
            elif in_context and self._from_context(analysis, term):
                # what is around the sentence ("ces militaires") may fill in an ordinary
                # word; a name or a number must be in the sentence that answers
                covered += CONTEXT_CREDIT * weight
            else:
                missing.append(term)
        # Of two alternatives offered ("irakiens ou étrangers"), covering one will do.
        either = {a for pair in analysis.alternatives for a, b in (pair, pair[::-1])
                  if b not in missing}
        missing = [t for t in missing if t not in either]
        share = direct / total if total else 0.0
        # One ordinary word left unsaid may be a synonym the article does not use, when the
        # sentence says all the rest of a question of four terms or more.
        tolerated = (len(missing) == 1 and missing[0] not in analysis.strong
                     and len(analysis.terms) >= MIN_TERMS_FOR_SOFT
                     and share >= MIN_SHARE_FOR_SOFT)
        if (missing and not tolerated) or share < MIN_DIRECT:
            return None
        return (round(covered / total, 4) if total else 0.0, round(share, 4), tuple(missing),
                frozenset(unsaid))

    def asks_role(self, analysis: Analysis) -> bool:
        """Whether the question asks what someone named does ("quelle fonction occupe X ?")."""
        return self._asked_role(analysis) is not None

    def _asked_role(self, analysis: Analysis) -> frozenset[str] | None:
        """The terms asking someone's role, when the question names them and asks what
        their role is (not "combien de postes"), else None."""
        if self._last_role[0] is analysis:  # judged sentence by sentence: read once
            return self._last_role[1]
        found = None
        if analysis.qtype in (None, WHAT, WHO):
            words = analysis.folded.split()
            at = {i for i, word in enumerate(words) if word in self._role_words}
            asked = frozenset(t for i, t in analysis.placed if i in at)
            if asked and any(self.index.analyzer.is_name(t) or t in analysis.strong
                             for t in analysis.terms if t not in asked):
                found = asked
        self._last_role = (analysis, found)
        return found

    def _names_beside(self, item: IndexedSentence, position: int, *, apposition: bool
                      ) -> tuple:
        """The names a sentence gives with what it says they are (facts.names_beside),
        read once per sentence."""
        key = (position, apposition)
        names = self._names.get(key)
        if names is None:
            names = self._names[key] = names_beside(
                item.sentence.text, lambda text: self.index.analyzer.analyze(text).terms,
                apposition=apposition)
        return names

    def _gives_role(self, analysis: Analysis, item: IndexedSentence, position: int,
                    role: frozenset[str]) -> bool:
        """Whether the sentence says, beside a name the question asks about, what that one
        is ("dénonce Sandrine Le Goff, secrétaire régionale de la CGT")."""
        names = self._names_beside(item, position, apposition=True)
        asked = set(analysis.terms) - role
        return any(not named.isdisjoint(asked) and described - asked - named
                   for named, described in names)

    def name_terms(self, analysis: Analysis) -> frozenset[str]:
        """The terms of the words asking what someone or something is called, if any."""
        return self._asked_name(analysis) or frozenset()

    def names_asked(self, analysis: Analysis, article: str, sentence_ids: Iterable[str],
                    name: frozenset[str]) -> bool:
        """Whether one of these sentences gives the name the question asks (see
        `_gives_name`; or beside it, what someone is: "Julien Berthier, économiste à
        l'OFCE"): what an entry citing them must do to answer "quel est le nom"."""
        for sid in sentence_ids:
            position = self._positions.get((article, sid))
            if position is not None and any(self._gives_name(
                    analysis, self.index.sentences[position], position, name,
                    apposition=apposition) for apposition in (False, True)):
                return True
        return False

    def asks_name(self, analysis: Analysis) -> bool:
        """Whether the question asks what someone or something is called."""
        return self._asked_name(analysis) is not None

    def _asked_name(self, analysis: Analysis) -> frozenset[str] | None:
        """The terms of the words asking what someone or something is called ("nom",
        "s'appelle", "name"), or None when the question asks no name."""
        if self._last_name[0] is analysis:  # judged sentence by sentence: read once
            return self._last_name[1]
        words = analysis.folded.split()
        at: set[int] = set()
        blocked: set[int] = set()  # "au nom du collectif"
        skip_phrases(words, self._name_phrases, at)
        skip_phrases(words, self._name_not, blocked)
        at |= {i for i, word in enumerate(words) if word in self._name_words} - blocked
        found = frozenset(t for i, t in analysis.placed if i in at) if at else None
        self._last_name = (analysis, found)
        return found

    def _gives_name(self, analysis: Analysis, item: IndexedSentence, position: int,
                    name: frozenset[str], *, apposition: bool = False) -> bool:
        """Whether the sentence gives a name the question does not say, of what the
        question asks the name of ("le nom du maire": "Le maire de Montclair, Jean-Luc
        Berthier"); "le gardien de nuit, seul en poste" names no one, and "des attaques
        contre Israël" is no name of the armed groups asked about."""
        names = self._names_beside(item, position, apposition=apposition)
        if not names:
            return False
        analyzer = self.index.analyzer
        capitalised = self._proper.get(item.article)
        if capitalised is None:
            capitalised = self._proper[item.article] = _capitalised_words(
                self.index.kb.by_slug[item.article].article.blocks)

        def proper(term: str) -> bool:  # "morvan" in "Morvan's lawyer" is not what is named
            return analyzer.is_name(term) or term in capitalised
        # what the name is asked of: the word said with "nom" ("le nom du groupe armé"),
        # else every ordinary word of the question ("what's the name of Morvan's lawyer")
        of = {b if a in name else a for a, b in analysis.links if (a in name) != (b in name)}
        rest = [t for t in analysis.terms if t not in name and t not in self.kind_terms]
        of = ({t for t in of if not proper(t)} or {t for t in rest if not proper(t)}
              or set(rest))
        asked = [self.readings(analysis, term) for term in of]
        # the question's own words: "le Premier ministre irakien" does not give his name,
        # whoever the knowledge says he is
        given = set(analysis.terms)
        for named, described in names:
            if not named <= given and any(
                    not reading.isdisjoint(described | self._family(described))
                    for reading in asked):
                return True
        return False

    def readings(self, analysis: Analysis, term: str) -> set[str]:
        """The term, the words that say it otherwise, and their families' roots (read once
        per question: every sentence judged asks again). Not to be changed by the caller."""
        last = self._last_readings
        if last[0] is not analysis:
            last = self._last_readings = (analysis, {})
        known = last[1]
        found = known.get(term)
        if found is None:
            said = {term, *analysis.said_otherwise(term, loose=True)}
            found = known[term] = said | self._family(frozenset(said))
        return found

    def _from_context(self, analysis: Analysis, term: str) -> bool:
        """Whether the paragraph around a sentence may say this term for it: an ordinary
        word or a shared synonym group may ("la coalition" named in the sentence before); a
        name or a number must be in the sentence that answers ("hors Mayotte" elsewhere in
        the paragraph does not make a sentence about Mayotte)."""
        return term not in analysis.strong or (
            term.startswith(CONCEPT_PREFIX) and not self.index.analyzer.is_name(term))

    def _states(self, analysis: Analysis, item: IndexedSentence) -> bool:
        """Whether the sentence states the kind of fact the question asks."""
        qtype = analysis.qtype
        if asks_words(analysis.folded, qtype) and (
                SAID not in item.facts.kinds
                or not self.spoken_by(analysis, item.facts.speakers, item.terms)):
            # "what did the commissioner say?": a sentence reporting no words, or another's
            return False
        if qtype not in GATED:
            return True
        if qtype not in item.facts.kinds:
            return False
        if qtype == COUNT and analysis.counted and item.facts.counted:
            # what is counted, said in the sentence's words ("rescuers": "secouristes")
            said = self.readings(analysis, analysis.counted)
            return not said.isdisjoint(item.facts.counted | self._family(item.facts.counted))
        return True

    def spoken_by(self, analysis: Analysis, speakers: frozenset[str],
                  named: frozenset[str]) -> bool:
        """Whether words a text reports answer a question asking what someone said, given
        the terms naming its speakers and all the terms it names. "Qu'a dit Trump ?" is not
        answered by what al-Soudani said to Trump: the one asked about is in the text, but
        not as its speaker. When the text does not name the one asked about as anything
        ("le ministre" may be its "Cheikh Elemine"), or not who speaks, it may answer."""
        if not speakers or ANYONE in speakers:
            return True
        asked = [self.readings(analysis, term) for term in asked_speaker_terms(analysis)]
        said = speakers | self._family(speakers)
        if not asked or any(not reading.isdisjoint(said) for reading in asked):
            return True
        text = named | self._family(named)
        return all(reading.isdisjoint(text) for reading in asked)

    @staticmethod
    def close(item: IndexedSentence, a: str, b: str) -> bool:
        """Terms a question says side by side are close in the sentence too (when it says
        both; one said only around it cannot be checked)."""
        first, second = item.positions.get(a), item.positions.get(b)
        if not first or not second:
            return True
        return min(abs(i - j) for i in first for j in second) <= LINK_SPAN


def _name_parts(blocks: Iterable[Block]) -> dict[str, frozenset[str]]:
    """Capitalised words of an article -> the capitalised words said within NAME_SPAN words
    after them, as terms: "Donald Trump" gives donald -> {trump}."""
    found: dict[str, set[str]] = {}
    for block in blocks:
        words = fold_cased(block.text).split()
        for i, word in enumerate(words):
            if not word[:1].isupper():
                continue
            for other in words[i + 1:i + 1 + NAME_SPAN]:
                if other[:1].isupper():
                    found.setdefault(stem(word.casefold()), set()).add(stem(other.casefold()))
    return {word: frozenset(after) for word, after in found.items()}


def _capitalised_words(blocks: Iterable[Block]) -> frozenset[str]:
    """The words an article capitalises inside its sentences (names), as terms."""
    found = set()
    for block in blocks:
        words = fold_cased(block.text).split()
        for before, word in pairwise(words):
            if word[:1].isupper() and before[-1:] not in ".!?«\"":
                found.add(stem(word.casefold()))
    return frozenset(found)
