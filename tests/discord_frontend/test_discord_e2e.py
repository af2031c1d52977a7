"""The real discord.py bot against the fake Discord: start-up, command sync, slash commands."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest

from bot.config import DiscordSettings
from bot.frontends.discord.app import sharding_problem
from bot.frontends.discord.client import HTTP_CONNECTIONS
from bot.matching.matcher import Status
from bot.suggest import MAX_CHOICE_CHARS, MAX_CHOICES
from tests.conftest import SHIPPED, SLUG
from tests.discord_frontend.harness import (
    TOKEN,
    TROOPS_EN,
    TROOPS_FR,
    Harness,
    answered,
    fact,
    first_with_status,
    make_config,
    menu,
    plain,
    shown,
    start_bot,
)
from tests.fakediscord import ALICE, BOT, GUILD_ID, FakeDiscord, FakeUser

PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
ARTICLE_TEXT = " ".join((SHIPPED / SLUG / "article.txt").read_text(encoding="utf-8").split())


def unquote(value: str) -> str:
    assert value.startswith("\u00ab\u00a0") and value.endswith("\u00a0\u00bb"), value
    return value[2:-2]


def quote_lines(embed: dict) -> list[tuple[str, str]]:
    """The citation block of an answer: (quote, where) per "> « … » — §3" line."""
    found = []
    for line in (embed.get("description") or "").split("\n"):
        if line.startswith("> "):
            text, _, place = line[2:].rpartition("\u00a0\u2014\u00a0")
            found.append((text, place))
    return found


async def test_login_gateway_and_synced_commands(running: Harness) -> None:
    fake = running.fake
    login = fake.find(lambda r: r.path == "/users/@me")
    assert login and login[0].headers["Authorization"] == f"Bot {TOKEN}"
    assert fake.gateway_queries == [{"encoding": "json", "v": "10", "compress": "zlib-stream"}]
    assert fake.identify is not None and fake.identify["token"] == TOKEN
    assert fake.identify["intents"] & PRIVILEGED_INTENTS == 0

    syncs = fake.find(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    assert [r.path for r in syncs] == [f"/applications/{BOT.id}/guilds/{GUILD_ID}/commands"]
    commands = {c["name"]: c for c in syncs[0].body}
    assert set(commands) == {"ask", "article", "topics", "help", "kb"}
    ask = {o["name"]: o for o in commands["ask"]["options"]}
    assert ask["question"] == ask["question"] | {"type": 3, "required": True, "autocomplete": True}
    assert ask["article"]["autocomplete"] is True and not ask["article"]["required"]
    assert ask["private"]["type"] == 5
    kb = commands["kb"]
    assert int(kb["default_member_permissions"]) == 1 << 5  # Manage Server, a client-side hint
    assert kb["contexts"] == [0] and kb["dm_permission"] is False  # guild only
    assert {o["name"] for o in kb["options"]} == {"status", "reload"}
    for command in commands.values():
        assert len(command["description"]) <= 100
        assert command["description_localizations"]["fr"], command["name"]


async def test_global_sync_only_when_asked(fake: FakeDiscord, shipped_copy: Path,
                                           tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    config = make_config(fake, shipped_copy, tmp_path, dev_guild_ids=())
    harness = await start_bot(fake, config)
    await harness.stop()
    assert not fake.find(lambda r: r.method == "PUT")
    assert "slash commands were not published" in caplog.text

    harness = await start_bot(fake, config, sync_global=True)
    await harness.stop()
    assert [r.path for r in fake.find(lambda r: r.method == "PUT")] == [
        f"/applications/{BOT.id}/commands"]


async def test_ask_answers_with_a_cited_embed(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR, locale="fr")
    assert reply.type == 4 and not reply.ephemeral
    assert reply.data["allowed_mentions"] == {"parse": []}
    (embed,) = reply.embeds
    expected = running.service.answer_entry(f"{SLUG}/troops-count", "fr")
    assert expected is not None
    assert shown(embed) == TROOPS_FR and "author" not in embed
    assert fact(embed) == expected.text  # the fact first
    # One line per paragraph cited; the heading, which says the same, is left out.
    paragraphs = [q for q in expected.citations if q.paragraph is not None]
    assert len(paragraphs) < len(expected.citations)
    lines = quote_lines(embed)
    assert [place for _, place in lines] == [f"§{q.paragraph}" for q in paragraphs]
    for text, _ in lines:
        assert " ".join(unquote(text).split()) in ARTICLE_TEXT  # verbatim
    assert plain(embed["footer"]["text"]) == "Irak : al-Soudani s'entretient… · novembre 2024"
    assert running.service.kb.version not in json.dumps(embed)
    ids = reply.custom_ids()
    assert "ab:why:fr" in ids
    assert f"ab:fb:up:fr:{SLUG}/troops-count" in ids
    assert f"ab:sel:fr:more:{SLUG}/troops-count" in ids  # related follow-ups, in a menu


async def test_answer_in_the_askers_language(running: Harness) -> None:
    english = await running.ask(TROOPS_EN, locale="fr")  # a French client, an English question
    (embed,) = english.embeds
    assert embed["footer"]["text"].endswith(" · November 2024")
    assert fact(embed) == running.service.answer_entry(
        f"{SLUG}/troops-count", "en").text  # type: ignore[union-attr]
    assert "*In the article (in French):*" in embed["description"]  # quotes stay French


async def test_question_log_has_no_user_id(running: Harness) -> None:
    await running.ask(TROOPS_FR)
    running.service.question_log.flush()  # type: ignore[union-attr]
    lines = [json.loads(line) for line in running.question_log.read_text().splitlines()]
    (record,) = [r for r in lines if r["question"] == TROOPS_FR]
    assert record["source"] == "discord" and record["status"] == "answered"
    assert record["user"] and str(ALICE.id) not in json.dumps(lines)


@pytest.mark.parametrize("status", [Status.NOT_IN_ARTICLE, Status.OFF_TOPIC, Status.AMBIGUOUS])
async def test_each_status_has_its_own_look(running: Harness, status: Status) -> None:
    candidates = {
        Status.NOT_IN_ARTICLE: ["Combien de soldats allemands sont en Irak ?",
                                "How many German soldiers are in Iraq?", "roquettes"],
        Status.OFF_TOPIC: ["Quelle est la recette de la tarte tatin ?", "bonjour"],
        Status.AMBIGUOUS: ["guerre", "retrait", "What about the troops?"],
    }[status]
    question = first_with_status(running, status, candidates)
    reply = await running.ask(question)
    (embed,) = reply.embeds
    answer_embed = (await running.ask(TROOPS_FR)).embeds[0]
    assert embed["color"] != answer_embed["color"] and fact(embed) != fact(answer_embed)
    assert not reply.ephemeral
    if status is Status.NOT_IN_ARTICLE:
        assert fact(embed) == "🤷 **L'article ne le dit pas.**"
        answer = running.service.ask(question)
        if answer.closest is not None:
            assert "Le passage le plus proche" in plain(embed["description"])
        offered = {o["value"] for o in menu(reply.data)["options"]}
        assert offered == {s.entry for s in answer.suggestions[:3]}
        assert not any(i.startswith("ab:fb:") for i in reply.custom_ids())  # nothing to judge
    if status is Status.AMBIGUOUS:
        assert len(menu(reply.data)["options"]) >= 2


async def test_too_long_and_empty_questions_get_an_ephemeral_notice(running: Harness) -> None:
    limit = running.config.matching.max_question_chars
    reply = await running.ask("pourquoi " * (limit // 9 + 5))
    assert reply.type == 4 and reply.ephemeral and not reply.embeds
    assert "trop longue" in reply.content and str(limit) in reply.content
    blank = await running.ask("   ", locale="fr")  # no words: the reader's locale decides
    assert blank.ephemeral and "vide" in blank.content
    english = await running.ask("   ", locale="en-GB")
    assert english.ephemeral and "empty" in english.content


async def test_private_ask_is_ephemeral(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR, private=True)
    assert reply.ephemeral and answered(reply.embeds[0])


async def test_everyone_in_a_question_pings_nobody(running: Harness) -> None:
    reply = await running.ask("@everyone @here combien de soldats américains en Irak ?")
    assert reply.data["allowed_mentions"] == {"parse": []}
    assert "@everyone" in reply.embeds[0]["title"]  # echoed, but never a ping


async def test_ask_restricted_to_an_article(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR, article=SLUG)
    assert answered(reply.embeds[0])
    unknown = await running.ask(TROOPS_FR, article="no-such-article")
    assert unknown.ephemeral and "no-such-article" in unknown.content
    assert SLUG in unknown.content  # lists what exists


async def test_autocomplete_questions(running: Harness) -> None:
    fake = running.fake
    choices = await fake.autocomplete("ask", "question", question="combien de sold",
                                      locale="fr")
    assert 1 <= len(choices) <= MAX_CHOICES
    assert choices[0]["name"] == TROOPS_FR
    assert all(len(c["name"]) <= MAX_CHOICE_CHARS and len(c["value"]) <= MAX_CHOICE_CHARS
               for c in choices)
    everything = await fake.autocomplete("ask", "question", question="", locale="fr")
    assert len(everything) == MAX_CHOICES  # more entries than Discord allows: capped
    # The locale decides the language; with another locale, the typed text does.
    kb = running.service.kb
    paraphrases = {lang: {q for e in kb.entries for q in e.questions.get(lang, ())}
                   for lang in ("fr", "en")}
    for locale, lang in (("fr", "fr"), ("en-GB", "en"), ("en-US", "en")):
        found = await fake.autocomplete("ask", "question", question="trump", locale=locale)
        assert found and all(c["name"] in paraphrases[lang] for c in found), locale
    typed = await fake.autocomplete("ask", "question", question="how many sold", locale="de")
    assert typed[0]["name"].startswith("How many")
    assert all(c["name"] in paraphrases["en"] for c in typed)
    # Nothing like it in the locale's language: the typed text's language still helps.
    fallback = await fake.autocomplete("ask", "question", question="soldats", locale="en-GB")
    assert fallback and all(c["name"] in paraphrases["fr"] for c in fallback)
    assert (await fake.autocomplete("ask", "question", question="zzzz qqqq")) == []


async def test_autocomplete_articles(running: Harness) -> None:
    choices = await running.fake.autocomplete("ask", "article", question="x", article="irak")
    assert [c["value"] for c in choices] == [SLUG]
    assert len(choices[0]["name"]) <= MAX_CHOICE_CHARS


async def test_article_topics_and_help(running: Harness) -> None:
    fake, kb = running.fake, running.service.kb
    article = await fake.slash("article", locale="fr")
    assert article.ephemeral
    (embed,) = article.embeds
    meta = kb.by_slug[SLUG].meta
    assert plain(embed["title"]) == meta.title
    fields = {f["name"]: plain(f["value"]) for f in embed["fields"]}
    # the date in words and the source without the knowledge's file name, on one line
    assert plain(embed["description"]) == ("**novembre 2024** · Dépêche reçue par la rédaction "
                                           "en novembre 2024")
    assert "url" not in embed  # the shipped article has no URL
    assert all(section in fields["Sections"] for section in kb.by_slug[SLUG].article.sections)
    topics_id = next(c["id"] for c in fake.commands[GUILD_ID] if c["name"] == "topics")
    assert f"</topics:{topics_id}>" in fields["Ce que je sais en dire"]  # clickable

    helped = await fake.slash("help", locale="en-US")
    assert helped.ephemeral
    text = json.dumps(helped.embeds[0], ensure_ascii=False)
    assert "</ask:" in text and f"<@{BOT.id}>" in text and "direct message" in text
    assert "</kb status:" in text and "November 2024" in text


@pytest.mark.parametrize("bodies", [True, False], ids=["callback-body", "no-content"])
async def test_topics_are_paginated_with_buttons(running: Harness, bodies: bool,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake, kb = running.fake, running.service.kb
    fake.callback_bodies = bodies  # Discord answers with the message; a proxy may not
    ready = [e for e in kb.entries if not e.draft]
    first = await fake.slash("topics", locale="fr")
    assert first.ephemeral
    pages = -(-len(ready) // 10)
    assert f"Page 1/{pages}" in first.embeds[0]["footer"]["text"]
    ids = first.custom_ids()
    assert ids[0] == "ab:tsel:fr" and "ab:page:fr:1:*" in ids
    listed = [plain(line) for f in first.embeds[0]["fields"] for line in f["value"].splitlines()]
    assert len(listed) == 10
    assert listed[0] == f"• {ready[0].question('fr')}"

    with caplog.at_level(logging.ERROR):
        second = await fake.click(first.message, "ab:page:fr:1:*")
        await asyncio.sleep(0.3)  # an error would surface right after the edit
    assert second.type == 7  # the same message, edited
    assert not caplog.records
    assert f"Page 2/{pages}" in second.embeds[0]["footer"]["text"]
    assert second.embeds[0]["fields"] != first.embeds[0]["fields"]

    menu = next(c for row in second.data["components"] for c in row["components"]
                if c["custom_id"] == "ab:tsel:fr")
    chosen = menu["options"][0]["value"]
    answer = await fake.click(second.message, "ab:tsel:fr", values=[chosen])
    assert answer.type == 4 and answer.ephemeral  # answering from an ephemeral list stays private
    assert fact(answer.embeds[0]) == running.service.answer_entry(chosen, "fr").text  # type: ignore[union-attr]


async def test_unexpected_error_is_logged_and_apologised(running: Harness,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(running.service, "ask", broken)
    with caplog.at_level(logging.ERROR):
        reply = await running.ask(TROOPS_FR, locale="en-US")
    assert reply.type == 4 and reply.ephemeral and "Sorry" in reply.content
    assert "matcher exploded" in caplog.text and "Traceback" in caplog.text


async def test_a_question_with_a_lone_surrogate_is_answered(running: Harness,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    """Half a UTF-16 pair, as a client can send: answered like any question, and logged."""
    question = "Combien de soldats américains \ud800 sont en Irak ?"
    with caplog.at_level(logging.ERROR):
        reply = await running.ask(question, locale="fr")
    assert reply.type == 4 and not reply.ephemeral, reply.content
    assert answered(reply.embeds[0])
    assert "Traceback" not in caplog.text
    records = [json.loads(line) for line in running.question_log.read_text().splitlines()]
    assert records[-1]["question"] == question.replace("\ud800", "\ufffd")


async def test_sharded_process(fake: FakeDiscord, shipped_copy: Path, tmp_path: Path) -> None:
    config = make_config(fake, shipped_copy, tmp_path, shard_id=1, shard_count=2)
    harness = await start_bot(fake, config)
    await harness.stop()
    assert fake.identify is not None and fake.identify["shard"] == [1, 2]
    assert not fake.find(lambda r: r.method == "PUT")  # shard 0 publishes the commands


@pytest.mark.parametrize(("shard_id", "count", "ok"), [
    (None, None, True), (0, 1, True), (3, 4, True), (1, None, False), (None, 2, False),
    (2, 2, False), (-1, 2, False)])
def test_shard_settings_are_checked(shard_id: int | None, count: int | None, ok: bool) -> None:
    settings = DiscordSettings(shard_id=shard_id, shard_count=count)
    assert (sharding_problem(settings) is None) is ok


async def test_ask_in_a_dm(running: Harness) -> None:
    reply = await running.fake.slash("ask", question=TROOPS_EN, dm=True, locale="en-US")
    assert reply.type == 4 and answered(reply.embeds[0])
    assert reply.message is not None and "guild_id" not in reply.message


async def test_the_bot_does_not_parse_its_own_messages(running: Harness) -> None:
    """Discord echoes every answer back as MESSAGE_CREATE; the bot drops its own before
    discord.py builds a Message out of it, and still reads everyone else's."""
    reply = await running.ask(TROOPS_FR)
    posted = await running.fake.say(f"<@{BOT.id}> {TROOPS_FR}", mentions=(BOT,))
    answer = await running.fake.bot_reply_to(posted)
    cached = {message.id for message in running.bot.cached_messages}
    assert reply.message is not None and int(reply.message["id"]) not in cached
    assert int(answer.response["id"]) not in cached
    assert int(posted["id"]) in cached


async def test_a_burst_reuses_a_bounded_pool_of_connections(running: Harness) -> None:
    """Many /ask at once are all answered over at most HTTP_CONNECTIONS connections, not
    one new connection (a TLS handshake, against Discord) per answer."""
    burst = 2 * HTTP_CONNECTIONS
    since = len(running.fake.requests)
    replies = await asyncio.gather(*(
        running.fake.slash("ask", user=FakeUser(10**17 + n, f"user{n}"), question=TROOPS_FR,
                           locale="fr", timeout=20)
        for n in range(burst)))
    assert all(reply.type == 4 and reply.embeds for reply in replies)
    callbacks = [r for r in running.fake.requests[since:] if r.path.endswith("/callback")]
    assert len(callbacks) == burst
    assert 1 <= len({r.peer for r in callbacks}) <= HTTP_CONNECTIONS
