"""The delivery backend on any `Store` (memory, SQLite): each step is a few store calls.

A lane is one versioned record, `queue:<kind>:<lane>`: its owner, the owner's lease (wall-clock
expiry) and its events by order, changed only by compare-and-set, so two workers on one SQLite file
never both own a lane. An event's record `inbox:<kind>:<id>` is JSON: its body, lane, order, reorder
wait, what to load when it is taken, and how many workers took it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot.delivery.backend import (
    DEFAULT_LEASE,
    DEFAULT_RECORD_TTL,
    DEFAULT_SEEN_TTL,
    Legacy,
    Next,
    Recorded,
    Status,
    Stop,
    Taken,
)
from bot.delivery.event import Event, Loaded, Preload, Superseded, Write
from bot.delivery.legacy import forget_legacy, index_key, take_legacy
from bot.store.base import Store, StoreError, Versioned

_CAS_ATTEMPTS = 50


@dataclass(slots=True)
class _Lane:
    owner: str = ""
    until: float = 0.0
    items: list[tuple[float, str]] = field(default_factory=list)

    def free(self, now: float) -> bool:
        return not self.owner or self.until <= now

    def dump(self) -> str:
        return json.dumps({"o": self.owner, "u": self.until, "q": self.items}, separators=(",", ":"))

    @classmethod
    def load(cls, value: str | None) -> _Lane:
        if not value:
            return cls()
        data = json.loads(value)
        return cls(str(data["o"]), float(data["u"]), [(float(o), str(i)) for o, i in data["q"]])


class StoreBackend:
    def __init__(self, store: Store, kind: str, lease: float = DEFAULT_LEASE, seen_ttl: float = DEFAULT_SEEN_TTL,
                 record_ttl: float = DEFAULT_RECORD_TTL, owner: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self.kind = kind
        self.lease = lease
        self.seen_ttl = seen_ttl
        self.record_ttl = record_ttl
        self.owner = owner or secrets.token_hex(8)
        self._lanes = f"lanes:{kind}"

    def _record_key(self, event_id: str) -> str:
        return f"inbox:{self.kind}:{event_id}"

    def _seen_key(self, event_id: str) -> str:
        return f"seen:{self.kind}:{event_id}"

    def _queue_key(self, lane: str) -> str:
        return f"queue:{self.kind}:{lane}"

    # -- recording ------------------------------------------------------------------------------

    async def record(self, event: Event, preload: Preload, now: float) -> Recorded:
        if await self.is_finished(event.id) or not await self._claim_aliases(event):
            return Recorded(Status.DUPLICATE)
        if not await self.store.put(self._record_key(event.id), _envelope(event, preload), 0, self.record_ttl):
            return Recorded(Status.DUPLICATE)
        if await self.is_finished(event.id):  # finished by another worker between the look and the write
            await self.store.delete(self._record_key(event.id))
            return Recorded(Status.DUPLICATE)
        return await self._enqueue(event, preload, now)

    async def adopt(self, event: Event, preload: Preload, now: float) -> Recorded:
        key = self._record_key(event.id)
        current = await self.store.get(key)
        if current is None or await self.is_finished(event.id) or not await self._claim_aliases(event):
            await self.drop(event.id)
            return Recorded(Status.DUPLICATE)
        if not await self.store.put(key, _envelope(event, preload), current.version, self.record_ttl):
            return Recorded(Status.DUPLICATE)  # adopted by another worker meanwhile
        await forget_legacy(self.store, self.kind, event.id)
        return await self._enqueue(event, preload, now)

    async def _claim_aliases(self, event: Event) -> bool:
        for alias in event.aliases:
            if not await self.store.put(alias, event.id, 0, event.alias_ttl):
                held = await self.store.get(alias)
                if held is None or held.value != event.id:
                    return False
        return True

    async def _enqueue(self, event: Event, preload: Preload, now: float) -> Recorded:
        await self.store.add_member(self._lanes, event.lane)  # listed first: a crash never hides a lane

        owned = False

        def add(lane: _Lane) -> None:
            nonlocal owned
            if all(i != event.id for _, i in lane.items):
                lane.items.append((event.order, event.id))
                lane.items.sort()
            owned = lane.free(now)
            if owned:
                lane.owner, lane.until = self.owner, now + self.lease

        await self._change(event.lane, add)
        if not owned:
            return Recorded(Status.QUEUED)
        return Recorded(Status.OWNED, await self._take_head(event.lane, now))

    # -- taking and finishing -------------------------------------------------------------------

    async def take(self, lane: str, now: float) -> Next:
        def own(state: _Lane) -> bool:
            if state.owner != self.owner and not state.free(now):
                return False
            state.owner, state.until = self.owner, now + self.lease
            return True

        if not await self._change(lane, own):
            return Stop.LOST
        return await self._take_head(lane, now)

    async def finish(self, lane: str, event_id: str, writes: list[Write], now: float, take_next: bool) -> Next:
        for write in writes:
            await self._overwrite(write)
        await self.store.claim(self._seen_key(event_id), self.seen_ttl)
        await self.store.delete(self._record_key(event_id))

        mine = False

        def remove(state: _Lane) -> None:
            nonlocal mine
            state.items = [item for item in state.items if item[1] != event_id]
            mine = state.owner == self.owner
            if mine and not take_next:
                state.owner, state.until = "", 0.0

        await self._change(lane, remove)
        if not mine:
            return Stop.LOST
        return await self._take_head(lane, now) if take_next else Stop.RELEASED

    async def release(self, lane: str) -> None:
        def give_up(state: _Lane) -> None:
            if state.owner == self.owner:
                state.owner, state.until = "", 0.0

        await self._change(lane, give_up)

    async def renew(self, lanes: list[str]) -> list[str]:
        lost = []
        for lane in lanes:
            until = self._clock() + self.lease

            def extend(state: _Lane, until: float = until) -> bool:
                if state.owner != self.owner:
                    return False
                state.until = until
                return True

            if not await self._change(lane, extend):
                lost.append(lane)
        return lost

    async def _take_head(self, lane: str, now: float) -> Next:
        """The lane's first event, for its owner; drops the ones finished or expired on the way."""
        while True:
            state, _ = await self._read(lane)
            if state.owner != self.owner:
                return Stop.LOST
            if not state.items:
                if await self._change(lane, partial(_release_if_empty, owner=self.owner)):
                    return Stop.RELEASED
                continue  # an event arrived meanwhile
            event_id = state.items[0][1]
            record = await self.store.get(self._record_key(event_id))
            if record is None or await self.is_finished(event_id):
                await self._change(lane, partial(_drop_item, event_id=event_id))
                continue
            return await self._taken(event_id, record, lane, now)

    async def _taken(self, event_id: str, record: Versioned, lane: str, now: float) -> Next:
        envelope = json.loads(record.value)
        until = now + self.lease

        def extend(state: _Lane) -> bool:
            if state.owner != self.owner:
                return False
            state.until = until
            return True

        if not await self._change(lane, extend):
            return Stop.LOST
        envelope["t"] = attempt = int(envelope.get("t", 0)) + 1
        await self.store.put(self._record_key(event_id), json.dumps(envelope, separators=(",", ":")),
                             record.version, self.record_ttl)
        preload = Preload(tuple(envelope.get("p", ())), envelope.get("c"), float(envelope.get("w", 0.0)))
        wait = max(0.0, float(envelope.get("r", 0.0)) - now)
        return Taken(event_id, str(envelope["b"]), attempt, await self._load(preload, now), wait)

    async def commit(self, lane: str, event_id: str, key: str, value: str, expected_version: int,
                     ttl: float) -> bool:
        state, _ = await self._read(lane)
        if state.owner != self.owner or not state.items or state.items[0][1] != event_id:
            raise Superseded(f"{event_id} is no longer first in lane {lane}")
        return await self.store.put(key, value, expected_version, ttl)

    async def _load(self, preload: Preload, now: float) -> Loaded:
        values = {key: await self.store.get(key) for key in preload.reads}
        counter = preload.counter_key(now)
        counts = {counter: await self.store.incr(counter, preload.window + 1)} if counter else {}
        return Loaded(values, counts)

    # -- the sweep ------------------------------------------------------------------------------

    async def orphan_lanes(self) -> list[str]:
        taken = []
        now = self._clock()
        for lane in sorted(await self.store.members(self._lanes)):
            state, _ = await self._read(lane)
            if not state.items and state.free(now):
                await self.store.remove_member(self._lanes, lane)
            elif state.items and state.free(now) and await self.take_lane(lane, now):
                taken.append(lane)
        return taken

    async def take_lane(self, lane: str, now: float) -> bool:
        def own(state: _Lane) -> bool:
            if not state.items or not state.free(now):
                return False
            state.owner, state.until = self.owner, now + self.lease
            return True

        return await self._change(lane, own)

    async def legacy(self) -> list[Legacy]:
        return await take_legacy(self.store, self.kind, self.owner, self.lease)

    async def drop(self, event_id: str) -> None:
        await self.store.claim(self._seen_key(event_id), self.seen_ttl)
        await self.store.delete(self._record_key(event_id))
        await forget_legacy(self.store, self.kind, event_id)

    async def unfinished(self) -> set[str]:
        ids = set(await self.store.members(index_key(self.kind)))
        for lane in await self.store.members(self._lanes):
            state, _ = await self._read(lane)
            ids.update(i for _, i in state.items)
        return {i for i in ids if await self.store.get(self._record_key(i)) is not None}

    async def is_finished(self, event_id: str) -> bool:
        return await self.store.get(self._seen_key(event_id)) is not None

    # -- helpers --------------------------------------------------------------------------------

    async def _read(self, lane: str) -> tuple[_Lane, int]:
        record = await self.store.get(self._queue_key(lane))
        try:
            return _Lane.load(record.value if record else None), record.version if record else 0
        except (ValueError, KeyError, TypeError):
            return _Lane(), record.version if record else 0

    async def _change(self, lane: str, change: Callable[[_Lane], Any]) -> bool:
        """Apply `change` to the lane by compare-and-set; returns what it returned (None counts as True,
        False writes nothing)."""
        for _ in range(_CAS_ATTEMPTS):
            state, version = await self._read(lane)
            result = change(state)
            if result is False:
                return False
            if await self.store.put(self._queue_key(lane), state.dump(), version, self.record_ttl):
                return True
        raise StoreError(f"lane {lane} kept changing; gave up after {_CAS_ATTEMPTS} tries")

    async def _overwrite(self, write: Write) -> None:
        for _ in range(_CAS_ATTEMPTS):
            current = await self.store.get(write.key)
            if await self.store.put(write.key, write.value, current.version if current else 0, write.ttl):
                return
        raise StoreError(f"{write.key} kept changing; gave up after {_CAS_ATTEMPTS} tries")


def _envelope(event: Event, preload: Preload) -> str:
    data: dict[str, Any] = {"b": event.body, "l": event.lane, "o": event.order}
    if event.not_before:
        data["r"] = event.not_before
    if preload.reads:
        data["p"] = list(preload.reads)
    if preload.counter is not None:
        data["c"], data["w"] = preload.counter, preload.window
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _release_if_empty(state: _Lane, owner: str) -> bool:
    if state.items or state.owner != owner:
        return False
    state.owner, state.until = "", 0.0
    return True


def _drop_item(state: _Lane, event_id: str) -> None:
    state.items = [item for item in state.items if item[1] != event_id]
