"""Question counts per day, for `advisor stats` and Slack's App Home: how many questions, how many
answered, which topics people ask about most. Counts only: no text, no identifiers.

One tally per UTC day, `stats:<YYYY-MM-DD>`, with the fields below; it expires with the questions
log's retention (the store removes it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.editors.questions import DailyRecords
from bot.knowledge.model import Knowledge
from bot.platform_answers import PLATFORM_TOPIC
from bot.schedule.subscriptions import Subscription

STATS_PREFIX = "stats:"

ASKED = "asked"
"""A typed question the knowledge was searched for (answered, offered or not answered)."""
ANSWERED = "answered"
OFFERED = "offered"
"""Got a "did you mean" offer."""
PICKED = "picked"
"""A button of an offer was pressed."""
UNANSWERED = "unanswered"
UP = "up"
DOWN = "down"
TOPIC = "topic:"
"""topic:<id>: answers of that topic to a question (typed, or picked from an offer)."""
VIA = "via:"
"""via:<platform>: questions asked on that platform (slack, telegram, console)."""
CATALOG = "catalog:"
"""catalog:<id>: answers about that catalog platform (platform answers)."""


@dataclass(frozen=True, slots=True)
class Stats:
    since: float
    until: float
    asked: int
    answered: int
    offered: int
    picked: int
    unanswered: int
    up: int
    down: int
    topics: tuple[tuple[str, int], ...]
    """Topic ids with their answer counts, most asked first (ties by id)."""
    platforms: tuple[tuple[str, int], ...]
    """Where questions were asked (slack, telegram, console), most first."""
    catalog: tuple[tuple[str, int], ...] = ()
    """Catalog platforms the answers were about (platform answers), most first."""

    @property
    def share_answered(self) -> float | None:
        """Questions answered, directly or after picking a "did you mean" button, of all asked
        (None when nothing was asked)."""
        return (self.answered + self.picked) / self.asked if self.asked else None


class StatsLog(DailyRecords):
    """Counts questions in tallies `stats:<day>`."""

    prefix = STATS_PREFIX

    async def count(self, fields: Sequence[str], at: float | None = None) -> None:
        at = self.clock() if at is None else at
        if fields and (ttl := self.ttl(at)) > 0:
            await self.store.tally(self.key(at), fields, ttl)

    async def read(self, since: float) -> Stats:
        """The counts of the days from the one `since` falls in to today (whole days)."""
        totals: Counter[str] = Counter()
        for key in self.keys_since(since):
            totals.update(await self.store.tallies(key))
        return Stats(since=since, until=self.clock(), asked=totals[ASKED], answered=totals[ANSWERED],
                     offered=totals[OFFERED], picked=totals[PICKED], unanswered=totals[UNANSWERED],
                     up=totals[UP], down=totals[DOWN], topics=_ranked(totals, TOPIC),
                     platforms=_ranked(totals, VIA), catalog=_ranked(totals, CATALOG))


def _ranked(totals: Counter[str], prefix: str) -> tuple[tuple[str, int], ...]:
    found = [(name[len(prefix):], n) for name, n in totals.items() if name.startswith(prefix) and n > 0]
    return tuple(sorted(found, key=lambda item: (-item[1], item[0])))


def names_of(knowledge: Knowledge) -> tuple[dict[str, str], dict[str, str]]:
    """How `summary_lines` names topics (platform answers as "Platform questions") and catalog platforms."""
    titles = {t.id: t.title for t in knowledge.topics.values()} | {PLATFORM_TOPIC: "Platform questions"}
    return titles, {p.id: p.name for p in knowledge.platforms.values()}


def summary_lines(stats: Stats, titles: dict[str, str], top: int = 5, names: dict[str, str] | None = None) -> list[str]:
    """The counts in a few lines of the neutral markup, as `advisor stats` and Slack's App Home show them.
    `titles` names the topics and `names` the catalog platforms (an id the pack no longer has shows as is)."""
    if not stats.asked:
        return ["No questions yet in this period."]
    share = stats.share_answered or 0.0
    lines = [f"**{stats.asked}** questions, **{share:.0%}** answered "
             f"({stats.answered} directly, {stats.picked} after a \"did you mean\"; "
             f"{stats.unanswered} not answered, {stats.offered - stats.picked} offers left unpicked)"]
    if stats.topics:
        lines.append("Most asked: " + ", ".join(f"{titles.get(t, t)} ({n})" for t, n in stats.topics[:top]))
    if stats.catalog:
        lines.append("Platforms asked about: "
                     + ", ".join(f"{(names or {}).get(p, p)} ({n})" for p, n in stats.catalog[:top]))
    if stats.up or stats.down:
        lines.append(f"Feedback: {stats.up} \U0001f44d, {stats.down} \U0001f44e")
    return lines


SCHEDULED_TITLE = "Channels with scheduled tips"


def scheduled_lines(subscriptions: Sequence[Subscription]) -> list[str]:
    """One line (markup) per channel with scheduled tips (see `bot.schedule.service.list_subscriptions`)."""
    if not subscriptions:
        return ["None yet: `tips daily 09:00` in a channel sets them up."]
    shown = sorted(subscriptions, key=lambda s: (s.channel.platform, _channel_name(s)))
    return [f"- {_channel_name(s)}: {s.schedule.describe()}" for s in shown]


def _channel_name(sub: Subscription) -> str:
    """A channel's name as people know it, with nothing the markup would read as bold or a link."""
    name = sub.title or sub.channel.chat
    return re.sub(r"[*\[\]()]", "", name).strip() or sub.channel.chat
