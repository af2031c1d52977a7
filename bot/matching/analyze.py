"""Turn a text into the terms the index compares: concepts, stems, question type.

The same analyser reads the knowledge (at index time) and the questions (per query), so an
alias, a synonym or an inflection counts the same on both sides. Only questions get their
typos corrected, against the words the knowledge actually uses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.model import Sense
from bot.lang import bilingual, bilingual_language, bilingual_narrow, fact_cues, question_words
from bot.matching.lang_data import (
    BY_HOW_MUCH,
    COUNT,
    COUNT_OF_EVENTS,
    FR_STOP,
    GENERIC_COUNTED,
    GREETINGS,
    INTERJECTIONS,
    LIGHT,
    PEOPLE_COUNTED,
    PEOPLE_NOUNS,
    QUESTION_WORDS,
    STRONG,
    TO_THE_BOT,
    UNTARGETED,
    WHAT,
    WHEN,
    WHERE,
    WHO,
)
from bot.matching.language import detect_language
from bot.matching.normalize import concept_key, fold, fold_cased, sound_key, stem
from bot.matching.question_form import (
    COUNTING,
    DESTINATION_WORD,
    META_STARTS,
    OF_WORDS,
    OPPONENT_WORD,
    ORIGIN_WORD,
    STOP,
    alternatives,
    asks_prediction,
    bonds_and_roles,
    counted_thing,
    destination_words,
    drop_negation,
    greeting_positions,
    looks_plural,
    number_checked,
    opponent_words,
    origin_words,
    phrase_starts,
    question_type,
    side_by_side,
    skip_phrases,
    unaccented_where,
    word_sense,
    year_checked,
)

CONCEPT_PREFIX = "@"
_STEM_KEY = "="  # key prefix of the translations of a stem, in Analyzer._translations
LOOSE = "~"  # key prefix of a term's looser readings in Analysis.variants
_NEUTRAL = STOP | LIGHT | UNTARGETED | INTERJECTIONS | GREETINGS | QUESTION_WORDS
_STRONG_STEMS = frozenset(stem(w) for w in STRONG)
# A verb listed light in several forms is light in all of them ("passe, passer, passee" ->
# "passera"); a stem listed once may be a noun's ("emploie" -> "emploi"), so it does not count.
_LIGHT_STEMS = frozenset(
    s for s, n in Counter(stem(w) for w in LIGHT).items() if n >= 2 and len(s) >= 4
) - _STRONG_STEMS


def fact_word(term: str) -> bool:
    """Whether a term is one of the words that change the fact asked ("âge", "premier"),
    strong as a name is, though it names nothing."""
    return term in _STRONG_STEMS


def framing(word: str) -> bool:
    """Whether a folded word is read as framing the question, not as asked ("article",
    "mentioned", "regarding", "terms"): no term, so an entry need not say it."""
    return word in LIGHT or word in UNTARGETED or stem(word) in _LIGHT_STEMS


# The question's frame ("l'article parle de") and time frames of several words ("à partir
# de quelle année", from the languages' facts data): never read as the concepts of their
# words (a departure).
_FRAMES = phrase_starts(fact_cues().phrases.get("when", ())
                        + tuple(p for ps in META_STARTS.values() for p in ps))
_MAX_REMEMBERED_FIXES = 50_000
_NO_VARIANTS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
# A word of the language is not a typo of an unrelated word ("demain" is no "detain", "Paris"
# no "partis"); it may still be an inflection of a word the knowledge uses ("promet", "promis").
_SAME_WORD_PREFIX = 4
_COMMONER = 5  # how many times more often a correction by edits is written than one by ear
_WORDS = question_words()
_ELIDED = _WORDS.words("elided")  # l'article, qu'il...
_GLUED = {f"jusqu{rest}": ["jusqu", rest] for rest in ("a", "au", "aux", "en", "ou", "ici")}
_GLUED_PREFIX = "pro"  # "proiranien" typed for "pro-iranien"
_NAMES_BEFORE_NOUNS = _WORDS.words("names_before_nouns")
_LEADER_WORDS = _WORDS.words("leader_words")
_PRONOUN_CONTEXT = _WORDS.words("pronoun_context")


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a text asks, in comparable form."""

    folded: str  # the whole text folded, for character-level comparison
    terms: tuple[str, ...]  # content terms, each once, in order: "@soldier", "deploy", "2500"
    qtype: str | None
    language: str | None
    greeting: bool
    unknown: frozenset[str]  # terms the knowledge never uses
    strong: frozenset[str]  # terms no entry may leave uncovered (names, numbers, STRONG words)
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    counted: str | None = None  # what "how many" counts: "base" in "how many US bases are..."
    to_bot: bool = False  # small talk to the bot ("ton prénom"), naming nothing of the article
    prediction: bool = False  # doubts about the future ("will Trump really end the wars?")
    alternatives: tuple[tuple[str, str], ...] = ()  # "exact ou approximatif": either will do
    checks_year: bool = False  # "killed in 2019?": the answer must give the year, right or not
    bonds: tuple[tuple[str, str], ...] = ()  # terms side by side: ("@deputy", "@hachd")
    # of those, in a question, a role and what it is held in: "numéro deux du Hachd"
    relations: tuple[tuple[str, str], ...] = ()
    placed: tuple[tuple[int, str], ...] = ()  # (word position, term), in the text's order
    # in a question, terms said side by side ("président de l'Irak"): a sentence that
    # answers it from the article must say them close together too
    links: tuple[tuple[str, str], ...] = ()
    # in a question, other terms that say what a term says: its translations ("won":
    # "remport", "gagn"), and under LOOSE + term its translations' translations back
    # (looser: "gagné" -> "win" -> "remporté"); an article's sentences may say it either way
    variants: dict[str, frozenset[str]] = field(default_factory=dict)
    # terms an answer need not repeat, though one that does counts them: ordinary nouns
    # pointing back to the article's subject ("cette étude", "ces travaux") and a count of
    # people however the article calls them ("combien de gens": "12 contre")
    optional: frozenset[str] = frozenset()
    # (word position, number of words) of the terms spelled by several words ("en premier")
    widths: tuple[tuple[int, int], ...] = ()
    # "how many people": any count of people answers, and only one of people
    counts_people: bool = False

    @property
    def said(self) -> tuple[str, ...]:
        """The terms an answer must say: all but the optional ones."""
        return tuple(t for t in self.terms if t not in self.optional)

    def said_otherwise(self, term: str, *, loose: bool = False) -> frozenset[str]:
        """Terms saying what `term` says; with `loose`, the looser readings too."""
        close = self.variants.get(term, frozenset())
        return close | self.variants.get(LOOSE + term, frozenset()) if loose else close


def _generic_counted(words: list[str], placed: dict[int, str], asked_at: int,
                     qtype: str | None) -> frozenset[str]:
    """The people a count asks about ("combien de gens", "how many people"): any count of
    people answers, whatever the article calls them, so the word itself need not be said."""
    if qtype != COUNT:
        return frozenset()
    return frozenset(placed[i] for i in range(asked_at, min(asked_at + 4, len(words)))
                     if i in placed and words[i] in GENERIC_COUNTED)


def _what_counted(words: list[str], placed: dict[int, str], skip: set[int], asked_at: int,
                  language: str | None, qtype: str | None, cased: list[str]
                  ) -> tuple[str | None, bool]:
    """What a "how many" question counts: (its term, or None for none in particular;
    whether it counts people, whatever a text calls them). `cased`: the words as typed."""
    if (qtype != COUNT or COUNT_OF_EVENTS.intersection(words[asked_at:asked_at + 3])
            or _asks_difference(words, asked_at)):
        return None, False
    if not GENERIC_COUNTED.isdisjoint(words[asked_at:asked_at + 4]):
        return None, True
    # as typed: a typo corrected into the other language ("automatic": "automatiques")
    # tells nothing of the plural
    plural = frozenset(i for i, word in enumerate(cased) if looks_plural(word))
    return counted_thing(words, placed, skip, asked_at, language, plural), False


def _all_neutral(words: list[str]) -> bool:
    """Whether there are words and each is one a text never keeps as a term (a stop word
    says nothing either way: "or" is gold, "été" summer)."""
    return bool(words) and all(w in _NEUTRAL or stem(w) in _LIGHT_STEMS for w in words)


def _referring(words: list[str], placed: dict[int, str], strong: set[str]) -> frozenset[str]:
    """Terms said right after a demonstrative ("cette affaire", "these figures"): the
    question points back to what the article is about rather than asking about it."""
    demonstrative = fact_cues().words.get("demonstrative", frozenset())
    return frozenset(term for i, term in placed.items()
                     if i and words[i - 1] in demonstrative and term not in strong)


class Analyzer:
    """Knows the concepts (aliases, synonyms) and the vocabulary of one knowledge base."""

    def __init__(self, concepts: Mapping[str, Iterable[str]], texts: Iterable[str],
                 language_vocabulary: Mapping[str, str] | None = None,
                 names: Iterable[str] = (), senses: Iterable[Sense] = (),
                 contested: frozenset[tuple[str, ...]] = frozenset()) -> None:
        """`names`: the concepts that are the articles' own names (people, places, groups);
        `senses`: the articles' readings of their words after some words (aliases.yaml);
        `contested`: spellings (concept keys) read as the words themselves, which files
        list under different concepts."""
        # a spelling files list under different concepts is read as the word itself
        concepts = {name: [v for v in variants if concept_key(v) not in contested]
                    for name, variants in concepts.items()}
        self._names = frozenset(concept_term(n) for n in names)
        self._senses: dict[str, list[Sense]] = defaultdict(list)
        for sense in senses:
            self._senses[sense.word].append(sense)
        self._phrases: dict[tuple[str, ...], str] = {}
        # single-word concept stem -> the words spelling it ("pay": {"pays"})
        self._spellings: dict[str, set[str]] = defaultdict(set)
        self._guarded: dict[str, str] = {}  # single-word aliases that are also function words
        spelled: set[str] = set()  # the words of every concept's spellings
        self._proper: set[str] = set()  # concepts with a capitalised spelling: names
        for name, variants in concepts.items():
            term = concept_term(name)
            if any(v[:1].isupper() for v in variants):
                self._proper.add(term)
            for variant in (variants if concept_key(name) in contested else (name, *variants)):
                key = concept_key(variant)
                spelled.update(fold(variant).split())
                if len(key) == 1 and fold(variant) in STOP:
                    self._guarded[fold(variant)] = term
                elif key:
                    self._phrases[key] = term
                    if len(key) == 1:
                        self._spellings[key[0]].add(fold(variant))
        # the terms that name people ("@soldier": "soldats"), of which a count answers "how
        # many people"
        self._people = frozenset({stem(w) for w in PEOPLE_NOUNS} | {
            concept_term(name) for name, variants in concepts.items()
            if any(fold(v) in PEOPLE_NOUNS for v in (name, *variants))} | {PEOPLE_COUNTED})
        # single words listed as they are in a concept
        self._listed: set[str] = set().union(*self._spellings.values())
        lengths: dict[str, set[int]] = defaultdict(set)
        for phrase in self._phrases:
            lengths[phrase[0]].add(len(phrase))
        # First stem -> phrase lengths to try, longest first (most words have none).
        self._lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}
        counts: dict[str, int] = defaultdict(int)
        capitalised: set[str] = set()  # words the knowledge writes with a capital: names
        for text in texts:
            cased_words = fold_cased(text).split()
            for position, word in enumerate(cased_words):
                counts[word.casefold()] += 1
                if position and word[:1].isupper():
                    capitalised.add(word.casefold())
        self._capitalised = frozenset(capitalised | {fold(v) for variants in concepts.values()
                                                     for v in variants if v[:1].isupper()})
        # the words the knowledge writes and how often: of two corrections as near, the
        # commoner
        self._counts = dict(counts)
        written = set(counts)
        # Typos are corrected to words people write (not to stems such as "servic")
        surface = written | spelled
        self._stems = ({stem(w) for w in surface} | {w for p in self._phrases for w in p}
                       | set(self._phrases_terms()))
        # Correction targets by first letter and question language (None: any language)
        self._surface: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        self._short_fixes = {_undoubled(w): w for w in sorted(written)
                             if len(w) == 4 and w.isalpha() and w not in _NEUTRAL
                             and _undoubled(w) != w}
        self._language_vocabulary = dict(language_vocabulary or {})
        for word in sorted(surface | LIGHT):
            if len(word) >= 3 and (word in LIGHT or word not in _NEUTRAL):
                # A word of the other language is a fair target only when it names a concept
                # both languages share ("atack" in French is still "attack": @attack).
                only = None if (stem(word),) in self._phrases else (
                    self._language_vocabulary.get(word))
                for language in (None, "fr", "en"):
                    if only is None or language is None or only == language:
                        self._surface[word[0], language].append(word)
        # The same targets by how they sound ("attake" -> "attaque"), kept only where every
        # word with that sound means the same ("attaque", "attack": @attack).
        sounds: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        for (_, language), targets in self._surface.items():
            for word in targets:
                if len(word) >= 4:
                    sounds[sound_key(word), language].add(word)
        self._sounds = {key: min(found) for key, found in sounds.items()
                        if len({self._meaning(w) for w in found}) == 1}
        self._fixes: dict[tuple[str, str | None], str | None] = {}
        self._learn_translations()

    def _meaning(self, word: str) -> str:
        """The term a single word stands for: its concept, else its stem."""
        return self._phrases.get((stem(word),), stem(word))

    def meaning(self, word: str) -> str:
        """The term a single folded word stands for: its concept, else its stem."""
        return self._meaning(word)

    def _links_and_variants(self, words: list[str], placed: dict[int, str],
                            ends: dict[int, int]
                            ) -> tuple[tuple[tuple[str, str], ...], dict[str, frozenset[str]]]:
        """A question's terms said side by side, and for each single-word term the terms
        that say it otherwise (translations, synonyms)."""
        # "le président de l'Irak", "the leader of IS": one said of the other ("de"/"of"
        # between); words that only follow each other ("al-Soudani espère") are not linked
        links = tuple((placed[i], placed[j]) for i, j in side_by_side(words, placed, ends)
                      if not OF_WORDS.isdisjoint(words[ends[i]:j]))
        variants: dict[str, frozenset[str]] = {}
        for i, term in placed.items():
            if not term.isdigit() and ends[i] == i + 1:
                close, loose = self._variants(words[i])
                for found, key in ((close - {term}, term), (loose - {term}, LOOSE + term)):
                    if found:
                        variants[key] = variants.get(key, frozenset()) | found
        return links, variants

    def _variants(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """Terms of the word's translations, and (looser) of its translations' translations
        back ("gagné": "win": "remporté"); only terms the knowledge uses."""
        found = self._translations.get(word)
        if found is None:  # "gardening": what the list says of "garden", its stem
            found = self._translations.get(_STEM_KEY + stem(word), _NO_VARIANTS)
        return found

    def _learn_translations(self) -> None:
        """Keep, of the general word list, what this knowledge can use: each word's
        translations (and translations back) that are terms of the knowledge, and the set
        of the language's words (not typos). Done once per index, so a question costs
        dictionary lookups and a warm start loads it with the index."""
        table = bilingual()
        self._general = frozenset(table)
        # the language most of the knowledge's words are of, as far as the list tells
        sides = bilingual_language()
        tally: dict[str, int] = defaultdict(int)
        for word, count in self._counts.items():
            if word in sides:
                tally[sides[word]] += count
        self._language = max(tally, key=tally.__getitem__) if tally else None
        # each listed word's term, when the knowledge uses it (computed once per word: the
        # loose readings below visit each word many times)
        listed = set(table).union(*table.values())
        meaning = {w: self._meaning(w) for w in listed}
        usable = {w: m for w, m in meaning.items() if self.is_known(m)}
        # each word's translations the knowledge uses, worked out once; its loose readings
        # are its translations' own, through the narrow list only
        close_of = {word: frozenset(usable[o] for o in others if o in usable)
                    for word, others in table.items()}
        narrow = bilingual_narrow()
        narrow_of = {word: frozenset(usable[o] for o in others if o in usable)
                     for word, others in narrow.items()}
        found: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for word in table:
            close = close_of[word]
            loose = set().union(*(narrow_of.get(o, ()) for o in narrow.get(word, ())))
            loose -= close
            loose.discard(meaning[word])
            if close or loose:
                found[word] = (frozenset(close), frozenset(loose))
                # the same under the word's stem, for the forms the list does not spell out
                key = _STEM_KEY + stem(word)
                was = found.get(key, _NO_VARIANTS)
                found[key] = (was[0] | close, was[1] | loose)
        self._translations = found
        # words of the other language that the knowledge says only through words it never
        # keeps as terms ("town": "ville", "history": "histoire"): a question need not
        # find them said
        self._neutral_abroad = frozenset(
            word for word, others in table.items()
            if sides.get(word) not in (None, self._language) and word not in _NEUTRAL
            and _all_neutral([o for o in others if o in self._counts and o not in STOP]))

    def _foreign_translations(self, word: str) -> frozenset[str]:
        """The knowledge's terms for a word of the general list's other language than the
        knowledge's own words ("river": "fleuv"); none for a word of its own language."""
        language = bilingual_language().get(word)
        if language is None or language == self._language:
            return frozenset()
        return self._variants(word)[0]

    def _phrases_terms(self) -> set[str]:
        return set(self._phrases.values()) | set(self._guarded.values())

    def is_name(self, term: str) -> bool:
        """Whether a term is a name: one of the articles' own (a person, a place, a group),
        or a concept some spelling of which is capitalised ("Israël", "Washington")."""
        return term in self._names or term in self._proper

    def is_article_name(self, term: str) -> bool:
        """Whether a term is a concept of an article's own aliases (its people, places,
        groups, and the words its editor gave them), not of the shared lexicon."""
        return term in self._names

    def is_proper(self, term: str) -> bool:
        """Whether a concept has a capitalised spelling: a person, a place, a body."""
        return term in self._proper

    def names_people(self, term: str) -> bool:
        """Whether a counted term is of people ("soldat", "@soldier"), not of things."""
        return term in self._people

    def is_known(self, term: str) -> bool:
        return term.startswith(CONCEPT_PREFIX) or term in self._stems or term.isdigit()

    def analyze(self, text: str, *, correct: bool = False) -> Analysis:
        cased = fold_cased(text).split()
        if _shouted(cased):  # capitals tell nothing ("WHO IS ISRAEL FIGHTING" names no IS)
            cased = [w.casefold() for w in cased]
        corrections = []
        if correct:
            cased = self._split_elisions(cased, corrections)
        words = [w.casefold() for w in cased]
        if correct:  # first, so that "whos" counts as English, as "who" does
            _fix_words(words, self._question_word, corrections)
        language = detect_language(text, words, self._language_vocabulary)
        qtype, skip, asked_at = question_type(
            words, "où" in text.lower() or unaccented_where(words),
            lambda j: self._phrase_starts_at(words, j))
        greeting = greeting_positions(words, skip)
        skip_phrases(words, _FRAMES, skip)
        if correct:
            language = self._correct_words(text, words, skip, language, corrections, cased)
        drop_negation(words, skip)
        stems = [stem(w) for w in words]
        terms: list[str] = []
        strong: set[str] = set()  # names, numbers, fact-changing words: always to cover
        named = False  # names something: a name of the articles, a number, a capitalised word
        placed: dict[int, str] = {}  # word position -> the term starting there
        ends: dict[int, int] = {}  # word position -> where that term's words end
        i = 0
        while i < len(words):
            if i in skip or (words[i] in _LEADER_WORDS
                             and OF_WORDS.isdisjoint(words[i + 1:i + 2])):
                # "the Iraqi leader" names a person the article has; "the leader of
                # Hezbollah" asks for one it may not have.
                i += 1
                continue
            term, width = self._concept_at(words, stems, cased, i, skip, language)
            if term is None:
                width = 1
                if words[i] not in _NEUTRAL and words[i] and stems[i] not in _LIGHT_STEMS:
                    term = stems[i]
            if term:
                placed[i] = term
                ends[i] = i + width
            if term and term not in terms:
                terms.append(term)
                capitalised = bool(i and cased[i][:1].isupper())
                if (term.isdigit() or words[i] in STRONG or term in _STRONG_STEMS
                        or capitalised or term.startswith(CONCEPT_PREFIX)):
                    strong.add(term)
                named = named or term.isdigit() or term in self._names or capitalised
            i += width
        qtype, checks_year, checked_at = self._reread(words, placed, terms, strong, qtype,
                                                      correct)
        asked_at = checked_at if checked_at is not None else asked_at
        counted, counts_people = _what_counted(words, placed, skip, asked_at, language, qtype,
                                              cased)
        unknown = frozenset(t for t in terms if not self.is_known(t))
        links, variants = self._links_and_variants(words, placed, ends) if correct else ((), {})
        optional = _referring(words, placed, strong) | _generic_counted(
            words, placed, asked_at, qtype) if correct else frozenset()
        if correct:
            optional |= {t for i, t in placed.items() if ends[i] == i + 1
                         and t in terms and t not in strong
                         and words[i] in self._neutral_abroad}
        return Analysis(" ".join(words), tuple(terms), qtype, language, greeting, unknown,
                        frozenset(strong), tuple(corrections), counted,
                        not named and any(w in TO_THE_BOT for w in words),
                        asks_prediction(words),
                        tuple(pair for pair in alternatives(words, placed, skip)
                              if set(pair) <= set(terms)), checks_year,
                        *bonds_and_roles(words, placed, ends, correct),
                        tuple(sorted(placed.items())), links, variants, optional,
                        tuple((i, end - i) for i, end in sorted(ends.items()) if end - i > 1),
                        counts_people)

    def _reread(self, words: list[str], placed: dict[int, str], terms: list[str],
                strong: set[str], qtype: str | None, question: bool
                ) -> tuple[str | None, bool, int | None]:
        """What the question type becomes once the terms are known: (type, whether a year
        is only checked, where a checked number is). `terms` and `strong` change in place."""
        origin = origin_words(words)
        if origin and self._names_subject(origin, placed):
            # "Where was Soleimani from?" asks a person's or a group's nationality, not a
            # place ("where does the warrant come from" asks who issued it).
            self._read_as(ORIGIN_WORD, origin, placed, terms, strong)
            return WHAT, False, None
        opponent = opponent_words(words)
        if opponent:
            self._read_as(OPPONENT_WORD, opponent, placed, terms, strong)
            return WHO, False, None
        destination = destination_words(words, qtype == WHERE and "ou" in words)
        if destination:
            # "Où iront les soldats après l'Irak ?": where to, not where something is
            self._read_as(DESTINATION_WORD, destination, placed, terms, strong)
            return WHAT, False, None
        if question and qtype in (None, WHEN):
            if year_checked(words, placed, terms, strong):
                return WHEN, True, None
            if qtype is None and (at := number_checked(words, placed, terms, strong)) is not None:
                return COUNT, False, at
        return qtype, False, None

    def _read_as(self, word: str, positions: list[int], placed: dict[int, str],
                 terms: list[str], strong: set[str]) -> None:
        """Read the words at `positions` as the one word they ask ("nationality"): its term
        comes first, in place of theirs, and must be covered."""
        terms[:] = [self._meaning(word)] + [
            t for t in terms if not any(placed.get(j) == t for j in positions)]
        strong.add(terms[0])

    def _names_subject(self, origin: list[int], placed: dict[int, str]) -> bool:
        """Whether what the origin is asked of is a name of the articles: the first term
        after the question words ("d'où venait Soleimani"), else the last before them
        ("Soleimani vient d'où")."""
        others = [j for j in sorted(placed) if j not in origin]
        after = [placed[j] for j in others if j > origin[0]]
        before = [placed[j] for j in others if j < origin[0]]
        subject = after[0] if after else before[-1] if before else None
        return subject in self._names

    def _concept_at(self, words: list[str], stems: list[str], cased: list[str], i: int,
                    skip: set[int], language: str | None) -> tuple[str | None, int]:
        sense = self._article_sense(words, i) or word_sense(words, i)
        if sense is not None:
            # what the sense means: a concept by its name or any spelling, even of several
            # words ("marceau-prize", "prix Marceau"), else the word itself
            return self._phrases.get(concept_key(sense)) or self._meaning(sense), 1
        for width in self._lengths.get(stems[i], ()):
            if i + width > len(stems) or any(j in skip for j in range(i, i + width)):
                continue
            term = self._phrases.get(tuple(stems[i:i + width]))
            # A function word that merely shares a stem with a concept ("according" and
            # "accord") stays a function word; one listed in the concept itself does not.
            if term and not (width == 1 and words[i] in _NEUTRAL
                             and words[i] not in self._listed):
                if width == 1 and self._other_language(words[i], language):
                    continue  # "pay" is not "pays" (@country) in an English question
                return term, width
        word = words[i]
        guarded = self._guarded.get(word)
        if guarded:
            # "US"/"IS" as names only when written in capitals, or (lower-case) in a language
            # where the word is not a function word ("combien de soldats us" is French).
            previous = cased[i - 1].casefold() if i else ""
            upper = cased[i].isupper() and len(cased[i]) > 1
            foreign = language == "fr" and word not in FR_STOP
            # "us troops": before a content word, "us" is the country, whatever the case.
            adjective = (word in _NAMES_BEFORE_NOUNS and i + 1 < len(words)
                         and words[i + 1] not in STOP)
            if (upper or foreign or adjective) and previous not in _PRONOUN_CONTEXT:
                return guarded, 1
        return None, 1

    def _other_language(self, word: str, language: str | None) -> bool:
        """Whether a word of the question's language only shares its stem with the spellings
        of a concept in the other language ("pay", English; "pays", French: @country)."""
        if language is None or word in self._listed:
            return False
        spellings = self._spellings.get(stem(word), ())
        vocabulary = self._language_vocabulary
        return (bool(spellings) and vocabulary.get(word) == language
                and all(vocabulary.get(s) not in (None, language) for s in spellings))

    def _article_sense(self, words: list[str], i: int) -> str | None:
        """The word an article reads word i as, after the words its aliases.yaml names."""
        if i == 0:
            return None
        return next((s.means for s in self._senses.get(words[i], ())
                     if words[i - 1] in s.after), None)

    def _phrase_starts_at(self, words: list[str], i: int) -> bool:
        """Whether a concept phrase of several words starts at word i ("groupe armé")."""
        return any(width > 1 and i + width <= len(words)
                   and tuple(stem(w) for w in words[i:i + width]) in self._phrases
                   for width in self._lengths.get(stem(words[i]), ()))

    def _correct_words(self, text: str, words: list[str], skip: set[int], language: str | None,
                       corrections: list[tuple[str, str]], cased: list[str]) -> str | None:
        """Correct the typos in place; returns the language, which a correction may tell
        ("withdrawl" read as "withdrawal" is English). A capitalised word inside the
        sentence is a name: corrected only to a name the knowledge writes ("Apple" is not
        "appel"; "Soleimanni" is "Soleimani")."""
        names = [i for i in range(1, min(len(cased), len(words)))
                 if cased[i][:1].isupper() and not cased[i].isupper() and i not in skip]
        # the noun "how many" counts is content: a correction that would make it a word
        # asking nothing ("employees" as "emploie", to use) is not made
        counted = {i + len(phrase) for i in range(len(words)) for phrase in COUNTING
                   if tuple(words[i:i + len(phrase)]) == phrase
                   and i + len(phrase) < len(words)} - skip - set(names)
        _fix_words(words, lambda word: self._correct(word, language), corrections,
                   skip | set(names) | counted)
        for i in sorted(counted):
            fixed = self._correct(words[i], language)
            if fixed != words[i] and fixed not in _NEUTRAL:
                corrections.append((words[i], fixed))
                words[i] = fixed
        for i in names:
            fixed = self._correct(words[i], language)
            if fixed != words[i] and fixed in self._capitalised:
                corrections.append((words[i], fixed))
                words[i] = fixed
        if language is None and corrections:
            language = detect_language(text, words, self._language_vocabulary)
        return language

    def _split_elisions(self, cased: list[str], corrections: list[tuple[str, str]]
                        ) -> list[str]:
        """French elisions typed without their apostrophe: "larticle" is "l article",
        "darret" is "d arret", as long as the rest is a word the knowledge uses."""
        out = []
        for word in cased:
            low = word.casefold()
            if low in _GLUED:  # "jusqua"
                corrections.append((low, " ".join(_GLUED[low])))
                out += _GLUED[low]
                continue
            cut = len(_GLUED_PREFIX)
            if (low.startswith(_GLUED_PREFIX) and len(low) - cut >= 5  # not "promet"
                    and low not in self._counts and stem(low) not in self._stems
                    and (stem(low[cut:]),) in self._phrases):  # "proiranien"
                corrections.append((low, f"{low[:cut]} {low[cut:]}"))
                out += [word[:cut], word[cut:]]
                continue
            cut = 2 if low.startswith("qu") else 1
            rest = low[cut:]
            if (len(rest) >= 3 and low[:cut] in _ELIDED and rest[0] in "aeiouyh"
                    and low not in self._counts and stem(low) not in self._stems
                    and low not in self._general  # "taux" is a word, not "t'aux"
                    and low not in _NEUTRAL  # "quelle" is no "qu'elle"
                    and (rest in self._counts or stem(rest) in self._stems)):
                corrections.append((low, f"{low[:cut]} {rest}"))
                out += [word[:cut], word[cut:]]
            else:
                out.append(word)
        return out

    def _question_word(self, word: str) -> str:
        """A mistyped question word ("wich", "pourqoi", "whos", "koment") read as the word
        meant (text-message forms such as "cbien" are question phrases of their own)."""
        if (len(word) < 4 or word in _NEUTRAL or word in STRONG or not word.isalpha()
                or word in self._counts):
            return word
        found = process.extract(word, _QUESTION_TYPOS.get(word[0], ()), scorer=OSA.distance,
                                score_cutoff=1, limit=None)
        if not found:
            return _QUESTION_SOUNDS.get(sound_key(word), word)
        # Of words as near, one the typed word is missing a letter of ("wher": "where", not
        # "when"): a letter left out is the commonest slip.
        nearest = [w for w, distance, _ in found if distance == found[0][1]]
        return next((w for w in nearest if _subsequence(word, w)), nearest[0])

    def _correct(self, word: str, language: str | None = None) -> str:
        """The knowledge word a typo most likely meant, or the word itself."""
        if len(word) == 3 and word not in _NEUTRAL and stem(word) not in self._stems:
            # Too short for edit distance ("vie" is one letter from many words); only the
            # commonest slips: two letters swapped in a function word ("teh"), one letter of
            # a double typed once ("kil" for "kill").
            swapped = (word[1] + word[0] + word[2], word[0] + word[2] + word[1])
            return next((w for w in swapped if w in STOP), None) or self._short_fixes.get(
                word, word)
        if (len(word) < 4 or word in _NEUTRAL or word in STRONG or not word.isalpha()
                or stem(word) in self._stems):
            return word
        key = (word, language)
        if key not in self._fixes:
            lang = language if language in ("fr", "en") else None
            # A spelling by ear first ("fase" is "phase", not "face"), which can be further
            # off ("comuniké"); else the nearest word by edits, among words with the same
            # first letter (rarely the mistyped one: "visant" must not become "disant"), and
            # never a word only the other language uses ("joke" is not a typo of "joue").
            by_ear = self._sounds.get((sound_key(word), lang))
            found = process.extract(word, self._surface.get((word[0], lang), ()),
                                    scorer=OSA.distance, limit=4,
                                    score_cutoff=1 if len(word) <= 7 else 2)
            # Of words as near, one that says something: "gerre" is "guerre", not "genre";
            # and of those, the one the knowledge writes most.
            nearest = [w for w, distance, _ in found if distance == found[0][1]]
            saying = [w for w in nearest if w not in _NEUTRAL]
            fixed = max(saying, key=lambda w: (self._counts.get(w, 0), w)) if saying else (
                nearest[0] if nearest else None)
            # The spelling by ear wins, unless the knowledge writes the nearest word by edits
            # far more often ("gerre" sounds like a "gérée" written once; "guerre" is
            # written 59 times).
            if by_ear is not None and (fixed is None or self._counts.get(fixed, 0)
                                       < _COMMONER * max(self._counts.get(by_ear, 0), 1)):
                fixed = by_ear
            if (fixed is not None and word in self._general
                    and fixed[:_SAME_WORD_PREFIX] != word[:_SAME_WORD_PREFIX]):
                fixed = None
            translations = self._foreign_translations(word)
            if fixed is not None and translations and self._meaning(fixed) not in translations:
                # "river" in a question about a French article that says "fleuve" is meant,
                # not a slip for "rives" (though "occupied" may well be read "occupait")
                fixed = None
            if len(self._fixes) >= _MAX_REMEMBERED_FIXES:  # a long-running bot sees many typos
                self._fixes.clear()
            self._fixes[key] = fixed
        return self._fixes[key] or word


# Interrogative words recognised mistyped, by first letter ("wich" -> "which").
_QUESTION_TYPOS: dict[str, list[str]] = defaultdict(list)
for _word in ("what", "which", "when", "where", "who", "whose", "why", "how", "quand", "quel",
              "quelle", "quels", "quelles", "quoi", "combien", "comment", "pourquoi", "annee",
              "long", "many", "much"):
    _QUESTION_TYPOS[_word[0]].append(_word)
_QUESTION_SOUNDS = {sound_key(w): w for words in _QUESTION_TYPOS.values() for w in words
                    if len(w) >= 4}


def _fix_words(words: list[str], fix: Callable[[str], str],
               corrections: list[tuple[str, str]], skip: set[int] | frozenset[int] = frozenset()
               ) -> None:
    """Replace in place each word (outside `skip`) that `fix` reads differently, noting it."""
    for i, word in enumerate(words):
        if i in skip:
            continue
        fixed = fix(word)
        if fixed != word:
            corrections.append((word, fixed))
            words[i] = fixed


def _subsequence(short: str, long: str) -> bool:
    """Whether `short` is `long` with letters left out."""
    letters = iter(long)
    return all(c in letters for c in short)


def _asks_difference(words: list[str], asked_at: int) -> bool:
    """ "De combien le chômage a-t-il grimpé", "by how much did it drop": a difference."""
    return asked_at > 0 and any(tuple(words[asked_at - 1:asked_at - 1 + len(phrase)]) == phrase
                                for phrase in BY_HOW_MUCH)


def _shouted(words: list[str]) -> bool:
    """Typed in capitals throughout (a few lower-case letters aside)."""
    letters = sum(len(w) for w in words if w.isalpha())
    upper = sum(len(w) for w in words if w.isalpha() and w.isupper())
    return letters >= 10 and upper >= 0.8 * letters


def concept_term(name: str) -> str:
    """The term a concept stands for in analyses: "@" and its folded name."""
    return CONCEPT_PREFIX + "_".join(fold_cased(name).casefold().split())


def _undoubled(word: str) -> str:
    """The word with its first doubled letter typed once: "kill" -> "kil"."""
    for i in range(len(word) - 1):
        if word[i] == word[i + 1]:
            return word[:i] + word[i + 1:]
    return word
