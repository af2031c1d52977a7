"""Where an article is set, from its title: every entry of it is about there, whether or
not its editor repeated the name (an editor had to add "Chambéry" to all 32 entries)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot.kb.loader import load_knowledge
from bot.matching.index import Index
from bot.matching.matcher import Matcher, Status
from tests.conftest import ROOT, SHIPPED

SLUG = "conseil-chambery-2025-06"
CORPUS = ROOT / "tests" / "corpus" / SLUG


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    """The shipped article, and the council article with no entry naming the town."""
    root = tmp_path_factory.mktemp("setting") / "knowledge"
    shutil.copytree(SHIPPED, root)
    folder = root / SLUG
    shutil.copytree(CORPUS / "knowledge", folder)
    shutil.copy(CORPUS / "article.txt", folder / "article.txt")
    (folder / "tests.yaml").unlink()
    data = yaml.safe_load((folder / "entries.yaml").read_text(encoding="utf-8"))
    for entry in data["entries"]:
        entry.pop("keywords", None)
        for lang, questions in entry.get("questions", {}).items():
            entry["questions"][lang] = [q for q in questions if "hambéry" not in q]
    (folder / "entries.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                         encoding="utf-8")
    return Matcher(Index(load_knowledge(root)))


def test_the_title_tells_where_each_article_is_set(matcher: Matcher) -> None:
    assert matcher.index.settings[SLUG] == {"@chambery"}  # "Chambéry : le conseil..."
    assert matcher.index.settings["irak-soudani-trump-2024-11"] == {"@iraq"}  # "en Irak"


@pytest.mark.parametrize("question", [
    "Combien d'arbres vont être plantés à Chambéry ?",
    "How many trees will Chambéry plant?",
])
def test_an_entry_answers_a_question_naming_where_its_article_is_set(
        matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.status is Status.ANSWERED, (result.reason, result.missing)
    assert result.best is not None and result.best.entry.article == SLUG


def test_another_place_is_still_missing(matcher: Matcher) -> None:
    assert matcher.match("Combien d'arbres vont être plantés à Grenoble ?").status \
        is not Status.ANSWERED
