"""The message reader: markup, mentions, invisible characters, chatter, abbreviations, parts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reading import Ignored, Kind, read_message
from bot.reading.tables import LANG_DIR, LANGUAGES, abbreviation_key, tables

# Each Discord form, what the matcher must get, and how the reader reports what it removed.
MARKUP = [
    ("<@123456789012345678> combien de soldats ?", "combien de soldats ?", Kind.MENTION),
    ("<@!123456789012345678> combien de soldats ?", "combien de soldats ?", Kind.MENTION),
    ("<@&123456789012345678> combien de soldats ?", "combien de soldats ?", Kind.ROLE),
    ("combien de soldats <#123456789012345678> ?", "combien de soldats ?", Kind.CHANNEL),
    ("@everyone combien de soldats ?", "combien de soldats ?", Kind.MENTION),
    ("@here combien de soldats ?", "combien de soldats ?", Kind.MENTION),
    ("combien de soldats <:pepe:123456789012345678> ?", "combien de soldats ?", Kind.EMOJI),
    ("combien de soldats <a:dance:123456789012345678> ?", "combien de soldats ?", Kind.EMOJI),
    ("combien de soldats 😂🇺🇸 ?", "combien de soldats ?", Kind.EMOJI),
    ("combien de soldats :) ?", "combien de soldats ?", Kind.EMOJI),
    ("# combien de soldats ?", "combien de soldats ?", Kind.MARKUP),
    ("## combien de soldats ?", "combien de soldats ?", Kind.MARKUP),
    ("### combien de soldats ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de soldats ?\n-# désolé pour les fautes", "combien de soldats ?", Kind.CHATTER),
    ("combien de ||soldats|| ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de **soldats** ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de *soldats* ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de _soldats_ ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de __soldats__ ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de ~~soldats~~ ?", "combien de soldats ?", Kind.MARKUP),
    ("combien de ***__soldats__*** ?", "combien de soldats ?", Kind.MARKUP),
    ("> il y en a 3000\ncombien de soldats ?", "combien de soldats ?", Kind.QUOTE),
    (">>> il y en a 3000\net 5000", "il y en a 3000\net 5000", None),  # the quote alone
    ("combien de soldats `print(1)` ?", "combien de soldats ?", Kind.CODE),
    ("combien de soldats `x = 42` ?", "combien de soldats ?", Kind.CODE),
    # words set off in backticks are stressed, not code: the words stay
    ("how many `contributions` did it get?", "how many contributions did it get?", Kind.MARKUP),
    ("c'est quoi le `Gold Label` ?", "c'est quoi le Gold Label ?", Kind.MARKUP),
    ("```py\nprint(123)\n```\ncombien de soldats ?", "combien de soldats ?", Kind.CODE),
    ("combien de soldats ? https://example.com/a?b=1", "combien de soldats ?", Kind.LINK),
    ("combien de soldats <https://example.com/a> ?", "combien de soldats ?", Kind.LINK),
    ("combien de [soldats](https://example.com/x) ?", "combien de soldats ?", Kind.LINK),
    ("combien de soldats </ask:123456789012345678> ?", "combien de soldats ?", Kind.MENTION),
    ("combien de soldats <t:1700000000:R> ?", "combien de soldats ?", Kind.MARKUP),
    ("- combien de soldats ?", "combien de soldats ?", Kind.MARKUP),
]


@pytest.mark.parametrize(("message", "expected", "kind"), MARKUP)
def test_each_discord_form_is_removed_and_reported(message: str, expected: str,
                                                   kind: Kind | None) -> None:
    reading = read_message(message)
    assert reading.text == expected
    assert not re.search(r"\d{6,}", reading.text)
    if kind is not None:
        assert kind in {i.kind for i in reading.ignored}, reading.ignored


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060"])
def test_invisible_characters_do_not_split_words(char: str) -> None:
    reading = read_message(f"combien de soldats améri{char}cains ?")
    assert reading.text == "combien de soldats américains ?"
    assert [i.kind for i in reading.ignored] == [Kind.INVISIBLE]


def test_unicode_is_composed_and_odd_spaces_are_plain() -> None:
    assert read_message("combien de soldats ame\u0301ricains\u00a0?").text == (
        "combien de soldats américains ?")
    assert read_message("2\u202f500 soldats\u3000?").text == "2 500 soldats ?"


def test_a_story_that_asks_nothing_is_read_whole() -> None:
    for message in ("i just read the article", "je viens de lire l'article, il est long"):
        assert read_message(message).questions == (message,)


def test_a_guess_ending_with_a_question_word_is_no_question() -> None:
    # "would" may open a question; after "I thought" it is the reader's guess
    reading = read_message("hi all, tbh I thought the petition would flop lol. how many "
                           "ppl have signed it so far?")
    assert reading.questions == ("how many people have signed it so far?",)


def test_a_plain_question_is_read_as_it_is() -> None:
    for question in ("Combien de soldats américains en Irak ?", "How many U.S. troops are in "
                     "Iraq?", "Qu'est-ce que le Hachd al-Chaabi ?", "Quel âge a Trump",
                     "Soleimani. Quand a-t-il été tué ?", "2+2 ?"):
        reading = read_message(question)
        assert reading.unchanged and reading.questions == (question,), reading


@pytest.mark.parametrize(("message", "question", "kinds"), [
    ("hello, je viens de lire l'article, du coup combien de soldats américains en Irak ?",
     "du coup combien de soldats américains en Irak ?", [Kind.CHATTER, Kind.CHATTER]),
    ("jsp si c'est 1000 ou 3000 mdr. combien de soldats américains en Irak ?",
     "combien de soldats américains en Irak ?", [Kind.CHATTER, Kind.GUESS]),
    ("my uncle told me it's like 2000. How many US troops are in Iraq?",
     "How many US troops are in Iraq?", [Kind.CHATTER]),
    ("Salut !\nje viens de lire l'article\ncombien de soldats américains en Irak",
     "combien de soldats américains en Irak", [Kind.CHATTER, Kind.CHATTER]),
    ("combien de soldats américains en Irak, je pense 3000 ?",
     "combien de soldats américains en Irak ?", [Kind.GUESS]),
    ("I was reading the news and I'm confused. Why did Iraq issue a warrant against Trump? "
     "lol", "Why did Iraq issue a warrant against Trump?", [Kind.CHATTER, Kind.CHATTER]),
])
def test_chatter_around_a_question_is_set_aside(message: str, question: str,
                                                kinds: list[Kind]) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert sorted(i.kind for i in reading.ignored if i.kind is not Kind.ABBREVIATION) == kinds


@pytest.mark.parametrize(("message", "question", "kinds"), [
    # anyone of the reader's own, not only the relatives listed
    ("lol my roommate swears the coalition left. How many US troops are in Iraq?",
     "How many US troops are in Iraq?", [Kind.CHATTER, Kind.CHATTER]),
    ("ma coloc dit que le procès est fini, quand Julien Morvan a-t-il été condamné ?",
     "quand Julien Morvan a-t-il été condamné ?", [Kind.CHATTER]),
    # where the reader lives, and guesses in the past
    ("j'habite à côté d'Aubenas, combien de personnes ont été évacuées ?",
     "combien de personnes ont été évacuées ?", [Kind.CHATTER]),
    ("je pensais que le vainqueur était français, il a couru en combien de temps ?",
     "il a couru en combien de temps ?", [Kind.GUESS]),
    ("I thought the mayor paid for it, how much does the car park cost?",
     "how much does the car park cost?", [Kind.GUESS]),
    # no question mark: the clause after the story asks all the same
    ("i just read the article, what are the minima for birmingham",
     "what are the minima for birmingham", [Kind.CHATTER]),
    ("tbh didnt read, what r the minima for birmingham lol",
     "what are the minima for birmingham", [Kind.CHATTER, Kind.CHATTER, Kind.CHATTER]),
    ("je viens de lire l'article, c'est qui le maire", "c'est qui le maire", [Kind.CHATTER]),
    # "ma question" is no story: it announces the question
    ("Ma question : combien de coureurs au départ ?", "combien de coureurs au départ ?",
     [Kind.CHATTER]),
])
def test_the_readers_own_people_and_past_guesses_are_set_aside(
        message: str, question: str, kinds: list[Kind]) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert sorted(i.kind for i in reading.ignored if i.kind is not Kind.ABBREVIATION) == kinds


@pytest.mark.parametrize(("message", "question", "aside"), [
    ("je pensais que le gouvernement était pro-américain 🤔 il a été porté au pouvoir par qui ?",
     "il a été porté au pouvoir par qui ?", "je pensais que le gouvernement était pro-américain"),
    ("coucou 👋 j'habite à Ruoms <:sad:123456789012345678> combien de campings évacués ?",
     "combien de campings évacués ?", "j'habite à Ruoms"),
    ("I thought it was a record :) who won the race?", "who won the race?",
     "I thought it was a record"),
])
def test_an_emoji_between_words_ends_a_clause(message: str, question: str, aside: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert aside in {i.text for i in reading.ignored}


def test_an_emoji_at_the_end_or_standing_for_a_word_sets_nothing_aside() -> None:
    assert read_message("combien de soldats 😂🇺🇸 ?").questions == ("combien de soldats ?",)
    assert read_message("les soldats 🇺🇸 en Irak ?").questions == ("les soldats — en Irak ?",)


@pytest.mark.parametrize(("message", "question"), [
    # after a story, a colon or a turn announces the question; what came before is the story
    ("on devait camper à Ruoms, le proprio a tout annulé, ma mère était furieuse, bref on "
     "cherche à comprendre : la D579 rouvre quand ?", "la D579 rouvre quand ?"),
    ("I'm writing an essay on the race, my notes are a mess and the deadline is tomorrow, so, "
     "who won the marathon?", "who won the marathon?"),
    ("Je suis tombé sur l'article hier. Trop de noms partout. Bref : c'est qui Rotich ?",
     "c'est qui Rotich ?"),
    # a story clause that goes on to the question ends where it turns
    ("je suis pas du coin mais du coup combien de campings ont été évacués ?",
     "mais du coup combien de campings ont été évacués ?"),
    ("I'm new here but when was the warrant against Trump issued?",
     "but when was the warrant against Trump issued?"),
])
def test_the_question_starts_where_the_message_turns_to_it(message: str, question: str
                                                           ) -> None:
    assert read_message(message).questions == (question,)


@pytest.mark.parametrize(("message", "question"), [
    # a story of two clauses or more, told without a turn, ends at its last clause
    ("I was at dinner with my family, my uncle kept saying they left, my aunt said they "
     "stayed. How many troops are there?", "How many troops are there?"),
    ("hier au repas, mon oncle disait 20 000 coureurs, ma tante 10 000, le départ était à "
     "quelle heure ?", "le départ était à quelle heure ?"),
    ("Not from here, just saw this on reddit, I live in a rainy place and we never get that "
     "much. The article compares it to months of rain, how many months?",
     "The article compares it to months of rain, how many months?"),
])
def test_the_question_starts_after_a_story_told_without_a_turn(message: str,
                                                                question: str) -> None:
    assert read_message(message).questions == (question,)


@pytest.mark.parametrize("message", [
    "Les soldats français, mon oncle en est, combien sont-ils en Irak ?",  # one clause only
    "Mandat d'arrêt contre Trump : quelle date ?",  # no story: a colon introduces the topic
    "Marathon de Lyon : qui a gagné la course des femmes ?",
    "Les soldats partent en 2026, du coup ils vont où ?",  # no story: the turn keeps it
])
def test_without_a_story_a_colon_or_a_turn_sets_nothing_aside(message: str) -> None:
    assert read_message(message).questions == (message,)


@pytest.mark.parametrize(("message", "claimed"), [
    # the values a story or guess gives are the reader's: the article's are asked
    ("mon prof disait que le mandat datait de 2020, c'est bien ça ?",
     "le mandat datait de, c'est bien ça ?"),
    ("mon cousin dit que Boréa a coûté genre 1 milliard, c'est combien en vrai ?",
     "Boréa a coûté genre, c'est combien ?"),
    # what a story reports, with or without "that"
    ("my dad thinks the reward is like 5k, how much is it really?",
     "the reward is like, how much is it really?"),
    ("hey guys, my cousin swears the thieves came in through the roof lol, how did they "
     "actually get in?", "the thieves came in through the roof, how did they actually get in?"),
    ("jsp si c'est 1000 ou 3000 soldats mdr, c'est combien ?", "c'est soldats, c'est combien ?"),
    ("my uncle told me that the race was won in 2:05, is that right?",
     "the race was won in, is that right?"),
    ("I think between 10 and 20 people died, how many?", "between people died, how many?"),
    ("je viens de lire l'article, c'est quand ?", ""),  # a story that reports nothing
    # several questions are read together: the service reads them so only when it answers
    # them as one ("c'est vrai ? par qui ?")
    ("mon grand-père dit que les soldats se font attaquer, c'est vrai ? par qui ?",
     "les soldats se font attaquer, c'est vrai ? par qui ?"),
])
def test_what_the_story_and_guesses_claim_is_read_with_the_question(message: str,
                                                                     claimed: str) -> None:
    reading = read_message(message)
    assert reading.claimed == claimed
    assert all(piece in {i.text for i in reading.ignored} for piece in reading.claimed_from)


@pytest.mark.parametrize(("message", "quote", "question"), [
    ("> Un mandat d'arrêt contre Donald Trump   attendez, c'est dans quel cadre ?",
     "Un mandat d'arrêt contre Donald Trump", "c'est dans quel cadre ?"),
    ("> la D579 reste fermée    she means which bridge?", "la D579 reste fermée",
     "she means which bridge?"),
])
def test_words_typed_after_a_quote_on_its_line_are_the_writers_own(
        message: str, quote: str, question: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert (Kind.QUOTE, quote) in {(i.kind, i.text) for i in reading.ignored}
    assert reading.whole.startswith(f"« {quote} »")  # read with it when it says nothing alone


def test_a_quote_with_ordinary_spacing_is_all_quote() -> None:
    reading = read_message("> il y en a 3000  non ?\ncombien de soldats ?")
    assert reading.questions == ("combien de soldats ?",)
    assert (Kind.QUOTE, "il y en a 3000 non ?") in {(i.kind, i.text) for i in reading.ignored}


@pytest.mark.parametrize(("message", "question", "spoiler"), [
    ("||spoiler pour ceux qui ont pas lu|| qui a gagné le marathon ?",
     "qui a gagné le marathon ?", "spoiler pour ceux qui ont pas lu"),
    ("||rip|| how many campsites were evacuated? <:sad:123456789012345678>",
     "how many campsites were evacuated?", "rip"),
    ("combien de soldats ? ||je parie 3000||", "combien de soldats ?", "je parie 3000"),
])
def test_a_spoiler_standing_apart_from_the_question_is_set_aside(
        message: str, question: str, spoiler: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert (Kind.SPOILER, spoiler) in {(i.kind, i.text) for i in reading.ignored}
    assert spoiler in reading.whole  # read with it when the question says nothing alone


@pytest.mark.parametrize(("message", "question"), [
    ("combien de ||soldats|| ?", "combien de soldats ?"),  # inside the sentence
    ("how many runners ||at the start||", "how many runners at the start"),
    ("||qui a gagné le marathon ?||", "qui a gagné le marathon ?"),  # the question itself
])
def test_a_spoiler_within_the_question_is_read(message: str, question: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert Kind.SPOILER not in {i.kind for i in reading.ignored}


@pytest.mark.parametrize(("message", "question", "aside"), [
    # a call to the channel rather than the bot
    ("how many ppl got evacuated, any1 kno?", "how many people got evacuated?", "anyone know?"),
    ("qui a gagné le marathon, quelqu'un sait ?", "qui a gagné le marathon ?",
     "quelqu'un sait ?"),
    # chat tics, and a word that points back without naming anything
    ("le taux de chômage c'est combien en vrai ?", "le taux de chômage c'est combien ?",
     "en vrai"),
    ("ils sont combien là-bas ?", "ils sont combien ?", "là-bas"),
    ("what did the mayor promise basically?", "what did the mayor promise ?", "basically"),
    ("quick q: when was the warrant issued?", "when was the warrant issued?", "quick q"),
    # "perso" (personally) says the reader's stance, not "la Perse"
    ("c'est combien les indemnités perso ?", "c'est combien les indemnités ?", "perso"),
])
def test_calls_to_the_channel_and_chat_tics_are_set_aside(message: str, question: str,
                                                          aside: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert aside in {i.text for i in reading.ignored}


@pytest.mark.parametrize(("message", "parts"), [
    ("l'alerte rouge c'était à quelle heure, et pourquoi les élus critiquent Météo-France ?",
     ("l'alerte rouge c'était à quelle heure ?", "et pourquoi les élus critiquent Météo-France ?")),
    ("qui a gagné le marathon, et il a couru en combien de temps ?",
     ("qui a gagné le marathon ?", "et il a couru en combien de temps ?")),
    ("When was the warrant issued, and who issued it?",
     ("When was the warrant issued ?", "and who issued it?")),
    # no comma: "et"/"and" right before a question word
    ("combien de coureurs au départ et combien à l'arrivée ?",
     ("combien de coureurs au départ ?", "et combien à l'arrivée ?")),
    ("where will the new parking lots be and how many places in all?",
     ("where will the new parking lots be ?", "and how many places in all?")),
    # no comma: "et" before a clause with its own subject that asks further on
    ("qui a validé la reprise et ça prend effet quand ?",
     ("qui a validé la reprise ?", "et ça prend effet quand ?")),
    ("Qui a gagné la course et il a touché combien ?",
     ("Qui a gagné la course ?", "et il a touché combien ?")),
    # a short first question, saying two words after its question word
    ("qui a gagné et combien elle a touché ?", ("qui a gagné ?", "et combien elle a touché ?")),
    ("Qui était Soleimani et comment est-il mort ?",
     ("Qui était Soleimani ?", "et comment est-il mort ?")),
    ("who killed Soleimani and what year was that?",
     ("who killed Soleimani ?", "and what year was that?")),
    # a question word alone at the end asks a question of its own about the first
    ("qui a tué Soleimani et pourquoi ?", ("qui a tué Soleimani ?", "et pourquoi ?")),
    ("Qui a signé le mandat et quand ?", ("Qui a signé le mandat ?", "et quand ?")),
    ("how many US troops are in Iraq and why?", ("how many US troops are in Iraq ?",
                                                 "and why?")),
])
def test_two_questions_in_one_sentence_are_two_parts(message: str,
                                                      parts: tuple[str, ...]) -> None:
    assert read_message(message).questions == parts


@pytest.mark.parametrize("message", [
    "Selon l'article, combien de coureurs au départ ?",  # the part before asks nothing
    "Qui est Soleimani, quand a-t-il été tué ?",  # no "et": a clause inside the question
    "Which runner, born in Kenya, did win the race?",
    "Quel est le montant, et le délai, de l'aide ?",  # the clause after asks nothing
    "Quand et comment Soleimani a-t-il été tué ?",  # the first says nothing of its own
    "Combien de soldats américains et de bases en Irak ?",  # no second question word
    "What did al-Sudani and Trump agree on?",  # "and" before a name, not a clause
    # a noun asked with the next one: "quel jour" says one word after "quel"
    "Quel jour et quel mois de 2020 Soleimani a-t-il été tué ?",
    "Pour quel mois et quelle année le départ du Kurdistan est-il prévu ?",
])
def test_a_question_with_clauses_is_one_part(message: str) -> None:
    assert read_message(message).questions == (message,)


def test_without_a_question_the_message_is_kept_as_it_is() -> None:
    reading = read_message("je viens de lire l'article sur les soldats américains en Irak")
    assert reading.text == "je viens de lire l'article sur les soldats américains en Irak"
    assert read_message("mdr").text == "mdr"  # laughter alone is all there is to read


def test_a_statement_stays_with_the_question_it_introduces() -> None:
    assert read_message("Soleimani. Quand a-t-il été tué ?").questions == (
        "Soleimani. Quand a-t-il été tué ?",)
    # A line typed in two goes on; a new question on a new line starts anew.
    assert read_message("combien de soldats\naméricains en Irak ?").questions == (
        "combien de soldats américains en Irak ?",)
    assert read_message("combien de soldats ?\npourquoi sont-ils là ?").questions == (
        "combien de soldats ?", "pourquoi sont-ils là ?")


@pytest.mark.parametrize(("message", "parts"), [
    ("when must the coalition be gone? and what did Trump answer?",
     ("when must the coalition be gone?", "and what did Trump answer?")),
    ("Qui est Soleimani ? Quand a-t-il été tué ? Par qui ?",
     ("Qui est Soleimani ?", "Quand a-t-il été tué ?", "Par qui ?")),
    ("1. Who leads the coalition?\n2. When do the troops leave?",
     ("Who leads the coalition?", "When do the troops leave?")),
])
def test_several_questions_are_found(message: str, parts: tuple[str, ...]) -> None:
    assert read_message(message).questions == parts


@pytest.mark.parametrize(("message", "expected"), [
    ("cb de soldats us en irak", "combien de soldats us en irak"),
    ("pk ils vont se barrer d'Irak ?", "pourquoi ils vont partir d'Irak ?"),
    ("PQ le mandat", "pourquoi le mandat"),
    ("c koi le grp hachd", "c'est quoi le groupe hachd"),
    ("c'est qui soudani", "c'est qui soudani"),  # "c" only alone
    ("qd la coalition part", "quand la coalition part"),
    ("ya bcp de soldats ds le pays ?", "il y a beaucoup de soldats dans le pays ?"),
    ("how many troops r in iraq rn", "how many troops are in iraq right now"),
    ("idk why u ask", "I do not know why you ask"),
    ("The U.S. army", "The U.S. army"),  # a name with dots is not "u"
    # clipped nouns: "asso", "proprio", "manif"
    ("c'est quelle asso qui offre la récompense ?",
     "c'est quelle association qui offre la récompense ?"),
    ("le proprio il a payé cb", "le propriétaire il a payé combien"),
    ("y a eu des blessés pdt la course ?", "y a eu des blessés pendant la course ?"),
    ("slt tlm, la rançon c combien ??", "salut tout le monde, la rançon c'est combien ??"),
])
def test_chat_abbreviations_are_expanded(message: str, expected: str) -> None:
    reading = read_message(message)
    assert reading.whole == expected
    assert reading.unchanged is (message == expected)


def test_abbreviation_tables_are_data_with_common_rows() -> None:
    book = tables()
    assert tables() is book  # parsed once
    for language in LANGUAGES:
        rows = [line for line in (LANG_DIR / language / "chat.tsv").read_text(
            encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
        assert len(rows) >= 40, language
        assert all(line.count("\t") == 1 for line in rows)
    assert {"cb", "pk", "pq", "pkoi", "koi", "grp", "jsp", "stp", "svp", "qd", "bcp", "tjrs",
            "mtn", "ds", "pr", "ac", "avc", "c", "g", "ya", "slt", "rn", "tbh", "u", "ur", "r",
            "pls", "plz", "wanna", "gonna", "idk", "se barrer"} <= set(book.expansions)
    # No expansion holds an abbreviation: reading a message twice changes nothing more.
    for expansion in book.expansions.values():
        assert book.abbreviations[None].search(expansion) is None, expansion


def test_a_broken_table_names_its_line(tmp_path: Path) -> None:
    for language in LANGUAGES:
        (tmp_path / language).mkdir()
        (tmp_path / language / "chat.tsv").write_text("cb\tcombien\n", encoding="utf-8")
        (tmp_path / language / "reading.tsv").write_text("question\tcombien\n",
                                                          encoding="utf-8")
    (tmp_path / "en" / "chat.tsv").write_text("# a comment\ncb combien\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en/chat.tsv:2: expected two tab-separated"):
        tables.__wrapped__(tmp_path)


def test_abbreviation_keys_fold_case_and_apostrophes() -> None:
    assert abbreviation_key("Y\u2019A") == "y'a"
    assert read_message("Y’a cb de soldats").whole == "il y a combien de soldats"


# --- properties -----------------------------------------------------------------------------

SNOWFLAKE = st.integers(min_value=10**16, max_value=10**19 - 1).map(str)
MENTION = st.builds(lambda form, digits: form.format(digits), st.sampled_from(
    ["<@{}>", "<@!{}>", "<@&{}>", "<#{}>", "<:x:{}>", "<a:dance:{}>", "</ask:{}>"]), SNOWFLAKE)
PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["*", "**", "_", "__", "~~", "||", "`", "```", "> ", ">>> ", "# ", "-# ",
                     "\n", " ", "?", ". ", "@everyone", "https://x.y/z", "[a](https://b.c)",
                     "\u200b", "😂", ":)", "cb", "pk", "c", "jsp", "mdr", "hello,", "combien"]),
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    reading = read_message(text)
    assert isinstance(reading.text, str) and len(reading.questions) <= len(text) + 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, MENTION), max_size=12),
       st.lists(MENTION, min_size=1, max_size=3))
def test_mention_digits_never_reach_the_question(pieces: list[str], mentions: list[str]
                                                 ) -> None:
    text = " ".join(p for p in pieces if not any(c.isdigit() for c in p)) + " " + " ".join(
        mentions)
    reading = read_message(text)
    for mention in mentions:
        digits = re.sub(r"\D", "", mention)
        assert digits not in reading.text and digits not in reading.whole, (text, reading)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, MENTION), max_size=12).map("".join))
def test_reading_twice_changes_nothing(text: str) -> None:
    once = read_message(text)
    twice = read_message(once.text)
    assert twice.text == once.text, (text, once, twice)


@pytest.mark.parametrize(("message", "question", "cut"), [
    ("sorry noob question what are the Revolutionary Guards?",
     "what are the Revolutionary Guards?", "sorry noob question"),
    ("désolé si déjà demandé... c'est quoi la Force Qods ?", "c'est quoi la Force Qods ?",
     "désolé si déjà demandé..."),
    ("hello, petite question : combien de soldats ?", "combien de soldats ?", None),
    # an appeal to the channel asks nothing of the article either
    ("Quelqu'un pourrait-il me le résumer ?", "me le résumer ?", "Quelqu'un pourrait-il"),
    ("can someone give me the tl;dr", "give me the tl;dr", "can someone"),
])
def test_an_apology_an_appeal_or_a_question_announced_is_cut_off_the_question(
        message: str, question: str, cut: str | None) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    if cut is not None:
        assert Ignored(Kind.CHATTER, cut) in reading.ignored


@pytest.mark.parametrize("message", ["et combien de soldats ?", "and how many soldiers?",
                                     "so who won?"])
def test_connectives_stay_with_the_question_they_open(message: str) -> None:
    assert read_message(message).questions == (message,)


@pytest.mark.parametrize(("message", "question", "quote"), [
    ("> 114 familles vont se retrouver sur le carreau c'est qui qui a dit ça ?",
     "c'est qui qui a dit ça ?", "114 familles vont se retrouver sur le carreau"),
    ("> rendre la ville à ceux qui y vivent qui a sorti ça ?", "qui a sorti ça ?",
     "rendre la ville à ceux qui y vivent"),  # the last question phrase, not "ceux qui"
])
def test_a_quoted_line_ending_with_a_question_is_quote_then_question(
        message: str, question: str, quote: str) -> None:
    reading = read_message(message)
    assert reading.questions == (question,)
    assert Ignored(Kind.QUOTE, quote) in reading.ignored
    assert reading.whole == f"« {quote} » {question}"  # marked, for "who said that?"


def test_a_quoted_question_alone_is_the_question() -> None:
    assert read_message("> combien de soldats restent en Irak ?").questions == (
        "combien de soldats restent en Irak ?",)


@pytest.mark.parametrize(("message", "question"), [
    # the reader's opinion is a guess set aside; "au final", "though" ask nothing
    ("bonjour ! moi je trouve ça top mais bon, les travaux vont durer combien de temps au "
     "final ?", "les travaux vont durer combien de temps ?"),
    ("salut, perso je trouve que 114 licenciements c'est énorme, le syndicat réclame quoi ?",
     "le syndicat réclame quoi ?"),
    ("I find it weird, how often does the shuttle run though?",
     "how often does the shuttle run ?"),
])
def test_an_opinion_and_tics_are_set_aside(message: str, question: str) -> None:
    assert read_message(message).questions == (question,)


@pytest.mark.parametrize(("message", "question"), [
    # "morning all" greets, as "good morning" and "hi all" did
    ("morning all, I'm writing a little summary for my class, who's the prosecutor on this "
     "case?", "who's the prosecutor on this case?"),
    # a bet is a guess; what someone else says is the reader's story
    ("bonsoir, moi j'aurais parié que c'était un vol en plein jour mdr, c'était à quelle "
     "heure en fait ?", "c'était à quelle heure en fait ?"),
    ("salut ! ma grand-mère habite à côté, elle dit que c'est un petit bled, y a combien "
     "d'habitants dans la ville déjà ?", "y a combien d'habitants dans la ville déjà ?"),
])
def test_greetings_bets_and_what_others_say_are_set_aside(message: str, question: str) -> None:
    assert read_message(message).questions == (question,)


@pytest.mark.parametrize(("message", "question"), [
    ("wesh, j'ai un pote qui dit que c'est la région qui paie tout, elle met combien en vrai ?",
     "elle met combien ?"),
    ("Hey folks, I commute Angers to Saumur every day, is my line hit by the strike?",
     "is my line hit by the strike?"),
])
def test_a_clause_the_reader_opens_with_i_is_their_own_story(message: str,
                                                            question: str) -> None:
    """"j'ai un pote...", "I commute...": whatever the verb, a clause before the question
    that the reader opens with "j'ai" or "I" tells their own story, and is set aside."""
    reading = read_message(message)
    assert reading.text == question
    assert any(i.kind is Kind.CHATTER for i in reading.ignored)


def test_an_abbreviation_after_an_elided_article_is_expanded() -> None:
    """"l'asso", "l'hosto": a clipped noun after "l'" or "d'" is read whole; a one- or
    two-letter one is not ("c" in "l'c" is no "c'est"), nor are words that hold an elision."""
    reading = read_message("qu'est-ce que l'asso reproche au jury ?")
    assert reading.text == "qu'est-ce que l'association reproche au jury ?"
    assert Ignored(Kind.ABBREVIATION, "asso → association") in reading.ignored
    for kept in ("aujourd'hui il se passe quoi ?", "t'es qui ?", "l'c est quoi ?"):
        assert read_message(kept).text == kept
