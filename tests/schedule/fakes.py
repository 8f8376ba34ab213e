"""A fake clock and a recording tip sender for the scheduler tests (the store and engine are real)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.schedule import ChannelGone, ChannelKey, RetryLater
from bot.types import Reply


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def set(self, when: datetime) -> None:
        assert when.timestamp() >= self.now, "time only moves forward"
        self.now = when.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += seconds


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@dataclass
class Sent:
    channel: ChannelKey
    reply: Reply
    at: float


@dataclass
class RecordingSender:
    """Records each tip with the fake time it was sent. `gone` channels raise ChannelGone; `retry_after`
    makes the next send raise RetryLater; `hang` makes sends wait forever (a worker stuck mid-send)."""

    clock: FakeClock
    sent: list[Sent] = field(default_factory=list)
    attempts: int = 0
    gone: set[str] = field(default_factory=set)
    retry_after: float | None = None
    hang: bool = False

    async def send_tip(self, channel: ChannelKey, reply: Reply) -> None:
        self.attempts += 1
        if channel.chat in self.gone:
            raise ChannelGone("not_in_channel")
        if self.retry_after is not None:
            seconds, self.retry_after = self.retry_after, None
            raise RetryLater(seconds)
        if self.hang:
            await asyncio.Event().wait()
        self.sent.append(Sent(channel, reply, self.clock()))
