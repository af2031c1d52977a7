"""Normalisation: folding, stems, aliases, question types and language, on both sides."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.kb.loader import load_knowledge
from bot.matching.analyze import Analyzer
from bot.matching.index import Index
from bot.matching.language import detect_language
from bot.matching.normalize import fold, sound_key, stem
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    kb = load_knowledge(SHIPPED)
    texts = [q for e in kb.entries for qs in e.questions.values() for q in qs]
    return Analyzer(kb.concepts(), texts)


@pytest.mark.parametrize(("text", "expected"), [
    ("L'Irak accueille 2.500 soldats", "l irak accueille 2500 soldats"),
    ("2 500 ou 2,500 ou 2\u202f500", "2500 ou 2500 ou 2500"),
    ("« Promesses » électorales !", "promesses electorales"),
    ("al-Soudani, l\u2019aéroport", "al soudani l aeroport"),
    ("ŒUVRE Ça", "oeuvre ca"),
    ("en 2020 puis 2021", "en 2020 puis 2021"),
    ("avec 31,4 % des voix", "avec 31 4 percent des voix"),  # the sign is a word
    ("cb de % ?", "cb de percent"),
])
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize("question", ["Quel % des voix ?", "Quel pourcentage des voix ?",
                                      "cb de %", "What percentage of the vote?"])
def test_the_percent_sign_reads_as_the_word(analyzer: Analyzer, question: str) -> None:
    """"31,4 %" in a text and "%" or "pourcentage" in a question read alike (the shared
    lexicon's group), so that a reader asking for a percentage finds the one given."""
    assert "@percent" in analyzer.analyze(question, correct=True).terms
    assert "@percent" in analyzer.analyze("avec 31,4 % des voix").terms


@given(st.text())
def test_fold_is_idempotent_and_clean(text: str) -> None:
    # A number's groups are joined once, as written ("2.500", "2 500"); folded again, two
    # numbers the first fold kept apart ("en 2019, 300 soldats" -> "2019 300") would join;
    # so would those a character decomposes into ("¼00" is "1⁄400": "1 400", then "1400").
    assume(not re.search(r"\d[\W_]+\d", unicodedata.normalize("NFKD", text)))
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(c in once for c in ".,;:!?'\"«»")


@pytest.mark.parametrize(("a", "b"), [
    ("soldats", "soldat"), ("américaines", "americain"), ("irakienne", "irakiens"),
    ("killed", "kill"), ("frappes", "frappe"), ("déployés", "deployed"), ("tuée", "tués"),
])
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize("group", [
    ["al-Soudani", "Soudani", "Sudani", "Mohammed Shia al-Sudani"],
    ["Mouhandis", "Muhandis", "Abu Mahdi al-Muhandis"],
    ["Force Qods", "Quds Force", "Qods", "al-Quds"],
    ["Hachd al-Chaabi", "Hashd al-Shaabi", "PMF"],
    ["EI", "Etat islamique", "État islamique", "ISIS", "Daech", "Daesh"],
    ["Irak", "Iraq", "irakien"],
    ["américains", "US", "Etats-Unis", "Washington", "American"],
])
def test_aliases_map_to_one_concept(analyzer: Analyzer, group: list[str]) -> None:
    terms = {analyzer.analyze(name).terms for name in group}
    assert len(terms) == 1, terms
    (only,) = terms
    assert len(only) == 1 and only[0].startswith("@")


def test_lowercase_us_is_a_name_in_french_but_a_pronoun_in_english(analyzer: Analyzer) -> None:
    assert "@usa" in analyzer.analyze("combien de soldats us en irak").terms
    assert "@usa" not in analyzer.analyze("tell us about the article").terms
    assert "@usa" in analyzer.analyze("How many US soldiers?").terms


def test_is_is_a_verb_unless_written_in_capitals(analyzer: Analyzer) -> None:
    assert "@islamic_state" not in analyzer.analyze("What is the coalition?").terms
    assert "@islamic_state" in analyzer.analyze("What is IS?").terms


@pytest.mark.parametrize(("question", "qtype"), [
    ("Quand Soleimani a-t-il été tué ?", "when"), ("En quelle année ?", "when"),
    ("Combien de soldats ?", "count"), ("How many troops?", "count"),
    ("Où a eu lieu la frappe ?", "where"), ("soleimani tue ou", "where"),
    ("Pourquoi un mandat d'arrêt ?", "why"), ("Qui a tué Soleimani ?", "who"),
    ("Qu'est-ce qui a tué Soleimani ?", "what"), ("Comment est-il mort ?", "how"),
    ("Les soldats qui sont en Irak, combien ?", "count"),
    ("mandat d'arret trump c'est quand", "when"),
    ("Depuis quand les soldats sont-ils en Irak ?", "since"), ("Ils partent quand ?", "when"),
    # "what is the" leads to the phrase that says what is asked
    ("What is the total number of troops?", "count"), ("Quelle est la date du mandat ?", "when"),
    ("How much time passed between the strike and the warrant?", "since"),
    # "qu'" is "que" elided before a verb: it asks what
    ("qu'a-t-il dit ?", "what"), ("Qu'a déclaré le Premier ministre ?", "what"),
    ("Qu'en pense Trump ?", "what"),
    # a time the question tells asks no date; one it asks does
    ("En quelle année ?", "when"), ("l'année du mandat d'arrêt ?", "when"),
])
def test_question_types(analyzer: Analyzer, question: str, qtype: str) -> None:
    assert analyzer.analyze(question).qtype == qtype


@pytest.mark.parametrize("question", [
    "Trump était déjà président quand le drone a tué Soleimani ?",
    "Was Trump already president when the drone killed Soleimani?",
    "Was Trump already in office when they spoke?",  # a yes/no question: a short clause
    "Les Etats-Unis avaient-ils plus de soldats en Irak l'année dernière ?",
    "Did Iraq issue a warrant last year?",
])
def test_when_joining_two_facts_asks_no_date(analyzer: Analyzer, question: str) -> None:
    assert analyzer.analyze(question).qtype is None


def test_a_category_noun_that_starts_a_concept_stays_content(analyzer: Analyzer) -> None:
    """"Quel groupe" only says a group is wanted; "quel groupe armé" asks about armed groups."""
    assert "@militia" in analyzer.analyze("Quel groupe armé attaque les soldats ?").terms
    assert analyzer.analyze("Quel groupe attaque les soldats ?").qtype == "who"
    assert "@kurdistan_region" in analyzer.analyze("Quelle région autonome est citée ?").terms


@pytest.mark.parametrize(("a", "b"), [("quitteront", "quitter"), ("quittera", "quitter"),
                                       ("partiront", "partir"), ("restera", "rester")])
def test_future_tenses_share_the_verb_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_either_side_of_or_skips_a_prefix(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Le Hachd est-il pro-iranien ou pro-américain ?")
    assert found.alternatives == (("@iran", "@usa"),)


def test_either_side_is_what_differs_not_what_both_repeat(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Which comes first: troops leaving federal Iraq or troops "
                             "leaving Kurdistan?")
    assert found.alternatives == (("@iraq", "@kurdistan_region"),)
    found = analyzer.analyze("Entre l'Irak fédéral et le Kurdistan, d'où partiront-ils "
                             "d'abord ?")
    assert found.alternatives == (("@federal", "@kurdistan_region"),)


def test_before_or_after_offers_no_alternative_term(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Quitteront-ils le Kurdistan avant ou après l'Irak fédéral ?")
    assert found.alternatives == ()
    found = analyzer.analyze("Les soldats sont-ils seuls ou au sein d'une coalition ?")
    assert found.alternatives == (("seul", "@coalition"),)


def test_a_word_before_selects_the_sense(analyzer: Analyzer) -> None:
    """"leave last" is the ordinal, "how long did it last" the duration; "the second
    heading" is a subheading, not a head."""
    assert "@duration" in analyzer.analyze("How long did the call last?").terms
    leave_last = analyzer.analyze("Which region will the coalition leave last?").terms
    assert "@duration" not in leave_last
    assert analyzer.analyze("Quelle région quitteront-ils en dernier ?").terms[-1] in leave_last
    assert "@subheading" in analyzer.analyze("What does the second heading say?").terms
    assert "@lead" in analyzer.analyze("Who heads the coalition?").terms
    assert "@phone" not in analyzer.analyze("What is the withdrawal plan called?").terms
    assert "@phone" in analyzer.analyze("Was Trump called by al-Sudani?").terms


def test_a_category_noun_is_content_outside_its_question(analyzer: Analyzer) -> None:
    assert analyzer.analyze("À quelle occasion a-t-il fait ces promesses ?").qtype == "what"
    assert "occasion" not in analyzer.analyze("À quelle occasion a-t-il promis ?").terms
    assert analyzer.analyze("Qui porte la mesure ?").terms  # "mesure" says something here


def test_born_without_accent_is_not_a_negation(analyzer: Analyzer) -> None:
    assert "@born" in analyzer.analyze("Quand Soleimani est-il ne ?").terms
    assert "@born" not in analyzer.analyze("Il ne l'a pas tué").terms


def test_typos_are_read_as_knowledge_words(analyzer: Analyzer) -> None:
    found = analyzer.analyze("how many american soliders iraq", correct=True)
    assert "@soldier" in found.terms
    assert ("soliders", "soldiers") in found.corrections
    assert analyzer.analyze("soleimanni", correct=True).terms == ("@soleimani",)


@pytest.mark.parametrize(("typed", "word"), [
    ("attake", "attaque"), ("kods", "qods"), ("fase", "phase"), ("comunike", "communique"),
])
def test_words_spelt_by_ear_are_read_as_knowledge_words(typed: str, word: str) -> None:
    analyzer = Index(load_knowledge(SHIPPED)).analyzer
    assert sound_key(typed) == sound_key(word)
    assert (analyzer.analyze(f"la {typed} en Irak", correct=True).terms
            == analyzer.analyze(f"la {word} en Irak", correct=True).terms)


def test_sounds_alike_only_when_they_sound_alike() -> None:
    assert sound_key("face") != sound_key("phase")
    assert sound_key("soldats") != sound_key("solde")


def test_question_words_typed_in_text_messages(analyzer: Analyzer) -> None:
    assert analyzer.analyze("cbien de soldats us", correct=True).qtype == "count"
    assert analyzer.analyze("soleimany tue koment", correct=True).qtype == "how"
    assert analyzer.analyze("mandat darret c kan", correct=True).qtype == "when"


@pytest.mark.parametrize(("word", "split"), [
    ("taux", "t aux"),  # "le taux du prêt": a French word, not "t'aux"
    ("done", "d one"),  # "what will be done": an English word, not "d'one"
])
def test_a_word_of_the_language_is_not_an_elision_typed_without_apostrophe(
        analyzer: Analyzer, word: str, split: str) -> None:
    corrections = analyzer.analyze(f"quel est le {word} du projet", correct=True).corrections
    assert (word, split) not in corrections


def test_questions_in_capitals_name_nothing_by_their_capitals(analyzer: Analyzer) -> None:
    shouted = analyzer.analyze("WHO IS ISRAEL FIGHTING IN LEBANON", correct=True)
    assert "@islamic_state" not in shouted.terms and shouted.qtype == "who"
    assert "@usa" in analyzer.analyze("HOW MANY US SOLDIERS ARE IN IRAQ", correct=True).terms


def test_glued_jusqu_is_split(analyzer: Analyzer) -> None:
    found = analyzer.analyze("premiere phase jusqua quand", correct=True)
    assert ("jusqua", "jusqu a") in found.corrections and found.qtype == "when"


def test_typos_become_words_people_write_not_stems(analyzer: Analyzer) -> None:
    fixed = dict(analyzer.analyze("Quelles armes ont servi contre eux ?", correct=True)
                 .corrections)
    assert fixed.get("servi") != "servic"


def test_short_words_only_get_a_doubled_letter_back(analyzer: Analyzer) -> None:
    assert ("kil", "kill") in analyzer.analyze("when did the drone kil soleimani",
                                               correct=True).corrections
    # one letter off, but not a double typed once: left alone, not read as "kil(l)"
    assert analyzer.analyze("kit soleimani", correct=True).corrections == ()


def test_a_mistyped_how_many_still_counts(analyzer: Analyzer) -> None:
    assert analyzer.analyze("how meny us troops r in iraq", correct=True).qtype == "count"


def test_mistyped_question_words_still_ask(analyzer: Analyzer) -> None:
    assert analyzer.analyze("wich road", correct=True).qtype == "what"
    assert analyzer.analyze("pourqoi trump est vise", correct=True).qtype == "why"
    assert analyzer.analyze("combein de soldats", correct=True).qtype == "count"
    assert analyzer.analyze("Quant aux soldats", correct=True).qtype is None  # not "quand"


def test_typos_are_fixed_within_the_question_language() -> None:
    analyzer = Index(load_knowledge(SHIPPED)).analyzer  # knows which words are French only
    assert analyzer.analyze("tell me a joke", correct=True).corrections == ()  # not "joue"
    assert ("jeue", "joue") in analyzer.analyze("L'Irak jeue-t-il les équilibristes ?",
                                                correct=True).corrections
    # a word of the other language is a word, not a typo, in a message mixing the two
    assert analyzer.analyze("L'Irak joke-t-il ?", correct=True).corrections == ()


@pytest.mark.parametrize(("question", "counted"), [
    ("Combien de soldats américains en Irak ?", "@soldier"),  # French: the noun comes first
    ("How many US military bases are there in Iraq?", "base"),  # English: last, before verb
    ("how many american military iraq", "@usa"),  # no verb, no plural: the first term
    # English marks the counted noun's plural, which neither its adjectives nor (mostly) a
    # verb after it take: "sick", "work", "lined" are not what is counted
    ("how many american soliders iraq", "@soldier"),
    ("How many sick soldiers?", "@soldier"),
    ("How many soldiers work in Iraq?", "@soldier"),
    ("How many drones lined up?", "@drone"),
    # a capitalised name is no plural; nor is a typo corrected into French ("automatiques")
    ("How many Hamas fighters are there?", "@fight"),
    ("How many automatic drones were used?", "@drone"),
    # the noun ends at the first word that is not part of it, not only at a function word
    ("How many soldiers between Iraq and Syria?", "@soldier"),
    ("Qui a tué Soleimani ?", None),
    # what is counted comes before "combien" when nothing after it says it...
    ("Les soldats en Irak, ils sont combien à peu près ?", "@soldier"),
    # ... unless "combien" asks how much of the verb just before it: no thing is counted
    ("il pèse combien ce drone ?", None),
    ("il a plu combien à Bagdad ?", None),
    # ... or of a verb the question does not make a term ("veulent"): how much they want
    ("les soldats veulent combien ?", None),
    # English: "how much" and an auxiliary: the subject follows, not what is counted
    ("How much do the soldiers earn?", None),
    ("How much was the drone strike estimated at?", None),
])
def test_what_how_many_counts(analyzer: Analyzer, question: str, counted: str | None) -> None:
    assert analyzer.analyze(question, correct=True).counted == counted


def test_former_is_not_formed(analyzer: Analyzer) -> None:
    assert "@former" in analyzer.analyze("the former number two").terms
    assert "@former" not in analyzer.analyze("La coalition a été formée contre l'EI").terms


def test_real_words_are_not_turned_into_other_words(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Quelle portée a le mandat visant Trump ?", correct=True)
    assert all(typed != "visant" for typed, _ in found.corrections)


def test_stop_and_question_words_are_not_terms(analyzer: Analyzer) -> None:
    found = analyzer.analyze("Qu'est-ce que c'est, exactement, selon l'article ?")
    assert found.terms == ()


@pytest.mark.parametrize(("text", "language"), [
    ("Combien de soldats américains en Irak ?", "fr"), ("combien de soldats us en irak", "fr"),
    ("How many US soldiers are stationed in Iraq?", "en"),
    ("how many american soliders iraq", "en"), ("qui a tué soleimani ?", "fr"),
    ("When was the arrest warrant issued?", "en"), ("Où est Bagdad ?", "fr"),
])
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text, fold(text).split()) == language


def test_unknown_language_is_none() -> None:
    assert detect_language("qsdfqsdf", ["qsdfqsdf"]) is None


@given(st.text(max_size=300))
def test_analysis_never_crashes(text: str) -> None:
    kb = _KB
    found = kb.analyze(text, correct=True)
    assert all(term for term in found.terms)
    assert len(set(found.terms)) == len(found.terms)


_KB = Analyzer(load_knowledge(SHIPPED).concepts(), ["soldats americains irak"])


def test_a_word_of_the_other_language_is_read_through_its_translation() -> None:
    # "river" is one letter from the article's "rives", but it is English for its "fleuve"
    analyzer = Analyzer({}, ["Sur les deux rives du fleuve, les riziculteurs attendent."])
    found = analyzer.analyze("What do the people on the river want?", correct=True)
    assert found.corrections == ()
    assert "fleuv" in found.variants["river"]
    # a French slip is still read as the article's word
    assert ("rievs", "rives") in analyzer.analyze("les rievs du fleuve", correct=True).corrections


def test_a_word_the_knowledge_says_only_in_neutral_words_need_not_be_said() -> None:
    # the article's "ville" and "histoire" are never terms of its sentences (they only say
    # what kind of place or thing is asked): their English words need not be found either
    analyzer = Analyzer({}, ["Les tableaux appartiennent à l'histoire de notre ville.",
                             "Les tableaux valent 420 000 euros."])
    found = analyzer.analyze("Were the paintings part of the town's history?", correct=True)
    assert {"town", "history"} <= found.optional
    assert "painting" not in found.optional
    # a word the knowledge also says in a word it keeps ("commune") must still be found
    other = Analyzer({}, ["La ville et la commune voisine sont inondées."])
    assert "town" not in other.analyze("Which town was flooded?", correct=True).optional
