"""👍/👎 in Telegram, end to end: real PTB Application, engine with the editors' loop, SQLite store, fake
Bot API. The row is the keyboard's last; a press answers with a toast and takes only its row away; a
👎 gets the follow-up; a press is recorded once however often it is pressed or delivered."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator

import pytest

from bot.editors import EditorsLoop, LogKind
from bot.knowledge.model import Knowledge
from bot.store.sqlite import SQLiteStore
from bot.types import DOWN_LABEL, UP_LABEL
from tests.telegram import factory
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import Person, labels, running_bot

ALICE = factory.user(101, "Alice")
ROW = [UP_LABEL, DOWN_LABEL]


@pytest.fixture
async def alice(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[Person]:
    async with running_bot(fake_api, store, bundled) as run:
        yield Person(run, ALICE, factory.private_chat(ALICE))


def rows(message: dict) -> list[list[str]]:
    return [[b["text"] for b in row] for row in message.get("reply_markup", {}).get("inline_keyboard", [])]


async def press_in(person: Person, message: dict, label: str) -> list:
    return await person.run.deliver(factory.press_update(person.sender, message, factory.find_button(message, label)))


async def test_the_row_is_last_and_only_under_knowledge_answers(alice: Person) -> None:
    [answer] = await alice.say("what is the 90 9 1 rule")
    keyboard = answer.params["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in keyboard[-1]] == ROW and labels(answer)[0] == "Tell me more"
    assert all(len(b["callback_data"].encode()) <= 64 for row in keyboard for b in row)
    for text in ("/start", "thanks", "/tip", "/platforms"):
        assert not set(ROW) & {label for call in await alice.say(text) for label in labels(call)}, text


async def test_thumbs_up_is_a_toast_keeps_the_answers_buttons_and_counts_once(alice: Person,
                                                                            fake_api: FakeBotApi) -> None:
    [answer] = await alice.say("what is the 90 9 1 rule")
    message = copy.deepcopy(fake_api.messages[(ALICE["id"], answer.message_id)])
    update = factory.press_update(ALICE, message, factory.find_button(message, UP_LABEL))
    calls = await alice.run.deliver(update)
    toast = next(c for c in calls if c.method == "answerCallbackQuery")
    assert toast.params["text"] == "Thanks for your feedback."
    assert [c.method for c in calls if c.method == "sendMessage"] == []
    shown = fake_api.messages[(ALICE["id"], answer.message_id)]
    assert rows(shown) and ROW not in rows(shown) and rows(shown)[0][0] == "Tell me more"

    fake_api.push(update)  # the same update delivered again
    await press_in(alice, message, UP_LABEL)  # an old copy of the keyboard, pressed again
    await press_in(alice, message, DOWN_LABEL)
    loop = EditorsLoop(alice.run.store)
    stats = await loop.stats.read(0)
    assert (stats.up, stats.down) == (1, 0)
    assert await loop.log.since(0) == []

    more = await press_in(alice, shown, "Tell me more")
    assert any(c.method == "sendMessage" for c in more)
    assert rows(fake_api.messages[(ALICE["id"], answer.message_id)]) == [], "both rows used"


async def test_another_button_leaves_the_row(alice: Person, fake_api: FakeBotApi) -> None:
    [answer] = await alice.say("what is the 90 9 1 rule")
    await alice.press("Tell me more")
    assert rows(fake_api.messages[(ALICE["id"], answer.message_id)]) == [ROW]


async def test_thumbs_down_asks_what_was_wanted_and_records_it(alice: Person, fake_api: FakeBotApi) -> None:
    [answer] = await alice.say("how do I get found on google with my posts")
    message = copy.deepcopy(fake_api.messages[(ALICE["id"], answer.message_id)])
    [follow_up] = [c for c in await press_in(alice, message, DOWN_LABEL) if c.method == "sendMessage"]
    assert "What were you looking for?" in follow_up.visible
    choices = labels(follow_up)
    assert 3 <= len(choices) <= 4 and choices[-1] == "Something else" and not set(ROW) & set(choices)
    assert all(len(b["callback_data"].encode()) <= 64
               for row in follow_up.params["reply_markup"]["inline_keyboard"] for b in row)
    alice.keyboard = (ALICE["id"], follow_up.message_id)
    [chosen] = [c for c in await alice.press(choices[0]) if c.method == "sendMessage"][:1]
    assert labels(chosen)[-2:] == ROW
    entries = await EditorsLoop(alice.run.store).log.since(0)
    assert [e.kind for e in entries] == [LogKind.DISLIKED, LogKind.WANTED]
    assert entries[0].platform == "telegram" and entries[0].text == "how do I get found on google with my posts"
    assert not any(str(ALICE["id"]) in e.dump() for e in entries)
