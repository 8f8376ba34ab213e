"""A private chat with the bot, end to end: real PTB Application, engine, SQLite store, fake Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from adapters.telegram.render import render_reply
from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore
from bot.types import ConversationKey, Incoming, Reply
from tests.telegram import factory
from tests.telegram.fake_bot_api import CHAT_NOT_FOUND, FLOOD, PARSE_ERROR, FakeBotApi, visible_text
from tests.telegram.harness import Person, labels, running_bot, sends, texts

ALICE = factory.user(101, "Alice")
WALKTHROUGH_TYPED = ["visibility and leads", "mostly B2B", "25 to 45", "we do blog posts and some photos",
                     "about 5 hours"]


async def engine_says(knowledge: Knowledge, *messages: str) -> str:
    """What the engine itself (as in the console) answers to the last of `messages`, as Telegram shows it."""
    advisor = Advisor(knowledge, MemoryStore())
    key = ConversationKey("reference", "1", "", "1")
    for text in messages:
        replies = await advisor.handle(Incoming(key, text=text))
    return "\n\n".join(visible_text(part.html) for reply in replies for part in render_reply(reply))


@pytest.fixture
async def alice(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[Person]:
    async with running_bot(fake_api, store, bundled) as run:
        yield Person(run, ALICE, factory.private_chat(ALICE))


async def test_start_registers_commands_and_greets_with_buttons(alice: Person, fake_api: FakeBotApi) -> None:
    commands = fake_api.calls_to("setMyCommands")[0].params["commands"]
    assert [c["command"] for c in commands] == ["start", "help", "platforms", "tip", "tips", "cancel", "restart"]
    greeting, = await alice.say("/start")
    assert fake_api.calls_to("deleteWebhook") and fake_api.calls_to("getUpdates")
    assert greeting.params["parse_mode"] == "HTML"
    assert "<b>Social Media Advisor</b>" in greeting.params["text"]
    assert {"What is social media?", "Choose my platforms", "Give me a tip"} <= set(labels(greeting))
    assert "reply_parameters" not in greeting.params  # private chats are not quoted
    assert all(len(b["callback_data"].encode()) <= 64
               for row in greeting.params["reply_markup"]["inline_keyboard"] for b in row)


async def test_question_gets_the_same_answer_as_the_console(alice: Person, bundled: Knowledge) -> None:
    calls = await alice.say("what is the 90 9 1 rule")
    assert texts(calls) == await engine_says(bundled, "what is the 90 9 1 rule")
    assert "Tell me more" in labels(calls[-1])

    more = await alice.press("Tell me more")
    assert texts(more) == await engine_says(bundled, "what is the 90 9 1 rule", "tell me more")


async def test_walkthrough_by_typing_and_by_buttons_give_the_console_recommendation(
        fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> None:
    expected = await engine_says(bundled, "/platforms", *WALKTHROUGH_TYPED)
    assert "LinkedIn" in expected
    async with running_bot(fake_api, store, bundled) as run:
        typist = Person(run, ALICE, factory.private_chat(ALICE))
        await typist.say("/platforms")
        for answer in WALKTHROUGH_TYPED[:-1]:
            await typist.say(answer)
        typed = await typist.say(WALKTHROUGH_TYPED[-1])

        bob = factory.user(102, "Bob")
        presser = Person(run, bob, factory.private_chat(bob))
        await presser.say("/platforms")
        for label in ("Visibility", "Leads", "Done", "Businesses", "25-34", "35-54", "Done", "Articles", "Images",
                      "Done"):
            step = await presser.press(label)
            assert len(step) == 1
        assert "5/5" in step[0].visible
        pressed = await presser.press("5 h")
    assert texts(typed) == texts(pressed) == expected
    assert [labels(c) for c in pressed][-1] == ["Export calendar", "The editorial calendar",
                                                "Know your target (personas)", "Start over"]


async def test_pressed_keyboard_is_removed_and_spinner_stopped(alice: Person, fake_api: FakeBotApi) -> None:
    await alice.say("/platforms")
    message = alice.run.keyboard_message(ALICE["id"])
    await alice.press("Visibility")
    answer, = fake_api.calls_to("answerCallbackQuery")
    assert "text" not in answer.params
    edit, = fake_api.calls_to("editMessageReplyMarkup")
    assert int(edit.params["message_id"]) == message["message_id"] and not edit.params.get("reply_markup")


async def test_expired_button_gets_a_polite_note_and_the_current_step(alice: Person, fake_api: FakeBotApi) -> None:
    await alice.say("/platforms")
    first_prompt = alice.run.keyboard_message(ALICE["id"])
    await alice.say("visibility and leads")  # typed: the first prompt keeps its now stale buttons
    stale = factory.press_update(ALICE, first_prompt, factory.find_button(first_prompt, "SEO"))
    reply = texts(await alice.run.deliver(stale))
    assert reply.startswith("That choice has expired.") and "2/5" in reply

    unknown = factory.press_update(ALICE, first_prompt, "nosuchtoken:3")
    reply = texts(await alice.run.deliver(unknown))
    assert reply.startswith("That choice has expired.") and "2/5" in reply
    assert len(fake_api.calls_to("answerCallbackQuery")) == 2


async def test_html_in_user_text_never_breaks_a_reply(alice: Person, fake_api: FakeBotApi) -> None:
    for text in ("<b>hi</b> & <script>alert(1)</script>", "what is <i>seo</i> & why?", "&amp; &lt; <"):
        calls = await alice.say(text)
        assert calls and all(c.params.get("parse_mode") == "HTML" for c in calls)
        assert "<script" not in calls[0].params["text"]
    assert all(c.status == 200 for c in fake_api.calls)


async def test_knowledge_text_is_escaped(fake_api: FakeBotApi, store: SQLiteStore, custom_pack: Knowledge) -> None:
    async with running_bot(fake_api, store, custom_pack) as run:
        reply, = await Person(run, ALICE, factory.private_chat(ALICE)).say("quokkahtml")
    assert reply.visible == "Never type <script>alert(1)</script> & <b>bold</b> here: a<b>"
    assert '<a href="https://example.com/?a=1&amp;b=2">a&lt;b&gt;</a>' in reply.params["text"]


async def test_a_10000_character_answer_is_split_with_buttons_on_the_last_part(
        fake_api: FakeBotApi, store: SQLiteStore, custom_pack: Knowledge) -> None:
    async with running_bot(fake_api, store, custom_pack) as run:
        parts = await Person(run, ALICE, factory.private_chat(ALICE)).say("zebraguide")
    answer = custom_pack.topics["zebra-guide"].answer
    assert len(parts) >= 3
    assert all(len(p.visible) <= 4096 and p.visible.startswith("Step ") for p in parts)
    expected = [visible_text(p.html) for p in render_reply(Reply(answer))]
    assert [p.visible for p in parts] == expected
    assert [bool(p.params.get("reply_markup")) for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_duplicated_update_is_answered_once(alice: Person) -> None:
    update = factory.text_update(alice.chat, ALICE, "what is seo")
    calls = await alice.run.deliver(update, update)
    assert len(sends(calls)) == 1
    again = await alice.run.deliver(update)  # re-sent later, after it was handled
    assert sends(again) == []
    assert len(await alice.say("thanks")) == 1


async def test_flood_control_429_is_retried_after_retry_after(alice: Person, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", FLOOD)
    await alice.say("what is seo")
    flooded, delivered = fake_api.calls_to("sendMessage")
    assert (flooded.status, delivered.status) == (429, 200)
    assert delivered.params["text"] == flooded.params["text"]
    assert delivered.at - flooded.at >= 1.0


async def test_rejected_formatting_is_resent_as_plain_text(alice: Person, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", PARSE_ERROR)
    await alice.say("/start")
    rejected, plain = fake_api.calls_to("sendMessage")
    assert rejected.status == 400 and rejected.params["parse_mode"] == "HTML"
    assert plain.status == 200 and "parse_mode" not in plain.params
    assert plain.visible == visible_text(rejected.params["text"])
    assert plain.params["reply_markup"] == rejected.params["reply_markup"]


async def test_a_failing_handler_logs_the_conversation_and_apologises(
        alice: Person, fake_api: FakeBotApi, bundled: Knowledge, caplog: pytest.LogCaptureFixture) -> None:
    fake_api.fail_next("sendMessage", CHAT_NOT_FOUND)
    calls = await alice.say("what is seo")
    assert texts(calls) == bundled.message("error")
    failure, = [r for r in caplog.records if r.name == "advisor.telegram" and r.levelno == logging.ERROR]
    assert failure.conversation == "telegram:101::101"  # type: ignore[attr-defined]
    assert len(await alice.say("what is seo")) == 1  # and the bot keeps going



async def test_a_burst_is_answered_in_order_within_each_chat_and_concurrently_across_chats(alice: Person) -> None:
    run = alice.run
    bob = factory.user(102, "Bob")
    questions = [("what is seo", "SEO"), ("/help", "I advise"), ("what is the 90 9 1 rule", "90%")]
    burst = [factory.text_update(factory.private_chat(who), who, text) for text, _ in questions for who in (ALICE, bob)]
    run.fake.delay_next("sendMessage", ALICE["id"], 0.3)  # Alice's first answer is slow: her next ones must wait for it
    await run.deliver(*burst)
    for who in (ALICE, bob):
        answers = [c.visible for c in run.fake.sent(who["id"])]
        assert len(answers) == 3
        assert all(marker in answer for (_, marker), answer in zip(questions, answers, strict=True))
    assert run.fake.sent(bob["id"])[-1].at < run.fake.sent(ALICE["id"])[0].at  # Bob did not wait for Alice
