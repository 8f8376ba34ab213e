"""The pipeline's storage seam: record, order, lease, take, finish. One contract, two implementations:
`StoreBackend` on any `Store` (memory, SQLite: a few store calls per step) and, on Redis, the same
steps as one Lua script each (`bot.delivery.redis`), so an event costs three round trips.

A lane has at most one owner at a time: the worker that holds its lease takes its events one by one, in
order, and finishes each. Every step of the owner renews the lease; a lane whose owner stopped renewing
(it died) is handed to another worker by `orphan_lanes`.

Keys, per platform `kind` (Redis and the generic store alike):
- `inbox:<kind>:<id>`: the record of an event not yet finished (its body, lane, order, what to load);
- `seen:<kind>:<id>`: a finished event, remembered `seen_ttl` seconds (a retry is a duplicate);
- `queue:<kind>:<lane>`: the lane's events by order (and, on the generic store, its owner's lease);
- `owner:<kind>:<lane>`: the lane's owner and lease (Redis);
- `lanes:<kind>`: the lanes that may have events waiting (for the sweep);
- an event's aliases, each holding the id of the event that claimed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.delivery.event import Event, Loaded, Preload, Write
from bot.store.base import Store

DEFAULT_LEASE = 30.0
"""Seconds a worker owns a lane after its last step; well above the time one event takes."""
DEFAULT_SEEN_TTL = 48 * 3600.0
"""How long a finished event is remembered: platforms retry within hours, not days."""
DEFAULT_RECORD_TTL = 24 * 3600.0
"""How long an event waits to be applied before it is dropped."""


class Status(Enum):
    """What `record` did. DUPLICATE: the event (or one of its aliases) was known; nothing was
    written. QUEUED: recorded in a lane another worker (or this one) is draining. OWNED: recorded, and
    this worker now owns the lane: drain it, starting with `Recorded.next`."""

    DUPLICATE = "duplicate"
    QUEUED = "queued"
    OWNED = "owned"


@dataclass(frozen=True, slots=True)
class Taken:
    """The lane's next event, now this worker's to apply, with what its turn reads already loaded. `wait`:
    seconds to wait first (until its `not_before`); its writes then find out whether an earlier event
    arrived meanwhile (`commit` raises Superseded)."""

    event_id: str
    body: str
    attempt: int
    loaded: Loaded
    wait: float = 0.0


class Stop(Enum):
    """RELEASED: the lane is empty and no longer owned. LOST: another worker owns it now."""

    RELEASED = "released"
    LOST = "lost"


Next = Taken | Stop


@dataclass(frozen=True, slots=True)
class Recorded:
    status: Status
    next: Next | None = None
    """For OWNED: the lane's first step (the new event itself when it is the lane's only one)."""


@dataclass(frozen=True, slots=True)
class Legacy:
    """An event recorded by an earlier version under the old inbox keys, now leased to this worker."""

    event_id: str
    body: str


class DeliveryBackend(Protocol):
    @property
    def store(self) -> Store:
        """The store the steps run on (reads and writes outside the pipeline's own go there)."""
        ...

    kind: str
    owner: str
    """This worker's name on the leases it holds."""
    lease: float

    async def record(self, event: Event, preload: Preload, now: float) -> Recorded:
        """Record a new event in its lane and, when the lane has no owner, own it and take its first
        event. `now` is wall-clock seconds. Raises StoreError: then the event must not be acknowledged."""
        ...

    async def adopt(self, event: Event, preload: Preload, now: float) -> Recorded:
        """`record` for an event found under the old inbox keys (see `legacy`): its record is kept and
        moved into its lane. DUPLICATE when it was finished meanwhile (it is dropped)."""
        ...

    async def take(self, lane: str, now: float) -> Next:
        """The lane's next event, for its owner (or anyone, when the lane has no owner: it becomes
        theirs). LOST when another worker owns it."""
        ...

    async def finish(self, lane: str, event_id: str, writes: list[Write], now: float, take_next: bool) -> Next:
        """Make `writes`, mark the event seen, drop it from its lane; then (`take_next`) take the lane's
        next event, or release the lane (RELEASED) when it is empty or `take_next` is False."""
        ...

    async def commit(self, lane: str, event_id: str, key: str, value: str, expected_version: int,
                     ttl: float) -> bool:
        """`Store.put` of a value loaded with the event, made only while the event is first in its lane and
        the lane is this worker's (and renewing its lease). Raises Superseded otherwise."""
        ...

    async def release(self, lane: str) -> None:
        """Give up owning the lane without finishing anything (its events wait for the next owner)."""
        ...

    async def renew(self, lanes: list[str]) -> list[str]:
        """Extend this worker's lease on `lanes`; returns those another worker owns now."""
        ...

    async def orphan_lanes(self) -> list[str]:
        """Lanes with events waiting and no live owner, now owned by this worker (take them)."""
        ...

    async def legacy(self) -> list[Legacy]:
        """Events the old inbox recorded and nobody finished, their old lease now held here, oldest id
        first. Adopt them (or `drop` those that cannot be read)."""
        ...

    async def drop(self, event_id: str) -> None:
        """Mark an event seen and forget its record (an unreadable one)."""
        ...

    async def unfinished(self) -> set[str]:
        """Ids of the events recorded and not finished, in lanes or under the old inbox keys."""
        ...

    async def is_finished(self, event_id: str) -> bool: ...
