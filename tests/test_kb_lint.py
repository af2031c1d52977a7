"""`kb lint`: retrieval with a margin, competing entries, coverage, languages; exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.config import LintSettings
from bot.editing.lint import lint_knowledge
from tests.kbtools import (
    SHIPPED,
    SLUG,
    TOWN,
    add_edited,
    run_cli,
    town_only,
    write_config,
)


@pytest.fixture
def town(tmp_path: Path) -> Path:
    return town_only(tmp_path)


def entries(root: Path) -> Path:
    return root / TOWN / "entries.yaml"


def edit(root: Path, old: str, new: str) -> int:
    """Replace text in the test article's entries file; the line number of the change."""
    path = entries(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def lint_json(root: Path, *args: str) -> tuple[int, dict]:
    done = run_cli("kb", "lint", "--json", root, *args)
    return done.returncode, json.loads(done.stdout)


def codes(report: dict) -> set[str]:
    return {p["code"] for p in report["problems"]}


def test_complete_knowledge_lints_clean(town: Path) -> None:
    status, report = lint_json(town)
    assert status == 0, [p["message"] for p in report["problems"]]
    assert report["ok"] and report["errors"] == 0 and report["warnings"] == 0
    stats = report["stats"]
    assert stats["retrieved"] == stats["paraphrases"] > 0
    assert stats["covered"] == stats["covered_ready"] == stats["sentences"] == 8
    human = run_cli("kb", "lint", town)
    assert human.returncode == 0
    assert "0 error(s), 0 warning(s)" in human.stdout


def test_a_paraphrase_taken_by_another_entry_is_an_error_with_its_line(town: Path) -> None:
    line = edit(town, "        - Qui porte la mesure ?\n",
                "        - Qui porte la mesure ?\n        - Combien coûte ce chantier ?\n") + 1
    status, report = lint_json(town)
    assert status == 1
    found = [p for p in report["problems"] if p["line"] == line]
    assert found, report["problems"]
    assert found[0]["severity"] == "error"
    assert found[0]["code"] in {"wrong-entry", "ambiguous", "thin-margin"}
    assert found[0]["path"].endswith(f"{TOWN}/entries.yaml")
    pairs = [tuple(c["entries"]) for c in report["competing"]]
    assert (f"{TOWN}/cost", f"{TOWN}/mayor") in pairs
    human = run_cli("kb", "lint", town).stdout
    assert f"entries.yaml:{line}: error:" in human
    assert f"{TOWN}/cost <-> {TOWN}/mayor" in human


def test_a_paraphrase_no_entry_answers_is_an_error(town: Path) -> None:
    line = edit(town, "        - Qui finance le chantier ?\n",
                "        - Qui finance le chantier ?\n        - \"?!\"\n") + 1
    status, report = lint_json(town)
    assert status == 1
    problem = next(p for p in report["problems"]
                   if p["line"] == line and p["severity"] == "error")
    assert problem["code"] == "not-retrieved"
    assert "funding" in problem["message"]


def test_a_paraphrase_without_content_words_is_a_warning(town: Path) -> None:
    line = edit(town, "        - Qui finance le chantier ?\n",
                "        - Qui finance le chantier ?\n        - Qu'en est-il ?\n") + 1
    status, report = lint_json(town)
    assert status == 0
    problem = next(p for p in report["problems"] if p["line"] == line)
    assert problem["code"] == "no-terms" and problem["severity"] == "warning"
    strict, _ = lint_json(town, "--strict")  # clean means nothing to report
    assert strict == 1


RIVAL = """
  - id: streets-rival
    questions:
      fr:
        - Dans quelles rues les voitures ne pourront-elles plus rouler ?
    answer:
      fr: Six rues autour de la place du Marché seront interdites à la circulation automobile.
      en: Six streets around the place du Marché will be closed to car traffic.
    citations:
      - "interdit la circulation automobile dans six rues autour de la place du Marché"
"""


def test_margin_comes_from_the_config_and_spares_related_entries(town: Path,
                                                                 tmp_path: Path) -> None:
    with entries(town).open("a", encoding="utf-8") as out:
        out.write(RIVAL)  # same answer and citation as streets-closed: a close rival
    strict = write_config(tmp_path, town, extra="lint:\n  margin: 1.0\n")
    done = run_cli("kb", "lint", "--json", "--config", strict)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["margin"] == 1.0
    thin = [p for p in report["problems"] if p["code"] == "thin-margin"]
    assert any("streets-rival" in p["message"] for p in thin), report["problems"]
    overridden = run_cli("kb", "lint", "--json", "--config", strict, "--margin", "0")
    assert overridden.returncode == 0, overridden.stdout
    assert json.loads(overridden.stdout)["margin"] == 0.0
    with entries(town).open("a", encoding="utf-8") as out:
        out.write("    related: [streets-closed]\n")  # meant to be close: not a rival
    report = lint_knowledge(town, margin=1.0)
    assert not [p for p in report.errors if "streets-rival" in p.message]


def test_uncovered_sentences_and_missing_languages_are_warnings(town: Path) -> None:
    text = entries(town).read_text(encoding="utf-8")
    start = text.index("  - id: trial-period")
    entries(town).write_text(text[:start].rstrip() + "\n", encoding="utf-8")  # drop p3.3
    edit(town, "    related: [shopkeepers-fear, restaurants-hope]\n", "")
    line = edit(town, "      en: Six streets around the place du Marché will be closed to car "
                      "traffic.\n", "")
    status, report = lint_json(town)
    assert status == 0, report["problems"]  # warnings only
    assert report["errors"] == 0
    uncovered = [p for p in report["problems"] if p["code"] == "uncovered"]
    assert [p["message"].split()[1] for p in uncovered] == ["p3.3"]
    assert uncovered[0]["path"].endswith("article.txt")
    assert uncovered[0]["line"] == 8  # the first line of the third paragraph
    language = [p for p in report["problems"] if p["code"] == "missing-language"]
    assert len(language) == 1
    assert "streets-closed" in language[0]["message"]
    assert "English answer" in language[0]["message"]
    assert language[0]["line"] < line
    assert report["stats"]["covered"] == report["stats"]["sentences"] - 1


def test_a_number_no_answer_gives_of_a_cited_sentence_is_a_warning(town: Path) -> None:
    """An entry speaks for the sentence it cites: the sentence no longer answers alone, so
    its other numbers are lost to readers unless some entry gives them. A new user's cost
    entry made "Quand ont commencé les travaux ?" (same sentence) declined, unwarned."""
    text = entries(town).read_text(encoding="utf-8")
    start, end = text.index("  - id: parking-lost"), text.index("  - id: shuttle")
    entries(town).write_text(text[:start] + text[end:], encoding="utf-8")
    edit(town, "    related: [shuttle, parking-lost]\n", "    related: [shuttle]\n")
    status, report = lint_json(town)
    assert status == 0, report["problems"]  # a warning
    found = [p for p in report["problems"] if p["code"] == "facts-not-given"]
    assert len(found) == 1 and "'park-and-ride'" in found[0]["message"]
    assert "gives its 140:" in found[0]["message"] and "300" not in found[0]["message"]
    assert found[0]["path"].endswith("entries.yaml") and found[0]["line"]
    assert "--sentence p2.1" in found[0]["hint"]


def test_a_question_or_answer_filed_under_the_other_language_is_a_warning(town: Path) -> None:
    """A French question pasted under `en:` (a slip an editor made) is read as French and
    answered in French: lint names it, with its line; the other paraphrases pass."""
    line = edit(town, "        - Where will cars be banned?\n",
                "        - Où les voitures seront-elles interdites ?\n")
    edit(town, "      en: Six streets around the place du Marché will be closed to car "
               "traffic.\n", "      en: Six rues autour de la place du Marché seront "
               "interdites à la circulation automobile.\n")
    status, report = lint_json(town)
    assert status == 0, report["problems"]  # warnings only
    wrong = [p for p in report["problems"] if p["code"] == "wrong-language"]
    assert len(wrong) == 2, wrong
    question, answer = sorted(wrong, key=lambda p: "answer" in p["message"])
    assert "Où les voitures seront-elles interdites ?" in question["message"]
    assert "reads as French" in question["message"] and question["line"] == line
    assert "streets-closed" in answer["message"] and "English answer" in answer["message"]


def test_invalid_knowledge_stops_at_validation(town: Path) -> None:
    line = edit(town, "    related: [start-date, vote-count]\n",
                "    related: [start-date, vote-count\n")
    status, report = lint_json(town)
    assert status == 1
    assert not report["valid"]
    problem = report["problems"][0]
    assert problem["code"] == "yaml-syntax"
    assert line <= problem["line"] <= line + 2
    human = run_cli("kb", "lint", town).stdout
    assert "does not validate" in human


def test_cross_article_competition_is_a_warning(tmp_path: Path) -> None:
    root = town_only(tmp_path)
    twin = root / "twin-2025-03"
    shutil.copytree(root / TOWN, twin)  # the same article twice: every question competes
    report = lint_knowledge(root, margin=LintSettings().margin)
    assert report.errors == []
    assert {p.code for p in report.warnings} == {"cross-article"}
    assert any(c.entries == (f"{TOWN}/cost", "twin-2025-03/cost")
               for c in report.competitions)


def test_a_request_for_the_gist_naming_no_article_is_no_cross_article_warning(
        tmp_path: Path) -> None:
    """"De quoi parle cet article ?" goes to the newest article by design: the older
    article's summary paraphrases are not reported as competing with the newer one's."""
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    add_edited(root, "greve-ter-2026-01")  # newer than the shipped article
    report = lint_knowledge(root, margin=LintSettings().margin, article=SLUG)
    flagged = " ".join(p.message for p in report.warnings if p.code == "cross-article")
    for gist in ("Quelle est l'info principale ?", "Donne-moi les grandes lignes de l'article",
                 "En quelques mots, de quoi parle l'article ?", "What is this article about?",
                 "What is the story here?"):
        assert f"\u00ab{gist}\u00bb" not in flagged, flagged
    # nor, whatever the articles, as a paraphrase with no content word
    unworded = " ".join(p.message for p in report.warnings if p.code == "no-terms")
    for gist in ("Que dit l'article ?", "C'est quoi l'histoire ?", "What does the article say?"):
        assert f"\u00ab{gist}\u00bb" not in unworded, unworded


def test_shipped_knowledge_is_complete() -> None:
    """Every sentence cited by a ready entry, both languages everywhere, nothing invalid."""
    report = lint_knowledge(SHIPPED, margin=LintSettings().margin)
    assert report.valid
    assert report.stats.covered_ready == report.stats.sentences
    assert not [p for p in report.problems
                if p.code in ("uncovered", "missing-language", "draft")]


def test_shipped_paraphrases_retrieve_their_entries() -> None:
    report = lint_knowledge(SHIPPED, margin=LintSettings().margin)
    assert report.errors == [], "\n".join(str(p) for p in report.errors[:20])


GIST = """
  - id: article-summary
    questions:
      fr:
        - De quoi parle l'article ?
        - Résume-moi l'article
      en:
        - What is the article about?
        - Give me a summary of the article
    answer:
      fr: Six rues autour de la place du Marché seront interdites aux voitures.
      en: Six streets around the place du Marché will be closed to cars.
    citations:
      - "interdit la circulation automobile dans six rues autour de la place du Marché"
"""


def test_asking_for_the_gist_is_no_warning_with_several_articles(tmp_path: Path) -> None:
    """"De quoi parle l'article ?" is read by its wording (the chosen article's summary,
    else the newest's): every article may have it, and it needs no content word."""
    root = town_only(tmp_path)
    with entries(root).open("a", encoding="utf-8") as file:
        file.write(GIST)
    shutil.copytree(SHIPPED / "irak-soudani-trump-2024-11",
                    root / "irak-soudani-trump-2024-11")
    summaries = [p for p in lint_knowledge(root, margin=LintSettings().margin).problems
                 if "summary" in p.message]
    assert summaries == [], [p.message for p in summaries]


def test_a_paraphrase_asking_a_kind_of_fact_its_answer_lacks_says_so(town: Path) -> None:
    line = edit(town, "        - Qui paiera les travaux ?\n",
                "        - Qui paiera les travaux ?\n"
                "        - Quand la région paiera-t-elle les travaux ?\n") + 1
    status, report = lint_json(town)
    assert status == 1
    problem = next(p for p in report["problems"] if p["line"] == line)
    assert problem["code"] == "not-retrieved" and "qtype" in problem["message"]
    assert "date or a time of day" in problem["hint"]


def test_an_alias_reading_other_words_of_its_article_is_a_warning(town: Path) -> None:
    """"baisser" reads "baisse" too (one stem): the editor is told which words it takes,
    once per concept; an alias's own plurals and tenses ("piétons") are not reported."""
    aliases = town / TOWN / "aliases.yaml"
    text = aliases.read_text(encoding="utf-8")
    aliases.write_text(text + "  lowering: [baisser, lowers]\n", encoding="utf-8")
    status, report = lint_json(town)
    found = [p for p in report["problems"] if p["code"] == "alias-reads-more"]
    assert len(found) == 1, found
    assert "'baisse'" in found[0]["message"] and "'lowering'" in found[0]["message"]
    assert found[0]["severity"] == "warning" and found[0]["line"] == text.count("\n") + 1
    assert status == 0
