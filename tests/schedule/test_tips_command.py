"""The tips command as people type it, and what it does to a channel's subscription."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.knowledge.model import Knowledge
from bot.schedule import ChannelKey, Subscriptions, TipsCommandError, TipSettings, ZoneDefault, parse_tips_command
from bot.schedule.command import Action
from bot.schedule.slots import Cadence
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore
from tests.schedule.fakes import FakeClock, utc

UTC_DEFAULT = ZoneDefault("UTC", "default", "Times are in UTC: add a zone, e.g. `tips daily 09:00 Europe/Paris`.")
CHANNEL = ChannelKey("telegram", "-1001", "7")


def test_forms() -> None:
    assert parse_tips_command("").action is Action.SHOW
    assert parse_tips_command("off").action is Action.OFF
    daily = parse_tips_command("daily 9:05")
    assert (daily.cadence, daily.at, daily.tz) == (Cadence.DAILY, time(9, 5), None)
    weekly = parse_tips_command("weekly Thu,monday 09:30 europe/paris")
    assert (weekly.days, weekly.at, weekly.tz) == (("mon", "thu"), time(9, 30), "Europe/Paris")
    assert parse_tips_command("about LinkedIn").subject == "LinkedIn"
    assert parse_tips_command("about anything").subject is None


@pytest.mark.parametrize(("text", "says"), [
    ("daily", "at what time"), ("daily 25:00", "not a time"), ("daily 9am", "not a time"),
    ("weekly funday 09:00", "not a day"), ("weekly", "which days"), ("daily 09:00 Mars/Olympus", "time zone"),
    ("hourly 09:00", "didn't understand"), ("about", "what about"), ("off now", "nothing after"),
    ("daily 09:00 UTC extra", "Too many"),
])
def test_mistakes_get_a_clear_answer(text: str, says: str) -> None:
    with pytest.raises(TipsCommandError) as caught:
        parse_tips_command(text)
    assert says.lower() in str(caught.value).lower() and "\n" not in str(caught.value)


async def test_set_show_about_off(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 10, 0))
    store = MemoryStore(clock)
    settings = TipSettings(store, knowledge)

    async def say(text: str) -> str:
        return await settings.apply(CHANNEL, settings.parse(text), "42", UTC_DEFAULT, clock())

    assert "No scheduled tips" in await say("")
    answer = await say("daily 09:00")
    assert "daily at 09:00 (UTC)" in answer and "Times are in UTC" in answer and "2026-06-02 at 09:00" in answer
    answer = await say("weekly mon,thu 09:30 Europe/Paris")
    assert "every Mon and Thu at 09:30 (Europe/Paris)" in answer and "UTC" not in answer
    assert "a tip about LinkedIn" in await say("about linkedin")
    shown = await say("")
    assert "a tip about LinkedIn, every Mon and Thu at 09:30 (Europe/Paris)" in shown
    found = await Subscriptions(store).get(CHANNEL)
    assert found is not None and found[0].about == "linkedin" and found[0].tz_source == "explicit"
    with pytest.raises(TipsCommandError, match="no tips about"):
        await say("about the weather")
    assert "off" in await say("off")
    assert await Subscriptions(store).all() == []
    assert "had no scheduled tips" in await say("off")


async def test_about_alone_starts_daily_tips_at_nine(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 10, 0))
    settings = TipSettings(MemoryStore(clock), knowledge)
    answer = await settings.apply(CHANNEL, settings.parse("about the editorial calendar"), "42", UTC_DEFAULT, clock())
    assert "about The editorial calendar" in answer and "daily at 09:00 (UTC)" in answer


async def test_subscriptions_survive_a_restart_on_sqlite(knowledge: Knowledge, tmp_path: Path) -> None:
    clock = FakeClock(utc(2026, 6, 1, 10, 0))
    store = SQLiteStore(tmp_path / "advisor.db")
    settings = TipSettings(store, knowledge)
    await settings.apply(CHANNEL, settings.parse("weekly tue 10:15 Asia/Tokyo"), "42", UTC_DEFAULT, clock())
    await store.close()
    reopened = SQLiteStore(tmp_path / "advisor.db")
    [sub] = await Subscriptions(reopened).all("telegram")
    assert (sub.channel, sub.schedule.days, sub.schedule.at, sub.schedule.tz) == (CHANNEL, ("tue",), time(10, 15),
                                                                                   "Asia/Tokyo")
    assert sub.next.id == "2026-06-02T10:15"
    await reopened.close()
