"""Embeds and components are built within Discord's limits, cut visibly, one look per status."""

from __future__ import annotations

from dataclasses import replace
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


def plain(text: str | None) -> str:
    return (text or "").replace("\u00a0", " ").replace("\u202f", " ")


def test_answer_embed() -> None:
    embed = answer_embed(answer(citations=(quote("2.500 soldats"), quote("Titre", None, "h2"))))
    assert embed.title == "Combien de soldats\u202f?" and embed.author.name is None
    # the fact first, then the quote; the heading, which repeats the paragraph, left out
    assert plain(embed.description) == "Environ 2.500.\n> « 2.500 soldats » — §3"
    assert plain(embed.footer.text) == "Un titre · novembre 2024"  # no knowledge version
    heading = answer_embed(answer(citations=(quote("Titre", None, "h2"),)))
    assert plain(heading.description).endswith("> « Titre » — intertitre 2")
    english = answer_embed(answer(language="en", citations=(quote("Titre", None, "h2"),)))
    assert plain(english.description) == ("Environ 2.500.\n*In the article (in French):*\n"
                                          "> « Titre » — subheading 2")
    assert plain(english.footer.text) == "Un titre · November 2024"


def test_quotes_of_one_paragraph_share_a_line_and_a_cut_start_is_marked() -> None:
    embed = answer_embed(answer(citations=(
        quote("Début de phrase.", 6, "p6"), replace(quote("suite coupée", 6, "p6"),
                                                      cut_before=True),
        quote("Autre paragraphe", 7, "p7"))))
    lines = plain(embed.description).split("\n")[1:]
    assert lines == ["> « Début de phrase. » […] « […] suite coupée » — §6",
                     "> « Autre paragraphe » — §7"]


def test_every_status_looks_different() -> None:
    looks = {((e.description or "").split("\n")[0], e.colour)
             for e in (answer_embed(answer(s, citations=())) for s in Status)}
    assert len(looks) == len(Status)


def test_not_in_article_shows_the_closest_passage_not_the_suggestions() -> None:
    embed = answer_embed(answer(Status.NOT_IN_ARTICLE, text="L'article ne le dit pas.",
                                citations=(), closest=quote("Le passage proche.", 5, "p5"),
                                suggestions=(Suggestion(KEY, "Combien de soldats ?"),)))
    assert plain(embed.description) == ("🤷 **L'article ne le dit pas.**\n"
                                        "Le passage le plus proche (§5) :\n"
                                        "> « Le passage proche. »")
    assert not embed.fields  # the suggestions are in the menu only


def test_ambiguous_says_it_once() -> None:
    embed = answer_embed(answer(Status.AMBIGUOUS, text="Vouliez-vous dire :", citations=(),
                                suggestions=(Suggestion("a/x", "Question X ?"),
                                             Suggestion("a/y", "Question Y ?"))))
    assert embed.description == "🤔 Votre question peut viser plusieurs choses."
    assert "Question X" not in str(embed.to_dict())  # the candidates are in the menu only


def test_long_texts_are_cut_visibly_within_the_limits() -> None:
    long_answer = answer(question="q" * 600, text="r" * 5000,
                         citations=tuple(quote("c" * 1500, n, f"p{n}") for n in range(1, 31)))
    embed = answer_embed(long_answer)
    assert_within_limits(embed)
    assert embed.title is not None and embed.title.endswith("…")
    lines = (embed.description or "").split("\n")
    assert lines[0].endswith("…")
    citations = [line for line in lines if line.startswith("> ")]
    assert citations and all("…\u00a0»" in line for line in citations)
    assert lines[-1].startswith("… et ") and "autre(s) citation(s)" in lines[-1]
    assert str(30 - len(citations)) in lines[-1]


def test_many_short_citations_are_all_shown_or_counted() -> None:
    embed = answer_embed(answer(citations=tuple(quote(f"citation {n}", n, f"p{n}")
                                                for n in range(1, 41))))
    assert_within_limits(embed)
    lines = (embed.description or "").split("\n")
    shown = [line for line in lines if line.startswith("> ")]
    assert len(shown) == 40 or str(40 - len(shown)) in lines[-1]


def test_why_embed() -> None:
    explanation = Explanation("soldats us irak combien", 0.8712, 0.9, Suggestion(
        "a/b", "how many drones"), 0.61, ("allemand",), (("soldas", "soldats"),), "how-many",
        words=(("@soldier", "soldas"), ("allemand", "allemands")))
    questions = {KEY: "Combien de soldats américains sont en Irak ?",
                 "a/b": "Combien de drones ?"}.get
    embed = why_embed(answer(explanation=explanation), "fr", questions)
    assert plain(embed.description).split("\n") == [
        "J'ai rapproché votre question de « Combien de soldats américains sont en Irak ? » "
        "(87 % de ressemblance).",
        "Autre sens possible, moins proche : « Combien de drones ? » (61 %).",
        "Mots que je n'ai pas pu rattacher à l'article : allemands.",
        "J'ai lu « soldas » comme « soldats »."]
    assert embed.footer.text == "Base de connaissances abc123"
    english = why_embed(answer(language="en", explanation=explanation), "en", None)
    assert english.description is not None
    assert english.description.startswith("I matched your question to “soldats us irak")
    assert "(87% alike)" in english.description
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
    embed = topics_embed(pages[1], "fr", count=15, several_articles=False)
    assert embed.fields[0].name == "Début de l'article"
    assert embed.footer.text == "Page 2/2 · 15 questions"
    assert [len(p.questions) for p in topic_pages([], per_page=10)] == [0]


def test_custom_ids_fit_and_long_keys_resolve() -> None:
    kb = load_knowledge(SHIPPED)
    long_key = "x" * 120 + "/entry"
    token = token_of(long_key)
    assert token.startswith("#") and len(token) <= 80
    assert token_of(KEY) == KEY and resolve_entry(kb, KEY) is kb.by_key[KEY]
    assert resolve_entry(kb, token_of("#" + KEY)) is None  # a hash of nothing known
    view = answer_view(answer(
        entry="z" * 200 + "/answered",
        explanation=Explanation("p", 1.0, 1.0, None, None, (), (), None),
        related=tuple(Suggestion(f"{'y' * 200}/{n}", "Q ? " * 40) for n in range(7))))
    assert view is not None
    items = [c for c in view.children if isinstance(c, discord.ui.DynamicItem)]
    ids = [b.custom_id for b in items]
    assert len(ids) == len(set(ids)) == 1 + 3  # a menu of follow-ups, why, thumbs up and down
    assert all(len(i) <= 100 for i in ids)
    (select,) = [i.item for i in items if isinstance(i.item, discord.ui.Select)]
    assert len(select.options) == 5 and all(len(o.label) <= 100 for o in select.options)
    assert all(len(o.value) <= 100 for o in select.options)
    assert all(len(b.item.label or "") <= 45 for b in items
               if isinstance(b.item, discord.ui.Button))


@pytest.mark.parametrize("status", [Status.OFF_TOPIC, Status.INVALID])
def test_no_feedback_buttons_without_an_answer_to_judge(status: Status) -> None:
    assert answer_view(answer(status, citations=())) is None


def test_a_quote_wholly_in_guillemets_is_not_put_in_guillemets_twice() -> None:
    """A citation that is a title in the article's own « » shows one pair, not «« ... » »;
    guillemets inside a longer quote stay as the article writes them."""
    embed = answer_embed(answer(citations=(quote("« Les Heures basses »"),
                                           quote("le roman « Les Heures basses » primé", 4,
                                                 "p4"))))
    lines = plain(embed.description).split("\n")[1:]
    assert lines == ["> « Les Heures basses » — §3",
                     "> « le roman « Les Heures basses » primé » — §4"]
