"""Offline French/English detection for short, informal questions."""

from __future__ import annotations

from bot.matching.lang_data import EN_MARKERS, FR_MARKERS
from bot.matching.normalize import fold

_FRENCH_LETTERS = frozenset("éèêëàâîïôûùçœÉÈÊÀÂÎÔÛÇ«»")
_FRENCH_ELISIONS = ("l'", "d'", "qu'", "n'", "s'", "c'", "j'", "l’", "d’", "qu’", "n’", "s’", "c’")


def detect_language(text: str, folded_tokens: list[str],
                    vocabulary: dict[str, str] | None = None) -> str | None:
    """"fr", "en", or None when nothing tells them apart.

    Function words decide first; accents and elisions count for French; words seen only in
    the knowledge's paraphrases of one language break ties ("soldiers" vs "soldats").
    """
    fr = sum(t in FR_MARKERS for t in folded_tokens)
    en = sum(t in EN_MARKERS for t in folded_tokens)
    lowered = text.lower()
    if any(c in _FRENCH_LETTERS for c in text):
        fr += 1
    if any(e in lowered for e in _FRENCH_ELISIONS):
        fr += 1
    if fr == en and vocabulary:
        for token in folded_tokens:
            lang = vocabulary.get(token)
            fr += lang == "fr"
            en += lang == "en"
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return None


def text_language(text: str) -> str | None:
    """The language of a (partly) typed question, or None when nothing tells."""
    return detect_language(text, fold(text).split())
