"""Scheduled tips and the calendar export in Telegram, end to end through PTB against the stand-in Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from adapters.telegram.handlers import NOT_YOURS
from bot.knowledge.model import Knowledge
from bot.schedule import ChannelKey, Subscriptions, TipScheduler
from bot.store.sqlite import SQLiteStore
from tests.schedule.fakes import FakeClock
from tests.telegram import factory
from tests.telegram.fake_bot_api import FILE_TOO_BIG, FLOOD, KICKED, FakeBotApi
from tests.telegram.harness import BotRun, Person, labels, running_bot, texts

ALICE = factory.user(301, "Alice")
BOB = factory.user(302, "Bob")
TEAM = factory.group(-1005550001, "Growth team")
FORUM = factory.group(-1005550002, "Marketing forum", forum=True)


@pytest.fixture
async def run(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[BotRun]:
    fake_api.members[(TEAM["id"], ALICE["id"])] = "creator"
    fake_api.members[(FORUM["id"], ALICE["id"])] = "administrator"
    async with running_bot(fake_api, store, bundled) as running:
        yield running


def scheduler_at(run: BotRun, when: datetime) -> tuple[TipScheduler, FakeClock]:
    """The bot's own tip sender, driven by a fake clock set at `when`."""
    clock = FakeClock(when)
    tips = TipScheduler(run.store, run.bot.advisor.knowledge, run.bot.tips.sender, "telegram", clock=clock)
    return tips, clock


async def next_slot(run: BotRun, channel: ChannelKey) -> float:
    found = await Subscriptions(run.store).get(channel)
    assert found is not None
    return found[0].next.at


async def test_private_chat_the_user_sets_tips_and_is_told_times_are_utc(run: BotRun) -> None:
    alice = Person(run, ALICE, factory.private_chat(ALICE))
    answer = texts(await alice.say("/tips daily 08:30"))
    assert "daily at 08:30 (UTC)" in answer and "Times are in UTC" in answer
    assert "/tips daily 09:00 Europe/Paris" in answer
    assert "Europe/Paris" in texts(await alice.say("/tips weekly mon,fri 09:00 Europe/Paris"))
    assert "every Mon and Fri at 09:00 (Europe/Paris)" in texts(await alice.say("/tips"))
    assert "not a time" in texts(await alice.say("/tips daily 9 o'clock"))
    assert "off" in texts(await alice.say("/tips off"))
    assert await Subscriptions(run.store).all() == []


async def test_in_a_group_only_administrators_change_the_setting(run: BotRun, fake_api: FakeBotApi) -> None:
    alice, bob = Person(run, ALICE, TEAM), Person(run, BOB, TEAM)
    refused = texts(await bob.say("/tips daily 09:00"))
    assert "Only this group's administrators" in refused and "U301" in refused  # who can, by name
    assert await Subscriptions(run.store).all() == []
    assert "No scheduled tips" in texts(await bob.say("/tips"))  # anyone may look
    assert "daily at 09:00 (UTC)" in texts(await alice.say("/tips@advisor_test_bot daily 09:00"))
    assert fake_api.calls_to("getChatMember")[-1].params["user_id"] == str(ALICE["id"])
    assert "Only this group's administrators" in texts(await bob.say("/tips off"))
    assert len(await Subscriptions(run.store).all()) == 1


async def test_an_anonymous_administrator_may_change_the_setting(run: BotRun, fake_api: FakeBotApi) -> None:
    anonymous = factory.user(1087968824, "Group")
    anonymous["is_bot"] = True  # Telegram's GroupAnonymousBot; the message carries the group as sender_chat
    update = factory.text_update(TEAM, anonymous, "/tips daily 07:45")
    update["message"]["sender_chat"] = TEAM
    sent = await run.deliver(update)
    assert "daily at 07:45 (UTC)" in texts(sent)
    assert not fake_api.calls_to("getChatMember")  # writing as the group is proof enough


async def test_a_forum_topic_gets_its_tip_with_buttons_anyone_may_press(run: BotRun, fake_api: FakeBotApi) -> None:
    alice = Person(run, ALICE, FORUM, topic=7)
    await alice.say("/tips about linkedin")
    channel = ChannelKey("telegram", str(FORUM["id"]), "7")
    due = await next_slot(run, channel)
    tips, _ = scheduler_at(run, datetime.fromtimestamp(due + 20, UTC))
    assert await tips.tick() == 1
    tip = fake_api.sent(FORUM["id"])[-1]
    assert tip.params["message_thread_id"] == "7" and "Your LinkedIn tip" in tip.visible
    assert labels(tip)[0] == "Tell me more"
    bob = Person(run, BOB, FORUM, topic=7)
    bob.keyboard = (FORUM["id"], tip.message_id or 0)
    answer = await bob.press("Tell me more")
    assert answer and NOT_YOURS not in texts(answer)
    assert fake_api.messages[(FORUM["id"], tip.message_id or 0)].get("reply_markup")  # still there for others
    assert await tips.tick() == 0  # once


async def test_a_group_that_kicked_the_bot_is_unsubscribed(run: BotRun, fake_api: FakeBotApi) -> None:
    await Person(run, ALICE, TEAM).say("/tips daily 09:00")
    channel = ChannelKey("telegram", str(TEAM["id"]))
    tips, clock = scheduler_at(run, datetime.fromtimestamp(await next_slot(run, channel) + 5, UTC))
    fake_api.fail_next("sendMessage", KICKED)
    assert await tips.tick() == 0
    assert await Subscriptions(run.store).get(channel) is None
    clock.advance(24 * 3600)
    calls = len(fake_api.calls)
    await tips.tick()
    assert len(fake_api.calls) == calls  # not retried


async def test_flood_control_is_waited_out(run: BotRun, fake_api: FakeBotApi) -> None:
    await Person(run, ALICE, factory.private_chat(ALICE)).say("/tips daily 09:00")
    channel = ChannelKey("telegram", str(ALICE["id"]))
    tips, _ = scheduler_at(run, datetime.fromtimestamp(await next_slot(run, channel) + 5, UTC))
    fake_api.fail_next("sendMessage", FLOOD)  # retry after 1 s: PTB's rate limiter waits, then sends
    assert await tips.tick() == 1
    tries = [c for c in fake_api.calls_to("sendMessage") if "Tip of the day" in str(c.params.get("text"))]
    assert [c.status for c in tries] == [429, 200] and tries[1].at - tries[0].at >= 1


async def walkthrough(alice: Person) -> None:
    await alice.say("/platforms")
    for answer in ("visibility and leads", "mostly B2B", "25 to 45", "blog posts and some photos", "5"):
        await alice.say(answer)


async def test_export_calendar_sends_both_files(run: BotRun, fake_api: FakeBotApi) -> None:
    alice = Person(run, ALICE, factory.private_chat(ALICE))
    await walkthrough(alice)
    sent = await alice.press("Export calendar")
    assert "LinkedIn: article" in texts(sent)
    names = {name: content for chat, name, content in fake_api.documents if chat == ALICE["id"]}
    assert set(names) == {"social-media-plan.ics", "social-media-plan.csv"}
    events = list(Calendar.from_ical(names["social-media-plan.ics"]).walk("VEVENT"))
    assert events and "https://t.me/advisor_test_bot?start=editorial-calendar" in str(events[0]["DESCRIPTION"])
    assert names["social-media-plan.csv"].decode("utf-8-sig").startswith("date,day,platform")
    opened = texts(await alice.say("/start editorial-calendar"))  # the link in the calendar opens the advice
    assert "editorial calendar" in opened.lower()


async def test_a_refused_file_is_explained_and_the_plan_stays_as_text(run: BotRun, fake_api: FakeBotApi) -> None:
    alice = Person(run, ALICE, factory.private_chat(ALICE))
    await walkthrough(alice)
    fake_api.fail_next("sendDocument", FILE_TOO_BIG)
    shown = texts(await alice.press("Export calendar"))
    assert "LinkedIn: article" in shown and "couldn't deliver social-media-plan.ics" in shown
    assert [name for _, name, _ in fake_api.documents] == ["social-media-plan.csv"]
