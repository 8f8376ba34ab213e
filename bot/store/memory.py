"""An in-memory store for tests and `memory://`: same contract, nothing survives the process."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.store.base import Versioned


class MemoryStore:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._data: dict[str, tuple[str, int, float]] = {}
        self._sets: dict[str, set[str]] = {}
        self._clock = clock

    def _live(self, key: str) -> tuple[str, int, float] | None:
        entry = self._data.get(key)
        if entry is not None and entry[2] <= self._clock():
            del self._data[key]
            return None
        return entry

    async def get(self, key: str) -> Versioned | None:
        entry = self._live(key)
        return Versioned(entry[0], entry[1]) if entry else None

    async def put(self, key: str, value: str, expected_version: int, ttl: float) -> bool:
        entry = self._live(key)
        current = entry[1] if entry else 0
        if current != expected_version:
            return False
        self._data[key] = (value, current + 1, self._clock() + ttl)
        return True

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def claim(self, key: str, ttl: float) -> bool:
        if self._live(key) is not None:
            return False
        self._data[key] = ("1", 1, self._clock() + ttl)
        return True

    async def incr(self, key: str, ttl: float) -> int:
        entry = self._live(key)
        count = entry[1] + 1 if entry else 1
        self._data[key] = ("", count, entry[2] if entry else self._clock() + ttl)
        return count

    async def add_member(self, key: str, member: str) -> None:
        self._sets.setdefault(key, set()).add(member)

    async def remove_member(self, key: str, member: str) -> None:
        self._sets.get(key, set()).discard(member)

    async def members(self, key: str) -> set[str]:
        return set(self._sets.get(key, ()))

    async def purge_expired(self) -> int:
        now = self._clock()
        expired = [k for k, (_, _, expires) in self._data.items() if expires <= now]
        for key in expired:
            del self._data[key]
        return len(expired)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
