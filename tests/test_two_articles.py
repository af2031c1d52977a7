"""Several articles: each answers with citations naming it, restriction works, no regression.

The second article is a test fixture (tests/fixtures/), not shipped knowledge.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.article import Article
from tests.kbtools import (
    ROOT,
    SLUG,
    TOWN,
    add_edited,
    ask_json,
    cli_env,
    run_cli,
    two_articles,
    write_config,
)

EVAL = ROOT / "tests" / "eval"

TOWN_QUESTIONS = [
    ("Combien de places aura le parking relais ?", "300"),
    ("Who is the mayor of Saint-Aubin-des-Prés?", "Vasseur"),
    ("Quand le centre-ville deviendra-t-il piéton ?", "juin 2025"),
]
IRAQ_QUESTIONS = [
    ("Combien de militaires américains en Irak ?", "2.500"),
    ("When was the arrest warrant against Trump issued?", "2021"),
]


@pytest.fixture
def two(tmp_path: Path) -> Path:
    return write_config(tmp_path, two_articles(tmp_path))


def assert_cites(answer: dict, slug: str, knowledge: Path) -> None:
    assert answer["answered"], answer
    assert answer["citations"], answer
    article = Article.parse((knowledge / slug / "article.txt").read_text(encoding="utf-8"))
    for citation in answer["citations"]:
        assert citation["article"] == slug
        assert len(article.find(citation["quote"])) == 1, citation  # verbatim, in that article


def test_each_article_answers_with_its_own_citations(two: Path, tmp_path: Path) -> None:
    questions = TOWN_QUESTIONS + IRAQ_QUESTIONS
    answers = ask_json(two, [q for q, _ in questions])
    knowledge = tmp_path / "two-knowledge"
    for (question, key), answer in zip(questions, answers, strict=True):
        slug = TOWN if (question, key) in TOWN_QUESTIONS else SLUG
        assert_cites(answer, slug, knowledge)
        assert key in answer["answer"], (question, answer["answer"])


def test_article_restriction(two: Path) -> None:
    town_q, _ = TOWN_QUESTIONS[0]
    iraq_q, _ = IRAQ_QUESTIONS[0]
    in_town = ask_json(two, [town_q, iraq_q], "--article", TOWN)
    assert in_town[0]["answered"] and in_town[0]["citations"][0]["article"] == TOWN
    assert not in_town[1]["answered"]
    assert all(c["article"] == TOWN for a in in_town for c in a["citations"])
    in_iraq = ask_json(two, [town_q], "--article", SLUG)
    assert not in_iraq[0]["answered"]
    assert not in_iraq[0]["citations"]
    unknown = run_cli("ask", "--config", two, "--article", "nope", "question")
    assert unknown.returncode == 1
    assert TOWN in unknown.stderr and SLUG in unknown.stderr


def score(config: Path, article: Path) -> tuple[float, float, int]:
    """(accuracy, abstention, invalid citations) of the maintainers' scorer, public questions."""
    done = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--questions", str(EVAL / "public.yaml"),
         "--article", str(article), "--",
         sys.executable, "-m", "bot", "ask", "--json", "--config", str(config)],
        cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=300, check=False)
    found = re.search(r"accuracy ([\d.]+) .* abstention ([\d.]+)", done.stdout)
    invalid = re.search(r"invalid citations: (\d+)/", done.stdout)
    assert found and invalid, done.stdout + done.stderr
    return float(found.group(1)), float(found.group(2)), int(invalid.group(1))


def test_public_evaluation_does_not_get_worse_with_a_second_article(tmp_path: Path) -> None:
    knowledge = two_articles(tmp_path)  # the shipped article, copied once for both runs
    (tmp_path / "one").mkdir()
    one_knowledge = tmp_path / "one" / "knowledge"
    one_knowledge.mkdir()
    shutil.copytree(knowledge / SLUG, one_knowledge / SLUG)
    for lexicon in knowledge.glob("*.yaml"):
        shutil.copy(lexicon, one_knowledge / lexicon.name)
    one = write_config(tmp_path / "one", one_knowledge)
    two = write_config(tmp_path, knowledge)
    article = knowledge / SLUG / "article.txt"
    accuracy_one, abstention_one, invalid_one = score(one, article)
    accuracy_two, abstention_two, invalid_two = score(two, article)
    assert accuracy_two >= accuracy_one
    assert abstention_two >= abstention_one
    assert invalid_two <= invalid_one


def test_a_decline_suggests_only_questions_of_the_article_it_points_to(tmp_path) -> None:
    """'How many runners...' about a new article must not suggest the Iraq article's
    questions; the closest passage is found through the words' translations."""
    import shutil

    from bot.answers import build_answer
    from bot.kb.loader import load_knowledge
    from bot.matching.index import Index
    from bot.matching.matcher import Matcher
    from tests.conftest import ROOT, SHIPPED
    from tests.test_passages import drafts_only

    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    drafts_only(root, "marathon", ROOT / "tests" / "corpus" / "marathon-lyon-record-2025-04"
                / "article.txt")
    kb = load_knowledge(root)
    result = Matcher(Index(kb)).match("How many runners were at the finish line?")
    answer = build_answer(kb, "How many runners were at the finish line?", result, "en")
    assert not answer.answered
    assert answer.closest is not None and answer.closest.article == "marathon"
    assert all(s.entry.startswith("marathon/") for s in answer.suggestions)


def test_two_articles_may_mean_different_things_by_one_word(tmp_path: Path) -> None:
    """'travaux' is the council's building site and the gardening study's research work: both
    editors' files load, the word is read as itself, and each concept keeps its other
    spellings (one editor's meaning is never imposed on the other article's questions)."""
    from bot.kb.loader import check_knowledge
    from bot.kb.problems import Severity
    from bot.matching.index import Index

    root = tmp_path / "knowledge"
    add_edited(root, "conseil-chambery-2025-06")
    add_edited(root, "etude-jardinage-demence-2025-03")
    kb, problems = check_knowledge(root)
    assert kb is not None, [str(p) for p in problems]
    shared = [p for p in problems if p.code == "alias-shared"]
    assert shared and all(p.severity is Severity.WARNING for p in shared)
    assert any("travaux" in p.message and "conseil-chambery-2025-06" in p.message
               for p in shared), [str(p) for p in shared]
    analyzer = Index(kb).analyzer
    assert not any(t.startswith("@") for t in analyzer.analyze("travaux").terms)
    assert analyzer.analyze("chantier").terms == ("@works",)
    assert analyzer.analyze("research").terms == ("@study",)



@pytest.mark.parametrize("question", [
    "What is this article about?", "C'est quoi le sujet de l'article ?",
    "Que raconte cet article ?", "de quoi parle l'article",
    # as the shipped article's own summary paraphrases ask it (no topic word of their own)
    "Que dit l'article ?", "C'est quoi l'histoire ?", "What is the story here?",
    "What does the article say?",
])
def test_the_gist_naming_no_article_is_the_newest_ones_summary(tmp_path: Path,
                                                                question: str) -> None:
    """Both articles have a summary entry; a request for the gist that names neither is
    about the newest one (the lexicon spells "this article about" as @summary: the
    request's own words, not a topic)."""
    from bot.config import Config
    from bot.matching.matcher import Status
    from bot.service import AnswerService

    root = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", root)
    add_edited(root, "reprise-usine-2025-11")
    answer = AnswerService(Config(knowledge_dir=root, cache_dir=None)).ask(question)
    assert answer.status is Status.ANSWERED, (answer.status, answer.reason)
    assert answer.articles == ("reprise-usine-2025-11",)


def _follow_up_copy(tmp_path: Path) -> Path:
    """The shipped article twice: itself and a copy under another title (a follow-up asked
    the same questions)."""
    root = tmp_path / "follow-up-knowledge"
    shutil.copytree(ROOT / "knowledge", root)
    copy = root / "irak-suite-2024-11"
    shutil.copytree(root / SLUG, copy)
    meta = copy / "meta.yaml"
    meta.write_text(re.sub(r"(?m)^title: .*$", 'title: "Irak : la suite"',
                           meta.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_suggestions_of_several_articles_name_their_article(tmp_path: Path) -> None:
    """Two articles asked the same question: each "did you mean" says which article it is
    about, in JSON and in the terminal; with one article, none does."""
    config = write_config(tmp_path, _follow_up_copy(tmp_path))
    question = "Combien de soldats américains sont en Irak ?"
    [answer] = ask_json(config, [question])
    assert answer["status"] == "ambiguous"
    offered = answer["suggestions"]
    assert {s["entry"].split("/")[0] for s in offered} == {SLUG, "irak-suite-2024-11"}
    named = {s["entry"].split("/")[0]: s["article"] for s in offered}
    assert named["irak-suite-2024-11"] == "« Irak : la suite » (2024-11)"
    assert named[SLUG].startswith("« Irak : al-Soudani s'entretient avec Donald Trump")
    shown = run_cli("ask", "--no-log", "--config", config, question)
    assert shown.returncode == 0, shown.stderr
    assert f"{question} — « Irak : la suite » (2024-11)" in shown.stdout
    (tmp_path / "alone").mkdir()
    alone = write_config(tmp_path / "alone", ROOT / "knowledge")
    [single] = ask_json(alone, ["retrait"])
    assert single["status"] == "ambiguous"
    assert single["suggestions"] and all("article" not in s for s in single["suggestions"])
