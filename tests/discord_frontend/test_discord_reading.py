"""Messages as people type them in Discord, through the real cog: markup never reaches the
core, and several questions get one reply with a section each."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.answers import Answer, Quote, several
from bot.frontends.discord.embeds import (
    DESCRIPTION_MAX,
    TOTAL_MAX,
    answer_embed,
    details_embed,
    why_embed,
)
from bot.matching.matcher import Status
from tests.conftest import SLUG
from tests.discord_frontend.harness import Harness, answered, fact, plain, shown
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
        assert answered(embed), (form, embed)
        assert MENTION not in str(embed)  # the bot's own mention stripped
    assert len(matched) >= len(FORMS)
    for text in matched:
        assert not re.search(r"\d{2,}|[<>*_~|`#\[\]]|https?:|@every", text), text


async def test_two_questions_get_one_reply_with_a_section_each(running: Harness) -> None:
    reply = await running.ask(f"{TROOPS} {AGE}", locale="fr")
    (embed,) = reply.embeds
    assert answered(embed) and "title" not in embed  # the questions head their sections
    first, second = plain(embed["description"]).split("\n\n")
    head, answer, *quotes = first.split("\n")
    assert head == f"**1. {TROOPS}**" and "2.500" in answer  # the fact right after
    assert quotes and all(q.startswith("> « ") and " — §" in q for q in quotes)
    assert second == f"**2. {AGE}**\n🤷 L'article ne le dit pas."
    why = await running.fake.click(reply.message, "ab:why:fr", user=BOB)  # type: ignore[arg-type]
    said = plain(why.embeds[0]["description"])
    assert f"**1. {TROOPS}**\n✅ J'ai rapproché votre question de" in said
    assert f"**2. {AGE}**\n🤷 La question connue la plus proche" in said
    assert "matched" not in said


async def test_why_shows_what_was_set_aside(running: Harness) -> None:
    reply = await running.ask("<@123456789012345678> cb de soldats américains en Irak ? 😂")
    assert answered(reply.embeds[0])
    assert shown(reply.embeds[0]) == "cb de soldats américains en Irak ? 😂"  # no raw mention
    why = await running.fake.click(reply.message, "ab:why:fr")  # type: ignore[arg-type]
    lines = plain(why.embeds[0]["description"]).split("\n")
    aside = next(line for line in lines if line.startswith("Laissé de côté dans votre message"))
    assert "mention <@123456789012345678>" in aside and "emoji 😂" in aside
    assert "Abréviations lues : cb → combien." in lines


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
    for embed in (answer_embed(answer), why_embed(answer, "fr"), details_embed(answer)):
        assert len(embed) <= TOTAL_MAX and len(embed.description or "") <= DESCRIPTION_MAX
        assert len(embed.fields) <= 25
    sections = (answer_embed(answer).description or "").split("\n\n")
    assert [s[:5] for s in sections] == ["**1. ", "**2. ", "**3. "]  # every part shown
    assert all("…" in s for s in sections)  # cut visibly


async def test_a_plain_question_gives_the_same_reply(running: Harness) -> None:
    reply = await running.ask(WARRANT, locale="fr")
    (embed,) = reply.embeds
    expected = running.service.answer_entry(f"{SLUG}/warrant-issuer", "fr")
    assert expected is not None and fact(embed) == expected.text
    assert shown(embed) == WARRANT
