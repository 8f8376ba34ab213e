"""An in-memory store for tests and `memory://`: same contract, nothing survives the process."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence

from bot.store.base import Versioned


class MemoryStore:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._data: dict[str, tuple[str, int, float]] = {}
        self._sets: dict[str, set[str]] = {}
        self._lists: dict[str, list[tuple[float, int, str]]] = {}
        self._tallies: dict[str, tuple[dict[str, int], float]] = {}
        self._seq = itertools.count()
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

    async def append(self, key: str, item: str, ttl: float) -> None:
        self._purge_lists()
        entries = self._lists.setdefault(key, [])
        entries.append((self._clock() + ttl, next(self._seq), item))
        entries.sort()

    async def items(self, key: str) -> list[str]:
        now = self._clock()
        return [item for expires, _, item in self._lists.get(key, ()) if expires > now]

    async def tally(self, key: str, fields: Sequence[str], ttl: float) -> None:
        if not fields:
            return
        now = self._clock()
        counts, expires = self._tallies.get(key, ({}, now))
        counts = dict(counts) if expires > now else {}
        for name in fields:
            counts[name] = counts.get(name, 0) + 1
        self._tallies[key] = (counts, now + ttl)

    async def tallies(self, key: str) -> dict[str, int]:
        counts, expires = self._tallies.get(key, ({}, 0.0))
        return dict(counts) if expires > self._clock() else {}

    def _purge_lists(self) -> int:
        now = self._clock()
        removed = 0
        for key, entries in list(self._lists.items()):
            live = [e for e in entries if e[0] > now]
            removed += len(entries) - len(live)
            if live:
                self._lists[key] = live
            else:
                del self._lists[key]
        for key in [k for k, (_, expires) in self._tallies.items() if expires <= now]:
            removed += len(self._tallies.pop(key)[0])
        return removed

    async def purge_expired(self) -> int:
        now = self._clock()
        expired = [k for k, (_, _, expires) in self._data.items() if expires <= now]
        for key in expired:
            del self._data[key]
        return len(expired) + self._purge_lists()

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
