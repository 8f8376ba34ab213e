"""The pipeline on every store, with two workers' pipelines side by side: acceptance never waits for a turn,
a lane's events are applied one at a time in order whoever received them, lanes run in parallel, a turn
left for a retry keeps its place, and a stopping worker hands its lanes over."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import pytest

from bot.delivery import Event, Outcome, Pipeline, Turn, backend_for, waiting_for_the_platform
from bot.store.base import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


@pytest.fixture
def kind() -> str:
    return f"p{uuid.uuid4().hex[:8]}"


@dataclass
class Recorder:
    """A platform that records what it applies; `gate` holds every turn until set; `retry` answers
    RETRY once for those event ids."""

    name: str
    applied: list[tuple[str, str, str]] = field(default_factory=list)
    active: dict[str, int] = field(default_factory=dict)
    overlap: bool = False
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    retry: set[str] = field(default_factory=set)

    def decode(self, event_id: str, body: str) -> Event | None:
        return None

    async def apply(self, turn: Turn) -> Outcome:
        self.active[turn.lane] = self.active.get(turn.lane, 0) + 1
        self.overlap |= self.active[turn.lane] > 1
        try:
            await self.gate.wait()
            await asyncio.sleep(0)
            if turn.event_id in self.retry:
                self.retry.discard(turn.event_id)
                return Outcome.RETRY
            self.applied.append((turn.lane, turn.event_id, self.name))
            return Outcome.DONE
        finally:
            self.active[turn.lane] -= 1


def event(lane: str, n: int) -> Event:
    return Event(f"{lane}-{n:02d}", lane, float(n), "{}")


async def until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def workers(store: Store, kind: str, lease: float = 30.0) -> tuple[Pipeline, Pipeline, Recorder, Recorder]:
    a, b = Recorder("a"), Recorder("b")
    return (Pipeline(backend_for(store, kind, lease), a), Pipeline(backend_for(store, kind, lease), b), a, b)


async def test_a_lane_is_applied_in_order_by_its_owner_whichever_worker_received_each_event(
        store: Store, kind: str) -> None:
    first, second, a, b = workers(store, kind)
    for n in range(10):  # alternating over the two workers; acceptance returns before any turn ran
        assert await asyncio.wait_for((first, second)[n % 2].accept(event("L", n)), 5)
    assert (await (first, second)[0].accept(event("M", 0)))
    assert a.applied == b.applied == []
    a.gate.set()
    b.gate.set()
    await until(lambda: len(a.applied) + len(b.applied) == 11)
    lane = [e for lane_, e, _ in a.applied + b.applied if lane_ == "L"]
    assert lane == [f"L-{n:02d}" for n in range(10)]
    assert {w for lane_, _, w in a.applied + b.applied if lane_ == "L"} == {"a"}, "the first to record owns it"
    assert not a.overlap and not b.overlap
    assert await first.backend.unfinished() == set()


async def test_different_lanes_run_at_the_same_time(store: Store, kind: str) -> None:
    first, _, a, _ = workers(store, kind)
    for lane in ("L", "M", "N"):
        await first.accept(event(lane, 0))
    await until(lambda: len(a.active) == 3 and all(a.active.values()))  # three turns under way at once
    a.gate.set()
    await until(lambda: len(a.applied) == 3)


async def test_an_event_arriving_out_of_order_waits_behind_none_and_goes_in_its_place(
        store: Store, kind: str) -> None:
    first, second, a, _b = workers(store, kind)
    await first.accept(event("L", 5))  # under way at the first worker
    for n in (9, 2, 7):
        await second.accept(event("L", n))
    a.gate.set()
    await until(lambda: len(a.applied) == 4)
    assert [e for _, e, _ in a.applied] == ["L-05", "L-02", "L-07", "L-09"]


async def test_a_turn_left_for_a_retry_keeps_its_place_until_the_sweep(store: Store, kind: str) -> None:
    first, second, a, b = workers(store, kind, lease=0.5)
    a.retry.add("L-00")
    a.gate.set()
    b.gate.set()
    await first.accept(event("L", 0))
    await first.accept(event("L", 1))
    await until(lambda: not first.lanes)
    assert a.applied == [] and await first.backend.unfinished() == {"L-00", "L-01"}
    assert await second.sweep() == 1, "the lane was released: the next sweep takes it"
    await until(lambda: len(b.applied) == 2)
    assert [e for _, e, _ in b.applied] == ["L-00", "L-01"]


async def test_a_dead_worker_s_lane_is_taken_over_by_a_sweep(store: Store, kind: str) -> None:
    first, second, _a, b = workers(store, kind, lease=0.3)
    await first.accept(event("L", 0))
    await first.accept(event("L", 1))
    for task in first.lanes.values():  # the first worker dies in the middle of its turn
        task.cancel()
    b.gate.set()
    assert await second.sweep() == 0, "its lease still runs"
    await asyncio.sleep(0.45)
    assert await second.sweep() == 1
    await until(lambda: len(b.applied) == 2)
    assert [e for _, e, _ in b.applied] == ["L-00", "L-01"]


async def test_a_stopping_worker_finishes_its_lanes_then_releases_them(store: Store, kind: str) -> None:
    first, second, a, b = workers(store, kind)
    await first.accept(event("L", 0))
    await first.accept(event("L", 1))
    draining = asyncio.create_task(first.drain(timeout=0.6))
    await asyncio.sleep(0.4)
    a.gate.set()  # the turn under way ends after half the timeout: the lane is released behind it
    assert await draining
    assert [e for _, e, _ in a.applied] == ["L-00"]
    assert await second.sweep() == 1
    b.gate.set()
    await until(lambda: len(b.applied) == 1)
    assert [e for _, e, _ in b.applied] == ["L-01"]


@dataclass
class Appender:
    """A platform whose turns append their event id to a value loaded with the event (`Event.reads`)."""

    key: str
    applied: list[str] = field(default_factory=list)

    def decode(self, event_id: str, body: str) -> Event | None:
        return None

    async def apply(self, turn: Turn) -> Outcome:
        assert turn.store is not None
        while True:
            current = await turn.store.get(self.key)
            value = f"{current.value},{turn.event_id}" if current else turn.event_id
            if await turn.store.put(self.key, value, current.version if current else 0, 60):
                self.applied.append(turn.event_id)
                return Outcome.DONE


async def test_an_earlier_message_arriving_during_the_reorder_wait_goes_first(store: Store, kind: str) -> None:
    key = f"log:{kind}"
    platform = Appender(key)
    first, second = Pipeline(backend_for(store, kind), platform), Pipeline(backend_for(store, kind), Appender(key))
    now = time.time()
    late = Event("m2", "L", now, "{}", not_before=now + 0.3, reads=(key,))
    early = Event("m1", "L", now - 0.01, "{}", not_before=now + 0.29, reads=(key,))
    assert await first.accept(late)  # the later message reaches a worker first and waits its window
    await asyncio.sleep(0.1)
    assert await second.accept(early)  # the earlier one arrives within the window, at another worker
    await until(lambda: len(platform.applied) == 2)
    stored = await store.get(key)
    assert stored is not None and stored.value == "m1,m2"
    assert platform.applied == ["m1", "m2"]


@dataclass
class SlowApi:
    """A platform whose turns spend `api_seconds` sending their replies to a slow API."""

    api_seconds: float
    computing: int = 0
    most_computing: int = 0
    done: int = 0

    def decode(self, event_id: str, body: str) -> Event | None:
        return None

    async def apply(self, turn: Turn) -> Outcome:
        self.computing += 1
        self.most_computing = max(self.most_computing, self.computing)
        await asyncio.sleep(0)  # the engine's turn: others may be scheduled meanwhile
        self.computing -= 1
        async with waiting_for_the_platform():
            await asyncio.sleep(self.api_seconds)
        self.done += 1
        return Outcome.DONE


async def test_turns_waiting_for_the_platform_give_their_place_to_others(store: Store, kind: str) -> None:
    api = SlowApi(api_seconds=0.3)
    pipeline = Pipeline(backend_for(store, kind), api, concurrency=2)
    started = time.monotonic()
    for n in range(20):  # twenty conversations, one message each
        assert await pipeline.accept(event(f"lane{n}", 0))
    await until(lambda: api.done == 20)
    # Two turns at once, each holding its place through its 0.3 s send, would take 3 s.
    assert time.monotonic() - started < 1.5
    assert api.most_computing <= 2  # the engine part is still bounded
    await pipeline.settled()
