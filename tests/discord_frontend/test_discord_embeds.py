"""Embeds and components are built within Discord's limits, cut visibly, one look per status."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot.answers import Answer, Explanation, Quote, Suggestion
from bot.frontends.discord import embeds
from bot.frontends.discord.embeds import (
    answer_embed,
    status_embed,
    topic_pages,
    topics_embed,
    why_embed,
)
from bot.frontends.discord.views import answer_view, resolve_entry, token_of
from bot.kb.loader import load_knowledge
from bot.kb.problems import Problem
from bot.matching.matcher import Status
from bot.service import ReloadStatus
from bot.topics import Topic, TopicQuestion
from tests.conftest import SHIPPED, SLUG

KEY = f"{SLUG}/troops-count"


def quote(text: str, paragraph: int | None = 3, block: str = "p3") -> Quote:
    return Quote(text, paragraph, block, SLUG, "Un titre", "2024-11")


def answer(status: Status = Status.ANSWERED, **changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "Combien de soldats ?", "language": "fr", "status": status,
        "reason": "matched", "text": "Environ 2.500.", "citations": (quote("2.500 soldats"),),
        "entry": KEY if status is Status.ANSWERED else None, "kb_version": "abc123"}
    fields.update(changes)
    return Answer(**fields)  # type: ignore[arg-type]


def assert_within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(embed) <= embeds.TOTAL_MAX
    assert len(data.get("title", "")) <= embeds.TITLE_MAX
    assert len(data.get("description", "")) <= embeds.DESCRIPTION_MAX
    assert len(data.get("author", {}).get("name", "")) <= embeds.AUTHOR_MAX
    assert len(data.get("footer", {}).get("text", "")) <= embeds.FOOTER_MAX
    assert len(data.get("fields", [])) <= embeds.FIELDS_MAX
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= embeds.FIELD_NAME_MAX
        assert 0 < len(field["value"]) <= embeds.FIELD_VALUE_MAX


def test_answer_embed() -> None:
    embed = answer_embed(answer(citations=(quote("2.500 soldats"), quote("Titre", None, "h2"))))
    assert embed.title == "✅ Réponse" and embed.description == "Environ 2.500."
    assert embed.author.name == "❓ Combien de soldats ?"
    assert [(f.name, f.value) for f in embed.fields] == [("§3", "« 2.500 soldats »"),
                                                         ("titre 2", "« Titre »")]
    assert embed.footer.text == "« Un titre » — état au 2024-11 · base de connaissances abc123"
    english = answer_embed(answer(language="en", citations=(quote("Titre", None, "h2"),)))
    assert english.title == "✅ Answer" and english.fields[0].name == "heading 2"
    assert english.footer.text == '"Un titre" — as of 2024-11 · knowledge abc123'


def test_every_status_looks_different() -> None:
    looks = {(e.title, e.colour) for e in (answer_embed(answer(s, citations=()))
                                           for s in Status)}
    assert len(looks) == len(Status)


def test_not_in_article_shows_the_closest_passage_and_candidates() -> None:
    embed = answer_embed(answer(Status.NOT_IN_ARTICLE, text="L'article ne le dit pas.",
                                citations=(), closest=quote("Le passage proche.", 5, "p5"),
                                suggestions=(Suggestion(KEY, "Combien de soldats ?"),)))
    names = [f.name for f in embed.fields]
    assert names == ["Le passage le plus proche (§5)", "Questions proches"]
    assert embed.fields[0].value == "« Le passage proche. »"
    assert embed.fields[1].value == "1. Combien de soldats ?"


def test_ambiguous_lists_the_candidates() -> None:
    embed = answer_embed(answer(Status.AMBIGUOUS, text="Vouliez-vous dire :", citations=(),
                                suggestions=(Suggestion("a/x", "Question X ?"),
                                             Suggestion("a/y", "Question Y ?"))))
    assert embed.description == "Vouliez-vous dire :\n1. Question X ?\n2. Question Y ?"


def test_long_texts_are_cut_visibly_within_the_limits() -> None:
    long_answer = answer(question="q" * 600, text="r" * 5000,
                         citations=tuple(quote("c" * 1500, n, f"p{n}") for n in range(1, 31)))
    embed = answer_embed(long_answer)
    assert_within_limits(embed)
    assert embed.author.name.endswith("…") and embed.description.endswith("…")
    citations = [f for f in embed.fields if f.name.startswith("§")]
    assert citations and all(f.value.endswith("… »") for f in citations)
    assert embed.fields[-1].value.startswith("… et ") and "autre(s) citation(s)" in \
        embed.fields[-1].value
    shown = len(citations)
    assert str(30 - shown) in embed.fields[-1].value


def test_many_short_citations_stop_before_25_fields() -> None:
    embed = answer_embed(answer(citations=tuple(quote(f"citation {n}", n, f"p{n}")
                                                for n in range(1, 41))))
    assert_within_limits(embed)
    assert "16 autre(s)" in embed.fields[-1].value  # 24 shown, the 25th field says so


def test_why_embed() -> None:
    explanation = Explanation("Combien de soldats américains ?", 0.8712, 0.9, Suggestion(
        "a/b", "Combien de drones ?"), 0.61, ("allemands",), (("soldas", "soldats"),), "how-many")
    embed = why_embed(answer(explanation=explanation), "fr")
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Question reconnue"] == "« Combien de soldats américains ? »"
    assert fields["Score"] == "0.87 (couverture 0.90)"
    assert fields["Deuxième candidat"] == "« Combien de drones ? » (0.61)"
    assert fields["Mots que rien ne couvre"] == "allemands"
    assert fields["Fautes corrigées"] == "soldas → soldats"
    assert "redémarré" in (why_embed(None, "fr").description or "")
    assert "picked" in (why_embed(answer(language="en"), "en").description or "")


def test_status_embed_lists_problems() -> None:
    kb = load_knowledge(SHIPPED)
    problems = [Problem(Path("knowledge/x/entries.yaml"), n, "bad " * 50) for n in range(200)]
    status = ReloadStatus(last_attempt=1_700_000_100.0, last_success=1_700_000_000.0,
                          problems=problems)
    service = SimpleNamespace(kb=kb, status=status)
    embed = status_embed(service, "en", watching=True, interval=0.5)  # type: ignore[arg-type]
    assert_within_limits(embed)
    assert embed.description is not None and embed.description.endswith("```")
    assert "knowledge/x/entries.yaml:1: error: bad" in embed.description
    assert "refused" in embed.description and kb.version in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Loaded"] == "<t:1700000000:R>"
    assert fields["Automatic reload"] == "on (every 0.5 s)"


def test_topic_pages_split_sections_across_pages() -> None:
    found = [Topic(SLUG, "T", "Section A", tuple(TopicQuestion(f"a/{n}", f"A{n} ?")
                                                 for n in range(7))),
             Topic(SLUG, "T", None, tuple(TopicQuestion(f"b/{n}", f"B{n} ?") for n in range(8)))]
    pages = topic_pages(found, per_page=10)
    assert [len(p.questions) for p in pages] == [10, 5]
    assert [(t.section, len(qs)) for t, qs in pages[0].parts] == [("Section A", 7), (None, 3)]
    embed = topics_embed(pages[1], "fr", count=15, several_articles=False, version="v1")
    assert embed.fields[0].name == "Début de l'article"
    assert embed.footer.text == "Page 2/2 · 15 questions · base de connaissances v1"
    assert [len(p.questions) for p in topic_pages([], per_page=10)] == [0]


def test_custom_ids_fit_and_long_keys_resolve() -> None:
    kb = load_knowledge(SHIPPED)
    long_key = "x" * 120 + "/entry"
    token = token_of(long_key)
    assert token.startswith("#") and len(token) <= 80
    assert token_of(KEY) == KEY and resolve_entry(kb, KEY) is kb.by_key[KEY]
    assert resolve_entry(kb, token_of("#" + KEY)) is None  # a hash of nothing known
    view = answer_view(answer(
        explanation=Explanation("p", 1.0, 1.0, None, None, (), (), None),
        related=tuple(Suggestion(f"{'y' * 200}/{n}", "Q ? " * 40) for n in range(7))))
    assert view is not None
    buttons = [c for c in view.children if isinstance(c, discord.ui.DynamicItem)]
    ids = [b.custom_id for b in buttons]
    assert len(ids) == len(set(ids)) == 5 + 3  # five follow-ups, why, thumbs up and down
    assert all(len(i) <= 100 for i in ids)
    assert all(len(b.item.label or "") <= 80 for b in buttons)


@pytest.mark.parametrize("status", [Status.OFF_TOPIC, Status.INVALID])
def test_no_feedback_buttons_without_an_answer_to_judge(status: Status) -> None:
    assert answer_view(answer(status, citations=())) is None
