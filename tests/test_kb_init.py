"""`kb init`: a new article folder of draft entries that validates and never answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.editing.scaffold import unique_quote
from bot.kb.article import Article
from bot.kb.loader import load_knowledge
from tests.kbtools import (
    SHIPPED,
    SLUG,
    TOWN,
    TOWN_DIR,
    ask_json,
    run_cli,
    snapshot_files,
    write_config,
)

NEW = "pietons"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge (the new article is added beside it)."""
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    return root


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "article.txt"
    path.parent.mkdir()
    shutil.copy(TOWN_DIR / "article.txt", path)
    return path


def init(source: Path, knowledge: Path, *args: str):
    return run_cli("kb", "init", source, "--knowledge", knowledge, *args)


def test_init_creates_a_valid_folder_of_drafts(source: Path, knowledge: Path) -> None:
    done = init(source, knowledge, "--slug", NEW, "--title", "Le centre-ville piéton",
                "--source", "Test")
    assert done.returncode == 0, done.stderr
    folder = knowledge / NEW
    assert (folder / "article.txt").read_bytes() == source.read_bytes()
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    assert meta == {"title": "Le centre-ville piéton", "date": "2025-03", "language": "fr",
                    "source": "Test"}
    article = Article.parse(source.read_text(encoding="utf-8"))
    entries = yaml.safe_load((folder / "entries.yaml").read_text(encoding="utf-8"))["entries"]
    assert [e["id"] for e in entries] == [s.id.replace(".", "-") for s in article.sentences]
    assert "h1" in [e["id"] for e in entries]  # headings are cited too
    for entry, sentence in zip(entries, article.sentences, strict=True):
        assert entry["status"] == "draft"
        assert entry["citations"] == [sentence.text]
        assert "questions" not in entry and "answer" not in entry
    text = (folder / "entries.yaml").read_text(encoding="utf-8")
    assert text.count("    # questions:") == len(entries)  # placeholders, commented out
    assert text.count("    #   en:") == 2 * len(entries)
    assert run_cli("validate", knowledge).returncode == 0
    kb = load_knowledge(knowledge)
    assert {a.meta.slug for a in kb.articles} == {SLUG, NEW}
    assert not [p for p in knowledge.iterdir() if p.name.startswith(".")]  # no leftovers


def test_defaults_come_from_the_header_and_first_sentence(source: Path, knowledge: Path) -> None:
    done = init(source, knowledge)
    assert done.returncode == 0, done.stderr
    folders = [p for p in knowledge.iterdir() if p.is_dir() and p.name != SLUG]
    assert len(folders) == 1
    assert folders[0].name.startswith("conseil-municipal-saint-aubin")
    assert folders[0].name.endswith("2025-03")
    meta = yaml.safe_load((folders[0] / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["title"].startswith("Le conseil municipal de Saint-Aubin-des-Prés")
    assert meta["date"] == "2025-03"
    assert "kb init" in meta["source"]
    # the editor is told which of them are guesses to write
    assert "the title and the source are guesses" in done.stdout


def test_a_title_and_source_given_are_not_called_guesses(source: Path, knowledge: Path) -> None:
    done = init(source, knowledge, "--title", "Le centre-ville piéton", "--source", "Test")
    assert done.returncode == 0, done.stderr
    assert "guess" not in done.stdout


def test_a_source_given_leaves_only_the_title_called_a_guess(source: Path,
                                                             knowledge: Path) -> None:
    done = init(source, knowledge, "--source", "Test")
    assert done.returncode == 0, done.stderr
    assert ("meta.yaml: the title is a guess (title: made from the file name or the first "
            "sentence): write the real one, or give --title.") in done.stdout


def test_a_new_article_answers_from_its_own_sentences(source: Path, knowledge: Path,
                                                      tmp_path: Path) -> None:
    """Added with `kb init` alone, the article answers from its sentences, quoted verbatim
    and marked as drawn from the article; what it does not say is still declined."""
    assert init(source, knowledge, "--slug", NEW).returncode == 0
    config = write_config(tmp_path, knowledge)
    answered = ["Combien de places aura le parking relais ?", "Qui est la maire ?",
                "Combien coûte le chantier ?"]
    declined = ["Quel âge a la maire ?", "Combien de places aura le parking de la mairie ?",
                "Combien de soldats allemands sont en Irak ?"]
    for restrict in (("--article", NEW), ()):
        got = ask_json(config, answered + declined, *restrict)
        for question, answer in zip(answered, got, strict=False):
            assert answer["answered"], (question, answer)
            assert answer["reason"] == "from-article" and answer["entry"] is None
            assert [c["article"] for c in answer["citations"]] == [NEW]
            article_text = (knowledge / NEW / "article.txt").read_text(encoding="utf-8")
            assert answer["citations"][0]["quote"] in article_text
        for question, answer in zip(declined, got[len(answered):], strict=True):
            assert not answer["answered"], (question, answer)
    places, mayor = ask_json(config, answered[:2], "--article", NEW)
    assert "300 places" in places["answer"] and "Claire Vasseur" in mayor["answer"]


def test_completed_entries_answer_and_lint_lists_the_drafts(source: Path,
                                                            tmp_path: Path) -> None:
    knowledge = tmp_path / "fresh"  # a new knowledge folder: its only article is the new one
    assert init(source, knowledge, "--slug", NEW).returncode == 0
    lint = run_cli("kb", "lint", knowledge, "--json")
    assert lint.returncode == 0, lint.stdout  # drafts are warnings, not errors
    assert "draft" in lint.stdout
    added = run_cli("kb", "add", "--knowledge", knowledge, "--article", NEW, "--sentence",
                    "p2.2", "--question-fr", "Combien coûte le chantier ?", "--question-en",
                    "How much does the work cost?", "--answer-fr", "1,2 million d'euros.",
                    "--answer-en", "1.2 million euros.")
    assert added.returncode == 0, added.stderr
    assert "p2-2" in added.stdout  # the draft citing the same sentence is pointed out
    config = write_config(tmp_path, knowledge)
    answer = ask_json(config, ["Combien coûte le chantier ?"], "--article", NEW)[0]
    assert answer["answered"]
    assert answer["citations"][0]["article"] == NEW
    assert answer["citations"][0]["block"] == "p2"


def test_refusals_write_nothing(source: Path, knowledge: Path, tmp_path: Path) -> None:
    before = snapshot_files(knowledge)
    no_date = tmp_path / "no-date.txt"
    no_date.write_text("Un paragraphe sans date.\n\nUn autre paragraphe.\n", encoding="utf-8")
    done = init(no_date, knowledge)
    assert done.returncode == 1 and "--date" in done.stderr
    done = init(source, knowledge, "--date", "2024-01")
    assert done.returncode == 1 and "2025-03" in done.stderr
    done = init(source, knowledge, "--slug", SLUG)
    assert done.returncode == 1 and "already exists" in done.stderr
    latin = tmp_path / "latin.txt"
    latin.write_bytes("date 2025-03 Première ligne.\n\nDeuxième, café.\n".encode("latin-1"))
    done = init(latin, knowledge)
    assert done.returncode == 1 and "latin.txt:1: error: not valid UTF-8" in done.stderr
    done = init(source, knowledge, "--slug", "Not A Slug")
    assert done.returncode == 1 and "--slug" in done.stderr
    assert snapshot_files(knowledge) == before
    assert [p.name for p in knowledge.iterdir()] == [p.name for p in SHIPPED.iterdir()]


def test_a_repeated_sentence_is_cited_with_its_neighbour(tmp_path: Path) -> None:
    text = ("date 2025-03 La séance est ouverte. Le maire parle du budget.\n\n"
            "La séance est ouverte. Le public pose des questions.\n")
    article = Article.parse(text)
    first, second = article.by_id["p1"].sentences[0], article.by_id["p2"].sentences[0]
    assert unique_quote(article, first) == "La séance est ouverte. Le maire parle du budget."
    assert unique_quote(article, second) == ("La séance est ouverte. Le public pose des "
                                             "questions.")
    source = tmp_path / "seance.txt"
    source.write_text(text, encoding="utf-8")
    knowledge = tmp_path / "k"
    done = init(source, knowledge, "--slug", "seance")
    assert done.returncode == 0, done.stderr
    kb = load_knowledge(knowledge)
    assert len(kb.entries) == 4 and all(e.draft for e in kb.entries)


def test_the_fixture_article_is_not_shipped() -> None:
    assert not (SHIPPED / TOWN).exists()


def test_a_date_line_standing_alone_is_the_header(knowledge: Path, tmp_path: Path) -> None:
    """"date 2026-02", a blank line, then the text: an editor's way of writing the header.
    It is taken as the header (joined to the first paragraph, as the format wants), not
    read as a heading quoted by a draft, nor refused for want of --date."""
    path = tmp_path / "standalone.txt"
    path.write_text("date 2026-02\n\nLe maire a annoncé lundi un plan de 12 millions.\n\n"
                    "Les travaux\n\nIls commenceront en mars.\n", encoding="utf-8")
    done = init(path, knowledge, "--slug", NEW)
    assert done.returncode == 0, done.stderr
    assert "the 'date' line stood alone" in done.stdout
    folder = knowledge / NEW
    text = (folder / "article.txt").read_text(encoding="utf-8")
    assert text == ("date 2026-02 Le maire a annoncé lundi un plan de 12 millions.\n\n"
                    "Les travaux\n\nIls commenceront en mars.\n")
    assert yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))["date"] == "2026-02"
    article = Article.parse(text)
    assert [b.id for b in article.blocks] == ["p1", "h1", "p2"]
    assert "date 2026-02" not in (folder / "entries.yaml").read_text(encoding="utf-8")
    assert run_cli("validate", knowledge).returncode == 0


def test_a_title_from_the_file_name_takes_the_articles_accents_and_capitals(
        tmp_path: Path, knowledge: Path) -> None:
    """"telepherique-brevanne.txt" made the title "Telepherique brevanne"."""
    path = tmp_path / "incoming" / "pietonnisation-saint-aubin-des-pres.txt"
    path.parent.mkdir()
    shutil.copy(TOWN_DIR / "article.txt", path)
    done = init(path, knowledge, "--slug", NEW)
    assert done.returncode == 0, done.stderr
    meta = yaml.safe_load((knowledge / NEW / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Piétonnisation Saint Aubin des Prés"
