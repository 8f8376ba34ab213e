"""The plan's calendar files: parsed back with the same libraries a calendar or spreadsheet would use."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from adapters.console.chat import ConsoleSession
from adapters.console.cli import main
from bot.advisor import Advisor
from bot.dialogue.state import ConversationState, dump_state, load_state
from bot.export import CSV_MIME, ICS_MIME, MAX_FILE_BYTES, PostSlot, export_payload, plan_csv, plan_ics, post_slots
from bot.export.payload import profile_from_payload
from bot.export.reply import export_reply
from bot.export.slots import DEFAULT_POST_TIME, suggested_time
from bot.knowledge.model import Knowledge
from bot.recommend import Profile, recommend
from bot.store.memory import MemoryStore
from bot.types import Button
from tests.chat_harness import Chat

PROFILE = Profile(goals=("visibility", "leads"), market="b2b", ages=("25-34", "35-54"),
                  content=("images", "articles"), hours=5)
BIGGEST = Profile(goals=("visibility", "seo", "traffic", "leads", "customer-care", "reputation", "monitoring"),
                  market="both", ages=("13-17", "18-24", "25-34", "35-54", "55+"),
                  content=("short-video", "long-video", "images", "articles", "text", "live"), hours=168)
START = date(2026, 3, 25)  # a Wednesday, the week Europe changes to summer time: floating times don't move


def _events(ics: bytes) -> list[Any]:
    calendar = Calendar.from_ical(ics)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def test_one_weekly_event_per_post_slot_at_the_suggested_time(knowledge: Knowledge) -> None:
    rec = recommend(knowledge, PROFILE)
    events = _events(plan_ics(post_slots(knowledge, rec), START, "The editorial calendar: https://t.me/x?start=y"))
    expected = sorted((item.name, day) for item in rec.plan for day in item.days)
    days = {"MO": "mon", "TU": "tue", "WE": "wed", "TH": "thu", "FR": "fri", "SA": "sat", "SU": "sun"}
    found = sorted((str(e["SUMMARY"]).split(":")[0], days[e["RRULE"]["BYDAY"][0]]) for e in events)
    assert found == expected
    linkedin = next(e for e in events if str(e["SUMMARY"]) == "LinkedIn: article")
    start = linkedin.decoded("DTSTART")
    assert isinstance(start, datetime) and start.tzinfo is None  # floating: 09:00 wherever it is opened
    assert start.time() == suggested_time(knowledge.platforms["linkedin"].best_time)
    assert start.date() >= START and start.date().weekday() in (1, 2)
    assert linkedin["RRULE"]["FREQ"] == ["WEEKLY"]
    description = str(linkedin["DESCRIPTION"])
    assert all(idea in description for idea in rec.plan[0].ideas)
    assert "https://t.me/x?start=y" in description
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_csv_lists_the_next_four_weeks_and_rotates_the_ideas(knowledge: Knowledge) -> None:
    rec = recommend(knowledge, PROFILE)
    slots = post_slots(knowledge, rec)
    raw = plan_csv(slots, START)
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["date", "day", "platform", "format", "idea", "estimated hours"]
    assert len(rows) == 4 * len(slots)
    dates = [date.fromisoformat(r["date"]) for r in rows]
    assert dates == sorted(dates) and dates[0] >= START and dates[-1] < date(2026, 4, 22)
    assert all(date.fromisoformat(r["date"]).strftime("%a") == r["day"] for r in rows)
    linkedin = [r for r in rows if r["platform"] == "LinkedIn"]
    assert {r["idea"] for r in linkedin} == set(rec.plan[0].ideas)  # each idea gets its turn
    assert sum(float(r["estimated hours"]) for r in rows) == pytest.approx(4 * sum(i.hours_per_week for i in rec.plan))


def test_files_stay_small_for_the_largest_plan(knowledge: Knowledge) -> None:
    """A plan has at most 3 platforms posting at most every day: the three with the longest ideas."""
    platforms = sorted(knowledge.platforms.values(), key=lambda p: -sum(map(len, p.post_ideas)))[:3]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    slots = [PostSlot(p.id, p.name, day, time(9), "short video", p.post_ideas, 2.5, i)
             for p in platforms for i, day in enumerate(days)]
    link = "https://t.me/a_rather_long_advisor_username_bot?start=editorial-calendar"
    for content in (plan_ics(slots, START, f"The editorial calendar: {link}"), plan_csv(slots, START)):
        assert 0 < len(content) <= MAX_FILE_BYTES
    reply = export_reply(knowledge, BIGGEST, START, link)
    assert [f.mime for f in reply.files] == [ICS_MIME, CSV_MIME]
    assert all(0 < f.size <= MAX_FILE_BYTES for f in reply.files)


def test_payload_round_trip_and_bad_payloads(knowledge: Knowledge) -> None:
    payload = export_payload(PROFILE)
    assert len(payload) < 200
    assert profile_from_payload(payload.partition(":")[2]) == PROFILE
    for bad in ("", "goals=visibility", "goals=nope;market=b2b;ages=25-34;content=images;hours=5",
                "goals=seo;market=b2b;ages=25-34;content=images;hours=-1",
                "goals=seo;market=b2b;ages=25-34;content=images;hours=many"):
        assert profile_from_payload(bad) is None


async def test_export_button_after_the_walkthrough_gives_both_files(chat: Chat) -> None:
    await chat.send("/platforms")
    for answer in ("visibility and leads", "mostly B2B", "25 to 45", "blog posts and some photos", "5"):
        await chat.send(answer)
    assert "Export calendar" in chat.labels
    replies = await chat.press("Export calendar")
    [export] = [r for r in replies if r.files]
    assert [f.filename for f in export.files] == ["social-media-plan.ics", "social-media-plan.csv"]
    assert "LinkedIn: article" in export.text  # the plan as text too, for when files can't be delivered
    assert _events(export.files[0].content)


async def test_a_broken_export_payload_is_an_expired_choice(chat: Chat) -> None:
    replies = await chat.press_button(Button("Export calendar", "calendar:goals=zzz"))
    assert not any(r.files for r in replies) and replies[0].text.startswith("That choice has expired")


def test_the_journal_keeps_files_for_a_resumed_delivery(knowledge: Knowledge) -> None:
    reply = export_reply(knowledge, PROFILE, START)
    state = ConversationState().with_applied("update-1", [reply])
    applied = load_state(dump_state(state)).applied("update-1")
    assert applied is not None and applied.replies == (reply,)


async def test_console_chat_writes_the_files_and_prints_their_paths(knowledge: Knowledge, tmp_path: Path) -> None:
    session = ConsoleSession(Advisor(knowledge, MemoryStore()), folder=tmp_path)
    await session.send("/platforms")
    for answer in ("visibility and leads", "mostly B2B", "25 to 45", "blog posts and some photos", "5"):
        output = await session.send(answer)
    number = next(i for i, b in enumerate(session.buttons, 1) if b.label == "Export calendar")
    output = await session.send(str(number))
    for name in ("social-media-plan.ics", "social-media-plan.csv"):
        assert f"saved {tmp_path / name}" in output
        assert (tmp_path / name).stat().st_size > 0
    assert _events((tmp_path / "social-media-plan.ics").read_bytes())


async def test_console_says_when_a_file_cannot_be_written(knowledge: Knowledge, tmp_path: Path) -> None:
    session = ConsoleSession(Advisor(knowledge, MemoryStore()), folder=tmp_path / "missing")
    output = session.render([export_reply(knowledge, PROFILE, START)])
    assert "couldn't deliver social-media-plan.ics" in output and "LinkedIn: article" in output


def test_recommend_writes_ics_and_csv(knowledge: Knowledge, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics, table = tmp_path / "plan.ics", tmp_path / "plan.csv"
    code = main(["recommend", "--goal", "visibility,leads", "--market", "b2b", "--age", "25-34", "--content",
                 "articles", "--hours", "5", "--ics", str(ics), "--csv", str(table), "--json"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out.startswith("{") and f"wrote {ics}" in captured.err
    assert _events(ics.read_bytes())
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8-sig"))))
    assert rows[0][0] == "date" and len(rows) > 1
    assert main(["recommend", "--goal", "leads", "--market", "b2b", "--age", "25-34", "--content", "articles",
                 "--hours", "5", "--ics", str(tmp_path / "no" / "plan.ics")]) == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize(("best_time", "expected"), [
    ("8 am to 1 pm", time(8)), ("9 am to noon", time(9)), ("noon to 2 pm", time(12)), ("12 pm", time(12)),
    ("7:30 pm", time(19, 30)), ("afternoons", time(14)), ("early mornings", time(9)), (None, DEFAULT_POST_TIME),
    ("whenever", DEFAULT_POST_TIME)])
def test_the_catalogs_time_of_day_sets_the_event_time(best_time: str | None, expected: time) -> None:
    assert suggested_time(best_time) == expected


def test_events_use_each_platforms_time_of_day(knowledge: Knowledge) -> None:
    rec = recommend(knowledge, PROFILE)
    for event in _events(plan_ics(post_slots(knowledge, rec), START, "advice")):
        name = str(event["SUMMARY"]).split(":")[0]
        platform = next(p for p in knowledge.platforms.values() if p.name == name)
        assert event.decoded("DTSTART").time() == suggested_time(platform.best_time)
