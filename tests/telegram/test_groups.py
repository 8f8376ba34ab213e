"""Groups and forum supergroups: what the bot answers, whose conversation it is, where replies go."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.telegram.handlers import NOT_YOURS
from bot.knowledge.model import Knowledge
from bot.store.sqlite import SQLiteStore
from tests.telegram import factory
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import BotRun, Person, running_bot, texts

ALICE = factory.user(201, "Alice")
BOB = factory.user(202, "Bob")
TEAM = factory.group(-1001234567890)
FORUM = factory.group(-1009876543210, "Marketing forum", forum=True)


@pytest.fixture
async def run(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[BotRun]:
    async with running_bot(fake_api, store, bundled) as running:
        yield running


def quoted(params: dict[str, Any]) -> int | None:
    return (params.get("reply_parameters") or {}).get("message_id")


async def test_only_commands_mentions_and_replies_to_the_bot_are_answered(run: BotRun) -> None:
    alice, bob = Person(run, ALICE, TEAM), Person(run, BOB, TEAM)
    assert await alice.say("what is the 90 9 1 rule") == []  # chatter, even a question the bot knows
    assert await alice.say("/help@some_other_bot") == []
    assert await alice.say("/ban @spammer") == [], "a bare command that is not ours is left to other bots"
    assert await bob.say("@bob_the_colleague what is seo?") == []

    help_reply, = await alice.say("/help")
    assert "I advise marketing teams" in help_reply.visible
    assert len(await alice.say("/tip@advisor_test_bot")) == 1

    mention = factory.text_update(TEAM, BOB, "@advisor_test_bot what is the 90 9 1 rule")
    answer, = [c for c in await run.deliver(mention) if c.method == "sendMessage"]
    assert "90%" in answer.visible
    assert quoted(answer.params) == mention["message"]["message_id"]  # replies quote the asking message
    assert "90%" in texts(await bob.say("so what's the 90 9 1 rule, @Advisor_Test_Bot?"))

    bot_message = run.last_message(TEAM["id"])
    assert "Market monitoring" in texts(await bob.say("and why use social media at all?", reply_to=bot_message))
    colleague_message = factory.message(TEAM, ALICE, "we should post more")
    assert await bob.say("what is seo?", reply_to=colleague_message) == []


async def test_two_users_interleave_their_walkthroughs(run: BotRun) -> None:
    alice, bob = Person(run, ALICE, TEAM), Person(run, BOB, TEAM)
    await alice.say("/platforms")
    await bob.say("/platforms@advisor_test_bot")
    assert "2/5" in texts(await alice.say("@advisor_test_bot visibility and leads"))
    await bob.press("Reputation")
    assert "2/5" in texts(await bob.press("Done"))
    assert "3/5" in texts(await alice.say("@advisor_test_bot mostly B2B"))
    assert "3/5" in texts(await bob.press("Consumers"))
    await bob.press("18-24")
    assert "4/5" in texts(await bob.press("Done"))
    assert "4/5" in texts(await alice.say("@advisor_test_bot 25 to 45"))
    assert "5/5" in texts(await alice.say("@advisor_test_bot we do blog posts and some photos"))
    await bob.press("Short videos")
    assert "5/5" in texts(await bob.press("Done"))
    alice_done = await alice.say("@advisor_test_bot about 5 hours")
    bob_done = await bob.press("10 h")
    assert "My advice" in texts(alice_done) and "My advice" in texts(bob_done)
    assert "LinkedIn" in texts(alice_done) and texts(alice_done) != texts(bob_done)
    assert all(c.params["chat_id"] == str(TEAM["id"]) and quoted(c.params) for c in alice_done + bob_done)


async def test_a_button_pressed_by_someone_else_is_refused_politely(run: BotRun) -> None:
    alice = Person(run, ALICE, TEAM)
    await alice.say("/platforms")
    alices_prompt = run.keyboard_message(TEAM["id"])
    press = factory.press_update(BOB, alices_prompt, factory.find_button(alices_prompt, "Visibility"))
    calls = [c for c in await run.deliver(press) if c.method != "getUpdates"]
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", NOT_YOURS)]
    assert run.keyboard_message(TEAM["id"])["message_id"] == alices_prompt["message_id"]  # keyboard kept
    assert "Selected: Visibility" in texts(await alice.press("Visibility"))  # Alice's conversation untouched


async def test_forum_topics_keep_separate_conversations_and_replies_stay_in_their_topic(run: BotRun) -> None:
    launch = Person(run, ALICE, FORUM, topic=11)
    support = Person(run, ALICE, FORUM, topic=22)
    assert await launch.say("what is seo") == []  # in a topic every message "replies" to the topic root
    await launch.say("/platforms")
    await support.say("/platforms")
    assert "2/5" in texts(await launch.say("@advisor_test_bot visibility and leads"))
    in_support = texts(await support.press("Customer care"))
    assert "Selected: Customer care" in in_support and "2/5" not in in_support  # still at step 1 there
    assert "3/5" in texts(await launch.press("Businesses"))
    for call in run.fake.sent(FORUM["id"]):
        assert call.params["message_thread_id"] in ("11", "22") and quoted(call.params)
    launch_texts = [c.visible for c in run.fake.sent(FORUM["id"]) if c.params["message_thread_id"] == "11"]
    assert any("3/5" in t for t in launch_texts) and not any("Customer care" in t for t in launch_texts)
