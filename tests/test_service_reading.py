"""Messages as people type them, through the answering service: read before matching, and
several questions answered in one reply."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answers import build_answer
from bot.config import Config
from bot.frontends.terminal import render
from bot.matching.matcher import Status
from bot.qlog import QuestionLog
from bot.service import MAX_PARTS, AnswerService
from tests.conftest import ROOT, SHIPPED, SLUG
from tests.kbtools import add_edited
from tests.test_cli import bot

TROOPS = "Combien de soldats américains en Irak ?"
WARRANT = "Qui a émis le mandat d'arrêt contre Trump ?"
LEAVE = "Quand la coalition doit-elle quitter l'Irak ?"
AGE = "Quel âge a Donald Trump ?"
ID = "123456789012345678"

# Every Discord form of issue 12, around the same question: the matcher must get the question.
FORMS = [
    f"<@{ID}> {TROOPS}", f"<@!{ID}> {TROOPS}", f"<@&{ID}> {TROOPS}", f"{TROOPS} <#{ID}>",
    f"@everyone {TROOPS}", f"@here {TROOPS}", f"{TROOPS} <:pepe:{ID}>", f"<a:dance:{ID}> {TROOPS}",
    f"{TROOPS} 😂👍", f"# {TROOPS}", f"## {TROOPS}", f"### {TROOPS}", f"{TROOPS}\n-# lol sorry",
    "Combien de ||soldats|| américains en Irak ?", "Combien de **soldats** américains en Irak ?",
    "Combien de *soldats* américains en Irak ?", "Combien de __soldats__ américains en Irak ?",
    "Combien de ~~soldats~~ américains en Irak ?", f"> il y en a 3000 non ?\n{TROOPS}",
    f">>> {TROOPS}", f"{TROOPS} `code 42`", f"```\nprint(42)\n```\n{TROOPS}",
    f"{TROOPS} https://example.com/article?id=42", "Combien de soldats [américains]"
    "(https://example.com/42) en Irak ?", "Combien de soldats améri\u200bcains en Irak ?",
    f"\ufeff{TROOPS}\u2060", f"hello, je viens de lire l'article, du coup {TROOPS.lower()}",
    f"jsp si c'est 1000 ou 3000 mdr. {TROOPS}",
]


@pytest.fixture(scope="module")
def service() -> AnswerService:
    return AnswerService(Config(knowledge_dir=SHIPPED, cache_dir=None))


@pytest.fixture
def matched(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts the matcher is given (the answer cache emptied, so every one is seen)."""
    seen: list[str] = []
    matcher = service.snapshot.matcher
    real = matcher.match

    def spy(question: str, **options: object) -> object:
        seen.append(question)
        return real(question, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(matcher, "match", spy)
    service._cache.cache_clear()
    yield seen
    service._cache.cache_clear()


@pytest.mark.parametrize("message", FORMS)
def test_every_discord_form_reaches_the_matcher_cleaned(
        service: AnswerService, matched: list[str], message: str) -> None:
    answer = service.ask(message)
    assert answer.answered and answer.entry == f"{SLUG}/troops-count", answer
    assert answer.question == message  # what the user typed, for the log and the reply
    assert answer.ignored
    for text in matched:
        assert not re.search(r"\d{2,}", text), text  # no mention, link or code digits
        assert not re.search(r"[<>*_~|`#\[\]\u200b\u2060\ufeff]|https?:|@every", text), text
        assert "soldats américains en irak" in text.casefold(), text


def test_a_plain_question_is_answered_exactly_as_before(service: AnswerService,
                                                        matched: list[str]) -> None:
    for question in (TROOPS, AGE, "How many US troops are in Iraq?", "salut", "x" * 600):
        answer = service.ask(question)
        snapshot = service.snapshot
        before = build_answer(snapshot.kb, question, snapshot.matcher.match(question),
                              answer.language, max_question_chars=500)
        assert answer == before and answer.to_json() == before.to_json()
        assert answer.to_json()["ignored"] == [] and answer.to_json()["parts"] == []
    assert matched[0] == TROOPS


def test_what_was_set_aside_is_in_the_answer_and_its_json(service: AnswerService) -> None:
    answer = service.ask(f"<@{ID}> cb de soldats américains en Irak ? mdr")
    assert ("mention", f"<@{ID}>") in answer.ignored
    assert ("abbreviation", "cb → combien") in answer.ignored
    assert ("chatter", "mdr") in answer.ignored
    data = answer.to_json()
    assert {"kind": "mention", "text": f"<@{ID}>"} in data["ignored"]
    assert data["answered"] and data["entry"] == f"{SLUG}/troops-count"


def test_the_question_log_keeps_what_was_typed(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    service = AnswerService(Config(knowledge_dir=SHIPPED, cache_dir=None),
                            question_log=QuestionLog(path, salt="s"))
    message = f"<@{ID}> **cb** de soldats américains en Irak ? 😂"
    assert service.ask(message).answered
    service.question_log.close()  # type: ignore[union-attr]
    (record,) = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert record["question"] == message and record["status"] == "answered"


def test_a_question_that_needs_the_sentence_before_it_is_read_with_it(
        service: AnswerService) -> None:
    """"c'est vrai ?" alone says nothing: the message is read whole."""
    alone = service.ask("c'est vrai ?")
    answer = service.ask("J'ai lu que 2.500 soldats américains sont en Irak, c'est vrai ? lol")
    assert alone.status is Status.OFF_TOPIC
    assert answer.status is not Status.OFF_TOPIC
    assert answer.ignored == (("chatter", "lol"),)  # the story was read after all


# --- several questions in one message -------------------------------------------------------

def test_one_answerable_question_and_one_the_article_does_not_cover(
        service: AnswerService) -> None:
    message = f"{LEAVE} Et {AGE[0].lower()}{AGE[1:]}"
    answer = service.ask(message)
    leave, age = answer.parts
    assert leave.answered and leave.entry == f"{SLUG}/withdrawal-calendar"
    assert age.status is Status.NOT_IN_ARTICLE and age.closest is not None
    assert answer.answered and answer.status is Status.ANSWERED
    assert answer.question == message
    assert answer.text == f"{leave.question} — {leave.text}"  # answered parts only
    assert answer.citations == leave.citations
    out = render(answer)
    assert "1. " + LEAVE in out and "2. Et quel âge a Donald Trump ?" in out
    assert "L'article ne le dit pas." in out and "2025" in out


def test_two_answerable_questions_get_both_answers(service: AnswerService) -> None:
    answer = service.ask(f"{TROOPS} {WARRANT}")
    troops, warrant = answer.parts
    assert troops.entry == f"{SLUG}/troops-count" and warrant.entry == f"{SLUG}/warrant-issuer"
    assert answer.text.splitlines() == [f"{TROOPS} — {troops.text}",
                                        f"{WARRANT} — {warrant.text}"]
    assert answer.citations == troops.citations + warrant.citations
    assert answer.entry is None and answer.score == min(troops.score, warrant.score)
    assert service.context_of(answer) == service.context_of(warrant)


def test_two_questions_json_keeps_the_scorers_contract(service: AnswerService) -> None:
    data = service.ask(f"{LEAVE} {AGE}").to_json()
    assert data["answered"] is True and data["status"] == "answered"
    assert data["answer"].startswith(LEAVE) and data["message"] is None
    assert data["citations"] and all({"quote", "paragraph"} <= set(c) for c in data["citations"])
    assert [p["status"] for p in data["parts"]] == ["answered", "not_in_article"]
    assert data["parts"][1]["message"] == "L'article ne le dit pas."
    assert data["parts"][1]["closest"]["quote"]
    json.dumps(data)  # plain data


def test_none_answerable_says_so_for_each(service: AnswerService) -> None:
    answer = service.ask(f"{AGE} Quelle est la capitale du Canada ?")
    assert not answer.answered and answer.status is Status.NOT_IN_ARTICLE
    assert answer.to_json()["answer"] is None
    assert answer.text.splitlines()[0] == f"{AGE} — L'article ne le dit pas."


def test_a_part_that_says_nothing_alone_goes_with_the_question_before(
        service: AnswerService) -> None:
    answer = service.ask(f"{TROOPS} Donne un chiffre.")
    assert not answer.parts and answer.entry == f"{SLUG}/troops-count"


@pytest.mark.parametrize("message", ["qui a tué Soleimani et pourquoi ?",
                                     "Qui a tué Soleimani ? Et pourquoi ?"])
def test_a_question_word_alone_after_a_question_is_a_part_of_its_own(
        service: AnswerService, message: str) -> None:
    """"et pourquoi ?" asks something the first part does not: it is answered, or said
    not to be in the article, as a follow-up of the part before, never dropped."""
    answer = service.ask(message)
    assert len(answer.parts) == 2, answer.text
    who, why = answer.parts
    assert who.answered and who.entry != why.entry
    assert why.question.lower().lstrip().startswith("et pourquoi")


def test_a_follow_up_part_is_read_with_the_question_before(service: AnswerService) -> None:
    who, when = service.ask("Qui était Qassem Soleimani ? Et quand a-t-il été tué ?").parts
    assert who.answered and when.answered and who.entry != when.entry


def test_at_most_three_questions_are_answered(service: AnswerService) -> None:
    fourth = "Qui dirige la coalition ?"
    answer = service.ask(f"{TROOPS} {WARRANT} {LEAVE} {fourth}")
    assert len(answer.parts) == MAX_PARTS
    assert ("question", fourth) in answer.ignored


def test_a_question_set_aside_is_said_in_the_reply(service: AnswerService) -> None:
    """The fourth question of a message was dropped without a word (only `--json`
    listed it): the terminal and Discord replies now say to ask it separately."""
    from bot.frontends.discord.embeds import answer_embed
    from bot.frontends.terminal import render

    fourth = "Qui dirige la coalition ?"
    answer = service.ask(f"{TROOPS} {WARRANT} {LEAVE} {fourth}")
    note = f"posez à part : « {fourth} »"
    assert note in " ".join(render(answer).split())
    typeset = answer_embed(answer).description or ""  # French spacing: no-break spaces
    assert note in " ".join(typeset.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "posez à part" not in render(service.ask(f"{TROOPS} {WARRANT}"))


def test_several_questions_from_the_command_line() -> None:
    proc = bot("ask", "--json", "--no-log", f"{TROOPS} {AGE}")
    data = json.loads(proc.stdout)
    assert data["answered"] is True and len(data["parts"]) == 2
    text = bot("ask", "--no-log", f"{TROOPS} {AGE}").stdout.decode()
    assert text.startswith(f"1. {TROOPS}\n") and f"2. {AGE}" in text


# --- what the reader's story claims, on several articles ------------------------------------

CORPUS = ROOT / "tests" / "corpus"


def edited_service(tmp_path_factory: pytest.TempPathFactory, name: str,
                   *slugs: str) -> AnswerService:
    """The shipped article and these corpus articles with their editors' knowledge."""
    root = tmp_path_factory.mktemp(name) / "knowledge"
    shutil.copytree(SHIPPED, root)
    for slug in slugs:
        add_edited(root, slug)
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


@pytest.fixture(scope="module")
def corpus_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and two edited articles of the corpus (floods, unemployment)."""
    return edited_service(tmp_path_factory, "corpus", "crues-ardeche-2025-10",
                          "chomage-france-2025-11")


@pytest.mark.parametrize(("message", "says"), [
    # a claim to check: what the story reports is the question
    ("Bonjour ! mon prof disait que le mandat d'arrêt contre Trump a été émis en 2020, c'est "
     "bien ça ?", "2021"),
    ("mon frère dit que l'alerte rouge a été déclenchée mardi, c'est vrai ?", "22 heures"),
    # values offered as alternatives are not asked: the rest of the guess says what is
    ("salut, jsp si c'est 2 ou 3 disparus mdr, y en a combien ?", "disparu"),
    ("je pense 1000 ou 3000 soldats us, c'est combien ?", "2.500"),
])
def test_a_question_saying_nothing_alone_is_read_with_what_the_story_claims(
        corpus_service: AnswerService, message: str, says: str) -> None:
    answer = corpus_service.ask(message)
    assert answer.answered, answer
    assert says in answer.text
    assert not any(kind in ("chatter", "guess") and len(text) > 20
                   for kind, text in answer.ignored), answer.ignored  # the claim was read


@pytest.mark.parametrize("message", [
    "mon oncle dit que 3000 soldats français sont en Irak, c'est vrai ?",
    "jsp si c'est 2 ou 3 hélicoptères de la gendarmerie, y en a combien ?",
])
def test_a_claim_the_article_does_not_make_is_still_declined(corpus_service: AnswerService,
                                                             message: str) -> None:
    assert not corpus_service.ask(message).answered


@pytest.fixture(scope="module")
def day_one_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and two articles just added, answering from their sentences."""
    from tests.test_passages import drafts_only

    root = tmp_path_factory.mktemp("day-one-reading") / "knowledge"
    shutil.copytree(SHIPPED, root)
    drafts_only(root, "crues", CORPUS / "crues-ardeche-2025-10" / "article.txt")
    drafts_only(root, "marathon", CORPUS / "marathon-lyon-record-2025-04" / "article.txt")
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


@pytest.mark.parametrize(("message", "article", "says"), [
    ("ma sœur habite à Aubenas, ils ont évacué combien de personnes ?", "crues", "1200"),
    ("ma copine était place Bellecour, ils étaient combien au départ ?", "marathon", "14 500"),
])
def test_the_question_part_is_answered_within_the_article_the_message_is_about(
        day_one_service: AnswerService, message: str, article: str, says: str) -> None:
    """The story set aside names the article; the short question alone may not."""
    answer = day_one_service.ask(message)
    assert answer.answered and answer.articles == (article,), answer
    assert says in answer.text


def test_two_questions_in_one_sentence_get_both_answers(corpus_service: AnswerService) -> None:
    answer = corpus_service.ask(
        "le taux de chômage c'est combien, et qui a réagi au gouvernement ?")
    assert len(answer.parts) == 2 and all(p.answered for p in answer.parts), answer.parts


@pytest.mark.parametrize("message", [
    "Combien de coureurs au départ ? et ça a duré jusqu'à quand ?",
    "combien de personnes évacuées ? et ça durera jusqu'à quand ?",
])
def test_every_part_of_a_message_is_answered_from_the_article_it_is_about(
        day_one_service: AnswerService, message: str) -> None:
    """A short part read alone ("et ça durera jusqu'à quand ?") matched the shipped
    article's war; a message is about one article."""
    answer = day_one_service.ask(message)
    assert answer.answered and len(answer.articles) == 1, answer.articles
    assert SLUG not in answer.articles


@pytest.mark.parametrize(("message", "says"), [
    ("Bonsoir, j'ai suivi la course à la télé avec mon mari. On se demandait : combien de "
     "coureurs au départ ?", "14 500"),
    ("yo j'étais place Bellecour avec ma fille, trop beau ! ils étaient combien de coureurs "
     "au départ d'ailleurs ?", "14 500"),
])
def test_a_question_kept_with_a_story_is_read_alone_when_the_story_is_not_answered(
        day_one_service: AnswerService, message: str, says: str) -> None:
    """The statements before a question are kept with it (they often say what it is
    about); when the article does not say them, the question sentence alone answers."""
    answer = day_one_service.ask(message)
    assert answer.answered and answer.articles == ("marathon",), answer
    assert says in answer.text
    assert any(kind == "chatter" for kind, _ in answer.ignored)


def test_a_question_naming_its_subject_is_not_read_as_a_follow_up(tmp_path: Path) -> None:
    """In chat, 'Qui est le maire de Montréval ?' after a question about the swimming club
    was read with it and answered with the club's sentence (which names the town)."""
    from tests.test_passages import drafts_of_text

    root = drafts_of_text(
        tmp_path,
        "date 2025-02 La piscine municipale de Montréval fermera ses portes le 3 mars pour "
        "dix-huit mois de travaux, financés en partie par la région.\n\nLe club de natation "
        "de Montréval, qui compte 340 licenciés, s'entraînera à Vendôme le samedi matin.\n",
        shipped=True)
    service = AnswerService(Config(knowledge_dir=root, cache_dir=None))
    first = "combien de licenciés au club de natation de Montréval ?"
    assert "340" in service.ask(first).text
    assert not service.ask("Qui est le maire de Montréval ?", context=first).answered
    # a follow-up without a subject of its own is still read with the question before
    assert service.ask("et ils s'entraînent où ?", context=first).answered


def test_a_follow_up_naming_nothing_stays_on_the_conversations_article(tmp_path: Path) -> None:
    """A new user asked "Qui est Michel Darrieux ?" then "il est président de quoi ?" and
    got Donald Trump, the other article's president: a follow-up that names nothing of its
    own is about the article the conversation is on."""
    from tests.test_passages import drafts_of_text

    root = drafts_of_text(
        tmp_path,
        "date 2025-06 L'agglomération de Valrenne a annoncé mardi une refonte des tarifs de "
        "son réseau de bus, qui entrera en vigueur le 1er septembre.\n\nL'association des "
        "usagers Valrenne en Bus a salué « une avancée ». « Un retraité va payer plus cher "
        "», a réagi son président, Michel Darrieux.\n", slug="valbus", shipped=True)
    service = AnswerService(Config(knowledge_dir=root, cache_dir=None))
    first = service.ask("Qui est Michel Darrieux ?")
    assert first.answered and first.articles == ("valbus",)
    context = service.context_of(first)
    for follow_up in ("il est président de quoi ?", "president of what?"):
        answer = service.ask(follow_up, context=context)
        assert answer.answered and answer.articles == ("valbus",), follow_up
    # one naming its own subject is not held to it
    other = service.ask("et combien de soldats américains en Irak ?", context=context)
    assert other.answered and other.articles == (SLUG,)


def test_a_follow_up_the_article_does_not_answer_says_so_not_off_topic(
        service: AnswerService) -> None:
    """"Qui est Donald Trump ?" then "quel âge a-t-il ?": his age is not in the article, and
    the reply said "I only answer questions about the article" (the follow-up read alone
    names nothing of it)."""
    first = service.ask("Qui est Donald Trump ?")
    assert first.answered
    alone = service.ask("quel âge a-t-il ?")
    assert alone.status is Status.OFF_TOPIC
    age = service.ask("quel âge a-t-il ?", context=service.context_of(first))
    assert age.status is Status.NOT_IN_ARTICLE and age.question == "quel âge a-t-il ?"
    assert age.closest is not None


def test_two_questions_answered_by_two_sentences_get_both(
        day_one_service: AnswerService) -> None:
    """Answers from the article have no entry: the second was dropped as the first asked
    again ('asked twice in other words')."""
    answer = day_one_service.ask("Combien de coureurs au départ ? Et quel âge a Rotich ?")
    assert len(answer.parts) == 2 and all(p.answered for p in answer.parts), answer.parts
    assert "14 500" in answer.text and "27 ans" in answer.text


@pytest.fixture(scope="module")
def with_council(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and the corpus's council article as `kb init` leaves it."""
    from tests.test_passages import drafts_only

    root = tmp_path_factory.mktemp("council") / "knowledge"
    shutil.copytree(SHIPPED, root)
    drafts_only(root, "conseil", CORPUS / "conseil-chambery-2025-06" / "article.txt")
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


def test_the_first_of_several_questions_is_read_without_the_story_kept_with_it(
        tmp_path: Path) -> None:
    """"... mais une fois que c'est en orbite j'imagine qu'il faut des gens pour le suivre.
    combien de personnes restent mobilisées pendant la mission et où ?": the story declined
    the first part; its question sentence alone answers, and "et où ?" follows it up."""
    from tests.test_passages import drafts_only

    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    drafts_only(root, "satellite", CORPUS / "satellite-borea-2025-12" / "article.txt")
    service = AnswerService(Config(knowledge_dir=root, cache_dir=None))
    answer = service.ask("je me pose une question depuis ce matin. dans l'article ils "
                         "parlent de plein de monde qui a bossé dessus. mais une fois que "
                         "c'est en orbite j'imagine qu'il faut des gens pour le suivre. "
                         "combien de personnes restent mobilisées pendant la mission et où ?")
    assert answer.answered, answer.text
    assert "80" in answer.text and "Toulouse" in answer.text


@pytest.mark.parametrize("message", [
    # the guess names the council's car ban; "when does it begin" alone fits the article
    # about Iraq's war "going on for more than a year"
    "I heard the car ban starts in the summer? when does it begin then",
    "j'ai entendu que les voitures seraient interdites cet été ? et ça commence quand",
])
def test_a_vague_part_is_not_answered_from_another_article(with_council: AnswerService,
                                                            message: str) -> None:
    answer = with_council.ask(message)
    assert SLUG not in answer.articles, answer.text
    for part in answer.parts:
        assert SLUG not in part.articles, part.text


# --- "who said that?" about a quotation ------------------------------------------------------

SAID = "je demande à chacun de ne pas s'approcher des berges"


@pytest.mark.parametrize("message", [
    f"> {SAID}\nc'est qui qui a dit ça ?",
    f"> {SAID} c'est qui qui a dit ça ?",  # the line break lost: the question ends the quote
    f"qui a dit « {SAID} » ?",
    f"> {SAID.replace('approcher', 'aprocher')}\nwho said that?",  # typed from memory
])
def test_who_said_a_quotation_is_answered_with_the_sentence_holding_it(
        corpus_service: AnswerService, message: str) -> None:
    answer = corpus_service.ask(message)
    assert answer.answered and answer.reason == "quoted", answer
    assert "Claire Dumontel" in answer.text  # the sentence names who said it
    assert [(q.article, q.block) for q in answer.citations] == [("crues-ardeche-2025-10", "p5")]


@pytest.mark.parametrize(("message", "who"), [
    ("qui a dit « des conditions extrêmes » ?", "Pascal Verrier"),
    ("c'est qui qui parle d'« une violence rare » ?", "Claire Dumontel"),
])
def test_a_few_words_the_article_quotes_once_tell_who_said_them(
        corpus_service: AnswerService, message: str, who: str) -> None:
    """A quotation of two or three words: the one sentence quoting them, though an
    editor's entry cites it (a new editor's « une saignée » was declined once cited)."""
    answer = corpus_service.ask(message)
    assert answer.answered and answer.reason == "quoted", answer
    assert who in answer.text


def test_a_few_words_no_quotation_of_the_article_holds_tell_no_sentence(
        corpus_service: AnswerService) -> None:
    assert corpus_service.ask("qui a dit « catastrophe naturelle » ?").reason != "quoted"


@pytest.mark.parametrize("message", [
    f"> {SAID}\npourquoi elle dit ça ?",  # not who: the words do not tell why
    "> il faut évacuer toute la vallée sans attendre\nc'est qui qui a dit ça ?",  # not said
])
def test_a_quotation_answers_only_who_said_what_the_article_holds(
        corpus_service: AnswerService, message: str) -> None:
    assert corpus_service.ask(message).reason != "quoted"


@pytest.mark.parametrize("message", [
    "what day is it?", "et quel jour ?", "what's his name again?", "c'est quoi son nom déjà ?",
])
def test_a_question_asking_only_a_kind_of_fact_names_no_article(with_council: AnswerService,
                                                                message: str) -> None:
    """Words that only say what kind of fact is asked name no topic: among several articles,
    the shipped article's entry asked "quel jour" is no answer, and the bot asks for more."""
    answer = with_council.ask(message)
    assert not answer.answered and answer.reason == "vague", answer.text
    assert answer.closest is None and not answer.suggestions
    assert "précisez" in answer.text or "say which" in answer.text


def test_with_one_article_a_kind_of_fact_alone_is_still_about_it(service: AnswerService) -> None:
    answer = service.ask("et quel jour ?")
    assert answer.answered and answer.articles == (SLUG,), answer.text


MUSEUM = "vol-musee-2025-11"


@pytest.fixture(scope="module")
def museum_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and the museum theft with its editor's knowledge."""
    root = tmp_path_factory.mktemp("museum") / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, MUSEUM)
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


def test_a_question_naming_an_articles_own_words_is_not_off_topic(
        museum_service: AnswerService) -> None:
    """"Les voleurs ont-ils laissé des traces ?": two words no article uses, but "voleurs"
    is the museum article's (its editor's alias for "malfaiteurs"): the article does not
    say, rather than "I only answer questions about ..."."""
    answer = museum_service.ask("Les voleurs ont-ils laissé des traces ?")
    assert not answer.answered and answer.status.value == "not_in_article", answer.text


def test_the_words_of_an_articles_title_need_not_be_in_its_entries(
        museum_service: AnswerService) -> None:
    """Every entry of the museum article is about the theft its title names: "réagi au vol"
    is answered by the entry on the director's reaction, which does not say "vol". A name
    in a title (a person, a place) is no such word."""
    answer = museum_service.ask("Comment le directeur du musée a-t-il réagi au vol ?")
    assert answer.entry == f"{MUSEUM}/director-reaction", answer.text
    matcher = museum_service.snapshot.matcher
    assert not any(matcher.index.analyzer.is_proper(t) for t in matcher._subject_terms[MUSEUM])



def test_a_short_question_only_one_article_can_answer_is_answered_from_it(
        day_one_service: AnswerService) -> None:
    """"combien de morts ?" says too little to tell the article, but only the floods'
    sentences give a count of dead (the shipped article's drone strike killed two men it
    does not count): it answers from the floods. Words that only ask a time ("tonight")
    name no article, whatever could answer them."""
    answer = day_one_service.ask("combien de morts ?")
    assert answer.answered and answer.articles == ("crues",), answer.text
    assert not day_one_service.ask("||lol|| who's playing tonight").answered


@pytest.fixture(scope="module")
def jobless_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and the unemployment figures with their editor's knowledge."""
    root = tmp_path_factory.mktemp("jobless") / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, "chomage-france-2025-11")
    return AnswerService(Config(knowledge_dir=root, cache_dir=None))


def test_an_entry_asked_in_other_words_answers_when_its_sentence_does(
        jobless_service: AnswerService) -> None:
    """The entry covers every word of the question but none of its paraphrases is worded
    like it: the sentence it cites answers the question as a passage would, so it answers."""
    answer = jobless_service.ask("By how much did temporary employment drop?")
    assert answer.answered and "2.4%" in answer.text, answer.text


def test_a_word_no_article_uses_keeps_an_entry_from_being_vouched_for(
        jobless_service: AnswerService) -> None:
    """"grimpé" is in no article: the rate's entry covers the rest, but the sentence it
    cites gives the rate, not by how much it climbed."""
    answer = jobless_service.ask(
        "De combien le chômage a-t-il grimpé par rapport au trimestre d'avant ?")
    assert not answer.answered, answer.text


@pytest.mark.parametrize("question", ["tu fais quoi ce soir", "Qui t'a programmé ?",
                                      "who is irans president"])
def test_a_sentence_vouches_for_no_entry_on_a_word_or_two(service: AnswerService,
                                                          question: str) -> None:
    """One word many sentences say ("soir", "programme"), or two the sentence says apart
    (its president is American, its Iranian a general): no entry is vouched for."""
    assert not service.ask(question).answered


def test_a_pronoun_in_a_follow_up_stands_for_whom_the_answer_named(tmp_path: Path) -> None:
    """"qui est en tête ?" answered "Tomislav Babić, ...": "et quel âge a-t-il ?" asks his
    age, not the age of any candidate (a did-you-mean of three); a follow-up without a
    pronoun is read with the question before, as it was."""
    from tests.kbtools import SHIPPED, add_edited

    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, "election-croatie-2026-01")
    service = AnswerService(Config(knowledge_dir=root, cache_dir=None))
    first = service.ask("qui est en tête en Croatie ?")
    assert first.answered and "Babić" in first.text
    context = service.context_of(first)
    assert context.endswith("\nTomislav Babić")
    assert not service.ask("et quel âge a-t-il ?").answered  # alone: whose age?
    age = service.ask("et quel âge a-t-il ?", context=context)
    assert age.answered and "52" in age.text and age.question == "et quel âge a-t-il ?"
    troops = service.ask("Combien de soldats américains en Irak ?")
    assert service.ask("et pourquoi sont-ils là ?",
                       context=service.context_of(troops)).entry.endswith("/troops-why")


@pytest.fixture(scope="module")
def aside_service(tmp_path_factory: pytest.TempPathFactory) -> AnswerService:
    """The shipped article and two edited articles of the corpus (hospital, literary prize)."""
    return edited_service(tmp_path_factory, "aside", "urgences-hopital-2025-09",
                          "prix-litteraire-2025-10")


def test_the_story_set_aside_tells_the_article_by_its_own_words(
        aside_service: AnswerService) -> None:
    """"ça s'arrête quand ?" alone reads as the shipped article's arrest warrant; the story
    around it says "fermeture", a word only the hospital article's text says: the question
    is asked of that article, and declined rather than answered from the other one."""
    answer = aside_service.ask("wesh, mon cousin dit que ca dure juste l'ete cette fermeture "
                               "ptdr, ca s'arrete quand exactement ?")
    assert SLUG not in answer.articles, answer.text
    # and a long story naming the novel answers from the prize article
    answer = aside_service.ask(
        "J'ai commencé Les Heures basses dans le train ce matin. L'ambiance est super "
        "étouffante, on sent la chaleur à chaque page. Je n'ai pas encore bien compris qui "
        "est l'héroïne. Elle fait quoi comme métier le personnage principal ?")
    assert answer.answered and answer.articles == ("prix-litteraire-2025-10",), answer.text
    assert "aide-soignante" in answer.text.lower()


def test_only_an_article_s_own_words_tell_it(aside_service: AnswerService) -> None:
    """Shared synonym groups ("depuis": since), words several texts say and chat words the
    editors' paraphrases are full of tell no article; a name of its own tells more than a
    word."""
    matcher = aside_service.snapshot.matcher
    assert matcher.article_said_by("cette fermeture") == "urgences-hopital-2025-09"
    assert matcher.article_said_by("depuis le début, tu vois") is None
    assert matcher.article_said_by("salut tout le monde, quick q, anyone know lol") is None
    assert matcher.article_said_by("") is None
    assert matcher.article_said_by("Les Heures basses, ce matin") == "prix-litteraire-2025-10"


def test_who_said_a_quotation_shows_its_sentence_once(service: AnswerService) -> None:
    """The sentence holding the quotation was printed as the answer, then again as its
    citation (terminal), and shown twice in Discord too."""
    from bot.frontends.discord.embeds import Look, answer_embed, look_of
    from bot.frontends.terminal import render

    answer = service.ask("Qui a dit « son attention portée aux déclarations » ?")
    assert answer.answered and answer.reason == "quoted"
    assert render(answer).count("son attention portée aux déclarations") == 1
    assert look_of(answer) is Look.FROM_ARTICLE
    assert (answer_embed(answer).description or "").count("son attention") == 1


def test_a_message_asking_about_two_articles_gets_each_from_its_own(tmp_path: Path) -> None:
    """Each part was asked again of "the message's article", which declined the other
    one's question: "combien de soldats américains en Irak ?" got "the article does not
    say" beside a question about the cable car."""
    from tests.kbtools import SHIPPED, add_edited

    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, "telepherique-brevanne-2025-06")
    service = AnswerService(Config(knowledge_dir=root, cache_dir=None))
    answer = service.ask("combien de soldats américains en Irak ? et combien coûte le "
                         "ticket du téléphérique de Brévanne ?")
    troops, ticket = answer.parts
    assert troops.answered and "2.500" in troops.text
    assert troops.articles == (SLUG,)
    assert ticket.answered and "1,70" in ticket.text
    assert ticket.articles == ("telepherique-brevanne-2025-06",)
