"""The tips setting as people type it, on every platform:

    tips                          the current setting
    tips daily 09:00 [ZONE]       every day at 09:00
    tips weekly mon,thu 09:30 [ZONE]
    tips about linkedin           tips on one subject (about anything: every tip)
    tips off                      no more tips

ZONE is an IANA time zone (`Europe/Paris`); without it the platform's default applies.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.schedule.slots import WEEKDAYS, Cadence

USAGE = ("`tips daily 09:00`, `tips weekly mon,thu 09:30`, add a time zone such as `Europe/Paris`, "
         "`tips about linkedin`, `tips off`, or `tips` alone for the current setting")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:h.]([0-5]\d)$")
_DAY_NAMES = {d: d for d in WEEKDAYS} | {"monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
                                         "friday": "fri", "saturday": "sat", "sunday": "sun", "tues": "tue",
                                         "thur": "thu", "thurs": "thu", "weds": "wed"}
ANYTHING = frozenset({"anything", "everything", "all", "any", "any subject", "all subjects"})


class Action(StrEnum):
    SHOW = "show"
    SET = "set"
    ABOUT = "about"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class TipsCommand:
    """What a tips command asks. SET: `cadence`, `days`, `at`, `tz` (None: the platform's default).
    ABOUT: `subject` as typed (None: every subject)."""

    action: Action
    cadence: Cadence | None = None
    days: tuple[str, ...] = WEEKDAYS
    at: time | None = None
    tz: str | None = None
    subject: str | None = None


class TipsCommandError(ValueError):
    """The command is not understood; the message says why and how to write it (markup, one line)."""


def parse_tips_command(text: str) -> TipsCommand:
    """The command in the words after `tips`. Raises TipsCommandError."""
    words = text.split()
    if not words:
        return TipsCommand(Action.SHOW)
    head, rest = words[0].lower(), words[1:]
    if head in ("off", "stop", "none"):
        if rest:
            raise TipsCommandError(f"`tips off` takes nothing after it. Try {USAGE}.")
        return TipsCommand(Action.OFF)
    if head == "about":
        subject = " ".join(rest).strip()
        if not subject:
            raise TipsCommandError("Say what about: `tips about linkedin`, or `tips about anything`.")
        return TipsCommand(Action.ABOUT, subject=None if subject.lower() in ANYTHING else subject)
    if head == "daily":
        at, tz = _time_and_zone(rest)
        return TipsCommand(Action.SET, Cadence.DAILY, WEEKDAYS, at, tz)
    if head == "weekly":
        if not rest:
            raise TipsCommandError("Say which days and when: `tips weekly mon,thu 09:30`.")
        days = _days(rest[0])
        at, tz = _time_and_zone(rest[1:])
        return TipsCommand(Action.SET, Cadence.WEEKLY, days, at, tz)
    raise TipsCommandError(f"I didn't understand that tips setting. Try {USAGE}.")


def _days(raw: str) -> tuple[str, ...]:
    found = set()
    for part in filter(None, re.split(r"[,;/+]", raw.lower())):
        day = _DAY_NAMES.get(part)
        if day is None:
            raise TipsCommandError(f"\"{part}\" is not a day. Use mon, tue, wed, thu, fri, sat, sun, "
                                   "comma separated: `tips weekly mon,thu 09:30`.")
        found.add(day)
    return tuple(d for d in WEEKDAYS if d in found)


def _time_and_zone(words: list[str]) -> tuple[time, str | None]:
    if not words:
        raise TipsCommandError("Say at what time, as HH:MM on a 24-hour clock: `tips daily 09:00`.")
    match = _TIME.match(words[0])
    if match is None:
        raise TipsCommandError(f"\"{words[0]}\" is not a time. Use HH:MM on a 24-hour clock, like 09:00 or 17:30.")
    if len(words) > 2:
        raise TipsCommandError(f"Too many words after the time. Try {USAGE}.")
    return time(int(match.group(1)), int(match.group(2))), (valid_zone(words[1]) if len(words) == 2 else None)


def valid_zone(raw: str) -> str:
    """The IANA zone name as the database spells it ("europe/paris" -> "Europe/Paris"). Raises
    TipsCommandError for an unknown zone."""
    name = _zones().get(raw.lower())
    try:
        if name is None:
            raise ZoneInfoNotFoundError(raw)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TipsCommandError(f"\"{raw}\" is not a time zone I know. Use an IANA name such as "
                               "Europe/Paris, America/New_York or UTC.") from None
    return name


@functools.cache
def _zones() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones()} | {"utc": "UTC"}
