"""Typography for what readers see (Discord and the terminal): spaces that never break, dates
in words, short titles.

Discord wraps text at ordinary spaces, so a French "?" or a closing "»" can end up alone on a
line. French puts a narrow no-break space (U+202F) before ? ! ; and a no-break space (U+00A0)
before : and inside « »; English only keeps « » together (its quotes of the article).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
ELLIPSIS = "\u2026"

_SPACES = "[ \t\u00a0\u202f]"
_BEFORE_HIGH = re.compile(f"{_SPACES}+([?!;])")
_BEFORE_COLON = re.compile(f"{_SPACES}+:(?=[\\s*_]|$)")
_AFTER_OPEN = re.compile(f"\u00ab{_SPACES}*")
_BEFORE_CLOSE = re.compile(f"{_SPACES}*\u00bb")
_GUILLEMETS = re.compile("\u00ab[^\u00ab\u00bb]*\u00bb")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_FILE_NAME = r"\b[\w.-]+\.(?:txt|ya?ml|md|json|csv|html?|pdf|docx?)\b"
_FILE_ASIDE = re.compile(rf"\s*\([^()]*{_FILE_NAME}[^()]*\)")
_ONLY_FILE = re.compile(rf"^\s*{_FILE_NAME}\s*$")

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def _french_punctuation(text: str) -> str:
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    return _BEFORE_COLON.sub(NBSP + ":", text)


def typeset(text: str, language: str) -> str:
    """No-break spaces inside « » (any language) and, in French text or inside « », before
    ? ! ; and :. Only spaces already there before punctuation are changed, so URLs, command
    mentions (</topics:1>) and timestamps (<t:1:R>) are left alone."""
    if not text:
        return text
    if language == "fr":
        text = _french_punctuation(text)
    elif "\u00ab" in text:
        text = _GUILLEMETS.sub(lambda m: _french_punctuation(m.group(0)), text)
    text = _AFTER_OPEN.sub("\u00ab" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "\u00bb", text)


def curly_quotes(text: str, language: str) -> str:
    """English interface text: "title" -> “title” (French texts use « »)."""
    if language == "fr":
        return text
    return re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)


def date_in_words(date: str, language: str) -> str:
    """"2024-11" -> "novembre 2024" / "November 2024"; "2024-11-08" -> "8 novembre 2024";
    anything else as it is."""
    match = _ISO_DATE.fullmatch(date.strip())
    if match is None:
        return date
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12:
        return date
    words = f"{MONTHS.get(language, MONTHS['en'])[int(month) - 1]} {year}"
    if day and 1 <= int(day) <= 31:
        number = "1er" if language == "fr" and int(day) == 1 else str(int(day))
        words = f"{number} {words}"
    return words


def dates_in_words(text: str, language: str) -> str:
    """Every ISO date of an interface message ("(2024-11)") said in words."""
    return _ISO_DATE.sub(lambda m: date_in_words(m.group(0), language), text)


def short_title(title: str, limit: int = 32) -> str:
    """A title that fits a one-line footer: its first clause when that fits, else cut at a
    word with "…"."""
    text = " ".join(title.split())
    if len(text) <= limit:
        return text
    clause = re.split(r",\s|\s[\u2013\u2014-]\s", text, maxsplit=1)[0]
    if 12 <= len(clause) <= limit:
        return clause
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:\u2013\u2014-") + ELLIPSIS


def percent(value: float, language: str) -> str:
    """0.873 -> "87 %" (French, narrow no-break space) or "87%"."""
    number = round(max(0.0, min(value, 1.0)) * 100)
    return f"{number}{NNBSP}%" if language == "fr" else f"{number}%"


def reader_source(source: str) -> str:
    """A source as readers should see it: without the knowledge's own file names
    ("Dépêche reçue en novembre 2024 (texte intégral dans article.txt)" -> "Dépêche reçue en
    novembre 2024"); empty when it is only a file name."""
    text = _FILE_ASIDE.sub("", source).strip()
    return "" if _ONLY_FILE.match(text) else text
