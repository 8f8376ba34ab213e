"""The scheduler driven by a fake clock: due times, time zones and daylight saving, rotation, downtime,
removed channels, rate limits, and several schedulers on one store."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.knowledge.model import Knowledge
from bot.schedule import Cadence, ChannelKey, Schedule, Subscription, Subscriptions, TipScheduler
from bot.store.base import Store
from bot.store.memory import MemoryStore
from bot.tips import tips_about
from tests.schedule.fakes import FakeClock, RecordingSender, utc

PARIS = ZoneInfo("Europe/Paris")
TEAM = ChannelKey("slack", "C0TEAM")


async def subscribe(store: Store, clock: FakeClock, channel: ChannelKey = TEAM, cadence: Cadence = Cadence.DAILY,
                    at: time = time(9, 0), tz: str = "Europe/Paris", days: tuple[str, ...] | None = None,
                    about: str | None = None) -> Subscription:
    schedule = Schedule(cadence, at, tz, days) if days else Schedule(cadence, at, tz)
    sub = Subscription(channel, schedule, about, "U0ANN", "explicit", clock(), schedule.next_slot(clock()))
    await Subscriptions(store).save(sub)
    return sub


def scheduler(store: Store, knowledge: Knowledge, sender: RecordingSender, clock: FakeClock,
              **options: float) -> TipScheduler:
    return TipScheduler(store, knowledge, sender, "slack", clock=clock, **options)  # type: ignore[arg-type]


async def run_minutes(tips: TipScheduler | list[TipScheduler], clock: FakeClock, until: datetime,
                      step: float = 60) -> None:
    """Tick every `step` seconds of fake time up to `until` (all the schedulers given, each tick)."""
    while clock() < until.timestamp():
        clock.advance(step)
        for one in tips if isinstance(tips, list) else [tips]:
            await one.tick()


def local(sent_at: float) -> datetime:
    return datetime.fromtimestamp(sent_at, PARIS)


async def test_a_fake_clock_drives_the_daily_tip(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 5, 0))  # 07:00 in Paris
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock)
    tips = scheduler(store, knowledge, sender, clock)
    await run_minutes(tips, clock, utc(2026, 6, 1, 6, 58))
    assert sender.sent == []
    await run_minutes(tips, clock, utc(2026, 6, 3, 12, 0))
    assert [local(s.at).strftime("%d %H:%M") for s in sender.sent] == ["01 09:00", "02 09:00", "03 09:00"]
    reply = sender.sent[0].reply
    assert reply.text.startswith("**Tip of the day**")
    assert reply.buttons[0].label == "Tell me more" and reply.buttons[0].payload.startswith("more:")
    assert reply.buttons[1].payload.startswith("topic:")


async def test_weekly_days_only(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 0, 0))  # a Monday
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock, cadence=Cadence.WEEKLY, days=("mon", "thu"), at=time(9, 30), tz="UTC")
    await run_minutes(scheduler(store, knowledge, sender, clock), clock, utc(2026, 6, 15, 0, 0), step=300)
    assert [datetime.fromtimestamp(s.at).astimezone(ZoneInfo("UTC")).strftime("%a %d %H:%M") for s in sender.sent] == [
        "Mon 01 09:30", "Thu 04 09:30", "Mon 08 09:30", "Thu 11 09:30"]


async def test_no_repeat_until_the_subjects_pool_is_used_up(knowledge: Knowledge) -> None:
    pool = {t.id for t in tips_about(knowledge, "linkedin")}
    assert len(pool) >= 2
    clock = FakeClock(utc(2026, 6, 1, 0, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock, about="linkedin", tz="UTC")
    days = len(pool) + 2
    await run_minutes(scheduler(store, knowledge, sender, clock), clock,
                      utc(2026, 6, 1, 10, 0) + timedelta(days=days - 1), step=600)
    texts = [s.reply.text for s in sender.sent]
    assert len(texts) == days and all(t.startswith("**Your LinkedIn tip**") for t in texts)
    by_text = {t.text: t.id for t in knowledge.tips}
    ids = [by_text[t.split(": ", 1)[1]] for t in texts]
    assert set(ids[: len(pool)]) == pool  # every tip once before any comes back
    assert ids[len(pool)] != ids[len(pool) - 1]  # and the new round does not start with the last one


async def test_after_downtime_at_most_one_late_tip_within_the_grace_period(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 5, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock)
    tips = scheduler(store, knowledge, sender, clock)
    clock.set(utc(2026, 6, 4, 8, 30))  # every worker was down for three days; 10:30 in Paris, 1.5 h late
    await tips.tick()
    await tips.tick()
    assert [local(s.at).strftime("%d %H:%M") for s in sender.sent] == ["04 10:30"]  # one, not four
    clock.set(utc(2026, 6, 6, 10, 0))  # down again, back 3 h after 09:00: too late to be useful
    await tips.tick()
    assert len(sender.sent) == 1
    await run_minutes(tips, clock, utc(2026, 6, 7, 8, 0))
    assert [local(s.at).strftime("%d %H:%M") for s in sender.sent][1:] == ["07 09:00"]


async def test_grace_period_is_configurable(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 5, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock)
    clock.set(utc(2026, 6, 1, 7, 20))  # 20 minutes late
    await scheduler(store, knowledge, sender, clock, grace=600).tick()
    assert sender.sent == []


async def test_spring_forward_a_0230_tip_comes_once_at_0330(knowledge: Knowledge) -> None:
    """Europe/Paris skips 02:00-03:00 on 29 March 2026: the 02:30 tip comes at 03:30 that day, once."""
    clock = FakeClock(utc(2026, 3, 27, 12, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock, at=time(2, 30))
    await run_minutes(scheduler(store, knowledge, sender, clock), clock, utc(2026, 3, 30, 12, 0))
    assert [local(s.at).strftime("%d %H:%M %Z") for s in sender.sent] == [
        "28 02:30 CET", "29 03:30 CEST", "30 02:30 CEST"]


async def test_fall_back_a_0230_tip_comes_once_not_twice(knowledge: Knowledge) -> None:
    """02:30 happens twice in Paris on 25 October 2026: one tip, at the first."""
    clock = FakeClock(utc(2026, 10, 23, 12, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    await subscribe(store, clock, at=time(2, 30))
    await subscribe(store, clock, channel=ChannelKey("slack", "C0NINE"), at=time(9, 0))
    await run_minutes(scheduler(store, knowledge, sender, clock), clock, utc(2026, 10, 26, 12, 0))
    early = [s for s in sender.sent if s.channel.chat == "C0TEAM"]
    assert [local(s.at).strftime("%d %H:%M %Z") for s in early] == ["24 02:30 CEST", "25 02:30 CEST",
                                                                     "26 02:30 CET"]
    nine = [s for s in sender.sent if s.channel.chat == "C0NINE"]  # the local time holds across the change
    assert [local(s.at).strftime("%d %H:%M") for s in nine] == ["24 09:00", "25 09:00", "26 09:00"]
    assert (nine[1].at - nine[0].at) / 3600 == 25  # the day clocks went back had 25 hours


async def test_a_removed_channel_is_unsubscribed_and_not_retried(knowledge: Knowledge,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(utc(2026, 6, 1, 5, 0))
    store = MemoryStore(clock)
    sender = RecordingSender(clock, gone={"C0GONE"})
    await subscribe(store, clock, channel=ChannelKey("slack", "C0GONE"))
    await subscribe(store, clock)
    tips = scheduler(store, knowledge, sender, clock)
    with caplog.at_level(logging.WARNING, "advisor.tips"):
        await run_minutes(tips, clock, utc(2026, 6, 3, 12, 0))
    assert sender.attempts == 1 + 3  # the removed channel was tried once; the other one every day
    assert [s.channel.chat for s in sender.sent] == ["C0TEAM"] * 3
    assert await Subscriptions(store).get(ChannelKey("slack", "C0GONE")) is None
    assert [c.chat for c in [s.channel for s in await Subscriptions(store).all()]] == ["C0TEAM"]
    assert any("unsubscribed" in r.getMessage() and getattr(r, "channel", "") == "slack:C0GONE:"
               for r in caplog.records)


async def test_retry_after_is_honoured(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 6, 59, 30))
    store = MemoryStore(clock)
    sender = RecordingSender(clock, retry_after=120)
    await subscribe(store, clock)
    tips = scheduler(store, knowledge, sender, clock)
    await run_minutes(tips, clock, utc(2026, 6, 1, 7, 2, 30), step=10)
    assert sender.attempts == 2 and len(sender.sent) == 1
    assert local(sender.sent[0].at).strftime("%H:%M") == "09:02"  # 2 minutes after the 429, not before


async def test_two_schedulers_on_one_store_send_each_slot_once(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 6, 59))
    store = MemoryStore(clock)
    sender = RecordingSender(clock)
    for n in range(40):
        await subscribe(store, clock, channel=ChannelKey("slack", f"C{n:03d}"))
    workers = [scheduler(store, knowledge, sender, clock) for _ in range(2)]
    clock.advance(90)
    await asyncio.gather(*(w.tick() for w in workers))
    await asyncio.gather(*(w.tick() for w in workers))
    assert sorted(s.channel.chat for s in sender.sent) == [f"C{n:03d}" for n in range(40)]


async def test_a_worker_stuck_mid_send_is_taken_over_after_its_lease(knowledge: Knowledge) -> None:
    clock = FakeClock(utc(2026, 6, 1, 6, 59))
    store = MemoryStore(clock)
    await subscribe(store, clock)
    stuck_sender = RecordingSender(clock, hang=True)
    stuck = scheduler(store, knowledge, stuck_sender, clock, lease=30)
    clock.advance(90)
    crashed = asyncio.create_task(stuck.tick())
    await asyncio.sleep(0.05)
    crashed.cancel()  # the process died mid-send: its lease stays behind, nothing was marked sent
    sender = RecordingSender(clock)
    other = scheduler(store, knowledge, sender, clock, lease=30)
    await other.tick()
    assert sender.sent == []  # the lease is still held
    clock.advance(31)
    await other.tick()
    await other.tick()
    assert len(sender.sent) == 1 and stuck_sender.attempts == 1
