"""Messages as people type them in Discord, through the real cog: markup never reaches the
core, and several questions get one reply with a section each."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.answers import Answer, Quote, several
from bot.frontends.discord.embeds import DESCRIPTION_MAX, TOTAL_MAX, answer_embed, why_embed
from bot.matching.matcher import Status
from tests.conftest import SLUG
from tests.discord_frontend.harness import Harness
from tests.fakediscord import BOB, BOT
from tests.test_service_reading import AGE, FORMS, TROOPS, WARRANT

MENTION = f"<@{BOT.id}>"


@pytest.fixture
def matched(running: Harness, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts the matcher is given while the bot runs."""
    seen: list[str] = []
    matcher = running.service.snapshot.matcher
    real = matcher.match

    def spy(question: str, **options: object) -> object:
        seen.append(question)
        return real(question, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(matcher, "match", spy)
    yield seen


async def test_every_markup_form_in_a_mention_reaches_the_core_cleaned(
        running: Harness, matched: list[str]) -> None:
    fake = running.fake
    for form in FORMS:
        running.service._cache.cache_clear()  # every message goes to the matcher
        posted = await fake.say(f"{MENTION} {form}", mentions=(BOT,))
        (embed,) = (await fake.bot_reply_to(posted)).body["embeds"]
        assert embed["title"] == "✅ Réponse", (form, embed)
        assert embed["author"]["name"].startswith("❓ ")  # the bot's own mention stripped
        assert MENTION not in embed["author"]["name"]
    assert len(matched) >= len(FORMS)
    for text in matched:
        assert not re.search(r"\d{2,}|[<>*_~|`#\[\]]|https?:|@every", text), text


async def test_two_questions_get_one_reply_with_a_section_each(running: Harness) -> None:
    reply = await running.ask(f"{TROOPS} {AGE}", locale="fr")
    (embed,) = reply.embeds
    assert embed["title"] == "✅ Réponse"
    first, second = embed["description"].split("\n\n")
    assert first.startswith(f"**1. {TROOPS}**\n✅ ") and "2.500" in first
    assert second == f"**2. {AGE}**\n🔍 L'article ne le dit pas."
    names = [f["name"] for f in embed["fields"]]
    assert any(n.startswith("1 · §") for n in names)
    assert "2 · le passage le plus proche (§1)" in names
    why = await running.fake.click(reply.message, "ab:why:fr", user=BOB)  # type: ignore[arg-type]
    fields = {f["name"]: f["value"] for f in why.embeds[0]["fields"]}
    assert fields[f"1. {TROOPS}"].startswith("✅ Réponse (matched)")
    assert fields[f"2. {AGE}"].startswith("🔍 Pas dans l'article")


async def test_why_shows_what_was_set_aside(running: Harness) -> None:
    reply = await running.ask("<@123456789012345678> cb de soldats américains en Irak ? 😂")
    assert reply.embeds[0]["title"] == "✅ Réponse"
    why = await running.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    fields = {f["name"]: f["value"] for f in why.embeds[0]["fields"]}
    assert "mention <@123456789012345678>" in fields["Laissé de côté dans votre message"]
    assert "emoji 😂" in fields["Laissé de côté dans votre message"]
    assert fields["Abréviations lues"] == "cb → combien"


def _long_part(number: int, status: Status) -> Answer:
    quotes = tuple(Quote("« mot » " * 200, n, f"p{n}", SLUG, "Titre", "2024-11")
                   for n in range(1, 12))
    return Answer(question=f"Question {number} " + "très longue " * 100, language="fr",
                  status=status, reason="matched", text="réponse " * 700,
                  citations=quotes if status is Status.ANSWERED else (),
                  closest=None if status is Status.ANSWERED else quotes[0],
                  entry=f"{SLUG}/e{number}" if status is Status.ANSWERED else None)


def test_a_reply_to_several_questions_fits_discords_limits() -> None:
    parts = (_long_part(1, Status.ANSWERED), _long_part(2, Status.NOT_IN_ARTICLE),
             _long_part(3, Status.ANSWERED))
    answer = several("trois questions " * 200, parts, "fr", "v1", (("mention", "<@1>"),))
    for embed in (answer_embed(answer), why_embed(answer, "fr")):
        assert len(embed) <= TOTAL_MAX and len(embed.description or "") <= DESCRIPTION_MAX
        assert len(embed.fields) <= 25
    sections = (answer_embed(answer).description or "").split("\n\n")
    assert [s[:5] for s in sections] == ["**1. ", "**2. ", "**3. "]  # every part shown
    assert all("…" in s for s in sections)  # cut visibly


async def test_a_plain_question_gives_the_same_reply(running: Harness) -> None:
    reply = await running.ask(WARRANT, locale="fr")
    (embed,) = reply.embeds
    expected = running.service.answer_entry(f"{SLUG}/warrant-issuer", "fr")
    assert expected is not None and embed["description"] == expected.text
    assert embed["author"]["name"] == f"❓ {WARRANT}"
