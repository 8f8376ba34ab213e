"""The questions log: what the knowledge editors need to see, kept in the configured store.

Logged: questions that got the fallback, "did you mean" offers and what was picked, answers that got 👎
and what the user was looking for instead. Each entry has the time, the platform, the topic the matcher
found and its scores; never a user or chat identifier. The text is the question as typed, masked
(bot/editors/privacy.py), or None when text storage is off.

Entries live in one list per UTC day, `qlog:<YYYY-MM-DD>`. Every entry of a day expires when the day is
`retention` old (so no entry is ever kept longer than `retention`): the store removes it by itself
(Redis key expiry; SQLite and memory delete expired items on later writes and purges).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.matching import Candidate
from bot.store.base import Store

log = logging.getLogger("advisor.editors")

DAY = 86400.0
DEFAULT_RETENTION_DAYS = 90
LOG_PREFIX = "qlog:"
KEPT_CANDIDATES = 3


class LogKind(StrEnum):
    FALLBACK = "fallback"
    """A question nothing answered."""
    OFFER = "offer"
    """A "did you mean" offer (the candidates were the buttons)."""
    PICKED = "picked"
    """A button of an offer was pressed: `ref` is the offer, `topic` what was picked."""
    DISLIKED = "disliked"
    """An answer got 👎: `id` is the answer, `topic` the topic answered, `candidates` the next best."""
    WANTED = "wanted"
    """What a user who pressed 👎 was looking for: `ref` is the answer, `topic` None for "Something else"."""


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    id: str
    at: float
    """Seconds since the epoch (UTC)."""
    platform: str
    kind: LogKind
    text: str | None
    topic: str | None
    score: float | None
    candidates: tuple[Candidate, ...] = ()
    ref: str | None = None
    platforms: tuple[str, ...] = ()
    """For a platform answer (topic "platform"): the catalog ids it was about."""

    def dump(self) -> str:
        data: dict[str, Any] = {"id": self.id, "at": self.at, "platform": self.platform,
                                "kind": self.kind.value, "text": self.text, "topic": self.topic, "score": self.score,
                                "candidates": [[c.intent, c.score] for c in self.candidates]}
        if self.ref is not None:
            data["ref"] = self.ref
        if self.platforms:
            data["platforms"] = list(self.platforms)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, raw: str) -> LoggedQuestion | None:
        """None for an entry this version cannot read."""
        try:
            data = json.loads(raw)
            score = data.get("score")
            return cls(str(data["id"]), float(data["at"]), str(data["platform"]), LogKind(data["kind"]),
                       _optional(data.get("text")), _optional(data.get("topic")),
                       float(score) if score is not None else None,
                       tuple(Candidate(str(i), float(s)) for i, s in data.get("candidates", ())),
                       _optional(data.get("ref")), tuple(map(str, data.get("platforms", ()))))
        except (ValueError, KeyError, TypeError):
            return None


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def day_of(at: float) -> datetime:
    """The start (00:00 UTC) of the day `at` falls in."""
    moment = datetime.fromtimestamp(at, UTC)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def day_key(prefix: str, day: datetime) -> str:
    return f"{prefix}{day:%Y-%m-%d}"


def days_between(since: float, until: float) -> list[datetime]:
    """The UTC days from the one `since` falls in to the one `until` falls in, oldest first."""
    first, last = day_of(since), day_of(until)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_ttl(at: float, retention: float) -> float:
    """Seconds until the day of `at` is `retention` seconds old (<= 0: already past)."""
    return day_of(at).timestamp() + retention - at


class DailyRecords:
    """Records kept in one store key per UTC day (`<prefix><YYYY-MM-DD>`), each day's key expiring when
    the day is `retention` seconds old. `clock` gives the time."""

    prefix = ""

    def __init__(self, store: Store, retention: float = DEFAULT_RETENTION_DAYS * DAY,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.retention = retention
        self.clock = clock

    def key(self, at: float) -> str:
        return day_key(self.prefix, day_of(at))

    def ttl(self, at: float) -> float:
        """Seconds the day of `at` is still kept (<= 0: it is past the retention already)."""
        return day_ttl(at, self.retention)

    def keys_since(self, since: float) -> list[str]:
        """The keys of the days from the one `since` falls in (or the oldest kept) to today."""
        now = self.clock()
        return [day_key(self.prefix, day) for day in days_between(max(since, now - self.retention), now)]


class QuestionLog(DailyRecords):
    """Appends and reads the log in `store`, in lists `qlog:<day>`."""

    prefix = LOG_PREFIX

    async def append(self, entry: LoggedQuestion) -> None:
        if (ttl := self.ttl(entry.at)) > 0:
            await self.store.append(self.key(entry.at), entry.dump(), ttl)

    async def since(self, since: float) -> list[LoggedQuestion]:
        """The entries logged at or after `since` (and still kept), oldest first."""
        entries: list[LoggedQuestion] = []
        for key in self.keys_since(since):
            for raw in await self.store.items(key):
                entry = LoggedQuestion.load(raw)
                if entry is None:
                    log.warning("unreadable questions log entry skipped", extra={"key": key})
                elif entry.at >= since:
                    entries.append(entry)
        return sorted(entries, key=lambda e: e.at)


def top_candidates(candidates: Iterable[Candidate], limit: int = KEPT_CANDIDATES) -> tuple[Candidate, ...]:
    return tuple(candidates)[:limit]
