"""Writing the plan's files: iCalendar with the `icalendar` library, CSV with the standard `csv` module.

The iCalendar file has one weekly recurring event (RRULE FREQ=WEEKLY) per post slot, at a *floating*
local time (RFC 5545 §3.3.5: no time zone), so 09:00 stays 09:00 in whatever zone the calendar shows.
UIDs are stable for a platform, day and time, so importing a newer plan updates the events it shares
with the older one instead of doubling them.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from bot.export.slots import PostSlot, posts_per_week

ICS_MIME = "text/calendar"
CSV_MIME = "text/csv"
MAX_FILE_BYTES = 32 * 1024
"""Each file stays under this (a plan has at most 3 platforms x 7 days); a test checks the largest plan."""
CSV_WEEKS = 4
CSV_HEADER = ("date", "day", "platform", "format", "idea", "estimated hours")
PRODID = "-//Social Media Advisor//Weekly plan//EN"
_BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


def plan_ics(slots: list[PostSlot], start: date, advice: str, now: datetime | None = None) -> bytes:
    """The calendar: each slot from its first day on or after `start`, every week. `advice` ends each
    description (the link to the editorial-calendar advice, or how to ask for it)."""
    from icalendar import Calendar, Event  # here, not at the top: 65 ms off every start
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Social media plan")
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    for slot in slots:
        event = Event()
        event.add("uid", f"{slot.platform}-{slot.day}-{slot.at:%H%M}@social-media-advisor")
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.first_on_or_after(start))
        event.add("duration", timedelta(minutes=max(15, round(slot.hours * 60))))
        event.add("rrule", {"freq": "weekly", "byday": _BYDAY[slot.day]})
        event.add("summary", slot.summary)
        event.add("description", _description(slot, advice))
        event.add("categories", ["Social media", slot.name])
        calendar.add_component(event)
    return calendar.to_ical()


def plan_csv(slots: list[PostSlot], start: date, weeks: int = CSV_WEEKS) -> bytes:
    """The posts of the `weeks` weeks from `start` (that day included), one row each, by date. UTF-8 with
    a byte order mark, so spreadsheets show accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    by_day: dict[str, list[PostSlot]] = {}
    for slot in slots:
        by_day.setdefault(slot.day, []).append(slot)
    per_week = {s.platform: posts_per_week(slots, s.platform) for s in slots}
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        for slot in by_day.get(_weekday(day), ()):
            occurrence = offset // 7  # a slot falls once in each 7-day window from `start`
            writer.writerow((day.isoformat(), _DAY_NAMES[slot.day], slot.name, slot.format,
                             slot.idea(occurrence, per_week[slot.platform]), f"{slot.hours:g}"))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _description(slot: PostSlot, advice: str) -> str:
    lines = [f"{slot.format.capitalize()} for {slot.name}, about {slot.hours:g} h."]
    if slot.ideas:
        lines += ["", "Post ideas:", *(f"- {idea}" for idea in slot.ideas)]
    return "\n".join([*lines, "", advice])


def _weekday(day: date) -> str:
    return ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
