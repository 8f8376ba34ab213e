"""/tip <subject> in Telegram, end to end through PTB against the stand-in Bot API: a tip on that
platform or topic, "Another tip about ..." continues the subject with no repeat, and a subject the
advisor has no tips about is said plainly (HTML in it escaped)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.knowledge.model import Knowledge
from bot.store.sqlite import SQLiteStore
from bot.tips import tips_about
from tests.telegram import factory
from tests.telegram.fake_bot_api import BOT_USER, FakeBotApi, visible_text
from tests.telegram.harness import Person, labels, running_bot, texts

CARLA = factory.user(401, "Carla")
TEAM = factory.group(-1005550009, "Growth team")


@pytest.fixture
async def carla(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[Person]:
    async with running_bot(fake_api, store, bundled) as run:
        yield Person(run, CARLA, factory.private_chat(CARLA))


async def test_tip_on_a_platform_then_another_without_repeat(carla: Person, bundled: Knowledge) -> None:
    pool = {visible_text(t.text) for t in tips_about(bundled, "linkedin")}
    first = await carla.say("/tip linkedin")
    shown = texts(first)
    assert shown.startswith("Tip about LinkedIn: ") and "<b>Tip about LinkedIn:</b>" in first[-1].params["text"]
    assert labels(first[-1])[0] == "Another tip about LinkedIn"
    again = await carla.press("Another tip about LinkedIn")
    tips = {t for t in pool if t in shown or t in texts(again)}
    assert len(tips) == 2  # two different LinkedIn tips


async def test_tip_on_a_topic_and_an_unknown_subject(carla: Person) -> None:
    topic = await carla.say("/tip hashtags")
    assert texts(topic).startswith("Tip about Hashtags and keywords: ")
    unknown = await carla.say("/tip <b>knitting</b>")
    shown = texts(unknown)
    assert shown.startswith("I have no tips about \u201cb knitting b\u201d yet. Here is a general one.")
    assert "Tip: " in shown and "<b>knitting" not in unknown[-1].params["text"]


async def test_in_a_group_the_command_addressed_to_the_bot_works(fake_api: FakeBotApi, store: SQLiteStore,
                                                                bundled: Knowledge) -> None:
    async with running_bot(fake_api, store, bundled) as run:
        member = Person(run, CARLA, TEAM)
        calls = await member.say(f"/tip@{BOT_USER['username']} instagram")
        assert texts(calls).startswith("Tip about Instagram: ")
