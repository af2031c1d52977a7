"""Every button and menu: did you mean, follow-ups, why, feedback, and components from before
a restart (the buttons answers carried before the menus included)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from bot.matching.matcher import Status
from bot.qlog import QuestionLog
from tests.conftest import SLUG
from tests.discord_frontend.harness import (
    TROOPS_FR,
    Harness,
    answered,
    fact,
    first_with_status,
    make_config,
    menu,
    plain,
    start_bot,
)
from tests.fakediscord import ADMIN, ALICE, BOB, BOT, FakeDiscord
from tests.fakediscord.payloads import snowflake

AMBIGUOUS = ["guerre", "retrait", "What about the troops?"]


def feedback_lines(harness: Harness) -> list[dict[str, Any]]:
    harness.service.question_log.flush()  # type: ignore[union-attr]
    lines = [json.loads(line) for line in harness.question_log.read_text().splitlines()]
    return [line for line in lines if line["type"] == "feedback"]


async def test_did_you_mean_answers_the_candidate(running: Harness) -> None:
    fake = running.fake
    question = first_with_status(running, Status.AMBIGUOUS, AMBIGUOUS)
    reply = await running.ask(question, locale="fr")
    expected = running.service.ask(question)
    candidates = menu(reply.data)
    assert candidates["custom_id"] == f"ab:sel:{expected.language}:dym:-"
    values = [o["value"] for o in candidates["options"]]
    assert values == [s.entry for s in expected.suggestions[:5]]
    assert not any(i.startswith(("ab:why:", "ab:fb:")) for i in reply.custom_ids())  # no answer
    key = values[1]
    clicked = await fake.click(reply.message, candidates["custom_id"],  # type: ignore[arg-type]
                               values=[key])
    assert clicked.type == 4 and not clicked.ephemeral  # the asker continues in public
    answer = running.service.answer_entry(key, expected.language)
    assert answer is not None
    assert fact(clicked.embeds[0]) == answer.text and answered(clicked.embeds[0])
    # Someone else choosing gets the answer privately.
    other = await fake.click(reply.message, candidates["custom_id"],  # type: ignore[arg-type]
                             values=[values[0]], user=BOB)
    assert other.ephemeral and other.embeds


async def test_follow_up_button(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR)
    entry = running.service.kb.by_key[f"{SLUG}/troops-count"]
    follow = menu(reply.data)
    assert follow["custom_id"] == f"ab:sel:fr:more:{entry.key}"
    assert [o["value"] for o in follow["options"]] == list(entry.related)[:5]
    clicked = await running.fake.click(reply.message, follow["custom_id"],  # type: ignore[arg-type]
                                       values=[entry.related[0]])
    answer = running.service.answer_entry(entry.related[0], "fr")
    assert answer is not None and fact(clicked.embeds[0]) == answer.text
    # The follow-up's own menu never offers back the answer it was chosen under.
    offered = [o["value"] for o in menu(clicked.data)["options"]] if any(
        i.startswith("ab:sel:") for i in clicked.custom_ids()) else []
    assert entry.key not in offered


async def test_old_buttons_still_answer(running: Harness) -> None:
    """Answers sent before the menus carried a button per follow-up: they still work."""
    reply = await running.ask(TROOPS_FR)
    key = f"{SLUG}/troops-why"
    old = {**reply.message, "id": str(snowflake()),  # type: ignore[dict-item]
           "components": [{"type": 1, "components": [
               {"type": 2, "style": 2, "label": "➜ Pourquoi ?",
                "custom_id": f"ab:pick:fr:{key}"}]}]}
    clicked = await running.fake.click(old, f"ab:pick:fr:{key}")
    answer = running.service.answer_entry(key, "fr")
    assert answer is not None and fact(clicked.embeds[0]) == answer.text


async def test_why_this_answer(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR)
    why = await running.fake.click(reply.message, "ab:why:fr", user=BOB)  # type: ignore[arg-type]
    assert why.type == 4 and why.ephemeral
    (embed,) = why.embeds  # a reader: the explanation only
    explanation = running.service.ask(TROOPS_FR).explanation
    assert explanation is not None and explanation.score is not None
    text = plain(embed["description"])
    percent = f"{round(explanation.score * 100)} % de ressemblance"
    assert text.startswith(f"J'ai rapproché votre question de « {TROOPS_FR} » ({percent})")
    if explanation.runner_up is not None:
        other = running.service.kb.by_key[explanation.runner_up.entry].question("fr")
        assert f"Autre sens possible, moins proche : « {other} »" in text
    assert "matched" not in text and "0." not in text  # no reason codes, no raw scores


async def test_why_shows_editors_the_details(running: Harness) -> None:
    reply = await running.ask(TROOPS_FR)
    why = await running.fake.click(reply.message, "ab:why:fr", user=ADMIN)  # type: ignore[arg-type]
    _, editors = why.embeds  # the explanation for readers, then the details for editors
    explanation = running.service.ask(TROOPS_FR).explanation
    assert explanation is not None and explanation.paraphrase
    details = editors["fields"][-1]["value"]
    assert "`answered` / `matched`" in editors["fields"][0]["value"]
    assert explanation.paraphrase in details and f"{explanation.score:.2f}" in details
    assert running.service.kb.version in editors["footer"]["text"]


async def test_why_works_when_discord_does_not_return_the_message(running: Harness) -> None:
    """Without the message in the callback's reply, the answer is found again through the
    interaction the message answered (its `interaction_metadata`)."""
    running.fake.callback_bodies = False
    reply = await running.ask(TROOPS_FR)
    running.fake.callback_bodies = True
    assert reply.callback.status == 204 and reply.message is not None
    why = await running.fake.click(reply.message, "ab:why:fr", user=BOB)
    assert plain(why.embeds[0]["description"]).startswith(
        f"J'ai rapproché votre question de « {TROOPS_FR} »")


async def test_thumbs_record_feedback_without_user_id(running: Harness) -> None:
    fake = running.fake
    reply = await running.ask(TROOPS_FR)
    key = f"{SLUG}/troops-count"
    up = await fake.click(reply.message, f"ab:fb:up:fr:{key}")  # type: ignore[arg-type]
    assert up.ephemeral and "Merci" in up.content
    again = await fake.click(reply.message, f"ab:fb:up:fr:{key}")  # type: ignore[arg-type]
    assert again.ephemeral and "déjà" in again.content
    down = await fake.click(reply.message, f"ab:fb:down:fr:{key}", user=BOB)  # type: ignore[arg-type]
    assert down.ephemeral
    lines = feedback_lines(running)
    assert [(line["helpful"], line["entry"], line["question"]) for line in lines] == [
        (True, key, TROOPS_FR), (False, key, TROOPS_FR)]
    salted = QuestionLog(running.question_log, salt="test-salt")
    assert [line["user"] for line in lines] == [salted.user_hash(ALICE.id),
                                                salted.user_hash(BOB.id)]
    text = running.question_log.read_text()
    assert str(ALICE.id) not in text and str(BOB.id) not in text and "alice" not in text


async def test_buttons_survive_a_restart(fake: FakeDiscord, shipped_copy: Path,
                                         tmp_path: Path) -> None:
    config = make_config(fake, shipped_copy, tmp_path)
    first = await start_bot(fake, config)
    reply = await first.ask(TROOPS_FR)
    await first.stop()
    second = await start_bot(fake, config)  # a new process: nothing in memory
    try:
        message = reply.message
        assert message is not None
        follow = menu(reply.data)
        clicked = await fake.click(message, follow["custom_id"],
                                   values=[follow["options"][0]["value"]])
        assert clicked.embeds and not clicked.ephemeral  # the asker, from the message itself
        why = await fake.click(message, "ab:why:fr")
        assert why.ephemeral and "redémarré" in why.embeds[0]["description"]
        thumbs = await fake.click(message, f"ab:fb:down:fr:{SLUG}/troops-count")
        assert thumbs.ephemeral
        (line,) = feedback_lines(second)
        assert line["question"] == TROOPS_FR and line["helpful"] is False  # read from the embed
    finally:
        await second.stop()


async def test_unknown_and_stale_buttons_fail_gracefully(running: Harness) -> None:
    fake = running.fake
    reply = await running.ask(TROOPS_FR)
    stale = {**reply.message, "id": str(snowflake()),  # type: ignore[dict-item]
             "components": [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "old", "custom_id": "v0-pick-42"},
        {"type": 2, "style": 1, "label": "gone", "custom_id": f"ab:pick:en:{SLUG}/no-such"}]}]}
    expired = await fake.click(stale, "v0-pick-42", locale="en-US")
    assert expired.ephemeral and "expired" in expired.content
    gone = await fake.click(stale, f"ab:pick:en:{SLUG}/no-such", locale="en-US")
    assert gone.ephemeral and "no longer" in gone.content


async def test_buttons_in_a_dm(running: Harness) -> None:
    fake = running.fake
    posted = await fake.say("How many US troops are in Iraq?", dm=True)
    sent = await fake.bot_reply_to(posted)
    message = fake.messages[int(sent.response["id"])]
    follow = menu(message, "ab:sel:en:more:")
    clicked = await fake.click(message, follow["custom_id"],
                               values=[follow["options"][0]["value"]])
    assert clicked.embeds and answered(clicked.embeds[0])
    assert clicked.message is not None and clicked.message["author"]["id"] == str(BOT.id)


async def test_an_interaction_discord_py_drops_is_still_answered(running: Harness) -> None:
    """A known button scheme on a message that no longer carries the button: discord.py finds
    nothing to call, and the watchdog answers before Discord's 3-second deadline."""
    reply = await running.ask(TROOPS_FR)
    bare = {**reply.message, "id": str(snowflake()), "components": []}  # type: ignore[dict-item]
    answered = await running.fake.click(bare, "ab:why:fr", locale="en-US", timeout=4)
    assert answered.ephemeral and "expired" in answered.content
    assert answered.callback.at - answered.interaction.dispatched_at < 3.0


async def test_did_you_mean_names_the_article_of_each_candidate(fake: FakeDiscord,
                                                                 shipped_copy: Path,
                                                                 tmp_path: Path) -> None:
    """Two articles asked the same question: the menu's options carry their article as a
    description, so that two equal labels can be told apart."""
    copy = shipped_copy / "irak-suite-2024-11"
    shutil.copytree(shipped_copy / SLUG, copy)
    meta = copy / "meta.yaml"
    meta.write_text(re.sub(r"(?m)^title: .*$", 'title: "Irak : la suite"',
                           meta.read_text(encoding="utf-8")), encoding="utf-8")
    harness = await start_bot(fake, make_config(fake, shipped_copy, tmp_path))
    try:
        reply = await harness.ask("Combien de soldats américains sont en Irak ?", locale="fr")
    finally:
        await harness.stop()
    options = menu(reply.data)["options"]
    described = {o["value"].split("/")[0]: " ".join(o.get("description", "").split())
                 for o in options}  # typeset: no-break spaces inside « » and before ":"
    assert described["irak-suite-2024-11"] == "« Irak : la suite » (2024-11)"
    assert described[SLUG].startswith("« Irak : al-Soudani")
    assert all(len(o["description"]) <= 100 for o in options)
