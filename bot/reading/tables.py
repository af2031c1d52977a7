"""The reader's per-language word tables, read once from `bot/lang/<language>/*.tsv`.

Language facts are data, not code: an editor adds an abbreviation or a greeting to a table
without touching Python. Tables are parsed on first use and kept for the process
(`tables()` is cached), so reading a message never touches the disk.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.lang import LANG_DIR, LANGUAGES

log = logging.getLogger(__name__)

CHAT_FILE = "chat.tsv"  # abbreviation<TAB>expansion
READING_FILE = "reading.tsv"  # kind<TAB>phrase
PHRASE_KINDS = frozenset({"question", "request", "greeting", "appeal", "discourse", "preamble",
                          "turn", "story", "guess", "claim", "filler", "subject", "unit"})

_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}
_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc"
_ELIDED_AFTER = 3  # letters an abbreviation has that may follow "l'", "d'"


def _fold_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _LIGATURES.items()}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        if base != char and base.isascii() and base:
            table[code] = base
    table.update({ord(c): " " for c in _APOSTROPHES})
    return table


_FOLD = _fold_table()
_TOKEN = re.compile(r"[^\W_]+")
_WORDS = re.compile(r"[\w']+")


def _words(text: str) -> list[str]:
    """Words with their elisions ("c'est" is not "c"), as the prefilter compares them."""
    return _WORDS.findall(text.casefold().replace("\u2019", "'"))


def fold_tokens(text: str) -> list[str]:
    """Lower-case words without accents, apostrophes and hyphens splitting them: the form
    phrases are compared in ("Qu'est-ce" -> ["qu", "est", "ce"])."""
    return _TOKEN.findall(text.casefold().translate(_FOLD))


def abbreviation_key(text: str) -> str:
    """How an abbreviation is looked up: lower case, one apostrophe, single spaces."""
    lowered = text.casefold()
    for mark in _APOSTROPHES[1:]:
        lowered = lowered.replace(mark, "'")
    return " ".join(lowered.split())


@dataclass(frozen=True, slots=True)
class Phrases:
    """Phrases of each kind, by first word, longest first: found at a position in a few
    dictionary lookups, whatever the size of the tables."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]

    def at(self, tokens: list[str], i: int, kinds: frozenset[str]) -> tuple[str, int] | None:
        """The kind and length (in tokens) of the longest phrase of `kinds` at position i."""
        for phrase, kind in self.by_first.get(tokens[i], ()) if i < len(tokens) else ():
            if kind in kinds and tuple(tokens[i:i + len(phrase)]) == phrase:
                return kind, len(phrase)
        return None


@dataclass(frozen=True, slots=True)
class Tables:
    expansions: dict[str, str]  # abbreviation key -> expansion, every language
    abbreviations: dict[str | None, re.Pattern[str]]  # language (None: all) -> finder
    fillers: re.Pattern[str] | None  # laughter and tics, every language
    phrases: Phrases
    # The words of every abbreviation and filler, by first word: a message that has all the
    # words of none of them skips the (slower) whole-word patterns above.
    words_by_first: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    turns: re.Pattern[str] | None = None  # "mais", "du coup", "but": where a clause turns
    turn_words: frozenset[str] = frozenset()  # their first words: a quick "may turn" test
    # a number with what goes with it ("1 milliard", "5k", "20 %"): a value the reader gives
    values: re.Pattern[str] | None = None

    def may_turn(self, text: str) -> bool:
        """Whether the text may hold a turn (cheap, no false no)."""
        return not self.turn_words.isdisjoint(text.casefold().split())

    def may_apply(self, text: str) -> bool:
        """Whether an abbreviation or a filler may occur in the text (cheap, no false no)."""
        words = set(_words(text))
        words.update(w.rsplit("'", 1)[1] for w in list(words) if "'" in w)  # "l'asso"
        return any(found <= words for first in words.intersection(self.words_by_first)
                   for found in self.words_by_first[first])


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise ValueError(f"{path}:{number}: expected two tab-separated cells: {line!r}")
        rows.append((number, cells))
    return rows


def _value_pattern(units: list[str]) -> re.Pattern[str]:
    """A number, with the symbol or the unit word that goes with it ("1 milliard", "5k")."""
    words = [re.escape(u) for u in sorted(set(units), key=len, reverse=True)]
    after = "|".join(["k", "m", "%", "€", r"\$", *words])
    return re.compile(rf"\d[\d.,:\u202f]*(?:[ ]\d{{3}})*(?:\s*(?:{after})(?!\w))?",
                      re.IGNORECASE)


def _word_pattern(keys: list[str]) -> re.Pattern[str]:
    """Whole words or phrases, longest first: not inside a word, a name such as "U.S.", a
    mention, a path or an elision ("c" but not "c'est"). One of at least `_ELIDED_AFTER`
    letters may follow an elided article ("l'asso", "d'infos"); a shorter one may not."""
    parts = []
    for key in sorted(keys, key=len, reverse=True):
        words = [re.escape(w).replace("'", f"[{_APOSTROPHES}]") for w in key.split()]
        before = "" if len(key) >= _ELIDED_AFTER else _APOSTROPHES
        parts.append(rf"(?<![\w{before}.@#/&-])" + r"\s+".join(words))
    return re.compile(rf"(?:{'|'.join(parts)})(?![\w{_APOSTROPHES}@/&-]|\.\w)",
                      re.IGNORECASE)


@cache
def tables(root: Path = LANG_DIR) -> Tables:
    """Every language's tables, parsed once per process."""
    expansions: dict[str, str] = {}
    by_language: dict[str, list[str]] = defaultdict(list)
    fillers: list[str] = []
    turns: list[str] = []
    units: list[str] = []
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for language in LANGUAGES:
        folder = root / language
        for number, (typed, expansion) in _rows(folder / CHAT_FILE):
            key = abbreviation_key(typed)
            if expansions.get(key, expansion) != expansion:
                raise ValueError(f"{folder / CHAT_FILE}:{number}: '{key}' already expands "
                                 f"to '{expansions[key]}' in another language")
            expansions[key] = expansion
            by_language[language].append(key)
        for number, (kind, phrase) in _rows(folder / READING_FILE):
            if kind not in PHRASE_KINDS:
                raise ValueError(f"{folder / READING_FILE}:{number}: unknown kind '{kind}' "
                                 f"(one of {', '.join(sorted(PHRASE_KINDS))})")
            tokens = tuple(fold_tokens(phrase))
            if tokens:
                by_first[tokens[0]].append((tokens, kind))
            if kind == "filler":
                fillers.append(abbreviation_key(phrase))
            elif kind == "turn":
                turns.append(abbreviation_key(phrase))
            elif kind == "unit":
                units.append(abbreviation_key(phrase))
    every = list(expansions)
    patterns: dict[str | None, re.Pattern[str]] = {None: _word_pattern(every)}
    for language, keys in by_language.items():
        patterns[language] = _word_pattern(keys)
    phrases = Phrases({first: tuple(sorted(set(found), key=lambda p: -len(p[0])))
                       for first, found in by_first.items()})
    log.debug("reader tables: %d abbreviations, %d phrases", len(expansions),
              sum(len(v) for v in by_first.values()))
    words_by_first: dict[str, list[frozenset[str]]] = defaultdict(list)
    for key in (*every, *fillers):
        words = _words(key)
        words_by_first[words[0]].append(frozenset(words))
    return Tables(expansions, patterns, _word_pattern(fillers) if fillers else None, phrases,
                  {first: tuple(found) for first, found in words_by_first.items()},
                  _word_pattern(turns) if turns else None,
                  frozenset(_words(turn)[0] for turn in turns), _value_pattern(units))
