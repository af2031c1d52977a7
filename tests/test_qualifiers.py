"""A noun asked with a nationality is not answered by a passage about another people's.

"Il y a combien de soldats nigériens ?" was answered with the German soldiers of an article
about Germany leaving Niger (every word of the question is in the article or around the
sentence), and "le premier ministre croate" with the Iraqi prime minister of the other article.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.kb.loader import load_knowledge
from bot.matching.index import Index
from bot.matching.matcher import Matcher, Status
from bot.matching.normalize import stem
from bot.matching.qualifiers import Qualifiers
from tests.conftest import ROOT, SHIPPED, SLUG
from tests.kbtools import add_edited
from tests.test_passages import drafts_only, match_text

NIGER = "retrait-allemand-niger-2025-05"
CROATIA = "election-croatie-2026-01"


@pytest.mark.parametrize(("text", "pairs"), [
    ("Combien de soldats nigériens ?", {("nigerien", "soldat")}),
    ("the German defence minister", {("allemand", "defenc"), ("allemand", "minist")}),
    ("le ministre allemand de la Défense", {("allemand", "ministr")}),
    ("des soldats américains et irakiens", {("americain", "soldat"), ("irakien", "soldat")}),
    ("les groupes armés irakiens", {("irakien", "arme"), ("irakien", "group")}),
    # a leaning is no people; a month is no nationality though written alike
    ("des milices pro-iraniennes", set()),
    ("lundi 13 mai", set()),
])
def test_the_nationalities_a_text_says_of_a_noun(text: str, pairs: set) -> None:
    assert Qualifiers(stem).pairs(text) == pairs


def test_a_question_offering_two_nationalities_asks_either() -> None:
    """"pro-iranien ou pro-américain", "Iraqi or Iranian": the passage saying one answers."""
    qualifiers = Qualifiers(stem)
    asked = qualifiers.pairs("les soldats irakiens ou américains")
    said = qualifiers.pairs("les soldats américains")
    assert not qualifiers.contradicts(asked, said, lambda term: {term})
    assert qualifiers.contradicts(qualifiers.pairs("les soldats irakiens"), said,
                                  lambda term: {term})


@pytest.mark.parametrize(("question", "answered"), [
    ("Combien de soldats nigériens quitteront le Niger ?", False),
    ("How many Nigerien soldiers will leave?", False),
    ("Combien de soldats allemands quitteront le Niger ?", True),
])
def test_a_sentence_about_another_peoples_noun_does_not_answer(
        tmp_path: Path, question: str, answered: bool) -> None:
    result = match_text(question, tmp_path, "date 2025-05 Les 90 derniers soldats allemands "
                        "quitteront le Niger d'ici au 31 août, a annoncé Berlin.\n",
                        slug="niger")
    assert (result.status is Status.ANSWERED) is answered, result.reason


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    """The shipped article beside the troop withdrawal as its editor left it and the
    election as `kb init` leaves it."""
    root = tmp_path_factory.mktemp("peoples") / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, NIGER)
    drafts_only(root, CROATIA, ROOT / "tests" / "corpus" / CROATIA / "article.txt")
    return Matcher(Index(load_knowledge(root)))


@pytest.mark.parametrize(("question", "answered_by"), [
    ("Il y a combien de soldats nigériens ?", None),
    ("What did the Nigerien defence minister say?", None),
    ("et le premier ministre croate il s'appelle comment ?", None),
    ("Combien de soldats allemands reste-t-il au Niger ?", f"{NIGER}/troops-count"),
    ("Qui est le Premier ministre irakien ?", f"{SLUG}/"),
])
def test_an_entry_about_another_peoples_noun_does_not_answer(
        edited: Matcher, question: str, answered_by: str | None) -> None:
    """`answered_by`: the answering entry's key, or its start; None: declined."""
    result = edited.match(question)
    if answered_by is None:
        assert result.status is not Status.ANSWERED, (result.best and result.best.entry.key)
    else:
        assert result.status is Status.ANSWERED and result.best is not None, result.reason
        assert result.best.entry.key.startswith(answered_by)
