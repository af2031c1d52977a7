"""What kind of fact a sentence states: the detectors that let an article answer on day one.

Examples come from several kinds of article (a council decision, a marathon, a court case,
an economic report, a health study), in French and English, so that no rule is one article's.
"""

from __future__ import annotations

import re

import pytest

from bot.lang import BILINGUAL_FILES, LANG_DIR, bilingual, bilingual_narrow, fact_cues
from bot.matching.facts import (
    AGE,
    ANYONE,
    DAY,
    HOUR,
    MEASURE,
    MONEY,
    MONTH,
    SAID,
    asked_speaker,
    asks_words,
    facts_of,
    names_beside,
    speaker_spans,
    states_amount,
)
from bot.matching.lang_data import COUNT, SINCE, WHEN, WHERE, WHO, WHY


def words(text: str) -> list[str]:
    return text.lower().split()


@pytest.mark.parametrize(("sentence", "kinds", "absent"), [
    ("Le conseil municipal a voté jeudi soir la piétonnisation du centre-ville.", {WHEN}, {AGE}),
    ("Le record datait de 2019.", {WHEN, SINCE}, {MONEY}),
    ("La guerre menée depuis plus d'un an à Gaza.", {SINCE, WHERE}, set()),
    ("Le chantier, estimé à 1,2 million d'euros, sera financé par la région.",
     {COUNT, MONEY}, {WHEN}),
    ("Rotich, 27 ans, a lâché ses deux derniers compagnons.", {AGE, COUNT}, {MONEY}),
    ("Le taux atteint 7,6 % au troisième trimestre, a annoncé l'Insee vendredi 14 novembre.",
     {COUNT, WHEN, DAY, MONTH, WHO}, {AGE}),
    ("Il a été condamné pour escroquerie en bande organisée.", {WHY}, {WHEN}),
    ("The trial will start in March in Rennes because of the appeal.",
     {WHEN, MONTH, WHERE, WHY}, {MONEY}),
    ("The society is today in liquidation.", {WHEN}, {SINCE}),
    # "pour" before a measure gives no cause
    ("La piscine fermera le 3 mars pour une durée de dix-huit mois.", {WHEN, SINCE}, {WHY}),
    ("Closed for two years.", {SINCE}, {WHY}),
    # a place name after an article: "dans le Gard", "à la Cassine"
    ("Des renforts sont arrivés dans le Gard.", {WHERE}, set()),
    ("Deux parkings relais, à Bissy et à la Cassine.", {WHERE}, set()),
    ("Il est parti à la fin du mois.", set(), {WHERE}),
    # a time of day answers "when"; a race's time is a duration, not a time of day
    ("Le vol a été commis entre 1 h 30 et 3 h 15.", {WHEN, HOUR}, set()),
    ("Un agent est arrivé à 7h40.", {WHEN, HOUR}, set()),
    ("The meeting starts at 3 pm.", {WHEN, HOUR}, set()),
    ("La maison médicale reste ouverte jusqu'à minuit.", {WHEN, HOUR}, set()),
    ("Rotich a couru en 2 h 07 min 41 s.", set(), {WHEN, HOUR}),
    ("La réunion aura lieu le lundi 19 janvier.", {WHEN, DAY}, {HOUR}),
    # a number and its unit: a measure ("how heavy", "how far"), not a date nor money
    ("D'une masse de 1 340 kg, il évoluera à 705 km d'altitude.", {MEASURE, COUNT}, {MONEY}),
    ("The car-free zone covers 32 hectares.", {MEASURE}, {WHEN}),
    ("Le peloton comptait 14 500 coureurs.", {COUNT}, {MEASURE}),
    # an approximate number is a number: "une quarantaine de tombes", "some seventy homes"
    ("Une quarantaine de tombes leur sont attribuées.", {COUNT}, {MONEY}),
    ("Une quinzaine de routes restaient coupées.", {COUNT}, set()),
    ("Some seventy homes were flooded.", {COUNT}, set()),
    # a century answers "when" too
    ("Six tableaux du XIXe siècle ont été volés.", {WHEN}, set()),
    ("A painting from the 19th century.", {WHEN}, set()),
])
def test_facts_of_a_sentence(sentence: str, kinds: set[str], absent: set[str]) -> None:
    found = facts_of(sentence, words).kinds
    assert kinds <= found, found
    assert not absent & found, found


def test_a_number_counts_the_words_after_it() -> None:
    facts = facts_of("Le peloton de 14 500 coureurs a découvert un tracé redessiné.", words)
    assert "coureurs" in facts.counted
    facts = facts_of("L'Irak accueille environ 2.500 soldats américains.", words)
    assert {"soldats", "américains"} <= facts.counted


def test_an_amount_knows_what_it_is_the_price_of() -> None:
    facts = facts_of("Le chantier, estimé à 1,2 million d'euros, sera financé.", words)
    assert "chantier" in facts.priced
    far = facts_of("Les inscriptions ouvriront le 1er juin; l'organisation, qui dispose "
                   "d'un budget de très exactement 2,4 millions d'euros, a annoncé une date.",
                   words)
    assert "inscriptions" not in far.priced


def test_language_data_loads_and_is_general() -> None:
    cues = fact_cues()
    assert {"janvier", "january", "lundi", "monday"} <= cues.words["when"]
    assert ("a", "cause", "de") in cues.phrases["reason"]
    table = bilingual()
    assert "tuer" in table["kill"] and "kill" in table["tuer"]
    assert "course" in table["race"]
    # language data names no article's people or places: no capitalised word is a cue
    for path in LANG_DIR.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = line.split("#", 1)[0]
            assert not re.search(r"\b[A-Z][a-z]{2,}", data), (path, line)


@pytest.mark.parametrize("path", BILINGUAL_FILES, ids=lambda p: p.name)
def test_every_bilingual_line_is_well_formed(path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        french, _, english = line.partition("\t")
        assert french.strip() and english.strip() and "\t" not in english, number
        assert all(f.strip() for f in french.split("|") + english.split("|")), number


def test_the_frequent_words_translate_but_do_not_chain() -> None:
    """A frequent word of the second list is translated ("foyer": "household"), but a
    word's translations are translated back through the narrow list only."""
    assert "household" in bilingual()["foyer"] and "foyer" in bilingual()["household"]
    assert "foyer" not in bilingual_narrow().get("household", ())
    assert "revue" in bilingual()["journal"]


def test_reported_words_answer_what_someone_said() -> None:
    assert SAID in facts_of("« Le fleuve nous appartient », a-t-il dit.", lambda t: ()).kinds
    assert SAID in facts_of("Le ministre a déclaré que l'accord tiendra.", lambda t: ()).kinds
    assert SAID not in facts_of("Boubacar Sidibé assistait à la signature.",
                                lambda t: ()).kinds
    assert asks_words("what did the minister say", "what")
    assert asks_words("qu a dit le ministre", None)
    assert not asks_words("les elus ont ils dit oui", None)  # a yes-no question
    assert not asks_words("que veut dire hachd", "what")  # what a word means
    assert not asks_words("tell me what the hashd is", "what")  # the reader asks the bot
    assert not asks_words("que dit l article du mandat", "what")  # the article's words
    assert not asks_words("what does the piece say about hamas", "what")
    assert not asks_words("quel debit garantir quand la crise est declaree", "what")


@pytest.mark.parametrize(("sentence", "spans"), [
    # whom it was said with or to is not the speaker
    ("Lors de l'entretien avec Donald Trump, le Premier ministre a souligné l'urgence.",
     ("Lors de l entretien le Premier ministre",)),
    ("During a call with Trump, the Iraqi Prime Minister, Mohamed al-Soudani, said he hoped.",
     ("During call the Iraqi Prime Minister Mohamed al Soudani",)),  # "a": an auxiliary
    # after the verb when nothing names the speaker before it; after a reporting noun
    ("« Nous sommes sous le choc », a déclaré le directeur du musée, Paul Martin.",
     ("le directeur du musée Paul Martin",)),
    ("La réaction du maire de Lyon a été immédiate.", ("maire de Lyon",)),
    ("Selon un communiqué des services du ministre de l'Intérieur, l'accord tiendra.",
     ("un communiqué des services du ministre de l Intérieur",
      "services du ministre de l Intérieur")),
    # a quotation with no reporting word known: who is named beside it
    ("« C'est un signal fort », s'est félicitée Nathalie Bérard, vice-présidente de la région.",
     ("félicitée Nathalie Bérard",)),
    # words naming no one may be anyone the article calls so ("le vainqueur" is Rotich)
    ("« Le parcours était très rapide », a déclaré le vainqueur, qui courait.", (ANYONE,)),
    # a pronoun: the speaker is named in another sentence
    ("« Nous sommes sous le choc », a-t-il déclaré.", (ANYONE,)),
    ("He said the road would reopen.", (ANYONE,)),
])
def test_who_speaks_is_named_around_the_reporting_word(sentence: str, spans: tuple) -> None:
    assert speaker_spans(sentence) == spans


@pytest.mark.parametrize(("question", "qtype", "named"), [
    ("qu a dit trump sur le mandat", None, ["trump"]),
    ("what did the pentagon say about the plan", "what", ["the", "pentagon"]),
    ("qu est ce que trump a dit", "what", ["trump"]),
    ("quelle a ete la reaction du maire", "what", ["maire"]),
    ("what was trump s reaction", "what", ["trump"]),
    ("what was said about the withdrawal", "what", []),  # no one is named
    ("quel engagement le communique met il en avant", "what", []),  # the statement speaks
    ("qu a t il dit", None, []),
    ("que veut dire hachd", "what", []),  # not a question of words
])
def test_a_question_names_whom_it_asks_the_words_of(question: str, qtype: str | None,
                                                    named: list[str]) -> None:
    words = question.split()
    assert [words[i] for i in sorted(asked_speaker(question, qtype))] == named


@pytest.mark.parametrize(("text", "expected"), [
    # a name after a comma is of the description before it, back to the clause
    ("Le maire de Montclair, Jean-Luc Berthier, juge la décision.",
     [("jean-luc berthier", "le maire de montclair")]),
    # with no comma, of the noun right before it
    ("Les urgences du centre hospitalier Louis-Pasteur ferment.",
     [("louis-pasteur", "centre hospitalier")]),
    # a description after it, between commas
    ("La plainte a été déposée par Anne Morel, directrice du musée, hier.",
     [("anne morel", "directrice du musée")]),
    # after "de", "la", "un", "contre": a complement, not a name given
    ("La ministre de la Culture suit l'affaire ; un Picasso a disparu.", []),
    ("Ils revendiquent des attaques contre Israël.", []),
    # nothing said of it: no name given of anything
    ("« Nous avons tout essayé », dit-il.", []),
])
def test_names_beside_tell_what_a_name_is_the_name_of(
        text: str, expected: list[tuple[str, str]]) -> None:
    """A name question ("comment s'appelle le maire ?") is answered by a name the
    sentence gives of what it asks about: the noun before the name, or its apposition."""
    found = names_beside(text, lambda words: words.casefold().split())
    assert [(" ".join(sorted(n)), " ".join(sorted(d))) for n, d in found] == [
        (" ".join(sorted(n.split())), " ".join(sorted(d.split()))) for n, d in expected]


@pytest.mark.parametrize(("text", "amount"), [
    ("Le chantier coûtera deux millions.", True),
    ("Le repreneur versera 1,8 million pour les actifs.", True),
    ("Le chômage devrait monter jusqu'à 7,9 % fin 2026.", False),  # a rate and a year
    ("Unemployment rose 0.2 percent in 2025.", False),
    # a part of a count said before it: "how much will the plan cost?" is not answered so
    ("Le plan prévoit la suppression de 210 postes, dont 175 sur le site.", False),
    ("The plan cuts 210 jobs, including 175 at the plant.", False),
    ("Le plan coûtera trois millions, dont 2 millions pour les indemnités.", True),
    # an age, a time, a range of them: "combien coûte la carte ?" is not answered so
    ("La gratuité concerne les 11-25 ans, sur présentation d'une carte.", False),
    ("Les jeunes de 18 à 25 ans et les seniors de plus de 65 ans.", False),
    ("The pass is free for those aged 18 to 25 years.", False),
    ("Le billet coûtera entre 10 et 20 euros.", True),
])
def test_a_sentence_states_an_amount_unless_only_rates_and_years(text: str,
                                                                  amount: bool) -> None:
    assert states_amount(text) is amount


@pytest.mark.parametrize(("text", "named", "role"), [
    # a description set off by a comma, even at the sentence's end
    ("« Ce n'est plus tenable », dénonce Sandrine Le Goff, secrétaire régionale de la CGT.",
     "goff", "secrétaire"),
    # a role right before the name
    ("Le président élu américain Donald Trump a appelé mardi.", "trump", "président"),
    # a verb before a name says nothing of who they are
    ("Le tribunal a condamné Julien Morvan et la société.", "morvan", None),
])
def test_what_a_sentence_says_someone_is(text: str, named: str, role: str | None) -> None:
    found = [described for names, described in names_beside(text, words, apposition=True)
             if named in names]
    assert (role in found[0]) if role else not found, found


@pytest.mark.parametrize(("text", "amount"), [
    ("Le chantier coûtera deux millions.", True),
    ("Le repreneur versera 1,8 million pour les actifs.", True),
    ("Le ticket coûtera le même prix qu'un ticket de bus, soit 1,70.", True),
    ("Le budget atteint 300 000 pour la commune.", True),
    ("The agency spends two million a year.", True),
    ("La ligne compte 32 cabines de dix places, qui passent toutes les quarante secondes.",
     False),
    ("Le chantier a pris neuf mois de retard à cause d'un glissement de terrain sur le "
     "pylône numéro 3.", False),
    ("Elle fonctionnera sept jours sur sept et transportera 1.800 voyageurs par heure.", False),
    ("Le chômage atteint 7,9 % fin 2026.", False),
])
def test_a_number_of_things_is_no_amount(text: str, amount: bool) -> None:
    """ "How much did each cabin cost?" was answered with "32 cabines de dix places" (the
    cost said in the sentence after): any number counted as a possible amount."""
    assert states_amount(text) is amount
