"""Questions in chat: a mention, a reply to the bot, a DM; everything else is ignored."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.config import Cooldown
from tests.conftest import SLUG
from tests.discord_frontend.harness import (
    TROOPS_FR,
    Harness,
    answered,
    fact,
    make_config,
    start_bot,
)
from tests.fakediscord import (
    ALICE,
    BOB,
    BOT,
    BOT_ROLE,
    CHANNEL_ID,
    OTHER_BOT,
    OTHER_CHANNEL_ID,
    FakeDiscord,
    Recorded,
)

MENTION = f"<@{BOT.id}>"


def assert_pings_nobody(payload: dict) -> None:
    mentions = payload["allowed_mentions"]
    assert mentions["parse"] == [] and not mentions.get("replied_user"), mentions
    assert set(mentions) <= {"parse", "replied_user"}  # no users or roles allowed either


def bot_posts(fake: FakeDiscord, since: int = 0) -> list[Recorded]:
    return fake.find(lambda r: r.method == "POST" and r.path.startswith("/channels/")
                     and r.path.endswith("/messages"), since)


async def test_mention_is_answered_in_a_reply(running: Harness) -> None:
    fake = running.fake
    posted = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
    sent = await fake.bot_reply_to(posted)
    assert sent.path == f"/channels/{CHANNEL_ID}/messages"
    body = sent.body
    assert_pings_nobody(body)
    (embed,) = body["embeds"]
    assert answered(embed)
    assert "title" not in embed  # a reply: the question is right above it
    assert fact(embed) == running.service.answer_entry(
        f"{SLUG}/troops-count", "fr").text  # type: ignore[union-attr]
    assert any(c.startswith("ab:fb:up:fr:") for row in body["components"]
               for c in [b["custom_id"] for b in row["components"]])


async def test_dm_is_answered(running: Harness) -> None:
    fake = running.fake
    posted = await fake.say("How many US troops are in Iraq?", dm=True)
    sent = await fake.bot_reply_to(posted)
    assert sent.path == f"/channels/{fake.dm_channel_id(ALICE)}/messages"
    assert answered(sent.body["embeds"][0]) and "in French" in sent.body["embeds"][0][
        "description"]
    assert_pings_nobody(sent.body)


async def test_a_reply_is_read_with_the_answer_it_replies_to(running: Harness) -> None:
    fake = running.fake
    first = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
    answer = (await fake.bot_reply_to(first)).response
    followup = await fake.say("et pourquoi sont-ils là ?", reply_to=answer, mentions=(BOT,))
    embed = (await fake.bot_reply_to(followup)).body["embeds"][0]
    why = running.service.answer_entry(f"{SLUG}/troops-why", "fr")
    assert why is not None and fact(embed) == why.text
    thanks = await fake.say("merci !", reply_to=answer, mentions=(BOT,))  # not asked again
    assert not answered((await fake.bot_reply_to(thanks)).body["embeds"][0])


async def test_a_mention_in_the_text_alone_counts(running: Harness) -> None:
    """A server that leaves the mention list out still delivers "<@id>" in the text."""
    posted = await running.fake.say(f"{MENTION} {TROOPS_FR}")  # no `mentions` entry
    sent = await running.fake.bot_reply_to(posted)
    assert fact(sent.body["embeds"][0]) == running.service.answer_entry(
        f"{SLUG}/troops-count", "fr").text  # type: ignore[union-attr]


async def test_reply_to_a_bot_answer_is_a_question(running: Harness) -> None:
    fake = running.fake
    first = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
    answer = (await fake.bot_reply_to(first)).response
    # A reply pings the replied-to author by default, so Discord lists the bot in mentions...
    followup = await fake.say("Pourquoi sont-ils en Irak ?", reply_to=answer, mentions=(BOT,))
    sent = await fake.bot_reply_to(followup)
    assert fact(sent.body["embeds"][0]) == running.service.answer_entry(
        f"{SLUG}/troops-why", "fr").text  # type: ignore[union-attr]
    # ... and without the ping it is still a reply to the bot.
    quiet = await fake.say("Qui a émis le mandat d'arrêt contre Trump ?", reply_to=answer,
                           author=BOB)
    assert answered((await fake.bot_reply_to(quiet)).body["embeds"][0])
    # ... and when Discord sends only the id of the message replied to.
    bare = await fake.say("Quand le mandat d'arrêt a-t-il été émis ?", reply_to=answer,
                          author=BOB, copy_reference=False)
    assert answered((await fake.bot_reply_to(bare)).body["embeds"][0])


async def test_role_mention_of_the_bot_counts(running: Harness) -> None:
    fake = running.fake
    posted = await fake.say(f"<@&{BOT_ROLE}> {TROOPS_FR}", role_mentions=(BOT_ROLE,))
    sent = await fake.bot_reply_to(posted)
    assert answered(sent.body["embeds"][0])


async def test_other_messages_are_ignored(running: Harness) -> None:
    fake = running.fake
    start = len(fake.requests)
    await fake.say(TROOPS_FR)  # no mention
    await fake.say(f"{MENTION} {TROOPS_FR}", author=OTHER_BOT, mentions=(BOT,))  # a bot
    await fake.say(f"@everyone {TROOPS_FR}", mention_everyone=True)  # not the bot
    human = await fake.say("salut bob", author=BOB)
    await fake.say(TROOPS_FR, reply_to=human)  # a reply, but not to the bot
    sentinel = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
    await fake.bot_reply_to(sentinel)
    await asyncio.sleep(0.2)  # time for any (wrong) answer to the earlier messages
    posts = bot_posts(fake, start)
    assert len(posts) == 1, [p.body for p in posts]
    # The bot's own answer came back through the gateway (as on Discord) and was ignored too.
    assert int(posts[0].response["id"]) in fake.messages


async def test_everyone_in_a_chat_question_pings_nobody(running: Harness) -> None:
    fake = running.fake
    posted = await fake.say(f"{MENTION} @everyone {TROOPS_FR}", mentions=(BOT,),
                            mention_everyone=True)
    sent = await fake.bot_reply_to(posted)
    assert_pings_nobody(sent.body)
    assert answered(sent.body["embeds"][0])


async def test_mention_without_question_gets_a_hint(running: Harness) -> None:
    posted = await running.fake.say(MENTION, mentions=(BOT,))
    sent = await running.fake.bot_reply_to(posted)
    assert MENTION in sent.body["content"] and not sent.body.get("embeds")
    assert_pings_nobody(sent.body)  # quoting the mention pings nobody


async def test_only_configured_channels(fake: FakeDiscord, shipped_copy: Path,
                                        tmp_path: Path) -> None:
    config = make_config(fake, shipped_copy, tmp_path, answer_channels=(CHANNEL_ID,))
    harness = await start_bot(fake, config)
    try:
        start = len(fake.requests)
        await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,), channel_id=OTHER_CHANNEL_ID)
        allowed = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
        await fake.bot_reply_to(allowed)
        await asyncio.sleep(0.2)
        assert [p.path for p in bot_posts(fake, start)] == [f"/channels/{CHANNEL_ID}/messages"]
        dm = await fake.say(TROOPS_FR, dm=True)  # DMs are always answered
        await fake.bot_reply_to(dm)
    finally:
        await harness.stop()


async def test_cooldown(fake: FakeDiscord, shipped_copy: Path, tmp_path: Path) -> None:
    config = make_config(fake, shipped_copy, tmp_path, cooldown=Cooldown(rate=1, per=60.0))
    harness = await start_bot(fake, config)
    harness.bot.get_cog("Ask").notice_seconds = 0.2  # type: ignore[union-attr]
    try:
        assert (await harness.ask(TROOPS_FR, locale="fr")).embeds
        limited = await harness.ask(TROOPS_FR, locale="fr")
        assert limited.ephemeral and limited.content.startswith("⏳")
        other = await harness.ask(TROOPS_FR, user=BOB)  # per user
        assert other.embeds

        start = len(fake.requests)
        posted = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
        notice = await fake.bot_reply_to(posted)
        assert notice.body["content"].startswith("⏳") and not notice.body.get("embeds")
        notice_id = notice.response["id"]
        await fake.wait_for(lambda r: r.method == "DELETE" and r.path.endswith(notice_id))
        again = await fake.say(f"{MENTION} {TROOPS_FR}", mentions=(BOT,))
        await asyncio.sleep(0.2)
        assert len(bot_posts(fake, start)) == 1  # one notice per window, not one per message
        assert not fake.find(lambda r: str(((r.body or {}).get("message_reference") or {}).get(
            "message_id")) == again["id"], start)
    finally:
        await harness.stop()
