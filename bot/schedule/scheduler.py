"""The scheduler every worker runs: each due tip is sent by exactly one worker, at most one late tip per
channel after downtime, never a burst.

A tick reads the due-minute sets (`tips:due:<minute>`) from a shared cursor up to now. For each channel
found there, the subscription record decides: its slot is the latest one due (older missed slots are
not sent); a slot later than the grace period is skipped. Sending a slot takes the same care as the
inbox (bot/inbox.py):

- the worker first takes a lease `tips:lease:<channel>:<slot>` (only one worker can hold it), then
  checks the slot was not sent meanwhile (`tips:sent:<channel>:<slot>`), then sends;
- once the platform accepted the message the slot is marked sent, the subscription moves on to its next
  slot, and the lease is dropped;
- a worker that dies before marking the slot sent leaves only its lease, which runs out: the next tick
  of any worker sends the slot, within the grace period. The one window left: a worker killed while the
  platform is receiving the tip can have it sent twice (neither platform offers an idempotency key).

The cursor (`tips:cursor:<platform>`, one per platform: each reads only its own channels) never passes
a minute that still holds a channel, so after any downtime the tick starts where the last one stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from typing import Protocol

from bot.knowledge.model import Knowledge
from bot.schedule.replies import scheduled_tip
from bot.schedule.subscriptions import FOREVER, ChannelKey, Subscription, Subscriptions, bucket, minute
from bot.store.base import Store, StoreError
from bot.tips import next_tip, tips_about
from bot.types import Reply

log = logging.getLogger("advisor.tips")

DEFAULT_GRACE = 2 * 3600.0
"""Seconds after its time a missed tip may still be sent (ADVISOR_TIPS_GRACE)."""
SENT_TTL = 8 * 24 * 3600.0
"""How long a sent slot is remembered: longer than a week, the longest gap between two slots."""
CURSOR = "tips:cursor:{platform}"
CONCURRENCY = 16
"""Channels handled at once per worker: sends wait in the platform's rate limiter, not in a lease."""


class ChannelGone(Exception):
    """The bot can no longer post there (removed, kicked, archived, chat not found): unsubscribe."""


class RetryLater(Exception):
    """The platform asked to wait (429 retry-after) `seconds` before sending again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:g} s")
        self.seconds = seconds


class TipSender(Protocol):
    async def send_tip(self, channel: ChannelKey, reply: Reply) -> None:
        """Post the tip in the channel. Raises ChannelGone or RetryLater; anything else is retried at the
        next tick (within the grace period)."""
        ...


class Outcome(Enum):
    DONE = "done"
    """Nothing left to do in that minute for that channel."""
    PENDING = "pending"
    """Still due: another worker holds it, or it failed and will be tried again."""


class TipScheduler:
    """`tick` once (tests drive it with a fake clock), or `run` until stopped. `lease` is how long a
    worker owns a slot it is sending (ADVISOR_INBOX_LEASE); `grace` the lateness still sent."""

    def __init__(self, store: Store, knowledge: Knowledge, sender: TipSender, platform: str,
                 clock: Callable[[], float] = time.time, grace: float = DEFAULT_GRACE, lease: float = 30.0,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.subscriptions = Subscriptions(store)
        self.knowledge = knowledge
        self.sender = sender
        self.platform = platform
        self.clock = clock
        self.grace = grace
        self.lease = lease
        self.rng = rng or random.Random()
        self.owner = secrets.token_hex(8)
        self.paused_until = 0.0
        """Set by a RetryLater: no sends before then."""
        self._slots = asyncio.Semaphore(CONCURRENCY)

    async def tick(self) -> int:
        """Send what is due now; returns how many tips this worker sent."""
        now = self.clock()
        if now < self.paused_until:
            return 0
        cursor_key = CURSOR.format(platform=self.platform)
        record = await self.store.get(cursor_key)
        start = int(record.value) if record else await self._first_minute(now)
        found: list[tuple[int, ChannelKey]] = []
        for m in range(start, minute(now) + 1):
            for member in await self.store.members(f"tips:due:{m}"):
                channel = ChannelKey.parse(member)
                if channel.platform == self.platform:
                    found.append((m, channel))
        self.rng.shuffle(found)  # several workers on one burst contend less for the same leases
        results = await asyncio.gather(*(self._bounded(m, c, now) for m, c in found))
        pending = [m for (m, _), (outcome, _) in zip(found, results, strict=True) if outcome is Outcome.PENDING]
        cursor = min([*pending, minute(now) - 1])
        if record is None or int(record.value) != cursor:
            await self.store.put(cursor_key, str(cursor), record.version if record else 0, FOREVER)
        return sum(sent for _, sent in results)

    async def _first_minute(self, now: float) -> int:
        """Without a cursor (first start, or a store that lost it): the earliest minute any subscription
        is filed under, found once by reading them all."""
        subs = await self.subscriptions.all(self.platform)
        return min([minute(now), *(minute(s.next.at) for s in subs)])

    async def run(self, stop: asyncio.Event, interval: float) -> None:
        """`tick` now and every `interval` seconds until `stop` is set; failures are logged and retried."""
        while not stop.is_set():
            try:
                await self.tick()
            except StoreError as exc:
                log.warning("tips tick failed: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    async def _bounded(self, at_minute: int, channel: ChannelKey, now: float) -> tuple[Outcome, bool]:
        async with self._slots:
            try:
                return await self._one(at_minute, channel, now)
            except StoreError as exc:
                log.warning("tips: store failed: %s", exc, extra={"channel": channel.as_str()})
                return Outcome.PENDING, False

    async def _one(self, at_minute: int, channel: ChannelKey, now: float) -> tuple[Outcome, bool]:
        """(what is left, whether this worker sent a tip)."""
        here = f"tips:due:{at_minute}"
        found = await self.subscriptions.get(channel)
        if found is None or bucket(found[0].next.at) != here:  # unsubscribed, or filed elsewhere now
            await self.store.remove_member(here, channel.as_str())
            return Outcome.DONE, False
        sub, _ = found
        if sub.next.at > now:
            return Outcome.PENDING, False
        latest = sub.schedule.latest_slot(now)
        slot = latest if latest.at >= sub.next.at else sub.next
        if now - slot.at > self.grace:
            log.info("tip skipped: later than the grace period", extra={"channel": channel.as_str(), "slot": slot.id})
            await self._advance(channel, here, now, None)
            return Outcome.DONE, False
        sent_key, lease_key = f"tips:sent:{channel.as_str()}:{slot.id}", f"tips:lease:{channel.as_str()}:{slot.id}"
        if await self.store.get(sent_key) is not None:
            await self._advance(channel, here, now, None)
            return Outcome.DONE, False
        if now < self.paused_until or not await self.store.put(lease_key, self.owner, 0, self.lease):
            return Outcome.PENDING, False
        if await self.store.get(sent_key) is not None:  # sent between the first look and the lease
            await self._advance(channel, here, now, None)
            return Outcome.DONE, False
        outcome = await self._send(sub, here, sent_key, slot.id, now)
        # Dropped only here: a worker stopped mid-send (killed, cancelled) leaves its lease to run out,
        # since the platform may have the tip already.
        await self.store.delete(lease_key)
        return outcome

    async def _send(self, sub: Subscription, here: str, sent_key: str, slot: str, now: float) -> tuple[Outcome, bool]:
        channel = sub.channel
        picked = next_tip(tips_about(self.knowledge, sub.about), sub.used, self.rng)
        if picked is None:
            log.warning("tip skipped: no tips on the subject", extra={"channel": channel.as_str(), "about": sub.about})
            await self._advance(channel, here, now, None)
            return Outcome.DONE, False
        tip, used = picked
        try:
            await self.sender.send_tip(channel, scheduled_tip(self.knowledge, tip, sub.about))
        except ChannelGone as exc:
            await self.subscriptions.delete(channel)
            await self.store.remove_member(here, channel.as_str())
            log.warning("tips unsubscribed: the bot can no longer post there (%s)", exc,
                        extra={"channel": channel.as_str(), "set_by": sub.set_by})
            return Outcome.DONE, False
        except RetryLater as exc:
            self.paused_until = max(self.paused_until, self.clock() + exc.seconds)
            log.warning("tips paused: rate limited", extra={"channel": channel.as_str(), "seconds": exc.seconds})
            return Outcome.PENDING, False
        except Exception as exc:  # the platform failed: the next tick tries again, within the grace period
            log.warning("tip not sent, will retry: %s", type(exc).__name__, extra={"channel": channel.as_str()})
            return Outcome.PENDING, False
        await self.store.claim(sent_key, SENT_TTL)
        log.info("tip sent", extra={"channel": channel.as_str(), "slot": slot, "tip": tip.id})
        await self._advance(channel, here, now, used)
        return Outcome.DONE, True

    async def _advance(self, channel: ChannelKey, here: str, now: float, used: tuple[str, ...] | None) -> None:
        """Move the subscription to its first slot after now (recording the tips used), then take the
        channel out of this minute's set, unless a newer setting filed it here again."""
        for _ in range(8):
            found = await self.subscriptions.get(channel)
            if found is None:
                break
            sub, version = found
            if bucket(sub.next.at) != here:
                break  # changed meanwhile: the new setting has its own slot
            advanced = sub.advanced(now)
            if used is not None:
                advanced = replace(advanced, used=used)
            if await self.subscriptions.update(advanced, version):
                if bucket(advanced.next.at) == here:
                    return
                break
        await self.store.remove_member(here, channel.as_str())
