"""What readers see, on the payloads the real bot sends (issue 15): the fact first, a footer of
one line, at most two rows of components under an answer, labels that fit a phone and repeat
nothing, and French typography that never leaves a "»" or a "?" alone on a line."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.answers import Answer, Explanation, Quote, Suggestion
from bot.frontends.discord.embeds import Look, answer_embed, article_embed, look_of
from bot.frontends.discord.strings import t
from bot.frontends.discord.views import answer_view
from bot.frontends.typography import (
    date_in_words,
    reader_source,
    short_title,
    typeset,
)
from bot.kb.loader import load_knowledge
from bot.matching.matcher import Status
from tests.conftest import SHIPPED, SLUG
from tests.discord_frontend.harness import (
    TROOPS_EN,
    TROOPS_FR,
    Harness,
    answered,
    fact,
    first_with_status,
    make_config,
    plain,
    start_bot,
)
from tests.fakediscord import FakeDiscord

AGE = "Quel âge a Donald Trump ?"
AMBIGUOUS = ["retrait", "guerre", "What about the troops?", "Trump"]
FOOTER_MAX = 60  # one line on a phone at Discord's footer size
LABEL_MAX = 45  # a button label that fits a phone
FRENCH_PUNCTUATION = re.compile(r" [?!;:](?:\s|$)")


def texts(data: dict[str, Any]) -> list[str]:
    """Every text a message shows: embeds, then component labels."""
    found = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        found += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or "",
                  (embed.get("author") or {}).get("name") or ""]
        found += [part for f in embed.get("fields") or [] for part in (f["name"], f["value"])]
    return [t for t in found + labels(data) if t]


def labels(data: dict[str, Any]) -> list[str]:
    """Button labels, menu placeholders and menu options."""
    found = []
    for row in data.get("components") or []:
        for item in row["components"]:
            found += [item.get("label") or "", item.get("placeholder") or ""]
            found += [o["label"] for o in item.get("options") or []]
    return [label for label in found if label]


def rows(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [row["components"] for row in data.get("components") or []]


def check_look(data: dict[str, Any], *, version: str) -> None:
    """What every answer-like message must do, whatever its status."""
    shown = texts(data)
    for text in shown:
        assert "\u00ab " not in text and " \u00bb" not in text, text  # « » never broken
        assert text.count("\u00ab") == text.count("\u00ab\u00a0"), text
        assert text.count("\u00bb") == text.count("\u00a0\u00bb"), text
    for embed in data.get("embeds") or []:
        footer = (embed.get("footer") or {}).get("text")
        if footer is not None:
            assert len(footer) <= FOOTER_MAX and "\n" not in footer, footer
        assert "author" not in embed  # the question is the title, the fact comes first
    assert version not in " ".join(shown)  # no knowledge hash for readers
    assert len(rows(data)) <= 2
    found = labels(data)
    assert len(found) == len(set(found)), found  # no label twice
    body = " ".join(plain(e.get("description") or "") for e in data.get("embeds") or [])
    for label in found:
        assert plain(label) not in body, label  # nothing said twice, text and components
    for row in rows(data):
        for item in row:
            if item["type"] == 2:
                assert len(item.get("label") or "") <= LABEL_MAX
            else:
                assert all(len(o["label"]) <= 100 for o in item["options"])


def french(data: dict[str, Any]) -> None:
    for text in texts(data):
        assert not FRENCH_PUNCTUATION.search(text), text  # no-break spaces before ? ! ; :


@pytest.fixture
def drafted(shipped_copy: Path) -> Path:
    """The shipped knowledge with one entry made a draft: its sentence answers instead."""
    entries = shipped_copy / SLUG / "entries.yaml"
    text = entries.read_text(encoding="utf-8")
    text = text.replace("  - id: relations-deteriorated\n",
                        "  - id: relations-deteriorated\n    status: draft\n")
    entries.write_text(text, encoding="utf-8")
    return shipped_copy


@pytest.fixture
async def from_article(fake: FakeDiscord, drafted: Path, tmp_path: Path
                       ) -> AsyncIterator[Harness]:
    harness = await start_bot(fake, make_config(fake, drafted, tmp_path))
    yield harness
    await harness.stop()


async def test_an_answer_reads_at_a_glance(running: Harness) -> None:
    version = running.service.kb.version
    for question, locale in ((TROOPS_FR, "fr"), (TROOPS_EN, "en-US")):
        reply = await running.ask(question, locale=locale)
        (embed,) = reply.embeds
        expected = running.service.ask(question)
        assert plain(embed["title"]) == question and fact(embed) == expected.text
        check_look(reply.data, version=version)
        kinds = [[item["type"] for item in row] for row in rows(reply.data)]
        assert kinds == [[3], [2, 2, 2]]  # a menu of follow-ups; why, 👍, 👎
        assert rows(reply.data)[1][0]["emoji"]["name"] == "🔎"
        if locale == "fr":
            french(reply.data)


async def test_a_quote_cut_inside_a_sentence_is_marked(running: Harness) -> None:
    reply = await running.ask("Quand le mandat d'arrêt contre Trump a-t-il été émis ?")
    assert "> « […] contre M. Trump en janvier 2021 » — §6" in plain(
        reply.embeds[0]["description"])


async def test_an_answer_from_the_article_itself(from_article: Harness) -> None:
    question = "Les rapports entre Bagdad et Washington se sont-ils détériorés ?"
    reply = await from_article.ask(question, locale="fr")
    (embed,) = reply.embeds
    assert from_article.service.ask(question).reason == "from-article"
    assert answered(embed)
    assert fact(embed) == ("D'après l'article (§6) : « Les rapports entre Bagdad et Washington "
                           "s'étaient alors considérablement détériorés. »")
    assert "\n" not in embed["description"]  # the sentence is the citation: not twice
    check_look(reply.data, version=from_article.service.kb.version)
    french(reply.data)
    why = await from_article.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    assert plain(why.embeds[0]["description"]).startswith(
        "Aucune réponse rédigée ne correspondait : j'ai cité la phrase de l'article (§6)")


async def test_did_you_mean_is_said_once(running: Harness) -> None:
    question = first_with_status(running, Status.AMBIGUOUS, AMBIGUOUS)
    reply = await running.ask(question, locale="fr")
    (embed,) = reply.embeds
    assert fact(embed) == "🤔 Votre question peut viser plusieurs choses."
    assert embed["description"] == "🤔 Votre question peut viser plusieurs choses."
    assert [[item["type"] for item in row] for row in rows(reply.data)] == [[3]]  # a menu only
    assert "footer" not in embed  # it quotes nothing
    check_look(reply.data, version=running.service.kb.version)
    french(reply.data)


async def test_not_in_the_article(running: Harness) -> None:
    reply = await running.ask(AGE, locale="fr")
    (embed,) = reply.embeds
    answer = running.service.ask(AGE)
    assert answer.status is Status.NOT_IN_ARTICLE and answer.suggestions
    assert fact(embed) == "🤷 **L'article ne le dit pas.**"
    assert "Le passage le plus proche (§1) :" in plain(embed["description"])
    assert [[item["type"] for item in row] for row in rows(reply.data)] == [[3], [2]]  # no 👍/👎
    check_look(reply.data, version=running.service.kb.version)  # suggestions: in the menu only
    french(reply.data)
    why = await running.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    said = plain(why.embeds[0]["description"])
    assert said == ("La question connue la plus proche est « Qui est Donald Trump dans cet "
                    "article ? » (41 % de ressemblance), mais elle ne dit rien de : âge.")


@pytest.mark.parametrize(("question", "first_line", "dated"), [
    ("Quelle météo demain à Paris ?", "🧭 **Hors sujet** : je ne réponds qu'aux questions sur "
                                      "l'article « Irak : al-Soudani", True),
    ("Qui ?", "❓ **Je n'ai pas compris la question.**", False),
    ("bonjour", "👋 Bonjour ! Posez-moi une question sur l'article « Irak", True),
])
async def test_off_topic_not_understood_and_greetings(running: Harness, question: str,
                                                      first_line: str, dated: bool) -> None:
    reply = await running.ask(question, locale="fr")
    (embed,) = reply.embeds
    assert fact(embed).startswith(first_line)
    assert ("(novembre 2024)" in fact(embed)) is dated  # the date in words, not "2024-11"
    if question == "Qui ?":
        assert "Hors sujet" not in str(embed)  # vague is not off topic
    assert not rows(reply.data) and "footer" not in embed
    check_look(reply.data, version=running.service.kb.version)
    french(reply.data)


async def test_several_questions_stay_readable(running: Harness) -> None:
    reply = await running.ask(f"{TROOPS_FR} Et {AGE[0].lower()}{AGE[1:]}", locale="fr")
    (embed,) = reply.embeds
    sections = plain(embed["description"]).split("\n\n")
    assert len(sections) == 2
    for section in sections:
        head, first, *_ = section.split("\n")
        assert head.startswith("**") and head.endswith("?**")
        assert not first.startswith(">")  # each question's fact right after it
    check_look(reply.data, version=running.service.kb.version)
    french(reply.data)


async def test_article_help_and_topics_read_well(running: Harness) -> None:
    for command in ("article", "help", "topics"):
        reply = await running.fake.slash(command, locale="fr")
        check_look(reply.data, version=running.service.kb.version)
        french(reply.data)
        assert "article.txt" not in str(reply.data)  # no internal file name


def test_article_with_a_url_links_to_it() -> None:
    art = load_knowledge(SHIPPED).by_slug[SLUG]
    url = "https://example.org/article"
    linked = replace(art, meta=replace(art.meta, url=url))
    embed = article_embed(linked, [], "en", lambda name: f"</{name}:42>")
    assert embed.url == url
    assert f"[Read the article]({url})" in (embed.description or "")
    assert plain(embed.description).startswith("**November 2024** · ")


def quote(text: str = "Un passage.", paragraph: int = 1) -> Quote:
    return Quote(text, paragraph, f"p{paragraph}", SLUG, "Un titre assez long pour être coupé",
                 "2024-11")


def declined(words: tuple[tuple[str, str], ...], missing: tuple[str, ...],
             guessed: tuple[str, ...] = (), unknown: tuple[str, ...] = ()) -> Answer:
    explanation = Explanation("une paraphrase", 0.3, 0.4, None, None, missing, (), "what",
                              words=words, guessed=guessed, unknown=unknown)
    return Answer(question="Quelle météo demain à Paris ?", language="fr",
                  status=Status.NOT_IN_ARTICLE, reason="uncovered",
                  text="L'article ne le dit pas.", closest=quote("Un passage sur Gaza."),
                  suggestions=(Suggestion(f"{SLUG}/x", "Une question sans rapport ?"),),
                  explanation=explanation, kb_version="v1")


def test_a_decline_none_of_whose_words_is_about_the_article_reads_as_off_topic() -> None:
    """Typo correction read "demain" as "detain" and "Paris" as "partis": the matcher found
    something, but nothing the reader wrote is about the article."""
    answer = declined(words=(("meteo", "météo"), ("detain", "demain"), ("partis", "Paris")),
                      missing=("meteo",), guessed=("detain", "partis"), unknown=("meteo",))
    assert look_of(answer) is Look.OFF_TOPIC
    embed = answer_embed(answer)
    assert plain(embed.description).startswith("🧭 **Hors sujet** : je ne réponds qu'aux "
                                               "questions sur l'article « Un titre")
    assert "Gaza" not in str(embed.to_dict()) and embed.footer.text is None
    assert answer_view(answer) is None  # no suggestions, nothing to explain or judge
    # one word the reader wrote is the article's: the decline stays a decline
    kept = declined(words=answer.explanation.words, missing=("meteo",),  # type: ignore[union-attr]
                    guessed=("detain",), unknown=("meteo",))
    assert look_of(kept) is Look.NOT_IN_ARTICLE
    assert "Gaza" in str(answer_embed(kept).to_dict())
    # nor is a question whose words the closest entry misses but the article knows
    # ("Qui dirige le Hezbollah ?"): it is about the article, which does not say
    hezbollah = declined(words=(("@lead", "dirige"), ("@hezbollah", "Hezbollah")),
                         missing=("@lead", "@hezbollah"))
    assert look_of(hezbollah) is Look.NOT_IN_ARTICLE


@pytest.mark.parametrize(("date", "fr", "en"), [
    ("2024-11", "novembre 2024", "November 2024"),
    ("2025-03-01", "1er mars 2025", "1 March 2025"),
    ("2025-08-14", "14 août 2025", "14 August 2025"),
    ("2024", "2024", "2024"), ("bientôt", "bientôt", "bientôt"), ("2024-13", "2024-13", "2024-13"),
])
def test_dates_in_words(date: str, fr: str, en: str) -> None:
    assert (date_in_words(date, "fr"), date_in_words(date, "en")) == (fr, en)


def test_typography() -> None:
    assert typeset("« Bonjour » : ça va ? Oui ! Bien ; merci", "fr") == (
        "«\u00a0Bonjour\u00a0»\u00a0: ça va\u202f? Oui\u202f! Bien\u202f; merci")
    assert typeset("«Serré»", "fr") == "«\u00a0Serré\u00a0»"
    kept = "</topics:123> <t:1700000000:R> https://example.org/a?b=1 `private: True`"
    assert typeset(kept, "fr") == kept
    assert typeset("Why? « Pourquoi ? »", "en") == "Why? «\u00a0Pourquoi\u202f?\u00a0»"
    assert short_title("Irak : al-Soudani s'entretient avec Donald Trump, 2.500 soldats") == (
        "Irak : al-Soudani s'entretient…")
    assert short_title("Marathon de Lyon, un record") == "Marathon de Lyon, un record"
    assert short_title("Le marathon de Lyon bat son record, 14 500 coureurs au départ") == (
        "Le marathon de Lyon bat son…")
    assert t("fr", "cooldown", seconds=3).startswith("⏳ Doucement\u202f! ")  # notices too
    assert reader_source("Dépêche reçue (texte intégral dans article.txt)") == "Dépêche reçue"
    assert reader_source("article.txt") == "" and reader_source("AFP") == "AFP"


def test_distinct_emoji_for_not_in_the_article_and_why() -> None:
    answer = declined(words=(("age", "âge"), ("@trump", "Trump")), missing=("age",))
    assert plain(answer_embed(answer).description).startswith("🤷")
    view = answer_view(answer)
    assert view is not None
    emoji = [str(getattr(item.item, "emoji", "")) for item in view.children]
    assert "🔎" in emoji and "🤷" not in emoji



def test_menu_options_fit_discord_limits_once_typeset() -> None:
    """Typesetting adds no-break spaces inside « » written without them: a menu option cut
    to 100 characters before it would pass Discord's limit, which refuses the message."""
    long = "Qui a écrit «Les Heures basses» et «La Dernière Ligne» ? " + "x" * 60
    answer = Answer(question="livre", language="fr", status=Status.AMBIGUOUS,
                    reason="close-call", text="?", suggestions=(
                        Suggestion(f"{SLUG}/a", long, "«" + "T" * 120 + "» (2024-11)"),
                        Suggestion(f"{SLUG}/b", "Court ?", "« Autre » (2024-12)")))
    view = answer_view(answer)
    assert view is not None
    options = [o for item in view.children for o in getattr(item.item, "options", ())]
    assert len(options) == 2
    assert all(len(o.label) <= 100 and len(o.description or "") <= 100 for o in options)
    assert options[0].label.endswith("\u2026") and "\u00ab\u00a0Les" in options[0].label
