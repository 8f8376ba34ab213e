"""This worker's share of the shared inbox, on every store: leases taken first, renewed, handed over."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from adapters.telegram.leases import WorkerInbox
from bot.inbox import Inbox, inbox_for
from bot.store.base import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def inbox(store: Store, kind: str, lease: float = 30.0) -> Inbox:
    return inbox_for(store, kind, lease=lease)


@pytest.fixture
def kind() -> str:
    return f"tg{uuid.uuid4().hex[:8]}"


async def test_the_same_update_accepted_once_across_workers(store: Store, kind: str) -> None:
    results = await asyncio.gather(*(WorkerInbox(inbox(store, kind)).accept(7, "{}") for _ in range(8)))
    assert results.count(True) == 1


async def test_finished_update_is_refused_even_after_its_lease(store: Store, kind: str) -> None:
    worker = WorkerInbox(inbox(store, kind, lease=0.2))
    assert await worker.accept(1, '{"update_id": 1}')
    assert not await worker.accept(1, '{"update_id": 1}'), "held here"
    await worker.finish(1)
    await asyncio.sleep(0.3)
    assert not await WorkerInbox(inbox(store, kind, lease=0.2)).accept(1, '{"update_id": 1}')
    assert await inbox(store, kind).orphans() == []
    assert await store.members(f"inbox:{kind}") == set()


async def test_renewed_leases_are_not_taken_by_another_worker(store: Store, kind: str) -> None:
    mine = WorkerInbox(inbox(store, kind, lease=0.4))
    other = WorkerInbox(inbox(store, kind, lease=0.4))
    assert await mine.accept(5, '{"update_id": 5}')
    for _ in range(4):  # 0.6 s: past the first lease
        await asyncio.sleep(0.15)
        assert await mine.renew_due() == []
        assert await other.take_orphans() == []
    mine.release(5)  # this worker gives up on it: once the lease runs out, another takes it over
    await asyncio.sleep(0.5)
    assert await other.take_orphans() == [(5, '{"update_id": 5}')]


async def test_a_dead_worker_s_update_is_taken_over_once(store: Store, kind: str) -> None:
    dead = WorkerInbox(inbox(store, kind, lease=0.2))
    assert await dead.accept(9, '{"update_id": 9}')
    await asyncio.sleep(0.3)  # the worker died: its lease runs out
    heir, other = WorkerInbox(inbox(store, kind, lease=0.2)), WorkerInbox(inbox(store, kind, lease=0.2))
    assert await heir.take_orphans() == [(9, '{"update_id": 9}')]
    assert await other.take_orphans() == []
    assert await heir.take_orphans() == [], "already held here"
    await heir.finish(9)
    assert await store.members(f"inbox:{kind}") == set()


async def test_orphans_come_oldest_first(store: Store, kind: str) -> None:
    dead = WorkerInbox(inbox(store, kind, lease=0.2))
    for update_id in (1000, 999, 10):
        assert await dead.accept(update_id, "{}")
    await asyncio.sleep(0.3)
    assert [u for u, _ in await WorkerInbox(inbox(store, kind)).take_orphans()] == [10, 999, 1000]
