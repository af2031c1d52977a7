"""The closed word lists of every language, as the matcher reads them.

The words themselves are data, one file per language (`bot/lang/<language>/questions.yaml`,
folded form): function words, question words and phrases, words that add little to a question
("tell me", "exactly"), greetings, the words no answer may leave out. This module only names
the merged tables and the question types the phrases ask. Article-specific names and synonyms
live in the knowledge files (lexicon.yaml, aliases.yaml).
"""

from __future__ import annotations

from bot.lang import LanguageDataError, question_words

# Question types. An entry answers a "when", "how many", "where", "why" or "who" question
# only if one of its paraphrases asks that way: the kind of fact must match.
WHO, WHEN, COUNT, WHERE, WHY, HOW, WHAT = "who", "when", "count", "where", "why", "how", "what"
SINCE = "since"  # "since when", "how long": a start or a duration, not a point in time
GATED_QTYPES = frozenset({WHEN, SINCE, COUNT, WHERE, WHY})
QTYPES = frozenset({WHO, WHEN, COUNT, WHERE, WHY, HOW, WHAT, SINCE})

_TABLES = question_words()


def _typed(key: str) -> dict[str, tuple]:
    """A typed table, its question types checked against the ones the matcher knows."""
    table = _TABLES.typed(key)
    unknown = sorted(set(table) - QTYPES)
    if unknown:
        raise LanguageDataError(f"questions.yaml: {key}: unknown question type(s) "
                                f"{', '.join(unknown)} (known: {', '.join(sorted(QTYPES))})")
    return table


FR_STOP = _TABLES.words("stop", "fr")
EN_STOP = _TABLES.words("stop", "en")
# Markers of each language for detection: frequent words that the other language lacks.
FR_MARKERS = _TABLES.words("markers", "fr")
EN_MARKERS = _TABLES.words("markers", "en")

# Words that carry little of what is asked: they never make a question "not covered".
LIGHT = _TABLES.words("light")
# Everyday words that ask nothing, like LIGHT, but are never what a typo meant.
UNTARGETED = _TABLES.words("untargeted")
GREETINGS = _TABLES.words("greetings")
THANKS = _TABLES.words("thanks")  # among the greetings: "merci", "thanks"
GREETING_PHRASES = _TABLES.phrases("greeting_phrases")
INTERJECTIONS = _TABLES.words("interjections")
# Words that address the bot itself ("ton prénom", "your opinion").
TO_THE_BOT = _TABLES.words("to_the_bot")
# The question's frame, not its content: "l'article parle de combien de soldats ?"
META_PHRASES = _TABLES.phrases("meta_phrases")
# Doubt about the future ("will X really...") asks for a prediction; so do forecast words.
DOUBT = _TABLES.words("doubt")
FUTURE = _TABLES.words("future")
FORECAST = _TABLES.words("forecast")
# The reader's own view asked ("selon vous"), or whether a plan will hold.
YOUR_VIEW = _TABLES.phrases("your_view_phrases")
# "How many times": the count of events, whatever is named after it.
COUNT_OF_EVENTS = _TABLES.words("count_of_events")
# "How many people": any count of people answers, whatever the article calls them.
GENERIC_COUNTED = _TABLES.words("generic_counted")
# Nouns of people: a count of them answers "how many people".
PEOPLE_NOUNS = _TABLES.words("people_nouns") | GENERIC_COUNTED
# What a count of people counts, however a text calls them ("1200 personnes").
PEOPLE_COUNTED = "#people"
# "De combien", "by how much": a difference, not a count of something.
BY_HOW_MUCH = _TABLES.phrases("by_how_much_phrases")

WHICH = _TABLES.words("which")
# "Which group", "quelle organisation": the noun only says what kind of answer is wanted;
# some such nouns are content anywhere else ("la mesure").
CATEGORY_NOUNS = {noun: qtype for qtype, nouns in _typed("category_nouns").items()
                  for noun in nouns}
_CONTENT_WORDS = _TABLES.words("content_category_nouns") | _TABLES.words("content_words")

# Phrases that ask a type of question; the longest match wins. "Which" before a category
# noun asks that noun's type.
QUESTION_PHRASES: dict[tuple[str, ...], str] = {
    **{phrase: qtype for qtype, phrases in _typed("question_phrases").items()
       for phrase in phrases},
    **{(which, noun): qtype for which in WHICH for noun, qtype in CATEGORY_NOUNS.items()},
}
# Words of a question phrase that still say something the entry must cover: "quel mois".
KEEP_IN_QUESTION = _TABLES.words("keep_in_question")

# Nouns that name a role held in something: "le numéro deux du Hachd", "the leader of IS".
RELATIONAL = _TABLES.words("relational")
# Verbs of leading, whose object is what is led: "Who headed the Hashd?"
LEADING = _TABLES.words("leading")

QUESTION_WORDS = frozenset(
    w for phrase in QUESTION_PHRASES for w in phrase
    if w not in KEEP_IN_QUESTION and w not in _CONTENT_WORDS)

NEGATIONS = _TABLES.words("negations")

# Words that, when the matched entry does not cover them, mean the question asks for a fact
# the article does not give (a person's age, a successor, another country's troops...).
STRONG = _TABLES.words("strong")
