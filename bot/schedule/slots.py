"""When a channel's tips fall due: a local time on some days, in an IANA time zone.

The local time is kept across daylight-saving changes (09:00 stays 09:00). A local time that does not
exist on the day clocks go forward (02:30 in Europe/Paris on the last Sunday of March) falls at the
same distance after the change, as zoneinfo reads it with the offset before the change (03:30); a
local time that happens twice when clocks go back falls on its first occurrence. Either way, one slot
per day: a slot's id is its local date and time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every day (`DAILY`) or on `days` (`WEEKLY`, in week order) at `at`, local time in `tz`."""

    cadence: Cadence
    at: time
    tz: str
    days: tuple[str, ...] = WEEKDAYS

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def runs_on(self, day: date) -> bool:
        return self.cadence is Cadence.DAILY or WEEKDAYS[day.weekday()] in self.days

    def slot_on(self, day: date) -> Slot:
        local = datetime.combine(day, self.at, tzinfo=self.zone)  # fold=0: see the module docstring
        return Slot(f"{day.isoformat()}T{self.at:%H:%M}", local.astimezone(UTC).timestamp())

    def next_slot(self, after: float) -> Slot:
        """The first slot strictly after the instant `after` (epoch seconds)."""
        day = datetime.fromtimestamp(after, self.zone).date() - timedelta(days=1)
        for _ in range(9):
            if self.runs_on(day) and (slot := self.slot_on(day)).at > after:
                return slot
            day += timedelta(days=1)
        raise AssertionError("a schedule runs at least once a week")  # pragma: no cover

    def latest_slot(self, until: float) -> Slot:
        """The last slot at or before the instant `until`."""
        day = datetime.fromtimestamp(until, self.zone).date() + timedelta(days=1)
        for _ in range(9):
            if self.runs_on(day) and (slot := self.slot_on(day)).at <= until:
                return slot
            day -= timedelta(days=1)
        raise AssertionError("a schedule runs at least once a week")  # pragma: no cover

    def describe(self) -> str:
        """"daily at 09:00 (Europe/Paris)", "every Mon and Thu at 09:30 (UTC)"."""
        if self.cadence is Cadence.DAILY:
            when = "daily"
        else:
            names = [d.capitalize() for d in self.days]
            when = "every " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
        return f"{when} at {self.at:%H:%M} ({self.tz})"


@dataclass(frozen=True, slots=True)
class Slot:
    """One due tip: `id` its local date and time ("2026-03-29T02:30"), `at` the instant (epoch seconds)."""

    id: str
    at: float
