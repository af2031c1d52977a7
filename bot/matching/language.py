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
    fr, en = marker_counts(text, folded_tokens)
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


def marker_counts(text: str, folded_tokens: list[str] | None = None) -> tuple[int, int]:
    """(French, English) signs in a text: function words of each, and for French its
    accents and elisions."""
    tokens = fold(text).split() if folded_tokens is None else folded_tokens
    fr = sum(t in FR_MARKERS for t in tokens)
    en = sum(t in EN_MARKERS for t in tokens)
    lowered = text.lower()
    if any(c in _FRENCH_LETTERS for c in text):
        fr += 1
    if any(e in lowered for e in _FRENCH_ELISIONS):
        fr += 1
    return fr, en


def written_in(text: str, language: str) -> bool:
    """Whether a text an editor filed under `language` may be in it: False only when it
    shows two signs or more of the other language and none of its own ("Les urgences
    sont-elles ouvertes ?" under `en`)."""
    fr, en = marker_counts(text)
    own, other = (fr, en) if language == "fr" else (en, fr)
    return own > 0 or other < 2


def text_language(text: str) -> str | None:
    """The language of a (partly) typed question, or None when nothing tells."""
    return detect_language(text, fold(text).split())
