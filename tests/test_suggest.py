"""Autocomplete ranking (bot/suggest.py): known questions and articles, as the user types."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.kb.loader import load_knowledge
from bot.kb.model import KnowledgeBase
from bot.matching.language import text_language
from bot.suggest import (
    MAX_CHOICE_CHARS,
    MAX_CHOICES,
    QuestionSuggester,
    SuggesterCache,
    cut,
    cut_words,
    locale_language,
    resolve_article,
    suggest_articles,
)
from tests.conftest import ENTRIES, ROOT, SHIPPED, SLUG, write

TOWN = "saint-aubin-pietons-2025-03"  # a second article, a test fixture
SHIPPED_KB = load_knowledge(SHIPPED)
SUGGESTER = QuestionSuggester(SHIPPED_KB)
LONG_QUESTION = ("Combien de soldats américains, de conseillers militaires et d'instructeurs de "
                 "la coalition internationale sont-ils encore déployés en Irak aujourd'hui ?")


@pytest.fixture
def two_articles(tmp_path: Path) -> KnowledgeBase:
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    shutil.copytree(ROOT / "tests" / "fixtures" / TOWN, root / TOWN)
    return load_knowledge(root)


def test_nothing_typed_lists_each_entry_once_in_editors_order(small_kb: Path) -> None:
    kb = load_knowledge(small_kb)
    choices = QuestionSuggester(kb).suggest("", "en")
    assert [c.name for c in choices] == ["How many US troops are in Iraq?",
                                         "When was the arrest warrant against Trump issued?"]
    assert [c.key for c in choices] == [e.key for e in kb.entries]


def test_typing_the_start_of_a_question_ranks_it_first() -> None:
    choices = SUGGESTER.suggest("combien de sold", "fr")
    assert choices[0].key == f"{SLUG}/troops-count"
    assert choices[0].name.lower().startswith("combien de sold")


def test_typos_and_word_order_still_match() -> None:
    assert SUGGESTER.suggest("combein de soldas", "fr")[0].key == f"{SLUG}/troops-count"
    assert SUGGESTER.suggest("killed soleimani who", "en")[0].name == "Who killed Soleimani?"


def test_nothing_like_it_gives_no_choice() -> None:
    assert SUGGESTER.suggest("zzzz qqqq", "fr") == []


def test_language_of_the_choices() -> None:
    french = {q for e in SHIPPED_KB.entries for q in e.questions.get("fr", ())}
    english = {q for e in SHIPPED_KB.entries for q in e.questions.get("en", ())}
    assert all(c.name in french for c in SUGGESTER.suggest("trump", "fr"))
    assert all(c.name in english for c in SUGGESTER.suggest("trump", "en"))


def test_entry_without_paraphrases_in_a_language_is_still_offered(small_kb: Path) -> None:
    entries = ENTRIES.replace("      en:\n        - When was the arrest warrant against Trump "
                              "issued?\n", "")
    write(small_kb / SLUG / "entries.yaml", entries)
    choices = QuestionSuggester(load_knowledge(small_kb)).suggest("", "en")
    assert [c.name for c in choices][1] == "Quand le mandat d'arrêt contre Trump a-t-il été émis ?"


def test_long_paraphrase_is_cut_visibly_and_still_submittable(small_kb: Path) -> None:
    entries = ENTRIES.replace("        - Nombre de militaires américains en Irak",
                              f"        - {LONG_QUESTION}")
    write(small_kb / SLUG / "entries.yaml", entries)
    (choice,) = QuestionSuggester(load_knowledge(small_kb)).suggest("conseillers militaires",
                                                                    "fr")
    assert len(LONG_QUESTION) > MAX_CHOICE_CHARS
    assert len(choice.name) == MAX_CHOICE_CHARS and choice.name.endswith("…")
    assert len(choice.value) <= MAX_CHOICE_CHARS and LONG_QUESTION.startswith(choice.value)
    assert "…" not in choice.value  # what is submitted is the question's own words


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(typed=st.text(max_size=120), language=st.sampled_from(["fr", "en", "de"]))
def test_choices_always_fit_discord(typed: str, language: str) -> None:
    choices = SUGGESTER.suggest(typed, language)
    assert len(choices) <= MAX_CHOICES
    assert len({c.key for c in choices}) == len(choices)  # one per entry
    assert len({c.name for c in choices}) == len(choices)
    assert all(0 < len(c.name) <= MAX_CHOICE_CHARS and 0 < len(c.value) <= MAX_CHOICE_CHARS
               for c in choices)


def test_restricted_to_one_article(two_articles: KnowledgeBase) -> None:
    suggester = QuestionSuggester(two_articles)
    everything = suggester.suggest("", "fr", limit=500)
    assert {c.key.split("/")[0] for c in everything} == {SLUG, TOWN}
    town = suggester.suggest("", "fr", article=TOWN)
    assert town and all(c.key.startswith(f"{TOWN}/") for c in town)


def test_articles(two_articles: KnowledgeBase) -> None:
    assert [c.value for c in suggest_articles(two_articles, "")] == [SLUG, TOWN]
    assert suggest_articles(two_articles, "pieton saint aubin")[0].value == TOWN
    assert all(len(c.name) <= MAX_CHOICE_CHARS for c in suggest_articles(two_articles, ""))
    assert resolve_article(two_articles, TOWN) == TOWN
    title = two_articles.by_slug[TOWN].meta.title
    assert resolve_article(two_articles, title.upper()) == TOWN
    assert resolve_article(two_articles, "saint-aubin-pietons") == TOWN  # close enough
    assert resolve_article(two_articles, "le prix du pain") is None


def test_cache_rebuilds_only_for_new_knowledge(small_kb: Path) -> None:
    cache = SuggesterCache()
    kb = load_knowledge(small_kb)
    first = cache.get(kb)
    assert cache.get(kb) is first
    assert cache.get(load_knowledge(small_kb)) is not first


def test_languages() -> None:
    assert [locale_language(x) for x in ("fr", "fr-CA", "en-US", "en-GB", "de", "", None)] == [
        "fr", "fr", "en", "en", None, None, None]
    assert text_language("combien de soldats") == "fr"
    assert text_language("how many soldiers") == "en"
    assert text_language("Trump") is None


def test_cut() -> None:
    assert cut("a  b\nc", 10) == "a b c"
    assert cut("x" * 120, 100) == "x" * 99 + "…"
    assert cut_words("alpha beta gamma", 12) == "alpha beta"


def test_written_out_questions_are_offered_before_keywords() -> None:
    suggester = QuestionSuggester(load_knowledge(SHIPPED))
    names = [c.name for c in suggester.suggest("soleimani tue", "fr")]
    assert names and all(n[:1].isupper() and n.endswith("?") for n in names[:5]), names
