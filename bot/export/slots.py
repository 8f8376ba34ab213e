"""The plan's post slots: one per platform and posting day, at the platform's suggested time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.knowledge.model import Knowledge
from bot.recommend.advice import Recommendation

DEFAULT_POST_TIME = time(9, 0)
"""When a platform's catalog entry suggests no time of day (`best_time`)."""
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(noon|midday)\b")
_PARTS = (("morning", time(9, 0)), ("lunch", time(12, 0)), ("afternoon", time(14, 0)), ("evening", time(18, 0)))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FORMAT_NOUNS = {"short-video": "short video", "long-video": "long video", "images": "image post",
                "articles": "article", "text": "text post", "live": "live stream"}
"""One post of each content format, as the event's summary says it ("LinkedIn: article")."""


@dataclass(frozen=True, slots=True)
class PostSlot:
    """One weekly post: on `day` ("mon") at `at` (local time of whoever opens the calendar)."""

    platform: str
    name: str
    day: str
    at: time
    format: str
    """The post's format as a noun ("article")."""
    ideas: tuple[str, ...]
    hours: float
    """Estimated hours for one post."""
    index: int
    """The slot's place among the platform's posts of a week (0 first), to rotate the ideas."""

    @property
    def summary(self) -> str:
        return f"{self.name}: {self.format}"

    def idea(self, week: int, posts_per_week: int) -> str:
        """The idea for this slot in week `week` (0 first): the ideas in turn, none twice in a row."""
        if not self.ideas:
            return ""
        return self.ideas[(week * posts_per_week + self.index) % len(self.ideas)]

    def first_on_or_after(self, start: date) -> datetime:
        """The first occurrence of the slot on or after `start`, as a naive (floating) local datetime."""
        ahead = (WEEKDAYS.index(self.day) - start.weekday()) % 7
        return datetime.combine(start + timedelta(days=ahead), self.at)


def post_slots(knowledge: Knowledge, rec: Recommendation) -> list[PostSlot]:
    """The slots of the weekly plan, in week order (day, then time, then the plan's order)."""
    nouns = _format_nouns(knowledge)
    slots = []
    for item in rec.plan:
        per_post = round(item.hours_per_week / item.posts_per_week, 2) if item.posts_per_week else 0.0
        noun = nouns.get(item.format, item.format.lower())
        for index, day in enumerate(item.days):
            at = suggested_time(knowledge.platforms[item.platform].best_time
                                if item.platform in knowledge.platforms else None)
            slots.append(PostSlot(item.platform, item.name, day, at, noun, item.ideas, per_post, index))
    order = {p.platform: i for i, p in enumerate(rec.plan)}
    return sorted(slots, key=lambda s: (WEEKDAYS.index(s.day), s.at, order[s.platform]))


def suggested_time(best_time: str | None) -> time:
    """The start of the catalog's time of day: "8 am to 1 pm" is 08:00, "noon" 12:00, "afternoons" 14:00;
    DEFAULT_POST_TIME when it names no time."""
    text = (best_time or "").lower()
    found = _CLOCK.search(text)
    if found is not None:
        if found.group(4):
            return time(12, 0)
        hour = int(found.group(1)) % 12 + (12 if found.group(3) == "pm" else 0)
        return time(hour, int(found.group(2) or 0)) if hour < 24 else DEFAULT_POST_TIME
    return next((at for word, at in _PARTS if word in text), DEFAULT_POST_TIME)


def posts_per_week(slots: list[PostSlot], platform: str) -> int:
    return sum(1 for s in slots if s.platform == platform)


def _format_nouns(knowledge: Knowledge) -> dict[str, str]:
    """The plan names formats by their walk-through label ("Articles & blog posts"): label -> noun."""
    out: dict[str, str] = {}
    for flow in knowledge.flows.values():
        for step in flow.steps:
            for choice in step.choices:
                if choice.value in FORMAT_NOUNS:
                    out.setdefault(choice.label, FORMAT_NOUNS[choice.value])
    return out
