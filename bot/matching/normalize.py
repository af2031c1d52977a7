"""Text folding and light stemming shared by the index and the queries.

Everything that compares text goes through these functions, once at index time for the
knowledge and once per question, so both sides are always normalised the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.kb.article import QUOTE_CHARS

_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}
# The marks that open a quotation in a question ("« On sauve l'usine », qui a dit ça ?")
QUOTE_MARKS = frozenset("«“\"")


def _latin_table() -> dict[int, str]:
    """Accented Latin-1/Latin Extended-A letters to their base letters, for str.translate."""
    table = {ord(k): v for k, v in _LIGATURES.items()}
    for code in range(0xC0, 0x180):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        if base != char and base.isascii() and base:
            table[code] = base
    return table


# "31,4 %", "cb de % pour X": the sign is a word, read as the shared lexicon's spelling
_SIGNS = {ord("%"): " percent "}
_FOLD_TABLE = {**_latin_table(), **QUOTE_CHARS, **_SIGNS}
# "2.500", "2,500", "2 500" (also with narrow no-break spaces) -> "2500"
_THOUSANDS = re.compile(r"(?<=\d)[.,\s](?=\d{3}(?!\d))")
_NON_WORD = re.compile(r"[\W_]+")


def fold_cased(text: str) -> str:
    """Accents, punctuation and thousands separators removed; case kept for alias checks."""
    text = text.translate(_FOLD_TABLE)
    if not text.isascii():  # rarer scripts and combining marks: the general (slower) way
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _THOUSANDS.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def fold(text: str) -> str:
    """Case-folded, accent-free words: "l'Irak, 2.500" -> "l irak 2500"."""
    return fold_cased(text).casefold()


def tokens(text: str) -> list[str]:
    return fold(text).split()


# Suffix rules, tried in order; (suffix, replacement, minimum stem length left).
_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    # French future and conditional: "quitteront", "quittera" -> "quitt" (as "quitter")
    ("eraient", "", 4), ("erait", "", 4), ("eront", "", 4), ("erons", "", 4), ("era", "", 4),
    ("iraient", "ir", 4), ("irait", "ir", 4), ("iront", "ir", 4), ("ira", "ir", 4),
    ("ements", "ement", 4), ("iennes", "ien", 3), ("ienne", "ien", 3), ("ies", "y", 3),
    ("ing", "", 4), ("ied", "y", 3), ("ees", "e", 2), ("ee", "e", 2), ("ed", "", 4),
    ("aux", "al", 3), ("es", "e", 3), ("s", "", 3),
)


# Words whose stem would be another word's: English "former" (ancien) is not French "formé",
# "armée" (army) is not "arme" (weapon), "the judges" (the judiciary) are not "which judge".
_UNSTEMMED = frozenset({"former", "armee", "armees", "juges", "judges"})


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A light French/English stem: plurals, feminines, -ed/-ing, some verb endings.

    Consistency matters more than linguistics here: the same word always gives the same stem,
    on the knowledge side and on the question side.
    """
    if len(token) <= 3 or not token.isalpha() or token in _UNSTEMMED:
        return token
    for suffix, repl, keep in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= keep:
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                break
            token = token[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and token[-1] == token[-2] and token[-1] not in "lsz":
                token = token[:-1]  # "hitting", "planned": "hit", "plan"
            break
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    if len(token) >= 6 and token.endswith("er"):
        token = token[:-2]
    return token


def concept_key(variant: str) -> tuple[str, ...]:
    """How a spelling of a concept is looked up: the stems of its folded words."""
    return tuple(stem(word) for word in fold(variant).split())


_SOUNDS = ((re.compile(r"cc(?=[aoulrt])|qu|ck|q|c(?=[aoulrt])|c$"), "k"), (re.compile(r"ph"), "f"),
           (re.compile(r"gh(?![aeiouy])"), ""),
           (re.compile(r"y"), "i"), (re.compile(r"(.)\1+"), r"\1"),
           (re.compile(r"(?<=..)(es|e|s|x)$"), ""))


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """How a folded word sounds, roughly, to French and English typists: "attake",
    "attaque" and "atak" share one key, as do "kods"/"qods" and "fase"/"phase"."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word
