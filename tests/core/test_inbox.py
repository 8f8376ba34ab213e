"""The durable inbox on every store: duplicates refused, orphans handed over after their lease."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.inbox import inbox_for
from bot.store.base import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


@pytest.fixture
def kind() -> str:
    return f"test{uuid.uuid4().hex[:8]}"


async def test_accept_once_then_finished_is_refused(store: Store, kind: str) -> None:
    inbox = inbox_for(store, kind)
    assert await inbox.accept("e1", "{}")
    assert not await inbox.accept("e1", "{}"), "recorded, not finished"
    await inbox.finish("e1")
    assert not await inbox.accept("e1", "{}"), "finished"
    assert await inbox.orphans() == []


async def test_two_workers_accepting_the_same_event_at_once(store: Store, kind: str) -> None:
    results = await asyncio.gather(*(inbox_for(store, kind).accept("same", "{}") for _ in range(8)))
    assert results.count(True) == 1


async def test_orphans_after_the_lease_runs_out(store: Store, kind: str) -> None:
    dead_worker = inbox_for(store, kind, lease=0.3)
    other_worker = inbox_for(store, kind, lease=0.3)
    assert await dead_worker.accept("e1", '{"n": 1}')
    assert await dead_worker.accept("e2", '{"n": 2}')
    await dead_worker.finish("e2")
    assert await other_worker.orphans() == [], "still leased to the first worker"
    await asyncio.sleep(0.45)
    orphans = await other_worker.orphans()
    assert [(o.event_id, o.body) for o in orphans] == [("e1", '{"n": 1}')]
    assert await inbox_for(store, kind, lease=0.3).orphans() == [], "now leased to the other worker"
    await other_worker.finish("e1")
    await asyncio.sleep(0.45)
    assert await other_worker.orphans() == []
    assert await store.members(f"inbox:{kind}") == set()


async def test_an_event_finished_between_look_and_write_is_not_accepted_again(store: Store, kind: str) -> None:
    inbox = inbox_for(store, kind)
    assert await inbox.accept("e1", "{}")
    await inbox.finish("e1")
    original_get = store.get

    async def blind_first_look(key: str):  # the "seen?" look happened before the other worker finished
        if key == f"seen:{kind}:e1" and not blind_first_look.looked:  # type: ignore[attr-defined]
            blind_first_look.looked = True  # type: ignore[attr-defined]
            return None
        return await original_get(key)

    blind_first_look.looked = False  # type: ignore[attr-defined]
    store.get = blind_first_look  # type: ignore[method-assign]
    assert not await inbox.accept("e1", "{}")
    store.get = original_get  # type: ignore[method-assign]
    assert await store.get(f"inbox:{kind}:e1") is None


def test_redis_gets_the_scripted_inbox(any_store: Store) -> None:
    from bot.store.redis import RedisStore
    from bot.store.redis_inbox import RedisInbox

    assert isinstance(inbox_for(any_store, "x"), RedisInbox) == isinstance(any_store, RedisStore)


async def test_a_held_event_is_never_handed_out_and_renew_keeps_it(store: Store, kind: str) -> None:
    worker = inbox_for(store, kind, lease=0.3)
    sweeper = inbox_for(store, kind, lease=0.3)
    assert await worker.accept("e1", "{}")
    for _ in range(3):
        await asyncio.sleep(0.15)
        assert await worker.renew("e1")
        assert await sweeper.orphans() == []
    await asyncio.sleep(0.45)
    assert [o.event_id for o in await sweeper.orphans()] == ["e1"], "not renewed: handed over"
    assert not await worker.renew("e1"), "the sweeper holds it now"


async def test_a_finished_event_stays_refused_after_its_lease(store: Store, kind: str) -> None:
    inbox = inbox_for(store, kind, lease=0.2)
    assert await inbox.accept("e1", "{}")
    await inbox.finish("e1")
    await asyncio.sleep(0.3)
    assert not await inbox.accept("e1", "{}")
    assert await inbox.orphans() == []
