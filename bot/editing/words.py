"""Words as editors' tools compare them: folded, without the little words."""

from __future__ import annotations

import re

from bot.matching.lang_data import EN_STOP, FR_STOP
from bot.matching.normalize import fold

_STOP = FR_STOP | EN_STOP
_QUESTION_WORDS = frozenset({
    "qui", "que", "quoi", "quel", "quelle", "quels", "quelles", "comment", "combien",
    "pourquoi", "quand", "ou", "who", "what", "which", "when", "where", "why", "how", "many",
    "much",
})


def content(text: str) -> str:
    """Folded words without function words: what two wordings of one question share."""
    words = [w for w in fold(text).split() if w not in _STOP]
    return " ".join(words) or fold(text)


def slugify(text: str, max_words: int = 5, max_length: int = 48) -> str:
    """Lower-case words joined by dashes, without the little words: a readable id."""
    words = [w for w in content(text).split() if w not in _QUESTION_WORDS] or fold(text).split()
    slug = "-".join(words[:max_words])[:max_length].strip("-")
    return re.sub(r"-+", "-", slug)
