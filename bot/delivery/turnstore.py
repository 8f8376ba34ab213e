"""The store as one turn sees it: what was loaded with the event comes from memory, and a write to a
loaded key is fenced by the lane (made only while the event is first in its lane and the lane is this
worker's), in one round trip. The engine and the adapters use it like any `Store`."""

from __future__ import annotations

from collections.abc import Sequence

from bot.delivery.backend import DeliveryBackend
from bot.delivery.event import Turn
from bot.store.base import Store, Versioned


class TurnStore:
    def __init__(self, backend: DeliveryBackend, turn: Turn) -> None:
        self._backend = backend
        self._store: Store = backend.store
        self._turn = turn
        self._stale: set[str] = set()
        self._counted: set[str] = set()

    def _fresh(self, key: str) -> bool:
        return key in self._turn.loaded.values and key not in self._stale

    async def get(self, key: str) -> Versioned | None:
        if self._fresh(key):
            return self._turn.loaded.values[key]
        return await self._store.get(key)

    async def put(self, key: str, value: str, expected_version: int, ttl: float) -> bool:
        """Raises Superseded for a loaded key when the event is no longer first in its lane."""
        if key not in self._turn.loaded.values:
            return await self._store.put(key, value, expected_version, ttl)
        written = await self._backend.commit(self._turn.lane, self._turn.event_id, key, value, expected_version, ttl)
        if not written:
            self._stale.add(key)  # written by someone else since it was loaded: read it again
        return written

    async def delete(self, key: str) -> None:
        self._stale.add(key)
        await self._store.delete(key)

    async def claim(self, key: str, ttl: float) -> bool:
        return await self._store.claim(key, ttl)

    async def incr(self, key: str, ttl: float) -> int:
        """The count made when the event was taken, the first time; the store's after that."""
        if key in self._turn.loaded.counts and key not in self._counted:
            self._counted.add(key)
            return self._turn.loaded.counts[key]
        return await self._store.incr(key, ttl)

    async def add_member(self, key: str, member: str) -> None:
        await self._store.add_member(key, member)

    async def remove_member(self, key: str, member: str) -> None:
        await self._store.remove_member(key, member)

    async def members(self, key: str) -> set[str]:
        return await self._store.members(key)

    async def append(self, key: str, item: str, ttl: float) -> None:
        await self._store.append(key, item, ttl)

    async def items(self, key: str) -> list[str]:
        return await self._store.items(key)

    async def tally(self, key: str, fields: Sequence[str], ttl: float) -> None:
        await self._store.tally(key, fields, ttl)

    async def tallies(self, key: str) -> dict[str, int]:
        return await self._store.tallies(key)

    async def purge_expired(self) -> int:
        return await self._store.purge_expired()

    async def ping(self) -> bool:
        return await self._store.ping()

    async def close(self) -> None:
        return None  # the worker's store outlives its turns
