"""Subscriptions to scheduled tips, kept in the store so every worker shares them and they survive
restarts.

Keys (a contract, like the inbox's):
- `tips:sub:<channel>`: the subscription (JSON), never expiring on its own;
- `tips:channels`: the set of subscribed channels (for listings);
- `tips:due:<minute>`: channels whose next tip falls in that minute (epoch minutes, UTC): the scheduler
  reads only the minutes up to now, never every subscription. A member is a hint; the subscription
  record is the truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from bot.schedule.slots import Cadence, Schedule, Slot
from bot.store.base import Store, StoreError

FOREVER = 10 * 365 * 24 * 3600.0
INDEX = "tips:channels"
_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class ChannelKey:
    """Where tips go: a Slack channel, a Telegram chat or one of its forum topics (`thread`)."""

    platform: str
    chat: str
    thread: str = ""

    def as_str(self) -> str:
        return ":".join(p.replace("%", "%25").replace(":", "%3A") for p in (self.platform, self.chat, self.thread))

    @classmethod
    def parse(cls, text: str) -> ChannelKey:
        platform, chat, thread = (p.replace("%3A", ":").replace("%25", "%") for p in text.split(":"))
        return cls(platform, chat, thread)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's tips: its schedule, subject (`about`, None: any), who set it and how its zone was
    chosen (`tz_source`: explicit, setter or default), since when (epoch seconds), the next slot, and the
    tips of the current round already sent (`used`)."""

    channel: ChannelKey
    schedule: Schedule
    about: str | None
    set_by: str
    tz_source: str
    since: float
    next: Slot
    used: tuple[str, ...] = ()
    title: str = ""
    """How people know the channel ("#marketing", a group's title), for listings."""

    def dump(self) -> str:
        s = self.schedule
        return json.dumps({"channel": [self.channel.platform, self.channel.chat, self.channel.thread],
                           "cadence": s.cadence.value, "days": list(s.days), "at": f"{s.at:%H:%M}", "tz": s.tz,
                           "about": self.about, "set_by": self.set_by, "tz_source": self.tz_source,
                           "since": self.since, "next": [self.next.id, self.next.at], "used": list(self.used),
                           "title": self.title}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def load(cls, text: str) -> Subscription | None:
        """None for a record this version cannot read."""
        try:
            d: dict[str, Any] = json.loads(text)
            hour, minute = map(int, str(d["at"]).split(":"))
            schedule = Schedule(Cadence(d["cadence"]), time(hour, minute), str(d["tz"]),
                                tuple(map(str, d["days"])))
            schedule.zone  # noqa: B018 - an unknown zone makes the record unreadable
            return cls(ChannelKey(*map(str, d["channel"])), schedule, d.get("about"), str(d["set_by"]),
                       str(d["tz_source"]), float(d["since"]), Slot(str(d["next"][0]), float(d["next"][1])),
                       tuple(map(str, d.get("used", ()))), str(d.get("title", "")))
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def advanced(self, after: float) -> Subscription:
        """With `next` moved to the first slot after `after`."""
        return replace(self, next=self.schedule.next_slot(after))


def minute(at: float) -> int:
    return int(at // 60)


def bucket(at: float) -> str:
    return f"tips:due:{minute(at)}"


class Subscriptions:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def key(channel: ChannelKey) -> str:
        return f"tips:sub:{channel.as_str()}"

    async def get(self, channel: ChannelKey) -> tuple[Subscription, int] | None:
        """The subscription and its version; None when the channel has none (or it is unreadable)."""
        record = await self.store.get(self.key(channel))
        if record is None:
            return None
        sub = Subscription.load(record.value)
        return (sub, record.version) if sub is not None else None

    async def save(self, sub: Subscription) -> None:
        """Create or replace the channel's subscription (the latest setting wins) and file it under the
        minute of its next slot. Raises StoreError when the store keeps changing under it."""
        key = self.key(sub.channel)
        for _ in range(_ATTEMPTS):
            record = await self.store.get(key)
            old = Subscription.load(record.value) if record else None
            await self.store.add_member(bucket(sub.next.at), sub.channel.as_str())  # filed first: never lost
            if await self.store.put(key, sub.dump(), record.version if record else 0, FOREVER):
                await self.store.add_member(INDEX, sub.channel.as_str())
                if old is not None and bucket(old.next.at) != bucket(sub.next.at):
                    await self.store.remove_member(bucket(old.next.at), sub.channel.as_str())
                return
        raise StoreError(f"tips subscription {key} kept changing")

    async def update(self, sub: Subscription, version: int) -> bool:
        """Write `sub` over the version read; False when it changed meanwhile. Files it under its next minute."""
        await self.store.add_member(bucket(sub.next.at), sub.channel.as_str())
        return await self.store.put(self.key(sub.channel), sub.dump(), version, FOREVER)

    async def delete(self, channel: ChannelKey) -> Subscription | None:
        """Unsubscribe; returns what was removed (None: nothing was set)."""
        found = await self.get(channel)
        await self.store.delete(self.key(channel))
        await self.store.remove_member(INDEX, channel.as_str())
        if found is not None:
            await self.store.remove_member(bucket(found[0].next.at), channel.as_str())
        return found[0] if found else None

    async def all(self, platform: str | None = None) -> list[Subscription]:
        """Every subscription (of one platform), by channel."""
        subs = []
        for member in sorted(await self.store.members(INDEX)):
            channel = ChannelKey.parse(member)
            if platform is not None and channel.platform != platform:
                continue
            found = await self.get(channel)
            if found is not None:
                subs.append(found[0])
        return subs
