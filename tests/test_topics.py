"""What the bot can answer, by section (bot/topics.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.kb.loader import load_knowledge
from bot.topics import count_questions, topics
from tests.conftest import ENTRIES, ROOT, SHIPPED, SLUG, write

TOWN = "saint-aubin-pietons-2025-03"


def test_entries_grouped_by_the_section_of_their_first_citation(small_kb: Path) -> None:
    kb = load_knowledge(small_kb)
    found = topics(kb, "en")
    sections = kb.articles[0].article.sections
    assert [(t.section, [q.key for q in t.questions]) for t in found] == [
        (sections[0], [f"{SLUG}/troops-count"]),
        (sections[1], [f"{SLUG}/warrant-date"]),
    ]
    assert found[0].questions[0].question == "How many US troops are in Iraq?"
    french = topics(kb, "fr")[0].questions[0].question
    assert french == "Combien de soldats américains sont en Irak ?"


def test_sections_follow_the_article_and_drafts_are_left_out(small_kb: Path) -> None:
    # The warrant entry first in the file, and the troops entry a draft: order follows the
    # article, not the file, and a draft is not offered.
    troops, warrant = ENTRIES.split("  - id: warrant-date\n")
    troops = troops.replace("  - id: troops-count\n", "  - id: troops-count\n    status: draft\n")
    write(small_kb / SLUG / "entries.yaml",
          "entries:\n  - id: warrant-date\n" + warrant + troops.removeprefix("entries:\n"))
    kb = load_knowledge(small_kb)
    found = topics(kb, "fr")
    assert [q.key for t in found for q in t.questions] == [f"{SLUG}/warrant-date"]


def test_every_ready_entry_once_in_article_order() -> None:
    kb = load_knowledge(SHIPPED)
    found = topics(kb, "fr")
    keys = [q.key for t in found for q in t.questions]
    assert sorted(keys) == sorted(e.key for e in kb.entries if not e.draft)
    assert count_questions(found) == len(keys)
    order = {None: -1} | {s: n for n, s in enumerate(kb.articles[0].article.sections)}
    positions = [order[t.section] for t in found]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_one_article_of_several(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, root)
    shutil.copytree(ROOT / "tests" / "fixtures" / TOWN, root / TOWN)
    kb = load_knowledge(root)
    assert {t.article for t in topics(kb, "fr")} == {SLUG, TOWN}
    town = topics(kb, "fr", article=TOWN)
    assert town and {t.article for t in town} == {TOWN}
    assert all(t.title == kb.by_slug[TOWN].meta.title for t in town)
