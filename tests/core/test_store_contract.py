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


async def test_list_items_expire_one_by_one(store: Store, k: str) -> None:
    assert await store.items(k) == []
    await store.append(k, "old", TTL)
    await store.append(k, "kept", 60)
    await store.append(k, "kept", 60)
    await store.append(k, "{\"json\": \"é\"}", 60)
    assert await store.items(k) == ["old", "kept", "kept", "{\"json\": \"é\"}"]
    await asyncio.sleep(TTL + 0.15)
    assert await store.items(k) == ["kept", "kept", "{\"json\": \"é\"}"]
    await store.append(k, "new", 60)
    assert await store.items(k) == ["kept", "kept", "{\"json\": \"é\"}", "new"]


async def test_list_appends_from_many_writers_are_all_kept(store: Store, k: str) -> None:
    await asyncio.gather(*(store.append(k, str(i), 60) for i in range(50)))
    assert sorted(await store.items(k), key=int) == [str(i) for i in range(50)]


async def test_tallies_count_fields_and_expire_together(store: Store, k: str) -> None:
    assert await store.tallies(k) == {}
    await asyncio.gather(*(store.tally(k, ["asked", "topic:seo"], TTL) for _ in range(10)))
    await store.tally(k, ["asked", "asked"], TTL)
    await store.tally(k, [], TTL)
    assert await store.tallies(k) == {"asked": 12, "topic:seo": 10}
    await asyncio.sleep(TTL + 0.15)
    assert await store.tallies(k) == {}
    await store.tally(k, ["asked"], 60)
    assert await store.tallies(k) == {"asked": 1}, "an expired tally starts again"


async def test_sqlite_removes_expired_list_items_and_tallies_from_the_file(tmp_path: Path) -> None:
    """Retention is the store's job: expired rows leave the file at the next append and at a purge."""
    now = [1000.0]
    store = SQLiteStore(tmp_path / "r.db", clock=lambda: now[0])
    await store.append("log:a", "secret question", 10)
    await store.tally("stats:a", ["asked"], 10)
    now[0] += 11
    await store.append("log:b", "later", 10)
    rows = store._db.execute("SELECT key, item FROM list_items").fetchall()
    assert rows == [("log:b", "later")]
    assert await store.purge_expired() == 1  # the tally
    assert store._db.execute("SELECT COUNT(*) FROM tallies").fetchone() == (0,)
    await store.close()


async def test_sqlite_drops_what_expired_while_closed_when_opened(tmp_path: Path) -> None:
    """A store nobody wrote to since its entries expired still keeps them no longer than their ttl: the
    next process to open it (a worker, `advisor stats`) deletes them from the file."""
    now = [1000.0]
    store = SQLiteStore(tmp_path / "q.db", clock=lambda: now[0])
    await store.append("qlog:a", "an old question", 10)
    await store.tally("stats:a", ["asked"], 10)
    assert await store.claim("fb:once:vote:a:u", 10)
    await store.append("qlog:b", "a recent question", 100)
    await store.close()
    now[0] += 11
    reopened = SQLiteStore(tmp_path / "q.db", clock=lambda: now[0])
    counts = {table: reopened._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("list_items", "tallies", "kv")}
    assert counts == {"list_items": 1, "tallies": 0, "kv": 0}
    assert await reopened.items("qlog:b") == ["a recent question"]
    await reopened.close()
