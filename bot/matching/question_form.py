"""How a question is put, apart from what it is about: its type ("when", "how many"), what
it counts, the words that only frame it ("selon l'article", greetings), doubt about the future,
an origin or a destination asked as "where", a year or a count a yes/no question checks, and
the roles it asks with what they are held in ("le numéro deux du Hachd").

These read the folded words of one question; `Analyzer` turns the rest into terms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from bot.lang import question_words
from bot.matching.lang_data import (
    CATEGORY_NOUNS,
    DOUBT,
    EN_STOP,
    FORECAST,
    FR_STOP,
    FUTURE,
    GREETING_PHRASES,
    GREETINGS,
    KEEP_IN_QUESTION,
    LEADING,
    META_PHRASES,
    NEGATIONS,
    QUESTION_PHRASES,
    RELATIONAL,
    WHAT,
    WHEN,
    WHERE,
    WHICH,
    WHO,
    YOUR_VIEW,
)

_WORDS = question_words()
STOP = FR_STOP | EN_STOP | frozenset({"al", "el"})  # "al", "el": particles of Arabic names
MAX_PHRASE = max(len(p) for p in QUESTION_PHRASES)


def phrase_starts(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first word, so that a text is scanned once, not once per phrase."""
    starts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        starts[phrase[0]].append(phrase)
    return dict(starts)


GREETING_STARTS = phrase_starts(GREETING_PHRASES)
_YOUR_VIEW_STARTS = phrase_starts(YOUR_VIEW)
META_STARTS = phrase_starts(META_PHRASES)
TAKE_PLACE = _WORDS.words("take_place")
_TIME_TOLD = phrase_starts(_WORDS.phrases("time_told_phrases"))
RELATIVE_QTYPES = frozenset({WHAT, WHO})  # "qui"/"que"/"which" are also relative pronouns
_PREFIXES = _WORDS.words("prefixes")  # "pro-iranien"
CONJUNCTIONS = _WORDS.words("conjunctions")  # also "at the time that"
# Words after which "quand"/"when" still asks: "depuis quand", "c'est quand", "since when".
ASKING_BEFORE_WHEN = _WORDS.words("asking_before_when")


def counted_thing(words: list[str], placed: dict[int, str], skip: set[int], asked_at: int,
                  language: str | None, plural: frozenset[int] = frozenset()) -> str | None:
    """What "how many"/"combien de" counts: the noun of the phrase that follows.

    French puts it first ("combien de soldats américains"); English last, before the verb
    ("how many US military bases are there"), unless no verb follows ("how many us soldiers
    iraq"), where the first term is the safer guess. English marks the noun's plural, which
    its adjectives never take and a verb after it seldom does: "how many sick babies",
    "how many nurses work there", "how many runners lined up" count babies, nurses,
    runners. `plural`: the positions of the words typed plural (see `looks_plural`).
    """
    if language == "en":
        noun = next((j for j in range(asked_at + 1, len(words))
                     if j in placed and j not in skip and j in plural
                     and not placed[j].isdigit()), None)
        ended = next((j for j in range(asked_at + 1, len(words))
                      if j not in placed and j not in skip), len(words))
        if noun is not None and noun < ended:
            return placed[noun]
    run: list[str] = []
    after = next((j for j in range(asked_at + 1, len(words)) if j not in skip), None)
    if language == "en" and after is not None and words[after] in _AUXILIARIES:
        return None  # "how much do the strikers want": a subject, then the verb
    for j in range(asked_at + 1, len(words)):
        if j in placed and not placed[j].isdigit():  # "le nombre de 2500 soldats": soldiers
            if words[asked_at].isdigit() and j == asked_at + 1:  # "2500 troops": a count checked
                return placed[j]
            if language != "en":
                if ("de" in words[asked_at:j] or "d" in words[asked_at:j]
                        or words[asked_at].isdigit()):  # "2500 soldats": a count checked
                    return placed[j]
                # "les soldats en Irak, ils sont combien à peu près ?": what is counted comes
                # first, and nothing after "combien" says it; unless "combien" says how much
                # of the verb just before it ("il pèse combien ce satellite", "il a plu
                # combien à Vallon"): a quantity, no thing counted
                if asked_at - 1 in placed or (asked_at and words[asked_at - 1] not in STOP):
                    return None
                return next((placed[k] for k in sorted(placed) if k < asked_at), None)
            run.append(placed[j])
        elif run and j not in skip:  # "how many trains between Le Mans and...": trains
            return run[-1]
    return run[0] if run else None


def looks_plural(typed: str) -> bool:
    """Whether an English word, as typed, looks plural ("babies", "runners"; not "us",
    "bus", "press", "virus", "analysis", nor a capitalised name: "Hamas")."""
    return (len(typed) > 3 and typed.endswith("s") and not typed[:1].isupper()
            and not typed.endswith(("ss", "us", "is")))


# After these, a noun that elsewhere asks a question ("places", "lieux") is what is counted.
COUNTING = frozenset(_WORDS.phrases("counting_phrases"))
_AUXILIARIES = _WORDS.words("auxiliaries")


def question_type(words: list[str], where_mark: bool,
                  starts_concept: Callable[[int], bool] = lambda _: False,
                  ) -> tuple[str | None, set[int], int]:
    """The question type, the positions of the words that expressed it, and where the
    phrase that decided the type starts (len(words) when nothing asks).

    `starts_concept(i)`: whether a concept phrase of several words starts at word i; the
    noun of "quel groupe armé" then stays content, as the concept's first word."""
    found: list[tuple[int, str, list[int]]] = []
    told: set[int] = set()  # "last year": a time said, no question word
    skip_phrases(words, _TIME_TOLD, told)
    i = 0
    while i < len(words):
        for width in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            qtype = QUESTION_PHRASES.get(tuple(words[i:i + width]))
            if qtype and width == 1 and words[i] == "lieu" and i and words[i - 1] in TAKE_PLACE:
                qtype = None  # "a eu lieu" is "took place", not "where"
            if qtype and width == 1 and i in told:
                qtype = None
            if qtype and width == 1 and (tuple(words[max(i - 2, 0):i]) in COUNTING
                                         or (i and words[i - 1].isdigit())):
                qtype = None  # "combien de places", "300 places": counted, not "where"
            if qtype:
                kept = KEEP_IN_QUESTION
                if width == 2 and words[i + 1] in CATEGORY_NOUNS and starts_concept(i + 1):
                    kept = kept | {words[i + 1]}
                found.append((i, qtype, [j for j in range(i, i + width)
                                         if words[j] not in kept]))
                i += width
                break
        else:
            i += 1
    if where_mark:
        positions = [i for i, w in enumerate(words) if w == "ou"]
        found.extend((i, WHERE, [i]) for i in positions)
        found.sort(key=lambda f: f[0])
    if not found:
        return None, set(), len(words)
    skip = {p for f in found for p in f[2]}
    # "Trump était-il président quand le drone a tué Soleimani ?": inside the sentence and
    # before a clause, "quand" joins two facts and asks nothing (a yes/no question).
    found = [f for f in found if not _joins(words, f)]
    if not found:
        return None, skip, len(words)
    chosen = found[0]
    # "What is the number of troops?", "Quelle est la date du mandat ?": "what is the" only
    # leads to the phrase that says what is asked.
    if chosen[1] == WHAT and len(found) > 1 and found[1][1] != WHAT and all(
            w in _LEADING_TO_TYPE for w in words[max(chosen[2], default=chosen[0]) + 1:
                                                 found[1][0]]):
        chosen = found[1]
    # "Les soldats qui sont en Irak, combien ?": a relative "qui" does not ask the question.
    # A question word that opens the sentence does ("Who led X when Y died?").
    if chosen[1] in RELATIVE_QTYPES and chosen[0] > 0:
        chosen = next((f for f in found[1:] if f[1] not in RELATIVE_QTYPES), chosen)
    return chosen[1], skip, chosen[0]


# "Where was Soleimani from?", "D'où venait-il ?", "De quel pays est le Hamas ?": where
# someone or something comes from, its nationality, and not where something happened.
ORIGIN_WORD = "nationality"  # the word read instead (the lexicon makes it a concept)
_COME = _WORDS.words("come_verbs")  # "d'où venait-il"
_BE_OR_COME = _WORDS.words("from_verbs")  # "where was X from"
_FRENCH_BE = _WORDS.words("be_verbs")  # "de quel pays est X"


def origin_words(words: list[str]) -> list[int]:
    """Positions of the words asking an origin (the first one stands for all), or []."""
    n = len(words)
    be_or_come = [j for j, word in enumerate(words) if word in _BE_OR_COME]
    for i in range(n - 1):
        verbs = [j for j in be_or_come if j > i]
        # "where was X from", "which country is X from", "from which country did X come"
        if words[-1] == "from" and verbs:
            if words[i] == "where":
                return [i, n - 1, *verbs]
            if words[i] in ("which", "what") and words[i + 1] in ("country", "countries"):
                return [i, i + 1, n - 1, *verbs]
        if verbs and (words[i:i + 2] == ["from", "where"]
                      or (words[i] == "from" and words[i + 1:i + 3] in (["which", "country"],
                                                                        ["what", "country"]))):
            return [i, i + 1, *verbs] if words[i + 1] == "where" else [i, i + 1, i + 2, *verbs]
        if words[i:i + 2] == ["d", "ou"]:  # "d'où venait X", "X vient d'où", "d'où est originaire"
            come = [j for j in (i - 1, i + 2, i + 3) if 0 <= j < n and words[j] in _COME]
            if come:
                return [i, i + 1, *come]
        if words[i:i + 3] == ["de", "quel", "pays"]:  # "de quel pays est X", "X vient de quel pays"
            verb = [j for j in (i - 1, i + 3) if 0 <= j < n
                    and (words[j] in _COME or words[j] in _FRENCH_BE)]
            if verb:
                return [i, i + 1, i + 2, *verb]
    return []


# "Où iront les soldats après l'Irak ?", "Where will the troops go?": where to, a destination,
# which the question asks as "where" but which no place of the story answers.
DESTINATION_WORD = "destination"  # the word read instead (the lexicon makes it a concept)
_GO = _WORDS.words("go_verbs")


def destination_words(words: list[str], where_mark: bool) -> list[int]:
    """Positions of "where" and of the verb of going after it (where to), or []."""
    asked = [i for i, w in enumerate(words) if w == "where" or (where_mark and w == "ou")]
    if not asked or (asked[0] > 0 and words[asked[0] - 1] == "d"):  # "d'où": from where
        return []
    go = [j for j in range(asked[0] + 1, len(words))
          if words[j] in _GO or (words[j] == "going" and words[j + 1:j + 2] != ["to"])]
    return [asked[0], go[0]] if go else []


# "Contre qui Trump a-t-il remporté l'élection ?", "Who did Trump beat?": whom someone
# won against asks for an opponent, not who won.
OPPONENT_WORD = "adversaire"  # the word read instead (the lexicon makes it a concept)
_WON = _WORDS.words("won_verbs")
_AGAINST_WHOM = frozenset(_WORDS.phrases("against_whom_phrases"))


def opponent_words(words: list[str]) -> list[int]:
    """Positions of "contre qui"/"against whom" and of the verb of winning, or []."""
    won = [j for j, w in enumerate(words) if w in _WON]
    if not won:
        return []
    against = next((k for k in range(len(words) - 1)
                    if (words[k], words[k + 1]) in _AGAINST_WHOM), None)
    if against is not None:
        return [against, against + 1, won[0]]
    # "Who did Trump beat?": a transitive verb of defeat after "who ... did"
    beat = [j for j in won if words[j] in ("beat", "defeated", "battu", "vaincu")]
    return [0, beat[0]] if beat and words[0] in ("who", "whom", "qui") and beat[0] > 1 else []


# Between "what"/"quel" and the phrase that says what is asked: "what is the (number)".
_LEADING_TO_TYPE = _WORDS.words("leading_to_type")
# Words that open a yes/no question: after them, "when" and a short clause join two facts
# ("Was Trump in office when they spoke?").
_YES_NO_OPENERS = _WORDS.words("yes_no_openers")


def _joins(words: list[str], found: tuple[int, str, list[int]]) -> bool:
    at, qtype, _ = found
    clause = 2 if words[0] in _YES_NO_OPENERS else 3  # words after "when", at least
    return (qtype == WHEN and at > 0 and words[at] in CONJUNCTIONS
            and words[at - 1] not in ASKING_BEFORE_WHEN and len(words) - at > clause)


# Words with two senses, and the words before them that select the one the knowledge
# writes another way: "leave last" and "the last troops" are "dernier", not the verb of
# "how long did the call last"; "the second heading" is a subheading, not a leader.
_BEFORE_A_NOUN = _WORDS.words("before_a_noun")
_SENSES: dict[str, tuple[str, frozenset[str]]] = {
    "last": ("dernier", _BEFORE_A_NOUN | {
        "at", "very", "be", "leave", "leaves", "leaving", "left", "go", "goes", "gone", "come",
        "comes", "depart", "departs", "exit", "exits", "withdraw", "withdraws", "withdrawn",
        "arrive", "arrives"}),
    "heading": ("intertitre", _BEFORE_A_NOUN | {"first", "second", "last", "main", "section"}),
    "headings": ("intertitres", _BEFORE_A_NOUN | {"main", "section", "its"}),
    # "has he been arrested", "a-t-il été arrêté": an arrest made, not the warrant's aim
    **dict.fromkeys(("arrested", "detained", "arrete", "arretee", "detenu", "interpelle"),
                    ("apprehended", frozenset({"been", "ete", "was", "were", "fut", "be",
                                               "etre", "il", "elle", "sera", "serait"}))),
}


# "Quel tribunal a émis le mandat ?", "Which Iraqi court...": asked with "which", a court
# is asked by its name, which "la justice irakienne" does not give.
_NAMED_AFTER_WHICH = _WORDS.words("named_after_which")


def word_sense(words: list[str], i: int) -> str | None:
    """The word the knowledge uses for word i when the words before it select that sense
    ("leave last": "dernier"; "the second heading": "intertitre"; "which court": its
    name, "nom"; "is called": "appelle"), else None."""
    if words[i] in _NAMED_AFTER_WHICH and i > 0 and (
            words[i - 1] in WHICH  # "quel tribunal"; not "quelle date court"
            or (i > 1 and words[i - 2] in WHICH
                and (words[i - 2], words[i - 1]) not in QUESTION_PHRASES)):
        return "nom"
    if words[i] == "called" and i > 0 and (
            (words[i - 1] in ("is", "are", "be", "being") and words[i + 1:i + 2] != ["by"])
            or (i == len(words) - 1 and words[0] in ("what", "how")
                and not {"is", "are", "was", "were"}.isdisjoint(words[1:i]))):
        return "appelle"  # "what is the plan called": its name, not a phone call
    sense = _SENSES.get(words[i])
    return sense[0] if sense and i > 0 and words[i - 1] in sense[1] else None


def unaccented_where(words: list[str]) -> bool:
    """ "ou" typed for "où": first or last word ("ou sont les soldats", "soleimani tue ou")."""
    return bool(words) and (words[0] == "ou" or words[-1] == "ou")


def greeting_positions(words: list[str], skip: set[int]) -> bool:
    """Whether the text greets; the words of greeting phrases ("ça va") join `skip`."""
    return skip_phrases(words, GREETING_STARTS, skip) or any(w in GREETINGS for w in words)


def asks_prediction(words: list[str]) -> bool:
    """Doubt ("really") about the future ("will", "va", "tiendra"), a risk or likelihood, or
    the reader's own view ("selon vous"): a forecast or an opinion is asked."""
    return any(_forecast_at(words, i) for i, w in enumerate(words) if w in FORECAST) or (
        not DOUBT.isdisjoint(words)
        and any(w in FUTURE or (len(w) > 5 and w.endswith(("ra", "ront"))) for w in words)
    ) or skip_phrases(words, _YOUR_VIEW_STARTS, set())


# Before a noun: "le risque de démence", "the risk", "ses chances" name a risk, not a forecast.
_DETERMINER_BEFORE = _WORDS.words("determiner_before")
# A verb of risk asks a forecast when a subject or an infinitive follows: "risque-t-il",
# "risque d'être", "risks being"; a noun of risk ("dementia risk") does not.
_AFTER_RISK_VERB = _WORDS.words("after_risk_verb")
_RISK = tuple(sorted(_WORDS.words("risk_stems")))


def _forecast_at(words: list[str], i: int) -> bool:
    """Whether the forecast word at i asks a forecast ("risque-t-il d'être arrêté ?",
    "likely") rather than names a risk ("le risque de démence", "dementia risk")."""
    if i and words[i - 1] in _DETERMINER_BEFORE:
        return False
    if words[i].startswith(_RISK):
        return words[i + 1:i + 2] != [] and words[i + 1] in _AFTER_RISK_VERB
    return True


def skip_phrases(words: list[str], starts: dict[str, list[tuple[str, ...]]],
                 skip: set[int]) -> bool:
    """Add the positions of every occurrence of these phrases (see `phrase_starts`) to
    `skip`; whether there was any."""
    found = False
    for i, word in enumerate(words):
        for phrase in starts.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                skip.update(range(i, i + len(phrase)))
                found = True
    return found


def drop_negation(words: list[str], skip: set[int]) -> None:
    """French "ne ... pas" is grammar; a lone "ne" is "né" (born) typed without its accent."""
    for i, word in enumerate(words):
        if word == "ne" and any(w in NEGATIONS for w in words[i + 1:i + 5]):
            skip.add(i)


_REVERSE = _WORDS.words("reverse")


# "avant ou après", "more or less": the choice is between these, not between the terms
# around them.
_ORDER_WORDS = _WORDS.words("order_words")


def alternatives(words: list[str], placed: dict[int, str], skip: set[int]
                 ) -> tuple[tuple[str, str], ...]:
    """The terms on each side of an "ou"/"or" ("exact ou approximatif", "Iraqi or foreign"),
    or of the "et"/"and" of an opening "entre X et Y" ("Between federal Iraq and Kurdistan,
    which is left first?"): the answer picks one, so an entry need not cover both."""
    pairs = []
    for k, word in enumerate(words):
        between = word in ("et", "and") and words[0] in ("entre", "between") and 1 < k < 6
        # "Trump a-t-il appelé Soudani ou l'inverse ?", "avant ou après l'Irak fédéral"
        # offer no alternative term
        offered = (word in ("ou", "or") and k > 0 and k not in skip
                   and not _REVERSE.intersection(words[k + 1:k + 3])
                   and words[k - 1] not in _ORDER_WORDS)
        if not (between or offered):
            continue
        before = [placed[j] for j in range(k - 1, max(k - 4, -1), -1) if j in placed]
        # "seuls ou au sein d'une alliance": function words do not count in the distance;
        # "pro-iranien ou pro-américain": the side is the word after the prefix
        reach = k + 4 + sum(1 for w in words[k + 1:k + 7] if w in STOP)
        after = [placed[j] for j in range(k + 1, min(reach, len(words)))
                 if j in placed and not (words[j] in _PREFIXES and j + 1 in placed)]
        # "troops leaving federal Iraq or troops leaving Kurdistan": the sides are what
        # differs, not the words both repeat.
        said_before = {t for j, t in placed.items() if j < k}
        said_after = {t for j, t in placed.items() if j > k}
        first = next((t for t in before if t not in said_after), before[0] if before else None)
        second = next((t for t in after if t not in said_before), after[0] if after else None)
        if first and second and first != second:
            pairs.append((first, second))
    return tuple(pairs)


YEAR = re.compile(r"\b(19|20)\d\d\b")
OF_WORDS = _WORDS.words("of_words")
_OF_WORDS = OF_WORDS | _WORDS.words("between")  # "relations entre Bagdad et Washington"
_POSSESSIVE = _WORDS.words("possessive")  # "X's own party"
_GLUE = _OF_WORDS | _POSSESSIVE | _WORDS.words("definite_articles")
_DETERMINERS = _WORDS.words("determiners")
_DATED = _WORDS.words("dated")  # "date-t-il de 2020"


def bonds_and_roles(words: list[str], placed: dict[int, str], ends: dict[int, int],
                    question: bool) -> tuple[tuple[tuple[str, str], ...],
                                             tuple[tuple[str, str], ...]]:
    """For a knowledge text, the terms said side by side (the index keeps them); for a
    question, of those, each role with what it is held in: "numéro deux" of the Hachd."""
    bonds = side_by_side(words, placed, ends)
    if not question:
        return tuple((placed[i], placed[j]) for i, j in bonds), ()
    # "le numéro deux du Hachd": a role, then "de"/"of" and what it is held in; "the
    # PMF deputy leader", "the Hashd's number two": what it is held in, then the role
    # ("Muhandis the head", "abîmé les relations" are not).
    roles = [(i, j) for i, j in bonds
             if (not RELATIONAL.isdisjoint(words[i:ends[i]])
                 and not _OF_WORDS.isdisjoint(words[ends[i]:j]))
             or (not RELATIONAL.isdisjoint(words[j:ends[j]])
                 and _POSSESSIVE.issuperset(words[ends[i]:j]))
             or (not LEADING.isdisjoint(words[i:ends[i]])  # "who headed the Hashd"
                 and _OF_WORDS.isdisjoint(words[ends[i]:j]))]
    return (), tuple((placed[i], placed[j]) for i, j in roles)


def side_by_side(words: list[str], placed: dict[int, str], ends: dict[int, int]
                 ) -> list[tuple[int, int]]:
    """Positions of terms said side by side, with at most "de", "of", an article or a
    possessive between: "le numéro deux du Hachd", "the Hashd's number two"."""
    found = []
    for i, term in placed.items():
        j = ends[i]
        while j < len(words) and j not in placed and words[j] in _GLUE:
            j += 1
        if j in placed and placed[j] != term:
            found.append((i, j))
    return found


def year_checked(words: list[str], placed: dict[int, str], terms: list[str],
                 strong: set[str]) -> bool:
    """ "Le mandat date-t-il de 2020 ?", "Was Soleimani killed in 2019?": a yes/no question
    checks a year, which may be wrong. The year leaves the terms (an entry need not cover
    it: its answer gives the right one); whether one did."""
    def checked(j: int, term: str) -> bool:
        before = words[j - 1] if j else ""
        return bool(YEAR.fullmatch(term)) and (before in ("en", "in", "from") or (
            before in ("de", "d") and not _DATED.isdisjoint(words[max(0, j - 5):j])))
    return _drop_checked(placed, terms, strong, checked) is not None


def number_checked(words: list[str], placed: dict[int, str], terms: list[str],
                   strong: set[str]) -> int | None:
    """ "Y a-t-il 25.000 soldats en Irak ?": a yes/no question checks a count, which may be
    wrong; it asks how many, and the number leaves the terms. Its position, or None.
    "Les 2.500 soldats vont-ils partir ?" names the soldiers by their number: no check."""
    def checked(j: int, term: str) -> bool:
        return (term.isdigit() and j + 1 in placed and not placed[j + 1].isdigit()
                and (not j or words[j - 1] not in _DETERMINERS))
    return _drop_checked(placed, terms, strong, checked)


def _drop_checked(placed: dict[int, str], terms: list[str], strong: set[str],
                  checked: Callable[[int, str], bool]) -> int | None:
    """The position of the first term, said once, that the question only checks; that term
    leaves `terms` and `strong`."""
    for j, term in placed.items():
        if checked(j, term) and list(placed.values()).count(term) == 1:
            terms.remove(term)
            strong.discard(term)
            return j
    return None
