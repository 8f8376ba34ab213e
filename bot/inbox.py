"""A durable inbox shared by every worker: nothing acknowledged to a platform is lost or done twice.

An adapter records each incoming event with `accept` *before* it acknowledges it to the platform,
handles it, then calls `finish`. Records live in the store, so they are shared by all workers:

- the accepting worker first takes a lease on the event, then checks it was not finished, then
  records it: the same event delivered to two workers at once is accepted by one only, a finished one
  is refused for `seen_ttl`, and another worker's sweep never finds a record without its lease;
- `renew` extends the lease of an event still waiting its turn;
- `orphans` hands out events whose lease ran out without `finish` (their worker died): any worker
  calling it periodically finishes the dead worker's work;
- `finish` marks the event seen and drops its record; the lease is left to run out.

`Inbox` works on any store with the generic operations. On Redis, `inbox_for` returns `RedisInbox`,
the same semantics and keys in one round trip per call (Lua scripts).
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass

from bot.store.base import Store

DEFAULT_LEASE = 30.0
"""Seconds a worker owns an accepted event; well above the time one event takes."""
DEFAULT_SEEN_TTL = 48 * 3600.0
"""How long a finished event is remembered: platforms retry within hours, not days."""
DEFAULT_RECORD_TTL = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Pending:
    event_id: str
    body: str


class Inbox:
    """The events of one kind ("telegram", "slack") received and not yet finished."""

    def __init__(self, store: Store, kind: str, lease: float = DEFAULT_LEASE,
                 seen_ttl: float = DEFAULT_SEEN_TTL, record_ttl: float = DEFAULT_RECORD_TTL) -> None:
        self.store = store
        self.kind = kind
        self.lease = lease
        self.seen_ttl = seen_ttl
        self.record_ttl = record_ttl
        self.owner = secrets.token_hex(8)
        """This worker's name on the leases it holds."""
        self._index = f"inbox:{kind}"

    def _record(self, event_id: str) -> str:
        return f"inbox:{self.kind}:{event_id}"

    def _seen(self, event_id: str) -> str:
        return f"seen:{self.kind}:{event_id}"

    def _lease(self, event_id: str) -> str:
        return f"lease:{self.kind}:{event_id}"

    async def accept(self, event_id: str, body: str) -> bool:
        """Record an event and hold its lease. False for a duplicate: held by a worker now, finished,
        or recorded by a worker that died (a sweep hands that one over when its lease runs out).
        Raises StoreError: then the event must not be acknowledged."""
        lease = self._lease(event_id)
        if not await self._take(event_id):
            return False
        if await self.is_seen(event_id):
            await self.store.delete(lease)
            return False
        await self.store.add_member(self._index, event_id)  # listed first: a crash never hides a record
        if not await self.store.put(self._record(event_id), body, 0, self.record_ttl):
            await self.store.delete(lease)  # a dead worker's record: leave it to the sweep
            return False
        return True

    async def finish(self, event_id: str) -> None:
        """The event was handled: remember it as seen, then drop its record. The lease runs out."""
        await self.store.claim(self._seen(event_id), self.seen_ttl)
        await self.store.delete(self._record(event_id))
        await self.store.remove_member(self._index, event_id)

    async def renew(self, event_id: str) -> bool:
        """Extend this worker's lease; False when another worker took the event meanwhile."""
        current = await self.store.get(self._lease(event_id))
        if current is None:
            return await self._take(event_id)
        if current.value != self.owner:
            return False
        return await self.store.put(self._lease(event_id), self.owner, current.version, self.lease)

    async def _take(self, event_id: str) -> bool:
        """Take the lease when nobody holds it."""
        return await self.store.put(self._lease(event_id), self.owner, 0, self.lease)

    async def is_seen(self, event_id: str) -> bool:
        return await self.store.get(self._seen(event_id)) is not None

    async def orphans(self) -> list[Pending]:
        """Events whose worker stopped before finishing them, now leased to the caller. Forgets
        index entries whose event was finished or whose record expired."""
        found: list[Pending] = []
        for event_id in sorted(await self.store.members(self._index)):
            record = await self.store.get(self._record(event_id))
            if record is None or await self.is_seen(event_id):
                await self.store.remove_member(self._index, event_id)
                continue
            if await self._take(event_id):
                found.append(Pending(event_id, record.value))
        return found


def inbox_for(store: Store, kind: str, lease: float = DEFAULT_LEASE) -> Inbox:
    """The inbox for this store: the one-round-trip Redis version on Redis, the generic one elsewhere."""
    redis_store = sys.modules.get("bot.store.redis")  # never imported: the store cannot be a RedisStore
    if redis_store is not None and isinstance(store, redis_store.RedisStore):
        from bot.store.redis_inbox import RedisInbox

        return RedisInbox(store, kind, lease=lease)
    return Inbox(store, kind, lease=lease)
