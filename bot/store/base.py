"""The store protocol: a few atomic operations every backend (memory, SQLite, Redis) provides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Versioned:
    """A stored value and its version; versions start at 1 and grow by one on every write."""

    value: str
    version: int


class StoreError(Exception):
    """The store cannot be reached or used (disk, network)."""


class Store(Protocol):
    """Key-value storage with expiry and optimistic versioning.

    All keys live in one space; callers prefix them ("conv:", "seen:", "cb:").
    """

    async def get(self, key: str) -> Versioned | None:
        """The value, or None when absent or expired."""
        ...

    async def put(self, key: str, value: str, expected_version: int, ttl: float) -> bool:
        """Write when the current version equals `expected_version` (0: the key must be absent or
        expired). Returns False, writing nothing, when another writer got there first."""
        ...

    async def delete(self, key: str) -> None: ...

    async def claim(self, key: str, ttl: float) -> bool:
        """Atomically mark `key` as seen for `ttl` seconds. True only for the first caller.
        A claimed key reads back with `get` as a record (value "1")."""
        ...

    async def incr(self, key: str, ttl: float) -> int:
        """Atomically add one to a counter and return it; a new (or expired) counter starts at 1 and
        lives `ttl` seconds from then (later increments do not extend it). Counters have keys of their
        own: read them only with `incr`."""
        ...

    async def add_member(self, key: str, member: str) -> None:
        """Add `member` to the set `key` (sets never expire; remove members explicitly)."""
        ...

    async def remove_member(self, key: str, member: str) -> None: ...

    async def members(self, key: str) -> set[str]:
        """The members of the set `key` (empty when none)."""
        ...

    async def append(self, key: str, item: str, ttl: float) -> None:
        """Append `item` to the list `key`. Each item expires on its own, `ttl` seconds after it was
        appended (the store removes it: Redis by itself, SQLite and memory on later writes and purges)."""
        ...

    async def items(self, key: str) -> list[str]:
        """The live items of the list `key` in the order they expire (append order for equal ttls);
        empty when none."""
        ...

    async def tally(self, key: str, fields: Sequence[str], ttl: float) -> None:
        """Atomically add one to each of `fields` (a field named twice counts twice) of the tally `key`;
        the whole tally expires `ttl` seconds after this call."""
        ...

    async def tallies(self, key: str) -> dict[str, int]:
        """The counts of the tally `key` (empty when none or expired)."""
        ...

    async def purge_expired(self) -> int:
        """Remove expired entries now; returns how many (backends that expire by themselves return 0)."""
        ...

    async def ping(self) -> bool:
        """True when the store can be reached."""
        ...

    async def close(self) -> None: ...
