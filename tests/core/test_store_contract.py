"""One contract, every store: memory, SQLite and Redis (a real redis-server) run the same tests."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from bot.store import MemoryStore, SQLiteStore, open_store
from bot.store.base import Store, StoreError
from bot.store.factory import sqlite_path

TTL = 0.3


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


@pytest.fixture
def k() -> str:
    return f"test:{uuid.uuid4().hex}"


async def test_put_get_versions(store: Store, k: str) -> None:
    assert await store.get(k) is None
    assert await store.put(k, "one", 0, 60)
    record = await store.get(k)
    assert record is not None and record.value == "one" and record.version == 1
    assert await store.put(k, "two", 1, 60)
    assert (await store.get(k)).version == 2  # type: ignore[union-attr]


async def test_stale_version_is_refused(store: Store, k: str) -> None:
    assert await store.put(k, "one", 0, 60)
    assert not await store.put(k, "other", 0, 60)
    assert await store.put(k, "two", 1, 60)
    assert not await store.put(k, "late", 1, 60)
    assert (await store.get(k)).value == "two"  # type: ignore[union-attr]


async def test_concurrent_writers_one_winner(store: Store, k: str) -> None:
    results = await asyncio.gather(*(store.put(k, f"w{i}", 0, 60) for i in range(20)))
    assert results.count(True) == 1


async def test_expiry(store: Store, k: str) -> None:
    await store.put(k, "v", 0, TTL)
    await asyncio.sleep(TTL + 0.15)
    assert await store.get(k) is None
    assert await store.put(k, "fresh", 0, 60), "an expired key counts as absent"
    await store.purge_expired()
    assert (await store.get(k)).value == "fresh"  # type: ignore[union-attr]


async def test_claim_once_then_expires(store: Store, k: str) -> None:
    assert await store.claim(k, TTL)
    assert not await store.claim(k, TTL)
    assert (await store.get(k)) is not None, "a claim reads back"
    await asyncio.sleep(TTL + 0.15)
    assert await store.claim(k, TTL), "a claim expires"


async def test_incr_counts_atomically_and_expires(store: Store, k: str) -> None:
    counts = await asyncio.gather(*(store.incr(k, TTL) for _ in range(10)))
    assert sorted(counts) == list(range(1, 11))
    await asyncio.sleep(TTL + 0.15)
    assert await store.incr(k, TTL) == 1, "an expired counter starts again"


async def test_sets(store: Store, k: str) -> None:
    assert await store.members(k) == set()
    await asyncio.gather(*(store.add_member(k, str(i)) for i in range(10)))
    await store.add_member(k, "3")
    await store.remove_member(k, "4")
    await store.remove_member(k, "missing")
    assert await store.members(k) == {str(i) for i in range(10)} - {"4"}


async def test_delete_and_ping(store: Store, k: str) -> None:
    await store.put(k, "v", 0, 60)
    await store.delete(k)
    assert await store.get(k) is None
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
