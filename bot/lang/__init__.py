"""Language data, kept as data: one folder per language (`fr/`, `en/`) and the French-English
word list (`fr_en.tsv`). Nothing here names an article's people, places or topics.

Loaded once per process and read-only: the tables are small, and every index built in the
process shares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.kb.yamlsrc import SAFE_LOADER
from bot.matching.normalize import fold


def _read_yaml(path: Path) -> Any:
    """A language file's data (safe: plain values only; libyaml when PyYAML has it, which
    start-up feels)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)

LANG_DIR = Path(__file__).resolve().parent
LANGUAGES = ("fr", "en")
# The general French-English word list: its curated part first, then the frequent words
# (see bilingual_narrow for why the two are kept apart)
BILINGUAL_FILES = (LANG_DIR / "fr_en.tsv", LANG_DIR / "fr_en_frequent.tsv")


@dataclass(frozen=True, slots=True)
class FactCues:
    """Words (folded) showing what kind of fact a text states, all languages merged.

    `words[kind]` holds single words; `phrases[kind]` word tuples ("a cause de").
    """

    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[str, ...], ...]]

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, ())


@lru_cache(maxsize=1)
def fact_cues() -> FactCues:
    words: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for language in LANGUAGES:
        data = _read_yaml(LANG_DIR / language / "facts.yaml")
        for key, lines in data.items():
            if key.endswith("_phrases"):
                phrases.setdefault(key.removesuffix("_phrases"), []).extend(
                    tuple(fold(line).split()) for line in lines)
            else:
                words.setdefault(key, set()).update(w for line in lines
                                                    for w in fold(line).split())
    return FactCues({k: frozenset(v) for k, v in words.items()},
                    {k: tuple(v) for k, v in phrases.items()})


class LanguageDataError(ValueError):
    """A language data file does not have the shape its reader expects."""


@dataclass(frozen=True, slots=True)
class QuestionWords:
    """The word tables for reading a question (`<language>/questions.yaml`), per language.

    A table is a list of lines of folded words; a `*_phrases` table a list of phrases, one
    per line; a typed table (`category_nouns`, `question_phrases`) maps a question type to
    such a list.
    """

    tables: dict[str, dict[str, object]]  # language -> key -> parsed table

    def words(self, key: str, *languages: str) -> frozenset[str]:
        """The words of a table, in the given languages (every language if none)."""
        return frozenset(w for language in languages or LANGUAGES
                         for w in self.tables[language].get(key, ()))

    def phrases(self, key: str) -> tuple[tuple[str, ...], ...]:
        """The phrases of a table, every language, French first, in file order."""
        return tuple(p for language in LANGUAGES for p in self.tables[language].get(key, ()))

    def typed(self, key: str) -> dict[str, tuple]:
        """A typed table, every language: question type -> its words or phrases."""
        merged: dict[str, list] = {}
        for language in LANGUAGES:
            for qtype, items in self.tables[language].get(key, {}).items():
                merged.setdefault(qtype, []).extend(items)
        return {qtype: tuple(items) for qtype, items in merged.items()}


QUESTION_TABLES = frozenset({
    "stop", "markers", "light", "untargeted", "greetings", "thanks", "greeting_phrases",
    "interjections",
    "to_the_bot", "meta_phrases", "doubt", "future", "forecast", "your_view_phrases",
    "count_of_events", "generic_counted", "people_nouns", "by_how_much_phrases", "which",
    "category_nouns",
    "content_category_nouns", "content_words", "question_phrases", "keep_in_question",
    "relational", "leading", "negations", "strong",
    # the words of the named rules in bot/matching/question_form.py
    "take_place", "time_told_phrases", "prefixes", "conjunctions", "asking_before_when",
    "counting_phrases",
    "come_verbs", "be_verbs", "from_verbs", "go_verbs", "won_verbs", "against_whom_phrases",
    "leading_to_type", "yes_no_openers", "before_a_noun", "named_after_which",
    "determiner_before", "after_risk_verb", "risk_stems", "reverse", "order_words", "of_words",
    "between", "possessive", "definite_articles", "determiners", "dated", "auxiliaries",
    # and in bot/matching/analyze.py
    "elided", "names_before_nouns", "leader_words", "pronoun_context",
})
_TYPED_TABLES = frozenset({"category_nouns", "question_phrases"})


def _lines(value: object, where: str, phrases: bool) -> list:
    """A table's lines, checked: strings of folded words (a phrase per line, or words)."""
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise LanguageDataError(f"{where}: expected a list of lines of words")
    found: list = []
    for line in value:
        words = line.split()
        for word in words:
            if fold(word) != word:
                raise LanguageDataError(f"{where}: '{word}' is not in folded form "
                                        f"(write '{fold(word)}')")
        if phrases:
            found.append(tuple(words))
        else:
            found.extend(words)
    return found


@lru_cache(maxsize=1)
def question_words() -> QuestionWords:
    """Every language's question tables, read and checked once per process."""
    return read_question_words(LANG_DIR)


def read_question_words(root: Path) -> QuestionWords:
    """The question tables of `root/<language>/questions.yaml`; a table of unknown name or
    shape, or a word not in folded form, is a `LanguageDataError` naming file and table."""
    tables: dict[str, dict[str, object]] = {}
    for language in LANGUAGES:
        path = root / language / "questions.yaml"
        try:
            data = _read_yaml(path) or {}
        except (OSError, yaml.YAMLError) as error:
            raise LanguageDataError(f"{path}: cannot be read: {error}") from error
        if not isinstance(data, dict):
            raise LanguageDataError(f"{path}: expected a mapping of table names")
        parsed: dict[str, object] = {}
        for key, value in data.items():
            where = f"{path}: {key}"
            if key not in QUESTION_TABLES:
                raise LanguageDataError(f"{where}: unknown table (known: "
                                        f"{', '.join(sorted(QUESTION_TABLES))})")
            phrases = key.endswith("_phrases")
            if key in _TYPED_TABLES:
                if not isinstance(value, dict):
                    raise LanguageDataError(f"{where}: expected question type: lines")
                parsed[key] = {str(qtype): _lines(lines, f"{where}.{qtype}", phrases)
                               for qtype, lines in value.items()}
            else:
                parsed[key] = _lines(value, where, phrases)
        tables[language] = parsed
    return QuestionWords(tables)


@dataclass(frozen=True, slots=True)
class Morphology:
    """Derivational endings (on stems) of every language, longest first."""

    endings: tuple[str, ...]
    min_root: int

    def root(self, stem: str) -> str:
        """What a stem keeps of its family: "jardinag" -> "jardin", "chomeur" -> "chom"."""
        for ending in self.endings:
            if stem.endswith(ending) and len(stem) - len(ending) >= self.min_root:
                return stem[: -len(ending)]
        return stem


@lru_cache(maxsize=1)
def morphology() -> Morphology:
    endings: set[str] = set()
    min_root = 4
    for language in LANGUAGES:
        path = LANG_DIR / language / "morphology.yaml"
        if path.is_file():
            data = _read_yaml(path)
            endings.update(w for line in data.get("endings", ()) for w in str(line).split())
            min_root = max(min_root, int(data.get("min_root", min_root)))
    return Morphology(tuple(sorted(endings, key=len, reverse=True)), min_root)


def bilingual() -> dict[str, tuple[str, ...]]:
    """Folded single word -> folded single words of the other language with the same sense.

    Read from `fr_en.tsv` and `fr_en_frequent.tsv` (one sense per line: French forms, a tab,
    English forms, forms separated by " | "). A word of several senses gets the words of
    every sense, in file order; the caller keeps only those the knowledge uses.
    """
    return _bilingual(BILINGUAL_FILES)[0]


def bilingual_narrow() -> dict[str, tuple[str, ...]]:
    """The same from `fr_en.tsv` alone, whose senses are narrow enough to translate a word's
    translations back ("gagné" -> "win" -> "remporté"); the frequent words' broad senses
    would find too much ("end" -> "fin" -> "purpose")."""
    return _bilingual(BILINGUAL_FILES[:1])[0]


def bilingual_language() -> dict[str, str]:
    """Folded single word of the word lists -> "fr" or "en", for the words only one side
    lists ("river": "en"; "bus", on both sides, is neither's)."""
    return _bilingual(BILINGUAL_FILES)[1]


@lru_cache(maxsize=2)
def _bilingual(paths: tuple[Path, ...]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    table: dict[str, dict[str, None]] = {}  # word -> its translations, in file order
    sides: dict[str, set[str]] = {}
    for path in paths:
        for fr, en in word_list_senses(path):
            for source, targets, language in ((fr, en, "fr"), (en, fr, "en")):
                found = dict.fromkeys(targets)
                for word in source:
                    sides.setdefault(word, set()).add(language)
                    known = table.get(word)
                    if known is None:
                        known = table[word] = dict(found)
                    else:
                        known.update(found)
                    known.pop(word, None)  # "bus": "bus" is no translation
    return ({word: tuple(targets) for word, targets in table.items()},
            {word: next(iter(found)) for word, found in sides.items() if len(found) == 1})


@lru_cache(maxsize=4)
def word_list_senses(path: Path) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(French words, English words) of each line of a word list: its single-word forms,
    folded (each form once, however many lines list it)."""
    if not path.is_file():
        return ()
    folded: dict[str, str] = {}

    def words(side: str) -> tuple[str, ...]:
        found = []
        for written in side.split("|"):
            form = written.strip()
            if not form or " " in form:  # a phrase, not a single word
                continue
            word = folded.get(form)
            if word is None:  # a plain ASCII word folds to its lower case
                word = folded[form] = (form.lower() if form.isascii() and form.isalpha()
                                       else fold(form))
            if word and " " not in word:
                found.append(word)
        return tuple(found)

    senses = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        french, english = raw.split("\t", 1)
        senses.append((words(french), words(english)))
    return tuple(senses)


@lru_cache(maxsize=1)
def nationalities() -> dict[str, tuple[str, str]]:
    """Folded word -> (the group it belongs to, its language: "fr", "en", "" for both), for
    the words that say which people someone or something belongs to: nationalities, peoples,
    religions ("allemands": ("allemand", "fr"); "German": ("allemand", "en")).

    Read from the word lists, where such a word is lower case in French and capitalised in
    English (one line: "allemand | allemande | allemands | allemandes<TAB>German | Germans");
    months and weekdays, which are written the same way, are left out. The group is the
    line's first French form, so both languages' words of one line are one group."""
    cues = fact_cues()
    calendar = cues.words.get("months", frozenset()) | cues.words.get("weekdays", frozenset())
    found: dict[str, tuple[str, str]] = {}
    for path in BILINGUAL_FILES:
        if not path.is_file():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            french, tab, english = raw.partition("\t")
            # most lines fail the first test: French capitalised, or English lower case
            if not (tab and french[:1].islower() and english[:1].isupper()):
                continue
            sides = [[w.strip() for w in side.split("|") if w.strip()]
                     for side in (french, english.split("\t")[0])]
            if not all(f[:1].islower() for f in sides[0]) or not all(
                    e[:1].isupper() for e in sides[1]):
                continue
            # single words only: a phrase, or a word folding to two ("nord-américain")
            words = [(w, language) for side, language in zip(sides, ("fr", "en"), strict=True)
                     for w in map(fold, side) if w and " " not in w]
            if not words or not calendar.isdisjoint(w for w, _ in words):
                continue
            group = words[0][0]
            for word, language in words:
                known = found.setdefault(word, (group, language))
                if known[1] != language:  # "nigerien": "nigérien" and "Nigerien" alike
                    found[word] = (known[0], "")
    return found
