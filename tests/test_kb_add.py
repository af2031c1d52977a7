"""`kb add`: appended as text (nothing rewritten), validated first, written atomically."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.editing.add import append_entry
from bot.editing.files import EditRefused, write_atomic
from bot.editing.yamltext import EntryText, scalar
from bot.kb.loader import load_knowledge
from tests.kbtools import SHIPPED, SLUG, TOWN, run_cli, snapshot_files, town_only

QUOTE = "une navette électrique gratuite toutes les dix minutes"


@pytest.fixture
def town(tmp_path: Path) -> Path:
    return town_only(tmp_path)


def add(root: Path, *args: str, stdin: str | None = None):
    return run_cli("kb", "add", "--knowledge", root, *args, stdin=stdin)


def flags(**values: str) -> list[str]:
    out = []
    for name, value in values.items():
        out += [f"--{name.replace('_', '-')}", value]
    return out


ELECTRIC = flags(id="shuttle-electric", question_fr="La navette sera-t-elle électrique ?",
                 question_en="Will the shuttle be electric?",
                 answer_fr="Oui, la navette sera électrique.",
                 answer_en="Yes, the shuttle will be electric.", quote=QUOTE)


def test_add_appends_without_touching_what_editors_wrote(town: Path) -> None:
    path = town / TOWN / "entries.yaml"
    before = path.read_bytes()
    mode = path.stat().st_mode
    done = add(town, "--article", TOWN, *ELECTRIC, "--related", "shuttle")
    assert done.returncode == 0, done.stderr
    after = path.read_bytes()
    assert after.startswith(before)  # comments, order and quoting untouched
    added = after[len(before):].decode("utf-8")
    assert added.startswith("\n  - id: shuttle-electric\n")
    line = before.count(b"\n") + 2
    assert f"entries.yaml:{line}" in done.stdout
    entry = yaml.safe_load("entries:\n" + added)["entries"][0]
    assert entry == {
        "id": "shuttle-electric",
        "questions": {"fr": ["La navette sera-t-elle électrique ?"],
                      "en": ["Will the shuttle be electric?"]},
        "answer": {"fr": "Oui, la navette sera électrique.",
                   "en": "Yes, the shuttle will be electric."},
        "citations": [QUOTE], "related": ["shuttle"]}
    assert path.stat().st_mode == mode
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]
    kb = load_knowledge(town)
    new = kb.by_key[f"{TOWN}/shuttle-electric"]
    assert new.citations[0].sentence_ids == ("p2.1",)
    assert run_cli("kb", "lint", town).returncode in (0, 1)  # lint runs on the result


def test_id_is_made_from_the_question_and_article_may_be_implicit(town: Path) -> None:
    done = add(town, *flags(question_en="Is the shuttle electric?",
                            question_fr="La navette est-elle électrique ?",
                            answer_fr="Oui.", answer_en="Yes.", quote=QUOTE))
    assert done.returncode == 0, done.stderr
    assert f"{TOWN}/shuttle-electric" in done.stdout
    again = add(town, *flags(question_en="Is the shuttle electric, really?",
                             answer_fr="Oui.", quote=QUOTE))
    assert again.returncode == 0, again.stderr
    assert f"{TOWN}/shuttle-electric-really" in again.stdout


def test_refusals_point_at_file_and_line_and_write_nothing(town: Path) -> None:
    before = snapshot_files(town)
    wrong_quote = add(town, *flags(id="x-one", question_fr="Combien de bus ?", answer_fr="12.",
                                   quote="une navette diesel payante"))
    assert wrong_quote.returncode == 1
    assert "not-verbatim" not in wrong_quote.stderr  # the message is for people
    assert "entries.yaml:" in wrong_quote.stderr
    assert "citation is not verbatim" in wrong_quote.stderr
    assert "navette électrique gratuite" in wrong_quote.stderr  # the closest passage
    duplicate = add(town, *flags(id="cost", question_fr="Combien de bus ?", answer_fr="12.",
                                 quote=QUOTE))
    assert duplicate.returncode == 1 and "duplicate id 'cost'" in duplicate.stderr
    same_question = add(town, *flags(id="x-two", question_fr="Combien coûte le chantier ?",
                                     answer_fr="12.", quote=QUOTE))
    assert same_question.returncode == 1 and "also in entry 'cost'" in same_question.stderr
    missing = add(town, *flags(id="x-three", question_fr="Combien de bus ?"))
    assert missing.returncode == 1 and "an answer, a quote" in missing.stderr
    unknown = add(town, *flags(article="nope", question_fr="Q ?", answer_fr="R.", quote=QUOTE))
    assert unknown.returncode == 1 and TOWN in unknown.stderr
    bad_sentence = add(town, *flags(question_fr="Q ?", answer_fr="R.", sentence="p2.9"))
    assert bad_sentence.returncode == 1 and "p2.9" in bad_sentence.stderr
    assert snapshot_files(town) == before


def test_broken_knowledge_is_refused_first(town: Path) -> None:
    path = town / TOWN / "entries.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    before = path.read_bytes()
    done = add(town, *ELECTRIC)
    assert done.returncode == 1
    assert "fix them first" in done.stderr and "entries.yaml:" in done.stderr
    assert path.read_bytes() == before


def test_with_several_articles_the_article_is_required(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    shutil.copytree(town_only(tmp_path) / TOWN, root / TOWN)
    done = add(root, *ELECTRIC)
    assert done.returncode == 1 and "--article" in done.stderr
    iraq = root / SLUG / "entries.yaml"
    before = iraq.read_bytes()
    done = add(root, "--article", TOWN, *ELECTRIC)
    assert done.returncode == 0, done.stderr
    assert iraq.read_bytes() == before  # the other article's file is untouched


def test_interactive_prompt_finds_the_quote_by_fuzzy_search(town: Path) -> None:
    answers = "\n".join([
        "La navette sera-t-elle électrique ?", "",  # French questions, then done
        "Will the shuttle be electric?", "",  # English questions, then done
        "Oui, elle sera électrique.", "Yes, it will be electric.",  # answers
        "navete electrique",  # search words, with a typo
        "1",  # the first sentence found
        "",  # accept the suggested id
        "y",  # confirm
    ]) + "\n"
    done = add(town, stdin=answers)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1. p2.1" in done.stdout  # numbered choices, best first
    kb = load_knowledge(town)
    entry = kb.by_key[f"{TOWN}/shuttle-electric"]
    assert entry.citations[0].sentence_ids == ("p2.1",)
    assert entry.answers["en"] == "Yes, it will be electric."


def test_interactive_prompt_can_quote_part_of_a_sentence_or_give_up(town: Path) -> None:
    path = town / TOWN / "entries.yaml"
    before = path.read_bytes()
    given_up = add(town, stdin="Question ?\n\n\nRéponse.\n\nnavette\n=" + QUOTE + "\n\nn\n")
    assert given_up.returncode == 1 and "Nothing added" in given_up.stdout
    assert path.read_bytes() == before
    done = add(town, stdin="Question sur la navette ?\n\n\nRéponse.\n\nnavette\n=" + QUOTE
               + "\nnavette-question\n\n")
    assert done.returncode == 0, done.stdout + done.stderr
    kb = load_knowledge(town)
    assert kb.by_key[f"{TOWN}/navette-question"].citations[0].quote == QUOTE



def test_add_fills_an_article_left_without_entries(town: Path) -> None:
    """An emptied article does not validate, but adding its first entry is how to fix it."""
    path = town / TOWN / "entries.yaml"
    path.write_text("entries: []\n", encoding="utf-8")
    done = add(town, "--article", TOWN, *ELECTRIC)
    assert done.returncode == 0, done.stderr
    assert [e.id for e in load_knowledge(town).entries] == ["shuttle-electric"]

ENTRY = EntryText("new-one", {"fr": ["Q ?"]}, {"fr": "yes"}, ["a: b # c"], [])


@pytest.mark.parametrize("original", [
    "",
    "# only a comment\n",
    "entries:\n",
    "entries: []\n# trailing comment\n",
    "entries:\n- id: a\n  citations: [x]\n",
    "entries:\n    -   id: a\n        citations: [x]\n# end\n",
    "# head\nentries:\n  - id: a  # note\n    citations:\n      - x\n    notes: |\n      text\n",
    "entries:\n  - id: a\n    citations: [x]",  # no final newline
])
def test_append_keeps_the_layout_of_any_entries_file(original: str, tmp_path: Path) -> None:
    text, line = append_entry(original, ENTRY, tmp_path / "entries.yaml")
    assert text.startswith(original.replace("[]", "").rstrip("\n"))
    data = yaml.safe_load(text)
    assert data["entries"][-1] == {"id": "new-one", "questions": {"fr": ["Q ?"]},
                                   "answer": {"fr": "yes"}, "citations": ["a: b # c"]}
    assert len(data["entries"]) == (0 if "id: a" not in original else 1) + 1
    assert re.fullmatch(r" *- +id: new-one", text.splitlines()[line - 1])


def test_flow_lists_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EditRefused):
        append_entry("entries: [{id: a, citations: [x]}]\n", ENTRY, tmp_path / "e.yaml")


@pytest.mark.parametrize("text", ["plain text", "yes", "2500", "a: b", "x #y", "- dash",
                                  '"quoted"', "l'Irak", "ses \u00ab promesses \u00bb", "",
                                  " padded ", "[list]", "{map}", "@at", "100%", "null"])
def test_scalars_read_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}
    assert yaml.safe_load(f"- {scalar(text)}") == [text]


def test_write_atomic_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "entries.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(EditRefused, match="changed"):
        write_atomic(path, b"new\n", expected=b"something else\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["entries.yaml"]
    write_atomic(path, b"new\n", expected=b"old\n")
    assert path.read_text(encoding="utf-8") == "new\n"


def test_adding_the_entry_a_related_id_names_is_accepted(town: Path) -> None:
    """An editor wrote `related: [shuttle-electric]` before writing that entry; kb add
    refused to add it ('fix them first'), the one edit that fixes the error."""
    path = town / TOWN / "entries.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    related: [" in text
    path.write_text(text.replace("    related: [", "    related: [shuttle-electric, ", 1),
                    encoding="utf-8")
    done = add(town, *ELECTRIC)
    assert done.returncode == 0, done.stderr
    assert "shuttle-electric" in {e.id for e in load_knowledge(town).entries}
    # an entry that does not fix it is still refused, and nothing is written
    path.write_text(path.read_text(encoding="utf-8").replace(
        "related: [shuttle-electric, ", "related: [no-such-entry, ", 1), encoding="utf-8")
    before = path.read_bytes()
    done = add(town, *flags(id="another", question_fr="Qui ?", question_en="Who?",
                            answer_fr="Personne.", answer_en="Nobody.", quote=QUOTE))
    assert done.returncode == 1 and path.read_bytes() == before
