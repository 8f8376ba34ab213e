"""One contract, every store: memory and SQLite here (Redis joins in tests/redis/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import MemoryStore, SQLiteStore, open_store
from bot.store.base import Store, StoreError
from bot.store.factory import sqlite_path


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> AsyncIterator[Store]:
    backend: Store = MemoryStore(clock) if request.param == "memory" else SQLiteStore(tmp_path / "s.db", clock)
    yield backend
    await backend.close()


async def test_put_get_versions(store: Store) -> None:
    assert await store.get("k") is None
    assert await store.put("k", "one", 0, 60)
    record = await store.get("k")
    assert record is not None and record.value == "one" and record.version == 1
    assert await store.put("k", "two", 1, 60)
    assert (await store.get("k")).version == 2  # type: ignore[union-attr]


async def test_stale_version_is_refused(store: Store) -> None:
    assert await store.put("k", "one", 0, 60)
    assert not await store.put("k", "other", 0, 60)
    assert await store.put("k", "two", 1, 60)
    assert not await store.put("k", "late", 1, 60)
    assert (await store.get("k")).value == "two"  # type: ignore[union-attr]


async def test_expiry(store: Store, clock: Clock) -> None:
    await store.put("k", "v", 0, 10)
    clock.now += 11
    assert await store.get("k") is None
    assert await store.put("k", "fresh", 0, 10), "an expired key counts as absent"
    clock.now += 11
    assert await store.purge_expired() >= 1


async def test_claim_once(store: Store, clock: Clock) -> None:
    assert await store.claim("seen:1", 30)
    assert not await store.claim("seen:1", 30)
    clock.now += 31
    assert await store.claim("seen:1", 30), "a claim expires"


async def test_delete_and_ping(store: Store) -> None:
    await store.put("k", "v", 0, 60)
    await store.delete("k")
    assert await store.get("k") is None
    assert await store.ping()


async def test_sqlite_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    first = SQLiteStore(path)
    await first.put("conv:x", "state", 0, 60)
    await first.close()
    second = SQLiteStore(path)
    assert (await second.get("conv:x")).value == "state"  # type: ignore[union-attr]
    await second.close()


def test_open_store_urls(tmp_path: Path) -> None:
    assert isinstance(open_store("memory://"), MemoryStore)
    store = open_store(f"sqlite:///{tmp_path}/x.db")
    assert isinstance(store, SQLiteStore) and store.path == tmp_path / "x.db"
    assert sqlite_path("sqlite:////var/a.db") == Path("/var/a.db")
    assert sqlite_path("sqlite:///./a.db") == Path("a.db")
    with pytest.raises(StoreError, match="ADVISOR_STORE"):
        open_store("postgres://x")


def test_default_store_is_outside_the_source_tree(tmp_path: Path) -> None:
    store = open_store(None)
    assert isinstance(store, SQLiteStore)
    assert str(store.path).startswith(str(tmp_path / "state"))
    assert Path(__file__).resolve().parents[2] not in store.path.resolve().parents
