"""Group short questions that ask the same thing, typos and word order forgiven.

Two questions belong together when they share most of their words: Jaccard similarity of
their word sets, each word weighted by its rarity in the log (`threshold` 0.6 by default).
Words are folded, stemmed and stripped of function and question words ("quel âge a Trump ?"
-> {age, trump}), and each rare spelling is mapped to a frequent one within a typo of it
(rapidfuzz OSA distance: "navete" -> "navette"), so typing mistakes do not split a group.
Whole-question character similarity (token_set_ratio and friends) was tried first: it lets
a shared name dominate, so "Quel âge a Donald Trump ?" joined "Que pense Donald Trump de la
guerre ?"; comparing weighted words keeps them apart.

Leader clustering: distinct word sets, most asked first, join the most similar leader, or
lead a new group. Prefix filtering (as in the AllPairs method) finds the only leaders that
can reach the threshold, so 10,000 questions take a fraction of a second without numpy
(which `process.cdist` would need, and the bot does not depend on).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching.lang_data import EN_STOP, FR_STOP
from bot.matching.normalize import fold, stem

DEFAULT_THRESHOLD = 0.6
_IGNORED = FR_STOP | EN_STOP | frozenset({
    "qui", "que", "quoi", "quel", "quelle", "quels", "quelles", "comment", "combien",
    "pourquoi", "quand", "ou", "est", "ce", "il", "elle", "who", "what", "which", "when",
    "where", "why", "how", "whom", "whose", "many", "much",
})
_TYPO_MIN_LENGTH = 5  # shorter words are too easily confused to correct


def words_of(text: str) -> list[str]:
    """The stems of a question's content words."""
    return [stem(w) for w in fold(text).split() if w not in _IGNORED]


def word_sets(texts: Sequence[str]) -> list[frozenset[str]]:
    """One set of words per text, with rare spellings mapped to frequent close ones."""
    split = [words_of(t) for t in texts]
    counts = Counter(w for ws in split for w in set(ws))
    canonical = _spelling_map(counts)
    out = []
    for text, ws in zip(texts, split, strict=True):
        found = frozenset(canonical.get(w, w) for w in ws)
        out.append(found or frozenset({fold(text) or text}))
    return out


def _spelling_map(counts: Counter[str]) -> dict[str, str]:
    """Rare word -> a more frequent word within a typo of it (same first letter)."""
    accepted: dict[tuple[str, int], list[str]] = defaultdict(list)
    mapping: dict[str, str] = {}
    for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if len(word) >= _TYPO_MIN_LENGTH and word.isalpha():
            edits = 1 if len(word) < 8 else 2  # a typo: a letter missing, extra, swapped
            pool = [w for size in range(len(word) - edits, len(word) + edits + 1)
                    for w in accepted.get((word[0], size), ())]
            hit = process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=edits)
            if hit is not None:
                mapping[word] = hit[0]
                continue
        accepted[(word[0], len(word))].append(word)
    return mapping


def cluster(sets: Sequence[frozenset[str]], threshold: float = DEFAULT_THRESHOLD
            ) -> list[list[int]]:
    """Indexes of `sets` (most asked first) grouped around leaders; leaders first in groups.

    Similarity is Jaccard weighted by rarity (a word in few questions says more about what
    is asked than a name in many): shared weight / total weight of both sets' words.
    """
    frequency = Counter(w for s in sets for w in s)
    total = len(sets) + 1
    weight = {w: 1.0 + math.log(total / n) for w, n in frequency.items()}

    def mass(words: frozenset[str]) -> float:
        return math.fsum(weight[w] for w in words)  # order-free: sets iterate by hash

    def prefix(words: frozenset[str]) -> list[str]:
        """Its rarest words, enough that any set reaching `threshold` shares one of them."""
        ordered = sorted(words, key=lambda w: (-weight[w], w))
        rest, needed, out = mass(words), threshold * mass(words), []
        for word in ordered:
            out.append(word)
            rest -= weight[word]
            if rest < needed - 1e-9:
                break
        return out

    leaders: list[int] = []
    groups: list[list[int]] = []
    index: dict[str, list[int]] = defaultdict(list)  # word -> groups whose leader has it
    for i, words in enumerate(sets):
        best, best_score = None, threshold
        for group in sorted({g for w in prefix(words) for g in index.get(w, ())}):
            leader = sets[leaders[group]]
            shared = mass(words & leader)
            score = shared / (mass(words) + mass(leader) - shared)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = group, score
        if best is not None:
            groups[best].append(i)
            continue
        leaders.append(i)
        groups.append([i])
        for word in words:
            index[word].append(len(groups) - 1)
    return groups
