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
from typing import TYPE_CHECKING

from bot.kb.pickled import quick_pickle
from bot.lang import FactCues, fact_cues
from bot.matching.lang_data import COUNT, EN_STOP, FR_STOP, SINCE, WHAT, WHEN, WHERE, WHO, WHY
from bot.matching.normalize import QUOTE_MARKS, fold
from bot.matching.question_form import META_STARTS, skip_phrases

if TYPE_CHECKING:
    from bot.matching.analyze import Analysis

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
HOUR = "hour"  # "à 7 h 40", "3 pm", "minuit": answers "at what time"
SAID = "said"  # a quotation or a reported word ("a déclaré", « ... »): answers "what did X say"
ANYONE = "*"  # among a text's speakers: one it does not name there ("a-t-il dit", "he said")
# words, numbers, and the punctuation that ends the naming of a speaker
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|[,;:.!?«»\"“”()]")
_CLAUSE_MARKS = frozenset(";:.!?«»\"“”()")  # a comma may be an apposition: not among these
_SPEAKER_BEFORE = 20  # words before a reporting verb that may name its speaker
_SPEAKER_AFTER = 10  # words after it ("», a déclaré le maire de Lyon")
_DESCRIPTION = 5  # words of a description beside a name ("le ministre mauritanien, X")
_OPENING = frozenset("«“\"")  # quotation marks that open a quotation ("\"" both)
_CLOSING = frozenset("»”\"")


@quick_pickle
@dataclass(frozen=True, slots=True)
class Facts:
    kinds: frozenset[str]  # question types the text can answer: WHEN, SINCE, COUNT, ...
    counted: frozenset[str] = frozenset()  # terms of what its numbers count
    priced: frozenset[str] = frozenset()  # terms said close to an amount: what it is the price of
    # how precisely it dates: 3 a year or a month, 2 a day, 1 a relative time ("aujourd'hui")
    dating: int = 0
    speakers: frozenset[str] = frozenset()  # terms naming who it reports the words of


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
    # the first words of the "when" and "reason" phrases: most words start none
    when_phrases, reason_phrases = cues.phrases.get("when", ()), cues.phrases.get("reason", ())
    starts = {p[0] for p in (*when_phrases, *reason_phrases)}
    for i, (written, word) in enumerate(pairs):
        clock = _clock_time(folded, i, cues) or cues.has("clock", word)
        if clock:
            kinds.add(HOUR)
        if _YEAR.match(word) or cues.has("when", word) or (word in starts and _phrase_at(
                folded, i, when_phrases)) or clock or _century(folded, i, cues):
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
        if (cues.has("reason", word) and not _measure_after(folded, i, cues)) or (
                word in starts and _phrase_at(folded, i, reason_phrases)):
            kinds.add(WHY)
    if not QUOTE_MARKS.isdisjoint(text):  # a quotation: someone's own words
        kinds.add(SAID)
    dating = 3 if MONTH in kinds or any(_YEAR.match(w) for w in folded) else (
        2 if DAY in kinds else 1 if WHEN in kinds else 0)
    speakers = speakers_of(text, terms_of, cues) if SAID in kinds else frozenset()
    return Facts(frozenset(kinds), frozenset(counted), frozenset(priced), dating, speakers)


def speakers_of(text: str, terms_of: Callable[[str], Iterable[str]],
                cues: FactCues | None = None) -> frozenset[str]:
    """The terms naming whom `text` reports the words of, with ANYONE for words whose
    speaker it does not name there (a pronoun, a bare quotation)."""
    out: set[str] = set()
    for span in speaker_spans(text, cues):
        out.update((ANYONE,) if span == ANYONE else terms_of(span))
    return frozenset(out)


def _tokens(text: str, pattern: re.Pattern[str] = _TOKEN) -> list[tuple[str, str]]:
    """(as written, folded) for each word, number and mark that ends a speaker's naming
    (by default; `pattern` says what a token is)."""
    return [(m.group(), fold(m.group()).replace(" ", "") if m.group()[0].isalnum()
             else m.group()) for m in pattern.finditer(text)]


def _name_end(tokens: list[str], i: int, capitalised: Callable[[str], bool]) -> int:
    """Where the name starting at token i ends: capitalised words, and short particles
    between two of them ("Mohamed Chia al-Soudani", "Sébastien Le Gall")."""
    end = i + 1
    while end < len(tokens) and (capitalised(tokens[end]) or (
            len(tokens[end]) <= 3 and tokens[end].isalpha()
            and tokens[end + 1:end + 2] and capitalised(tokens[end + 1]))):
        end += 1
    return end


def speaker_spans(text: str, cues: FactCues | None = None) -> tuple[str, ...]:
    """For each reported word of `text`, the words naming its speaker as written, or
    ANYONE. "Lors de l'entretien avec Donald Trump, le Premier ministre a souligné" is the
    Prime Minister's word: the speaker is named before a reporting verb, leaving out whom
    it was said with or to ("avec Donald Trump"), after it when nothing is before ("», a
    déclaré le maire"), after a reporting noun ("la réaction du maire") or "selon"; a
    quotation with no reporting word known is its speaker's who is named next to it ("»,
    s'est félicitée Nathalie Bérard"). Words naming no one ("a déclaré le vainqueur") may
    be anyone the article calls so: ANYONE."""
    cues = cues or fact_cues()
    tokens = _tokens(text)
    folded = [f for _, f in tokens]
    found: list[list[int] | None] = []
    for i, word in enumerate(folded):
        source = next((len(p) for p in cues.phrases.get("speech_source", ())
                       if tuple(folded[i:i + len(p)]) == p), 1 if cues.has(
                           "speech_source", word) else 0)
        if source:
            found.append(_named_after(tokens, i + source, cues))
        elif not cues.has("speech", word) or (i and cues.has("speech_not_after",
                                                               folded[i - 1])):
            continue
        elif cues.has("speech_nouns", word) and i + 1 < len(folded) and cues.has(
                "speech_of", folded[i + 1]):
            found.append(_named_after(tokens, i + 2, cues))
        else:
            before = _named_before(tokens, i, cues)
            found.append(before if before != [] else _named_after(tokens, i + 1, cues))
    if not found:  # a quotation: "« ... », s'est félicitée X", "X a lancé : « ... »"
        for i, word in enumerate(folded):
            if word in _CLOSING and folded[i + 1:i + 2] == [","]:
                found.append(_named_after(tokens, i + 2, cues, skip_aux=True))
            elif word in _OPENING and i and folded[i - 1] == ":":
                found.append(_named_before(tokens, i - 1, cues))
    spans = []
    for named in found:
        if named and any(tokens[j][0][:1].isupper() and j and folded[j - 1] not in ".!?"
                         for j in named):
            spans.append(" ".join(tokens[j][0] for j in named))
        else:
            spans.append(ANYONE)
    return tuple(spans)


def described(text: str, cues: FactCues | None = None) -> list[tuple[str, str]]:
    """(name, description) pairs a text puts side by side: "son homologue mauritanien,
    Cheikh Ould Elemine (...), ministre de l'Hydraulique" tells who Cheikh Ould Elemine is,
    so that "qu'a dit le ministre mauritanien ?" may be answered by his words elsewhere."""
    cues = cues or fact_cues()
    pairs = _tokens(text)
    tokens, folded = [w for w, _ in pairs], [f for _, f in pairs]
    marks = _CLAUSE_MARKS | {","}

    def ends(j: int) -> bool:  # where a description beside a name cannot reach
        return folded[j] in marks or any(cues.has(kind, folded[j]) for kind in (
            "speaker_bounds", "speech_with", "joining"))

    out = []
    i = 1  # the first word is capitalised as any sentence's is
    while i < len(tokens):
        if not tokens[i][:1].isupper() or tokens[i - 1] in ".!?":
            i += 1
            continue
        end = _name_end(tokens, i, lambda word: word[:1].isupper())
        if end - i < 2:  # a person's name: "Irak" or "Bagdad" is described too often
            i = end
            continue
        name = " ".join(tokens[i:end])
        before = i - 1 if tokens[i - 1] == "," else i  # "le ministre, X" or "le ministre X"
        start = before
        while start > 0 and not ends(start - 1) and before - start < _DESCRIPTION:
            start -= 1
        if start < before:
            out.append((name, " ".join(tokens[start:before])))
        after = end
        if after < len(tokens) and tokens[after] == "(":  # "(parfois orthographié El-Emine)"
            while after < len(tokens) and tokens[after] != ")":
                after += 1
            after += 1
        if after + 1 < len(tokens) and tokens[after] == "," and not ends(after + 1):
            stop = after + 1
            while stop < len(tokens) and folded[stop] not in marks:
                stop += 1
            if stop - after - 1 <= _DESCRIPTION and stop < len(tokens) and not any(
                    cues.has("speech", w) or cues.has("speech_clause", w)
                    for w in folded[after + 1:stop]):  # ", ajoutant que ...": not who he is
                out.append((name, " ".join(tokens[after + 1:stop])))
        i = end
    return out


# words (hyphens and elisions kept: "Jean-Luc", "d'Orsay"), numbers and clause marks
_NAME_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[,;:.!?«»\"“”()]")
_NAMED_NOUN = 3  # words of the noun right before a name that it names ("centre hospitalier")


_RATES = ("%", "pour cent", "pourcent", "percent", "per cent")


def states_amount(text: str, cues: FactCues | None = None) -> bool:
    """Whether a text gives a number that may be an amount ("deux millions", "1,8 million",
    "soit 1,70."): not only years and rates ("7,9 % fin 2026"), numbers of things ("32
    cabines de dix places"), ratios ("un sur quatre") and numbers that name ("le pylône
    numéro 3"). "Combien a coûté le pylône ?" is not answered by a sentence whose numbers
    are of months and of a pylon, though the one before says what cost what."""
    cues = cues or fact_cues()
    joined = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)
    lowered = joined.casefold()
    found = list(_TOKEN.finditer(joined))
    folded = [t.group() if t.group()[0].isdigit() else fold(t.group()) for t in found]
    for i, word in enumerate(folded):
        if word[:1].isdigit():
            if _YEAR.match(word) or lowered[found[i].end():found[i].end() + 12].lstrip(
                    ).startswith(_RATES):
                continue
        elif not cues.has("count", word):
            continue
        if i and cues.has("not_amount_before", folded[i - 1]):
            continue
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if after[:1].isdigit() or (cues.has("range", after) and i + 2 < len(folded)
                                   and folded[i + 2][:1].isdigit()):
            continue  # "les 11-25 ans", "de 18 à 25 ans": what the range's end is of tells
        if cues.has("duration", after):
            continue  # "25 ans", "18 mois": an age or a time, not an amount
        if (after[:1].isalpha() and after not in FR_STOP and after not in EN_STOP
                and not (cues.has("amount_after", after) or cues.has("money", after)
                         or cues.has("count", after))):
            continue  # "32 cabines": a number of things
        return True
    return False


def names_beside(text: str, terms_of: Callable[[str], Iterable[str]],
                 cues: FactCues | None = None, *, apposition: bool = False
                 ) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(terms of a name, terms of what the text says it is the name of) for each name a
    text gives: the noun right before it ("le centre hospitalier Louis-Pasteur"), or the
    description beside it between commas ("Le maire de Montclair, Jean-Luc Berthier, juge",
    "Jean-Luc Berthier, maire de Montclair,"). A capitalised word right after "de", "la",
    "un"... is a complement ("la ministre de la Culture", "un Picasso"), not the name of
    the noun before it. With `apposition`, what someone is: the descriptions set off by a
    comma, one of which may end the sentence ("dénonce Sandrine Le Goff, secrétaire
    régionale de la CGT."), and a role right before the name ("le président élu Donald
    Trump"), not a verb ("a condamné Julien Morvan")."""
    cues = cues or fact_cues()
    tokens = _tokens(text, _NAME_TOKEN)
    written, folded = [w for w, _ in tokens], [f for _, f in tokens]
    marks = _CLAUSE_MARKS | {","}
    out = []
    i = 1  # the first word is capitalised as any sentence's is
    while i < len(tokens):
        before = folded[i - 1]
        if (not _capitalised(written[i]) or before in _CLAUSE_MARKS
                or cues.has("when", folded[i])):
            i += 1
            continue
        end = _name_end(written, i, _capitalised)
        described = []
        if before == ",":  # "le maire de Montclair, Jean-Luc Berthier"
            start = i - 1
            while start > 0 and folded[start - 1] not in marks and i - 1 - start < _DESCRIPTION:
                start -= 1
            described += written[start:i - 1]
        elif not cues.has("name_not_after", before):
            # "le centre hospitalier Louis-Pasteur": the noun it names, back to "le"
            start = i
            while start > 0 and folded[start - 1] not in marks and i - start < _NAMED_NOUN \
                    and not cues.has("name_not_after", folded[start - 1]):
                start -= 1
            if not apposition or any(cues.has("person", w) for w in folded[start:i]):
                described += written[start:i]  # with `apposition`, a role: "le maire X"
        if end + 1 < len(tokens) and folded[end] == ",":  # "Jean-Luc Berthier, maire de X,"
            stop = end + 1
            while stop < len(tokens) and folded[stop] not in marks:
                stop += 1
            ends = [",", ".", ""] if apposition else [","]
            longest = 2 * _DESCRIPTION if apposition else _DESCRIPTION
            if stop - end - 1 <= longest and "".join(folded[stop:stop + 1]) in ends and not (
                    _capitalised(written[end + 1])) and not any(
                    cues.has("speech", w) or cues.has("speech_clause", w)
                    for w in folded[end + 1:stop]):
                described += written[end + 1:stop]
        named = frozenset(terms_of(" ".join(written[i:end])))
        if named and described:
            out.append((named, frozenset(terms_of(" ".join(described)))))
        i = end
    return tuple(out)


def _named_before(tokens: list[tuple[str, str]], i: int, cues: FactCues
                  ) -> list[int] | None:
    """Positions of the words before a reporting word i, back to where its clause
    starts, but for whom it was said with or to; None when a pronoun stands for the
    speaker."""
    start = i
    while start > 0 and i - start < _SPEAKER_BEFORE:
        word = tokens[start - 1][1]
        if word in _CLAUSE_MARKS or cues.has("speech_clause", word) or (
                cues.has("speech", word) and not cues.has("speech_nouns", word)):
            break
        start -= 1
    kept = []
    aside = False  # in "avec Donald Trump", up to the next comma
    for j in range(start, i):
        word = tokens[j][1]
        if word == ",":
            aside = False
        elif cues.has("speech_with", word):
            aside = True
        elif not aside and not cues.has("speech_aux", word):
            if cues.has("speech_pronouns", word):
                return None
            kept.append(j)
    return kept


def _named_after(tokens: list[tuple[str, str]], j: int, cues: FactCues, *,
                 skip_aux: bool = False) -> list[int] | None:
    """Positions of the words from j to the end of the phrase: "le maire de Lyon" in "»,
    a déclaré le maire de Lyon, ..."; None when a pronoun stands for the speaker."""
    while skip_aux and j < len(tokens) and cues.has("speech_aux", tokens[j][1]):
        j += 1  # "», s'est félicitée X"
    kept: list[int] = []
    apposed = False  # past a comma: only a name goes on ("le ministre, Cheikh Elemine, lors")
    for k in range(j, min(j + _SPEAKER_AFTER, len(tokens))):
        written, word = tokens[k]
        if word == ",":
            if apposed or not kept:
                break
            apposed = True
            continue
        if (apposed and not written[:1].isupper()) or word in _CLAUSE_MARKS or cues.has(
                "speech_clause", word) or cues.has("speech_aux", word):
            break
        if cues.has("speech_pronouns", word) and not kept:
            return None
        kept.append(k)
    return kept


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
    if cues.words.get("speech", frozenset()).isdisjoint(words):
        return False  # most questions: no word of speech at all
    asks_what = qtype == WHAT or (qtype is None and any(
        _phrase_at(words, i, cues.phrases.get("what", ())) for i in range(len(words))))
    if not asks_what or any(cues.has("article_words", w) or cues.has("heading_words", w)
                            for w in words):
        # "que dit la dépêche sur le Hamas ?", "que dit l'intertitre ?": the article's words
        return False
    return bool(_spoken_at(words, cues))


def _spoken_at(words: list[str], cues: FactCues) -> list[int]:
    """Positions of the words of a question asking what was said ("dit" in "qu'a dit")."""
    spoken = [i for i, word in enumerate(words) if cues.has("speech", word)
              and not (i and cues.has("speech_not_after", words[i - 1]))
              and not (i + 1 < len(words) and cues.has("speech_not_before", words[i + 1]))]
    framed: set[int] = set()
    if spoken:
        skip_phrases(words, META_STARTS, framed)  # "que dit l'article"
    return [i for i in spoken if i not in framed]


@lru_cache(maxsize=4096)
def asked_speaker(folded_question: str, qtype: str | None) -> frozenset[int]:
    """Positions of the words naming whom a question asks the words of: "Trump" in "qu'a
    dit Trump sur le mandat ?", "the Pentagon" in "what did the Pentagon say?"; none when
    it names no one ("what was said about it?")."""
    if not asks_words(folded_question, qtype):
        return frozenset()
    cues = fact_cues()
    words = folded_question.split()
    out: set[int] = set()

    def walk(j: int, step: int) -> None:
        while 0 <= j < len(words) and not cues.has("speaker_bounds", words[j]) and not (
                cues.has("speech", words[j])):
            if not cues.has("speech_aux", words[j]):
                out.add(j)
            j += step

    for i in _spoken_at(words, cues):
        if cues.has("speech_nouns", words[i]):
            # "la réaction du maire", "Trump's reaction"; a statement that is itself the
            # subject names no one ("le communiqué met en avant", "the statement was released")
            if i + 1 < len(words) and cues.has("speech_of", words[i + 1]):
                walk(i + 2, 1)
            elif i >= 2 and cues.has("possessive", words[i - 1]):
                walk(i - 2, -1)
            continue
        j = i - 1  # "qu'est-ce que Trump a dit", "what did the Pentagon say"
        while j >= 0 and (cues.has("speech_aux", words[j]) or cues.has("speech_pronouns",
                                                                       words[j])):
            j -= 1
        before = len(out)
        walk(j, -1)
        if len(out) == before:  # "qu'a dit Trump sur ...", not "what did X tell Trump"
            walk(i + 1, 1)
    return frozenset(out)


def asked_speaker_terms(analysis: Analysis) -> tuple[str, ...]:
    """The terms naming whom an analysed question asks the words of (see asked_speaker)."""
    at = asked_speaker(analysis.folded, analysis.qtype)
    return tuple(term for i, term in analysis.placed if i in at)
