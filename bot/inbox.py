"""A durable inbox shared by every worker: nothing acknowledged to a platform is lost or done twice.

An adapter records each incoming event with `accept` *before* it acknowledges it to the platform,
handles it, then calls `finish`. Records live in the store, so they are shared by all workers:

- `accept` is atomic across workers (a versioned write of the record), so the same event delivered
  to two workers at once is accepted by one only, and a finished one is refused for `seen_ttl`;
- the accepting worker holds a lease on the event while it works on it;
- `orphans` hands out events whose lease ran out without `finish` (their worker died): any worker
  calling it periodically finishes the dead worker's work.
"""

from __future__ import annotations

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
        self._index = f"inbox:{kind}"

    def _record(self, event_id: str) -> str:
        return f"inbox:{self.kind}:{event_id}"

    def _seen(self, event_id: str) -> str:
        return f"seen:{self.kind}:{event_id}"

    def _lease(self, event_id: str) -> str:
        return f"lease:{self.kind}:{event_id}"

    async def accept(self, event_id: str, body: str) -> bool:
        """Record an event and take its lease. False for a duplicate (finished, or recorded by this
        or another worker). Raises StoreError: then the event must not be acknowledged."""
        if await self.store.get(self._seen(event_id)) is not None:
            return False
        await self.store.add_member(self._index, event_id)  # listed first: a crash never hides a record
        if not await self.store.put(self._record(event_id), body, 0, self.record_ttl):
            return False
        if await self.is_seen(event_id):
            # Another worker finished it between our first look and our write: undo ours.
            await self.store.delete(self._record(event_id))
            return False
        await self.store.claim(self._lease(event_id), self.lease)
        return True

    async def finish(self, event_id: str) -> None:
        """The event was handled: remember it as seen, then drop its record."""
        await self.store.claim(self._seen(event_id), self.seen_ttl)
        await self.store.delete(self._record(event_id))
        await self.store.remove_member(self._index, event_id)
        await self.store.delete(self._lease(event_id))

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
            if await self.store.claim(self._lease(event_id), self.lease):
                found.append(Pending(event_id, record.value))
        return found
