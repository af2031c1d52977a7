"""What kinds of fact a text states: a date, a duration, a count (and of what), a person or
body, a place, a reason. General detectors over the words, driven by the per-language cue
tables of `bot/lang`; they let an article's own sentences answer "when?", "how many?",
"who?", "where?" and "why?" with no editing, and decline a sentence that cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.lang import FactCues, fact_cues
from bot.matching.lang_data import COUNT, SINCE, WHAT, WHEN, WHERE, WHO, WHY
from bot.matching.normalize import QUOTE_MARKS, fold
from bot.matching.question_form import META_STARTS, skip_phrases

# "d'euros" is two words, "Saint-Aubin" one, "1,2" one number
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:-\w+)*")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_GLUED_MINUTES = re.compile(r"^h\d\d$")  # "1h30" is read as "1", "h30"
_ORDINAL = re.compile(r"^(?:[ivxl]+|\d{1,2})(?:e|eme|er|th|st|nd|rd)$")  # "xixe", "19th"
_COUNTED_WORDS = 3  # "2.500 soldats américains": what a number counts follows it closely
MONEY = "money"  # an amount: answers "how much does it cost"
_PRICED_WORDS = 8  # "Le chantier, estimé à 1,2 million d'euros": what costs it is said close by
AGE = "age"  # "27 ans", "27 years old": answers "how old"
MEASURE = "measure"  # "1 340 kg", "705 km": answers "how heavy", "how high", "how far"
MONTH = "month"  # "en janvier 2021": answers "which month"
DAY = "day"  # "vendredi", "le 14 novembre": answers "which day"
SAID = "said"  # a quotation or a reported word ("a déclaré", « ... »): answers "what did X say"


@dataclass(frozen=True, slots=True)
class Facts:
    kinds: frozenset[str]  # question types the text can answer: WHEN, SINCE, COUNT, ...
    counted: frozenset[str] = frozenset()  # terms of what its numbers count
    priced: frozenset[str] = frozenset()  # terms said close to an amount: what it is the price of
    # how precisely it dates: 3 a year or a month, 2 a day, 1 a relative time ("aujourd'hui")
    dating: int = 0


def _words(text: str) -> list[tuple[str, str]]:
    """(as written, folded) for each word, numbers with separators joined ("2.500")."""
    out = []
    for match in _WORD.finditer(re.sub(r"(?<=\d)[.,\u00a0\u202f ](?=\d{3}\b)", "", text)):
        written = match.group()
        out.append((written, written if written[0].isdigit() else fold(written).replace(" ", "")))
    return out


def _phrase_at(words: list[str], i: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    return any(tuple(words[i:i + len(p)]) == p for p in phrases)


def _capitalised(written: str) -> bool:
    return (written[:1].isupper() and not written.isupper()) or (
        len(written) >= 2 and written.isupper() and written.isalpha())


def facts_of(text: str, terms_of: Callable[[str], Iterable[str]],
             cues: FactCues | None = None) -> Facts:
    """The kinds of fact `text` states; `terms_of` gives the index terms of a few words, to
    say what a number counts in the same terms as the questions."""
    cues = cues or fact_cues()
    pairs = _words(text)
    folded = [f for _, f in pairs]
    kinds: set[str] = set()
    counted: set[str] = set()
    priced: set[str] = set()
    for i, (written, word) in enumerate(pairs):
        if _YEAR.match(word) or cues.has("when", word) or _phrase_at(
                folded, i, cues.phrases.get("when", ())) or _clock_time(folded, i, cues) or (
                _century(folded, i, cues)):
            kinds.add(WHEN)
        # "since when", "how long": a year, a month, or a number of days, years...
        if _YEAR.match(word) or cues.has("months", word) or (
                cues.has("duration", word) and i and (
                    _NUMBER.match(folded[i - 1]) or cues.has("count", folded[i - 1])
                    or cues.has("one", folded[i - 1]))):
            kinds.add(SINCE)
        if cues.has("months", word):
            kinds.add(MONTH)
        if cues.has("weekdays", word) or (word == "1er" or (
                _NUMBER.match(word) and len(word) <= 2 and i + 1 < len(pairs)
                and cues.has("months", folded[i + 1]))):
            kinds.add(DAY)
        number = (_NUMBER.match(word) and not _YEAR.match(word)) or cues.has("count", word)
        if number:
            kinds.add(COUNT)
            after = [w for w, _ in pairs[i + 1:i + 1 + _COUNTED_WORDS]]
            counted.update(terms_of(" ".join(after)))
            if word.isdigit() and i + 1 < len(pairs) and cues.has("age_units", folded[i + 1]):
                kinds.add(AGE)
            if i + 1 < len(pairs) and cues.has("units", folded[i + 1]):
                kinds.add(MEASURE)
        if cues.has("money", word) or written in ("€", "$"):
            kinds.add(MONEY)
            near = [w for w, _ in pairs[max(0, i - _PRICED_WORDS):i + _PRICED_WORDS]]
            priced.update(terms_of(" ".join(near)))
        if cues.has("person", word) or (i and _capitalised(written)
                                        and not cues.has("when", word)):
            kinds.add(WHO)
        if cues.has("place", word) or (cues.has("place_before", word)
                                        and _place_after(pairs, folded, i, cues)):
            kinds.add(WHERE)
        if cues.has("speech", word):
            kinds.add(SAID)
        if (cues.has("reason", word) and not _measure_after(folded, i, cues)) or _phrase_at(
                folded, i, cues.phrases.get("reason", ())):
            kinds.add(WHY)
    if not QUOTE_MARKS.isdisjoint(text):  # a quotation: someone's own words
        kinds.add(SAID)
    dating = 3 if MONTH in kinds or any(_YEAR.match(w) for w in folded) else (
        2 if DAY in kinds else 1 if WHEN in kinds else 0)
    return Facts(frozenset(kinds), frozenset(counted), frozenset(priced), dating)


def _clock_time(folded: list[str], i: int, cues: FactCues) -> bool:
    """Whether word i starts a time of day: "7 h 40", "20 h", "1h30" (read as "1", "h30"),
    "3 pm"; not a duration such as a race's "2 h 07 min 41 s"."""
    word = folded[i]
    if not (word.isdigit() and len(word) <= 2 and int(word) <= 24) or i + 1 >= len(folded):
        return False
    mark = folded[i + 1]
    if cues.has("hour_marks", mark):
        minutes = folded[i + 2] if i + 2 < len(folded) and folded[i + 2].isdigit() else None
        after = folded[i + 3 if minutes else i + 2:][:1]
        return not (after and cues.has("minute_marks", after[0]))
    # "1h30", "20h30": the words are "1", "h30"
    return bool(_GLUED_MINUTES.match(mark)) and not (
        i + 2 < len(folded) and cues.has("minute_marks", folded[i + 2]))


def _century(folded: list[str], i: int, cues: FactCues) -> bool:
    """Whether word i names a century: "XIXe siècle", "19th century"."""
    if not cues.has("century", folded[i]) or i == 0:
        return False
    before = folded[i - 1]
    return bool(_ORDINAL.match(before)) or (  # "19th" is read as "19", "th"
        i > 1 and folded[i - 2].isdigit() and _ORDINAL.match(f"{folded[i - 2]}{before}"))


def _place_after(pairs: list[tuple[str, str]], folded: list[str], i: int,
                 cues: FactCues) -> bool:
    """Whether a capitalised name follows word i, after at most one article: "à Lyon",
    "dans le Gard", "à la Cassine" (not a date: "en Mars" is a month)."""
    j = i + 1
    if j < len(pairs) and cues.has("place_article", folded[j]):
        j += 1
    return j < len(pairs) and _capitalised(pairs[j][0]) and not cues.has("when", folded[j])


def _measure_after(folded: list[str], i: int, cues: FactCues) -> bool:
    """Whether a cause word introduces a measure rather than a cause: "pour une durée de
    dix-huit mois", "pour 24 000 euros", "for two years"."""
    after = folded[i + 1:i + 3]
    return any(_NUMBER.match(w) or cues.has("count", w) or cues.has("duration", w)
               or cues.has("measure", w) for w in after)


@lru_cache(maxsize=4096)
def asks_words(folded_question: str, qtype: str | None) -> bool:
    """Whether a question asks what someone said ("qu'a dit le maire ?", "what did the
    prosecutor say?"): only a text reporting words (a quotation, "a déclaré") answers it,
    not one that merely names the speaker ("Sidibé attended the signing"). Cached: every
    sentence judged for a question asks it again."""
    cues = fact_cues()
    words = folded_question.split()
    asks_what = qtype == WHAT or (qtype is None and any(
        _phrase_at(words, i, cues.phrases.get("what", ())) for i in range(len(words))))
    if not asks_what or any(cues.has("article_words", w) for w in words):
        return False  # "que dit la dépêche sur le Hamas ?": the article's words, any of them
    spoken = [i for i, word in enumerate(words) if cues.has("speech", word)
              and not (i and cues.has("speech_not_after", words[i - 1]))
              and not (i + 1 < len(words) and cues.has("speech_not_before", words[i + 1]))]
    if not spoken:
        return False
    framed: set[int] = set()
    skip_phrases(words, META_STARTS, framed)  # "que dit l'article"
    return any(i not in framed for i in spoken)
