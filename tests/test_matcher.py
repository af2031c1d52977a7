"""Matching and abstention: answers when the article says, declines when it does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Config
from bot.kb.loader import load_knowledge
from bot.matching.index import Index
from bot.matching.matcher import Matcher, MatchSettings, Status
from bot.service import AnswerService
from tests.conftest import ROOT, SHIPPED, SLUG, write

_MATCHER = Matcher(Index(load_knowledge(SHIPPED)))


@pytest.fixture(scope="module")
def service() -> AnswerService:
    return AnswerService(Config(knowledge_dir=SHIPPED, cache_dir=None))


def entry_of(service: AnswerService, question: str) -> str | None:
    answer = service.ask(question)
    return answer.entry.split("/", 1)[1] if answer.answered and answer.entry else None


@pytest.mark.parametrize(("question", "expected"), [
    ("Combien de soldats américains y a-t-il en Irak ?", "troops-count"),
    ("how many american soliders iraq", "troops-count"),
    ("Quand le mandat d'arrêt contre Trump a-t-il été émis ?", "warrant-date"),
    ("When was the arrest warrant against Trump issued?", "warrant-date"),
    ("Comment Soleimani a-t-il été tué ?", "soleimani-how"),
    ("Qui était le numéro deux du Hashd al-Shaabi ?", "mouhandis-who"),
    ("wich airport road was soleimani killed on", "soleimani-where"),  # mistyped "which"
    ("whos al muhandis", "mouhandis-who"),  # "who's" without its apostrophe
    ("L'article parle de combien de militaires US ?", "troops-count"),  # the frame is not asked
    ("Combien de fois les militaires américains ont-ils été pris pour cible ?", "troops-attacks"),
    ("Avec quelles armes les soldats américains sont-ils attaqués ?", "troops-attacks"),
    ("Quelle armée est idéologique ?", "revolutionary-guards"),  # armée, not arme (weapon)
    ("Is the coalition leaving all at once?", "transition-plan"),  # stop words, yet asked
    ("Le chiffre de 2.500 soldats est-il exact ou approximatif ?", "troops-count"),  # either
    ("Le Hamas est-il libanais ou palestinien ?", "hamas-who"),
    ("de quoi parle larticle", "article-summary"),  # l'article without its apostrophe
    ("mandat darret trump cest quand", "warrant-date"),
    ("Whose killing were Iraqi judges investigating?", "warrant-reason"),  # the judiciary
    ("soleimani tue en quelle anee", "soleimani-when"),  # "annee" mistyped still asks when
    ("Quel engin a servi à éliminer le chef de la Force Qods ?", "soleimani-how"),
    ("Qui sont les responsables des attaques ?", "attacks-authors"),
    ("qui attake les soldats americain en irak", "attacks-authors"),  # spelt by ear
    ("WHO IS ISRAEL FIGHTING IN LEBANON", "israel-lebanon-war"),  # shouted: no IS in it
    ("Le dirigeant irakien a-t-il parlé avec Trump ?", "soudani-trump-call"),
    ("Où Soleimani a-t-il été abattu ?", "soleimani-where"),  # a person shot: killed
    ("Why are US troops in Iraq in the first place?", "troops-why"),  # an idiom, no phase
    ("Que dit le premier intertitre ?", "article-headings"),
    ("Le Hachd al-Chaabi est-il pro-iranien ou pro-américain ?", "hachd-what"),
    ("Quelle promesse de Trump al-Soudani met-il en avant ?", "soudani-stressed"),
    ("Quelle région la coalition quittera-t-elle en dernier ?", "phase-two-2026"),
    # its answer gives the purpose ("pour désamorcer"), though no paraphrase asks "why"
    ("Pourquoi Bagdad veut-il que la coalition s'en aille ?", "withdrawal-negotiated"),
    ("Mouhandis a-t-il survécu à l'attaque ?", "mouhandis-killed"),
    ("Le nombre de 2500 soldats est-il exact ?", "troops-count"),  # counts soldiers, not 2500
    ("Qu'est-il arrivé aux rapports irako-américains après 2020 ?", "relations-deteriorated"),
    # its answer dates it ("after the 2020 strike"), though no paraphrase asks "when"
    ("Quand les rapports entre Bagdad et Washington se sont-ils dégradés ?",
     "relations-deteriorated"),
    # where someone comes from is a nationality, not where something happened
    ("Where was Soleimani from?", "soleimani-who"),
    ("Soleimani venait d'où ?", "soleimani-who"),
    ("De quel pays vient le Hamas ?", "hamas-who"),
    ("D'où vient l'information sur cet entretien ?", "communique-source"),  # not a name's origin
    # a yes/no question checking a year, right or wrong, gets the entry that gives the year
    ("Was Soleimani killed in 2019?", "soleimani-when"),
    ("Le mandat d'arrêt contre Trump date-t-il de 2020 ?", "warrant-date"),
    ("Le mandat concerne-t-il la frappe de 2020 ?", "warrant-reason"),  # "the 2020 strike"
    # a yes/no question checking a count gets the count, which corrects a wrong one
    ("Is it true that 25,000 US soldiers are in Iraq?", "troops-count"),
    # everyday words are not typos of knowledge words ("read" is not "road", "fasse" not "phase")
    ("I read the headline, is Trump wanted in Iraq?", "arrest-warrant"),
    ("Qu'est-ce que Soudani veut que Trump fasse ?", "soudani-hopes"),
    ("What does Sudani hope Trump delivers on?", "soudani-hopes"),  # promises, not warrants
    ("Is Iraqi Kurdistan self-governing?", "kurdistan"),  # autonomous
    ("Le Hachd a-t-il rejoint l'armée régulière ?", "hachd-what"),  # its "forces régulières"
    # a role and what it is held in, said together in the entry
    ("Who was the Hashd's number two?", "mouhandis-who"),
    ("Qui dirigeait la Force Qods ?", "qods-force"),
    ("Which country leads the coalition?", "coalition-leader"),
    # chat fillers frame the question; "hitting" is "hit"
    ("How did Iraq-US relations change after the strike?", "relations-deteriorated"),
    ("btw who keeps hitting the american soldiers", "attacks-authors"),
    ("waht is teh PMF", "hachd-what"),  # "teh" is "the", not a word to cover
    ("Which umbrella group did al-Muhandis belong to?", "mouhandis-who"),
    ("What does EI mean in French?", "islamic-state-what"),  # "in French" only frames
    # a schedule is the withdrawal's dates, a plan is how it is done
    ("withdrawal schedule coalition iraq", "withdrawal-calendar"),
    ("Quel plan encadre le départ de la coalition ?", "transition-plan"),
    # where in the article the reader looked only frames the question
    ("Quel titre l'article donne-t-il à Trump dans la première phrase ?", "trump-who"),
    ("ils se sont entendus sur quoi les 2", "coordination-agreed"),
    # chat interjections, québécois and sms forms ask nothing
    ("wesh jsp c ki le hachd frr", "hachd-what"),
    ("how lnog gaza war", "gaza-war-duration"),  # "lnog" is "long", as "waht" is "what"
    ("Quelles sont les grandes lignes de l'article ?", "article-summary"),
    ("Qui commandait la Force Qods ?", "qods-force"),
    ("us troops iraq count", "troops-count"),
    ("Les soldats américains en Irak, ils sont combien à peu près ?", "troops-count"),
    ("howmany us soldiers in iraq", "troops-count"),
    ("wht is the PMF", "hachd-what"),
    ("Quel mouvement Israël vise-t-il à Gaza ?", "israel-gaza-war"),
    ("Pis Israël se bat contre qui au Liban astheure ?", "israel-lebanon-war"),
    # how the article names something, not a phone call
    ("What does the article call the Revolutionary Guards?", "revolutionary-guards"),
    ("du coup soleimani il a ete tue comment", "soleimani-how"),
    ("Which part of Iraq will the coalition leave last?", "phase-two-2026"),
    ("Was Trump already in office when they spoke?", "trump-who"),
    ("Combien de temps entre la mort de Soleimani et le mandat contre Trump ?",
     "strike-to-warrant"),
    ("Quels mots l'article cite-t-il entre guillemets ?", "quoted-words"),
    ("Why did an Iraqi court issue an arrest warrant for Trump?", "warrant-reason"),
    ("Which country wants Trump arrested?", "arrest-warrant"),
    ("C'était pendant quel mandat de Trump, la frappe contre Soleimani ?", "soleimani-order"),
    ("En gros, le plan de transition, il prévoit quoi ?", "transition-plan"),
    ("combien de temp israel est en gerre a gaza", "gaza-war-duration"),
    # of two alternatives, covering one is enough, and the other does not count whole
    ("Les groupes qui visent les Américains sont-ils étrangers ou irakiens ?", "attacks-authors"),
    ("le gouvernement irakien est proiranien ?", "baghdad-government-backers"),
    ("Quel rôle joue Washington dans la coalition internationale ?", "coalition-leader"),
    ("Jusqu'à quelle date court la première phase ?", "phase-one-2025"),
    ("Apart from US troops, whom do the armed groups attack?", "groups-attack-israel"),
])
def test_answers_the_right_entry(service: AnswerService, question: str, expected: str) -> None:
    assert entry_of(service, question) == expected


def test_two_questions_joined_by_and_are_answered_each(service: AnswerService) -> None:
    answer = service.ask("How many US troops are in Iraq and what do they fight?")
    # the count, then what they fight (the coalition against the Islamic State group)
    assert [p.entry for p in answer.parts] == [f"{SLUG}/troops-count", f"{SLUG}/coalition-what"]


def test_answer_is_cited_verbatim_in_the_asker_language(service: AnswerService) -> None:
    kb = service.kb
    answer = service.ask("How many US troops are in Iraq?")
    assert answer.answered and answer.language == "en"
    assert "2,500" in answer.text or "2500" in answer.text or "2.500" in answer.text
    article = kb.by_slug[SLUG].article
    for quote in answer.citations:
        assert article.find(quote.quote), quote.quote
        assert quote.date == "2024-11"
    assert 3 in {quote.paragraph for quote in answer.citations}
    french = service.ask("Combien de soldats américains en Irak ?")
    assert french.language == "fr" and french.citations == answer.citations


def test_a_mistyped_question_word_still_tells_the_language(service: AnswerService) -> None:
    assert service.ask("whos al muhandis").language == "en"
    assert service.ask("pourqoi trump est vise").language == "fr"
    assert service.ask("kurdistan withdrawl deadline").language == "en"  # read as withdrawal


@pytest.mark.parametrize("question", [
    "Combien de soldats français en Irak ?",
    "Combien de soldats allemands sont en Irak ?",
    "Quand Soleimani est-il né ?",
    "Quand Soleimani est-il ne ?",
    "Quel âge a Donald Trump ?",
    "How many US soldiers are in Kuwait?",
    "Qui a remplacé Soleimani à la tête de la Force Qods ?",
    "Combien de soldats américains ont été blessés ?",
    "En quel mois de 2020 Soleimani a-t-il été tué ?",
    "How many US military bases are there in Iraq?",  # bases, not soldiers "based" there
    "Quel juge irakien a signé le mandat d'arrêt contre Trump ?",
    "Qui était le chef du Hachd al-Chaabi en 2020 ?",  # Mouhandis was its number two
    "Quel responsable américain a négocié le départ de la coalition ?",
    "Trump va-t-il vraiment tenir sa promesse de mettre fin aux guerres ?",  # a forecast
    "Will Trump actually end the wars in the Middle East?",
    "Which judge signed the arrest warrant against Trump?",  # a person the article never names
    "Al-Soudani a-t-il invité Trump à Bagdad ?",
    "Who will take over security once the coalition leaves Iraq?",
    "Who is the leader of Hezbollah?",  # "leader of": a person the article never names
    "Qui est le dirigeant du Hamas ?",
    "Quand les soldats américains sont-ils arrivés en Irak ?",
    "Quelle base américaine en Irak a été la plus souvent visée ?",  # no base, no ranking
    "What was the deadliest attack on US troops in Iraq?",
    "Trump risque-t-il d'être arrêté s'il se rend en Irak ?",  # a forecast
    "Qui était le numéro un du Hachd al-Chaabi ?",  # Mouhandis was number two
    "Which Iraqi minister negotiated the coalition's departure?",
    "Quelle base américaine a été visée par des roquettes ?",
    "Pourquoi Trump a-t-il ordonné de tuer Soleimani ?",  # who ordered it, not why
    "Quel événement a déclenché la guerre entre Israël et le Hamas ?",  # an event not told
    "Where was Mouhandis from?",  # his nationality is not given, nor is it where he died
    "Trump a-t-il été élu en 2024 ?",  # no entry gives the year of his election
    "Y a-t-il 300 soldats français en Irak ?",  # the count checked is of French soldiers
    "Where will the US troops go once they leave Iraq?",  # where to: a destination not told
    "Où vont aller les militaires après leur départ ?",
    "Combien de soldats iraniens en Irak ?",  # the 2.500 soldiers counted are American
    "Combien de combattants de l'EI en Irak ?",
    # a role in something the entry never pairs it with: Mouhandis was the Hashd's number
    # two, Soleimani headed the Qods Force, Washington leads the coalition
    "Who was the Quds Force's number two?",
    "Who headed the Hashd when al-Muhandis died?",
    "Qui est le chef des Gardiens de la Révolution ?",
    "Quand se termine la troisième phase du retrait ?",  # the plan has two
    "Quel est le parti d'al-Soudani ?",  # pro-Iranian parties brought him to power; his own?
    "What is al-Sudani's own party called?",
    "Comment ont évolué les relations entre Téhéran et Washington ?",  # Baghdad's, not Tehran's
    "What do Iraqis think of the withdrawal?",  # opinions the article does not report
    "Did Trump call Sudani or the other way round?",  # who called whom is not told
    "Quel pourcentage des soldats part en 2025 ?",  # no percentages in the article
    "Who was Trump's opponent in the election?",
    "Which US airbase was hit by drones?",  # bases, air bases: none is named
    "Where did the drone that killed Soleimani take off from?",
    "What is the total number of troops in the coalition, all countries included?",
    "Contre qui Trump a-t-il remporté l'élection ?",  # his opponent, not who won
    "Who did Trump beat in the election?",
    "Quel tribunal irakien a émis le mandat contre Trump ?",  # "la justice irakienne" names none
    "Which Iraqi court issued the arrest warrant against Trump?",
    "Quel juge irakien a signé le mandat d'arrêt contre Trump ?",  # a judge: not "la justice"
    "How old was Soleimani when he died?",  # an "ancien" number two is no age
    "Trump a-t-il déjà été arrêté en Irak ?",  # a warrant, not an arrest made
    "Has Trump been detained under the Iraqi warrant?",
    "Trump sera-t-il arrêté s'il se rend à Bagdad ?",
    "Who took over the Hashd after Muhandis was killed?",  # no successor is named
    "Trump va-t-il tenir ses promesses selon vous ?",  # the reader's view is asked
    "Do you think the withdrawal is a good idea?",
    "Le retrait se fera-t-il comme prévu ?",  # whether a plan will hold is a forecast
    # what someone said, answered by words another said to him
    "Qu'a déclaré Donald Trump publiquement après son appel avec al-Soudani ?",
    "What did the Pentagon say about the withdrawal?",
])
def test_near_misses_are_not_answered(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.answered, (question, answer.entry)
    assert answer.status is Status.NOT_IN_ARTICLE
    assert answer.closest is not None  # the closest passage is offered instead


def test_a_question_to_the_bot_about_the_article_is_still_answered(
        service: AnswerService) -> None:
    answer = service.ask("Tu peux me dire combien de soldats américains sont en Irak ?")
    assert answer.entry == f"{SLUG}/troops-count"
    assert service.ask("Quel est ton avis sur Trump ?").status is Status.NOT_IN_ARTICLE
    assert service.ask("What is the Iraqi prime minister's first name?").entry == (
        f"{SLUG}/soudani-who")


def test_near_miss_says_what_is_not_covered(service: AnswerService) -> None:
    answer = service.ask("Combien de soldats allemands sont en Irak ?")
    assert answer.explanation is not None
    assert any("allemand" in term for term in answer.explanation.missing)


@pytest.mark.parametrize("question", [
    "Qui a gagné le Tour de France ?", "qsdfqsdf", "What is the meaning of life?",
    "on est le combien aujourd'hui",  # a date asked ("le combien"), not a count of troops
])
def test_off_topic(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.answered
    assert answer.status in (Status.OFF_TOPIC, Status.NOT_IN_ARTICLE)


def test_greeting_gets_a_friendly_help(service: AnswerService) -> None:
    answer = service.ask("salut ça va")
    assert answer.status is Status.OFF_TOPIC and answer.reason == "greeting"
    assert "Bonjour" in answer.text


@pytest.mark.parametrize(("message", "language", "reply"), [
    ("merci beaucoup !", "fr", "Avec plaisir"), ("ok merci", "fr", "Avec plaisir"),
    ("merci pour la réponse", "fr", "Avec plaisir"), ("thanks!", "en", "You're welcome"),
    ("thx a lot", "en", "You're welcome"), ("thank you so much", "en", "You're welcome")])
def test_thanks_get_you_are_welcome_in_their_language(service: AnswerService, message: str,
                                                      language: str, reply: str) -> None:
    """A thank-you was answered "Bonjour ! Posez-moi une question...", and "thanks!" in
    French."""
    answer = service.ask(message)
    assert answer.status is Status.OFF_TOPIC and answer.reason == "thanks"
    assert answer.language == language and answer.text.startswith(reply)


def test_thanks_with_a_question_answer_the_question(service: AnswerService) -> None:
    assert service.ask("merci ! et combien de soldats américains en Irak ?").answered


@pytest.mark.parametrize("question", ["What's your name?", "Comment tu t'appelles ?",
                                      "qui es-tu", "tell me a joke", "c'est quoi ton prénom",
                                      "Quelle heure est-il ?", "quel est ton âge"])
def test_questions_to_the_bot_itself_are_not_about_the_article(service: AnswerService,
                                                                question: str) -> None:
    answer = service.ask(question)
    assert answer.status is Status.OFF_TOPIC, (question, answer.entry)


@pytest.mark.parametrize(("question", "reason"), [("", "empty"), ("   \t ", "empty"),
                                                  ("x" * 501, "too-long")])
def test_invalid_input(service: AnswerService, question: str, reason: str) -> None:
    answer = service.ask(question)
    assert answer.status is Status.INVALID and answer.reason == reason
    assert answer.text


def test_no_match_under_the_cutoff() -> None:
    strict = Matcher(_MATCHER.index, MatchSettings(min_similarity=1.01, vouched_coverage=1.01))
    result = strict.match("Combien de soldats américains en Irak ?")
    assert result.status is Status.NOT_IN_ARTICLE and result.reason == "low-score"


def test_ambiguous_offers_candidates() -> None:
    loose = Matcher(_MATCHER.index, MatchSettings(ambiguity_margin=1.0))
    result = loose.match("Trump")
    assert result.status is Status.AMBIGUOUS
    assert len({c.entry.key for c in result.candidates}) >= 2


def test_restricting_to_an_unknown_article_is_an_error(service: AnswerService) -> None:
    with pytest.raises(ValueError, match="unknown article"):
        service.ask("Combien de soldats ?", article="nope")


def test_a_draft_entry_never_answers_but_its_sentence_does(small_kb: Path) -> None:
    """A draft's (unwritten) answer is never given; the article's sentence is, quoted."""
    entries = small_kb / SLUG / "entries.yaml"
    text = entries.read_text(encoding="utf-8")
    entries.write_text(text + """\
  - id: draft-relations
    status: draft
    citations:
      - "Les rapports entre Bagdad et Washington s'étaient alors considérablement détériorés."
""", encoding="utf-8")
    matcher = Matcher(Index(load_knowledge(small_kb)))
    result = matcher.match("Les rapports entre Bagdad et Washington se sont-ils détériorés ?")
    assert result.status is Status.ANSWERED and result.from_article
    assert result.best is None or result.best.entry.key != f"{SLUG}/draft-relations"
    assert result.passage is not None and result.passage.draft_entry == f"{SLUG}/draft-relations"
    assert result.passage.sentence.text.startswith("Les rapports entre Bagdad et Washington")
    # a question the sentence does not fully cover is still declined
    declined = matcher.match("Les rapports entre Bagdad et Moscou se sont-ils détériorés ?")
    assert declined.status is not Status.ANSWERED


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_no_input_crashes_the_matcher(text: str) -> None:
    result = _MATCHER.match(text)
    assert result.status in set(Status)
    if result.status is Status.ANSWERED:
        assert result.best is not None and result.best.answerable


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    "soldats americains irak trump soleimani quand combien qui drone 2020 allemands "
    "mandat retrait kurdistan né âge ? ! ' EI US PMF".split()), max_size=12))
def test_word_salads_from_the_article_vocabulary_never_crash(words: list[str]) -> None:
    result = _MATCHER.match(" ".join(words))
    assert result.status in set(Status)


_SEEDED_RUN = """
import json, sys, yaml
from pathlib import Path
from bot.config import Config
from bot.service import AnswerService
service = AnswerService(Config(knowledge_dir=Path(sys.argv[1]), cache_dir=None))
for path in sorted(Path(sys.argv[2]).glob("*.yaml")):
    for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        a = service.ask(q["q"])
        print(json.dumps([a.status, a.entry, a.score]))
from bot.editing.lint import lint_knowledge
print([str(p) for p in lint_knowledge(Path(sys.argv[1]), margin=0.05).problems])
"""


def test_answers_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Sets iterate in an order that changes with PYTHONHASHSEED; answers must not (a float
    sum over a set once broke a tie one way or the other from one run to the next)."""
    outputs = []
    for seed in ("0", "53"):
        proc = subprocess.run(
            [sys.executable, "-c", _SEEDED_RUN, str(SHIPPED), str(ROOT / "tests" / "eval")],
            capture_output=True, text=True, timeout=120, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(proc.stdout)
    assert outputs[0].count("\n") > 1000
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("question", ["whats 2+2", "combien font 12 x 7 ?", "3*4 = ?"])
def test_sums_are_off_topic(service: AnswerService, question: str) -> None:
    assert service.ask(question).status is Status.OFF_TOPIC


@pytest.mark.parametrize("question", ["wesh", "slt", "cc"])
def test_slang_greetings_are_greetings(service: AnswerService, question: str) -> None:
    answer = service.ask(question)
    assert answer.status is Status.OFF_TOPIC and answer.reason == "greeting"


def test_what_french_counts_before_combien_is_what_is_counted(service: AnswerService) -> None:
    """ "Le bitcoin vaut combien ?" counts no soldiers, though the troop count's keywords
    ("aujourd'hui") are all it shares with the question."""
    assert not service.ask("Le bitcoin vaut combien aujourd'hui ?").answered
    assert entry_of(service, "Les soldats en Irak, ils sont combien ?") == "troops-count"


def test_dates_and_ranges_are_not_sums(service: AnswerService) -> None:
    assert service.ask("retrait 2025-2026").answered


def test_a_follow_up_is_read_with_its_context(service: AnswerService) -> None:
    context = "Combien de soldats américains sont en Irak ?"
    why = service.ask("and why are they there?", context=context)
    assert why.answered and why.entry == f"{SLUG}/troops-why" and why.language == "en"
    assert why.question == "and why are they there?"
    assert not service.ask("and why are they there?").answered  # alone it says too little
    assert not service.ask("merci !", context=context).answered  # thanks: not asked again
    assert not service.ask("et les soldats français ?", context=context).answered


def test_an_entry_covers_the_words_its_cited_sentence_translates(small_kb: Path) -> None:
    """An entry asked in French only covers the English words its own cited sentence
    translates ("relationship": "rapports"), as that sentence answering would; not a word
    it does not say in any language."""
    entries = small_kb / SLUG / "entries.yaml"
    entries.write_text(entries.read_text(encoding="utf-8") + """\
  - id: relations-worse
    questions:
      fr: [Les rapports entre Bagdad et Washington se sont-ils dégradés ?]
      en: [Did things deteriorate?]
    answer:
      fr: Oui, ils se sont considérablement détériorés.
    citations:
      - "Les rapports entre Bagdad et Washington s'étaient alors considérablement détériorés."
""", encoding="utf-8")
    matcher = Matcher(Index(load_knowledge(small_kb)))
    key = f"{SLUG}/relations-worse"
    said = matcher.match("Did the relationship between Baghdad and Washington deteriorate "
                         "considerably?")
    assert said.best is not None and said.best.entry.key == key and said.best.missing == ()
    other = matcher.match("Did the relationship between Baghdad and Moscow deteriorate "
                          "considerably?")
    assert other.best is not None and other.best.entry.key == key
    assert other.best.missing == ("moscow",) and other.status is not Status.ANSWERED


def test_a_name_of_several_words_also_says_its_words(small_kb: Path) -> None:
    """An alias spelled by several words ("le président américain élu") is read as its
    concept; an entry citing it also says its words, for a reader who asks with them."""
    write(small_kb / SLUG / "aliases.yaml", """\
        concepts:
          trump: [Donald Trump, président américain élu]
        """)
    entries = small_kb / SLUG / "entries.yaml"
    entries.write_text(entries.read_text(encoding="utf-8") + """\
  - id: call
    questions:
      fr: [Avec qui al-Soudani s'est-il entretenu ?]
    answer:
      fr: Avec Donald Trump.
    citations:
      - "s'est entretenu avec le président américain élu Donald Trump"
""", encoding="utf-8")
    index = Index(load_knowledge(small_kb))
    item = next(e for e in index.entries if e.entry.key == f"{SLUG}/call")
    assert "@trump" in item.cited
    for word in ("président", "élu"):
        assert set(index.analyzer.analyze(word).terms) <= item.cited, word


def test_a_when_question_is_never_answered_without_a_date(small_kb: Path) -> None:
    """An entry asked with "quand" but whose answer and citations hold no date or time
    does not answer "when": the reader would get a passage that does not say it."""
    entries = small_kb / SLUG / "entries.yaml"
    entries.write_text(entries.read_text(encoding="utf-8") + """\
  - id: relations-worse
    questions:
      fr: [Quand les rapports entre Bagdad et Washington se sont-ils détériorés ?]
      en: [When did relations between Baghdad and Washington get worse?]
    answer:
      fr: Les rapports se sont considérablement détériorés.
      en: Relations deteriorated considerably.
    citations:
      - "Les rapports entre Bagdad et Washington s'étaient alors considérablement détériorés."
""", encoding="utf-8")
    matcher = Matcher(Index(load_knowledge(small_kb)))
    result = matcher.match("Quand les rapports entre Bagdad et Washington se sont-ils "
                           "détériorés ?")
    assert result.status is not Status.ANSWERED
    dated = matcher.match("Quand le mandat d'arrêt contre Trump a-t-il été émis ?")
    assert dated.status is Status.ANSWERED


@pytest.mark.parametrize("question", ["What is the date of the arrest warrant?",
                                      "What's the date of the arrest warrant?",
                                      "whats the date of the arrest warrant"])
def test_whats_the_date_asks_when_however_it_is_typed(question: str) -> None:
    """"what's" is folded to "what s": it leads to the phrase saying what is asked, as
    "what is" does, so "what's the date of X" asks when."""
    assert _MATCHER.index.analyzer.analyze(question, correct=True).qtype == "when"


def test_a_question_word_missing_a_letter_is_the_word_it_was_typed_for() -> None:
    analysis = _MATCHER.index.analyzer.analyze("wher is israel fighting", correct=True)
    assert ("wher", "where") in analysis.corrections and analysis.qtype == "where"


@pytest.mark.parametrize("question", ["C'est 2500 ou 3000 soldats ?",
                                      "C'est 300 ou 3000 arbres ?"])
def test_two_numbers_offered_as_a_guess_never_crash(service: AnswerService,
                                                    question: str) -> None:
    """The number a question checks leaves its terms; the choice offered between two
    numbers used to look it up and raise KeyError, ending `ask` and the batch with it."""
    answer = service.ask(question)
    assert answer.answered == ("soldats" in question)


@pytest.mark.parametrize("question", [
    "je me demandais combien de soldats américains sont en Irak",
    "I was wondering how many US troops are in Iraq",
])
def test_the_readers_frame_is_not_part_of_the_question(service: AnswerService,
                                                       question: str) -> None:
    answer = service.ask(question)
    assert answer.answered and answer.entry is not None
    assert answer.entry.endswith("/troops-count")


@pytest.mark.parametrize(("question", "framing", "asked"), [
    ("Who is the labour minister quoted in the article?", "@quote", "minist"),
    ("How many people are in the so-called unemployment halo?", "@phone", "halo"),
])
def test_quoted_in_and_so_called_only_frame_a_question(question: str, framing: str,
                                                       asked: str) -> None:
    """Who the article quotes is who it names, and "so-called" calls no one: neither is a
    fact an answer must hold (the lexicon reads "quotation" and "called" otherwise)."""
    analysis = _MATCHER.index.analyzer.analyze(question)
    assert framing not in analysis.terms and asked in analysis.terms


@pytest.mark.parametrize(("question", "modal"), [
    ("Qui pourra rouler dans la zone ?", "pourra"),
    ("Combien de campings a-t-il fallu vider ?", "fallu"),
    ("Quelle durée faut-il signer ?", "faut"),
])
def test_every_form_of_pouvoir_and_falloir_only_frames_a_question(question: str,
                                                                  modal: str) -> None:
    """"pourrait" asked nothing and "pourra" did: a form of a modal verb is never a fact an
    answer must hold, whatever its tense."""
    analysis = _MATCHER.index.analyzer.analyze(question)
    assert not any(t.startswith(modal[:4]) for t in analysis.terms), analysis.terms


@pytest.mark.parametrize("question", [
    "À partir de quelle année les participants ont-ils été recrutés ?",
    "A partir de quand peut-on espérer des médecins ?",
])
def test_a_time_frame_is_not_read_as_the_concepts_of_its_words(question: str) -> None:
    """"à partir de" (the facts data's time frames) is when, not a departure (@withdraw)."""
    analysis = _MATCHER.index.analyzer.analyze(question)
    assert "@withdraw" not in analysis.terms, analysis.terms
    assert _MATCHER.index.analyzer.analyze("Quand partiront-ils ?").terms == ("@withdraw",)


@pytest.mark.parametrize(("question", "plain"), [
    ("Quel est le budget global du programme ?", "Quel est le budget du programme ?"),
    ("how many people does the group employ overall", "how many people does the group employ"),
    ("how many people signed the petition so far", "how many people signed the petition"),
    ("Combien de signatures à ce jour ?", "Combien de signatures ?"),
    ("how many signatures to date", "how many signatures"),
])
def test_the_whole_or_the_count_so_far_asks_nothing_more(question: str, plain: str) -> None:
    """"global", "overall" are "total", and "so far", "à ce jour" the count the article
    reports: no fact an answer must say besides (an article's figure is its latest)."""
    analyzer = _MATCHER.index.analyzer
    assert analyzer.analyze(question).terms == analyzer.analyze(plain).terms


@pytest.mark.parametrize("question", ["ca coute cb en tout ce truc", "qui finance le truc ?",
                                      "what kind of stuff will they build?"])
def test_a_vague_noun_for_the_whole_thing_is_no_term(question: str) -> None:
    """"ce truc", "stuff" stand for what the article is about, as "thing" did."""
    analysis = _MATCHER.index.analyzer.analyze(question)
    assert not {"truc", "stuff"} & set(analysis.terms), analysis.terms
