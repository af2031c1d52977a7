"""Language data, kept as data: one folder per language (`fr/`, `en/`) and the French-English
word list (`fr_en.tsv`). Nothing here names an article's people, places or topics.

Loaded once per process and read-only: the tables are small, and every index built in the
process shares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.matching.normalize import fold

LANG_DIR = Path(__file__).resolve().parent
LANGUAGES = ("fr", "en")
BILINGUAL_FILE = LANG_DIR / "fr_en.tsv"


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
        data = yaml.safe_load((LANG_DIR / language / "facts.yaml").read_text(encoding="utf-8"))
        for key, lines in data.items():
            if key.endswith("_phrases"):
                phrases.setdefault(key.removesuffix("_phrases"), []).extend(
                    tuple(fold(line).split()) for line in lines)
            else:
                words.setdefault(key, set()).update(w for line in lines
                                                    for w in fold(line).split())
    return FactCues({k: frozenset(v) for k, v in words.items()},
                    {k: tuple(v) for k, v in phrases.items()})


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
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            endings.update(w for line in data.get("endings", ()) for w in str(line).split())
            min_root = max(min_root, int(data.get("min_root", min_root)))
    return Morphology(tuple(sorted(endings, key=len, reverse=True)), min_root)


@lru_cache(maxsize=1)
def bilingual() -> dict[str, tuple[str, ...]]:
    """Folded single word -> folded single words of the other language with the same sense.

    Read from `fr_en.tsv` (one sense per line: French forms, a tab, English forms, forms
    separated by " | "). A word of several senses gets the words of every sense, in file
    order; the caller keeps only those the knowledge uses.
    """
    table: dict[str, list[str]] = {}
    if not BILINGUAL_FILE.is_file():
        return {}
    for raw in BILINGUAL_FILE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        french, english = raw.split("\t", 1)
        fr = [f for f in (fold(x) for x in french.split("|")) if f and " " not in f]
        en = [e for e in (fold(x) for x in english.split("|")) if e and " " not in e]
        for source, targets in ((fr, en), (en, fr)):
            for word in source:
                known = table.setdefault(word, [])
                known.extend(t for t in targets if t not in known and t != word)
    return {word: tuple(targets) for word, targets in table.items()}
