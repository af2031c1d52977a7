"""Requests for an article's gist: "résume l'article", "de quoi ça parle ?", "tl;dr".

Such a question asks for nothing in the article but the article itself, so it is recognised
by its wording (per-language cue words and phrases in `bot/lang/*/facts.yaml`: `summary`,
`summary_phrases`, `article_words`), not by matching a fact.
"""

from __future__ import annotations

from bot.lang import fact_cues
from bot.matching.analyze import Analysis


def asks_summary(analysis: Analysis) -> bool:
    """Whether the question asks for the article's gist and nothing else: a summary cue,
    and every other content word names the article itself ("l'article", "the story")."""
    cues = fact_cues()
    words = analysis.folded.split()
    said: set[int] = {i for i, word in enumerate(words)
                      if word in cues.words.get("summary", ())}
    for phrase in cues.phrases.get("summary", ()):
        width = len(phrase)
        said.update(j for i in range(len(words) - width + 1)
                    if tuple(words[i:i + width]) == phrase for j in range(i, i + width))
    if not said:
        return False
    naming = cues.words.get("article_words", frozenset())
    return all(i in said or words[i] in naming for i, _ in analysis.placed)
