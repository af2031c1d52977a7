"""Requests for an article's gist: "résume l'article", "de quoi ça parle ?", "tl;dr".

Such a question asks for nothing in the article but the article itself, so it is recognised
by its wording (per-language cue words and phrases in `bot/lang/*/facts.yaml`: `summary`,
`summary_phrases`, `article_words`, `part_words`, `about_words`), not by matching a fact.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from bot.lang import fact_cues
from bot.matching.analyze import Analysis


def summary_topic(analysis: Analysis, analyze: Callable[[str], Analysis] | None = None
                  ) -> tuple[str, ...] | None:
    """For a request for a gist, the terms of what it is the gist of ("résume la partie sur
    le mandat d'arrêt": the warrant's terms; () for the article itself); None when the
    question asks for no gist. `analyze`: the knowledge's analyser, to read what is left
    once the request's own words are set aside (a concept may spell them: "this article
    about" is the lexicon's @summary, not a topic)."""
    single, phrases, naming = _cues()
    words = analysis.folded.split()
    said: set[int] = set()
    for i, word in enumerate(words):
        if word in single:
            said.add(i)
        for phrase in phrases.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                said.update(range(i, i + len(phrase)))
    if not said:
        return None
    if analyze is not None:
        rest = " ".join(w for i, w in enumerate(words) if i not in said and w not in naming)
        if not rest:
            return ()
        # what the request's own words mean is no topic ("résumer ... en deux mots": both
        # spell the lexicon's request for a gist)
        asked = set(analyze(" ".join(words[i] for i in sorted(said))).terms)
        return tuple(t for t in analyze(rest).terms if t not in asked)
    return tuple(dict.fromkeys(term for i, term in analysis.placed
                               if i not in said and words[i] not in naming))


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]], frozenset[str]]:
    """(summary words, summary phrases by first word, words naming the article or a part
    of it): read once, as every question is checked."""
    cues = fact_cues()
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in cues.phrases.get("summary", ()):
        phrases.setdefault(phrase[0], []).append(phrase)
    naming = (cues.words.get("article_words", frozenset())
              | cues.words.get("part_words", frozenset())
              | cues.words.get("about_words", frozenset()))
    return (cues.words.get("summary", frozenset()),
            {first: tuple(found) for first, found in phrases.items()}, naming)


def names_article(analysis: Analysis) -> bool:
    """Whether a request for a gist names the article rather than a part of it ("résumé de
    l'article sur les soldats" is the article's; "la partie sur les soldats" a section's)."""
    cues = fact_cues()
    words = set(analysis.folded.split())
    return (not words.isdisjoint(cues.words.get("article_words", ()))
            and words.isdisjoint(cues.words.get("part_words", ())))
