"""The delivery backend on every store (memory, SQLite, Redis): dedupe, order, one owner per lane, leases,
loads taken with the event, writes made with the finish, and the old inbox's events adopted."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from bot.delivery import DeliveryBackend, Event, Preload, Status, Stop, Superseded, Taken, Write, backend_for
from bot.store.base import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


@pytest.fixture
def kind() -> str:
    return f"t{uuid.uuid4().hex[:8]}"


def event(n: int, lane: str = "L", **fields: object) -> Event:
    return Event(id=f"e{n}", lane=lane, order=float(n), body=f'{{"n": {n}}}', **fields)  # type: ignore[arg-type]


NOTHING = Preload()


def taken(step: object) -> Taken:
    assert isinstance(step, Taken), step
    return step


async def finish(backend: DeliveryBackend, lane: str, event_id: str, take_next: bool = True) -> object:
    return await backend.finish(lane, event_id, [], time.time(), take_next)


async def test_recording_into_an_idle_lane_owns_it_and_takes_the_event(store: Store, kind: str) -> None:
    worker = backend_for(store, kind)
    recorded = await worker.record(event(1), NOTHING, time.time())
    assert recorded.status is Status.OWNED
    first = taken(recorded.next)
    assert (first.event_id, first.body, first.attempt) == ("e1", '{"n": 1}', 1)
    assert await worker.unfinished() == {"e1"}
    assert await finish(worker, "L", "e1") is Stop.RELEASED
    assert await worker.unfinished() == set()
    assert await worker.is_finished("e1")


async def test_a_duplicate_is_refused_while_recorded_and_after_it_is_finished(store: Store, kind: str) -> None:
    worker = backend_for(store, kind)
    assert (await worker.record(event(1), NOTHING, time.time())).status is Status.OWNED
    assert (await worker.record(event(1), NOTHING, time.time())).status is Status.DUPLICATE
    await finish(worker, "L", "e1")
    assert (await backend_for(store, kind).record(event(1), NOTHING, time.time())).status is Status.DUPLICATE


async def test_the_same_event_recorded_by_eight_workers_at_once_is_recorded_once(store: Store, kind: str) -> None:
    results = await asyncio.gather(*(backend_for(store, kind).record(event(7), NOTHING, time.time())
                                     for _ in range(8)))
    assert [r.status for r in results].count(Status.DUPLICATE) == 7


async def test_an_alias_makes_a_second_id_of_the_same_message_a_duplicate(store: Store, kind: str) -> None:
    worker = backend_for(store, kind)
    alias = f"seen:{kind}:msg:C1:1.5"
    assert (await worker.record(event(1, aliases=(alias,)), NOTHING, time.time())).status is Status.OWNED
    assert (await worker.record(event(2, aliases=(alias,)), NOTHING, time.time())).status is Status.DUPLICATE
    held = await store.get(alias)
    assert held is not None and held.value == "e1"


async def test_a_lane_is_drained_in_order_whoever_recorded_its_events(store: Store, kind: str) -> None:
    owner, other = backend_for(store, kind), backend_for(store, kind)
    assert taken((await owner.record(event(5), NOTHING, time.time())).next).event_id == "e5"
    for n in (9, 3, 7):  # recorded by another worker while the owner is busy: it only records
        assert (await other.record(event(n), NOTHING, time.time())).status is Status.QUEUED
    assert (await other.record(event(1, lane="M"), NOTHING, time.time())).status is Status.OWNED, "lanes are apart"
    order = []
    step = await finish(owner, "L", "e5")
    while isinstance(step, Taken):
        order.append(step.event_id)
        step = await finish(owner, "L", step.event_id)
    assert order == ["e3", "e7", "e9"]
    assert step is Stop.RELEASED
    assert (await other.record(event(11), NOTHING, time.time())).status is Status.OWNED, "released"


async def test_an_event_waiting_for_its_not_before_is_superseded_by_an_earlier_one(store: Store, kind: str) -> None:
    worker = backend_for(store, kind)
    now = time.time()
    later = taken((await worker.record(event(2, not_before=now + 0.3), NOTHING, now)).next)
    assert later.event_id == "e2" and 0.2 < later.wait <= 0.3, "taken with its wait"
    # an earlier message arriving during the wait goes first: the later one's write is refused
    assert (await worker.record(event(1, not_before=now + 0.1), NOTHING, now)).status is Status.QUEUED
    with pytest.raises(Superseded):
        await worker.commit("L", "e2", f"conv:{kind}", "x", 0, 60)
    assert await store.get(f"conv:{kind}") is None
    earlier = taken(await worker.take("L", now + 0.05))
    assert earlier.event_id == "e1" and 0 < earlier.wait <= 0.05
    assert await worker.commit("L", "e1", f"conv:{kind}", "x", 0, 60)
    again = taken(await worker.finish("L", "e1", [], now + 0.2, True))
    assert (again.event_id, again.attempt) == ("e2", 2) and 0 < again.wait <= 0.1
    assert await worker.commit("L", "e2", f"conv:{kind}", "y", 1, 60)


async def test_a_lane_that_is_no_longer_ours_refuses_the_write(store: Store, kind: str) -> None:
    old, new = backend_for(store, kind, lease=0.3), backend_for(store, kind, lease=0.3)
    taken((await old.record(event(1), NOTHING, time.time())).next)
    await asyncio.sleep(0.45)
    assert await new.orphan_lanes() == ["L"]
    with pytest.raises(Superseded):
        await old.commit("L", "e1", f"conv:{kind}", "x", 0, 60)


async def test_loads_come_with_the_event_and_writes_go_with_its_finish(store: Store, kind: str) -> None:
    worker = backend_for(store, kind)
    state_key, other_key = f"conv:{kind}:a", f"cb:{kind}:b"
    await store.put(state_key, "state", 0, 60)
    plan = Preload((state_key, other_key), counter=f"rate:{kind}:u:", window=60)
    now = time.time()
    first = taken((await worker.record(event(1), plan, now)).next)
    assert first.loaded.values[state_key] is not None and first.loaded.values[state_key].value == "state"
    assert first.loaded.values[other_key] is None
    assert first.loaded.counts == {f"rate:{kind}:u:{int(now // 60)}": 1}
    assert (await worker.record(event(2), plan, now)).status is Status.QUEUED
    second = taken(await worker.finish("L", "e1", [Write(other_key, "written", 60)], now, True))
    assert second.loaded.counts == {f"rate:{kind}:u:{int(now // 60)}": 2}
    written = second.loaded.values[other_key]
    assert written is not None and written.value == "written", "the write is made before the next event is taken"
    assert await store.incr(f"rate:{kind}:u:{int(now // 60)}", 60) == 3, "the same counter as Store.incr"


async def test_a_dead_owner_s_lane_is_taken_over_after_its_lease(store: Store, kind: str) -> None:
    dead, heir = backend_for(store, kind, lease=0.3), backend_for(store, kind, lease=0.3)
    taken((await dead.record(event(1), NOTHING, time.time())).next)
    assert (await dead.record(event(2), NOTHING, time.time())).status is Status.QUEUED
    assert await heir.orphan_lanes() == [], "still leased"
    await asyncio.sleep(0.45)
    assert await heir.orphan_lanes() == ["L"]
    assert await backend_for(store, kind, lease=0.3).orphan_lanes() == [], "taken once"
    resumed = taken(await heir.take("L", time.time()))
    assert (resumed.event_id, resumed.attempt) == ("e1", 2)
    assert await dead.finish("L", "e1", [], time.time(), True) is Stop.LOST, "the old owner lost it"
    assert taken(await heir.finish("L", "e1", [], time.time(), True)).event_id == "e2"


async def test_renewed_lanes_are_not_taken_over(store: Store, kind: str) -> None:
    owner, other = backend_for(store, kind, lease=0.4), backend_for(store, kind, lease=0.4)
    taken((await owner.record(event(1), NOTHING, time.time())).next)
    for _ in range(4):  # 0.6 s: past the first lease
        await asyncio.sleep(0.15)
        assert await owner.renew(["L"]) == []
        assert await other.orphan_lanes() == []
    await owner.release("L")
    assert await other.orphan_lanes() == ["L"], "released with an event left: the next worker takes it"
    assert await owner.renew(["L"]) == ["L"]


async def test_an_event_of_the_old_inbox_is_adopted_into_its_lane(store: Store, kind: str) -> None:
    # what the previous version wrote when it accepted an event and then died: index, record, lease
    await store.add_member(f"inbox:{kind}", "e4")
    await store.put(f"inbox:{kind}:e4", '{"n": 4}', 0, 3600)
    await store.put(f"lease:{kind}:e4", "old-worker", 0, 0.3)
    worker = backend_for(store, kind)
    assert await worker.legacy() == [], "its old lease still runs"
    assert await worker.unfinished() == {"e4"}
    await asyncio.sleep(0.45)
    [old] = await worker.legacy()
    assert (old.event_id, old.body) == ("e4", '{"n": 4}')
    recorded = await worker.adopt(event(4), NOTHING, time.time())
    assert taken(recorded.next).body == '{"n": 4}'
    assert await store.members(f"inbox:{kind}") == set()
    assert await finish(worker, "L", "e4") is Stop.RELEASED
    assert await worker.unfinished() == set()
    assert await worker.legacy() == []


async def test_an_old_event_finished_meanwhile_is_not_adopted(store: Store, kind: str) -> None:
    await store.add_member(f"inbox:{kind}", "e4")
    await store.put(f"inbox:{kind}:e4", '{"n": 4}', 0, 3600)
    worker = backend_for(store, kind)
    [_] = await worker.legacy()
    await store.claim(f"seen:{kind}:e4", 60)
    assert (await worker.adopt(event(4), NOTHING, time.time())).status is Status.DUPLICATE
    assert await worker.unfinished() == set()
