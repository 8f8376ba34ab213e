"""One delivery pipeline for every platform: accept, order, lease, apply, finish; the sweep takes over.

    platform request ─> adapter: parse, identify ─> Pipeline.accept ─> record in the event's lane
                                                          │              (dedupe; own the lane if idle)
                        ack (2xx) <───────────────────────┘
    lane owner: take next ─> Platform.apply (engine turn, replies sent) ─> finish (+ take next) ─> ...

`accept` returns as soon as the event is recorded, so the adapter acknowledges it at once, whichever
worker handles it. The worker that records into a lane nobody owns becomes its owner and drains it: one
event at a time, in the lane's order, each finished after its replies went out, so replies leave in the
order the events were applied. Other workers only record. Different lanes run in parallel (at most
`concurrency` turns at once per worker). Each step of an owner renews its lease on the lane; the sweep
(`sweep`, every few seconds) renews the lanes this worker holds, takes over the lanes whose owner stopped
renewing (it died), and moves events left under the old inbox keys into their lanes.

What is platform-specific comes from the adapter, as a `Platform`: how to read a recorded event back
(`decode`) and how to apply one (`apply`). What the engine reads per turn comes from `preload`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from typing import Protocol

from bot.delivery.backend import DeliveryBackend, Next, Status, Stop, Taken
from bot.delivery.event import NO_PRELOAD, Event, Outcome, Preload, Superseded, Turn
from bot.delivery.turnstore import TurnStore
from bot.store.base import StoreError
from bot.types import ConversationKey

log = logging.getLogger("advisor.delivery")

CONCURRENCY = 4
"""Turns applied at once per worker, not counting those waiting for the platform's API (see
`waiting_for_the_platform`). What is left of a turn is CPU (the engine, rendering): more at once only
interleaves them and delays the acknowledgements waiting behind them (measured on a saturated worker:
ack p99 about 35 ms with 4, 50 ms with 8, 100-120 ms with 16, at the same throughput; benchmarks/README.md)."""
RECORDING = 16
"""Events recorded at once per worker (each one round trip, then the acknowledgement). The bounds also keep
the store's connection pool from running out."""
FINISH_ATTEMPTS = 3
_PAYLOADS_KEPT = 10_000


class _Slot:
    """A turn's place among the `concurrency` turns applied at once."""

    def __init__(self, places: asyncio.Semaphore) -> None:
        self.places = places
        self.held = False

    async def take(self) -> None:
        await self.places.acquire()
        self.held = True

    def give(self) -> None:
        if self.held:
            self.held = False
            self.places.release()


_slot: ContextVar[_Slot | None] = ContextVar("delivery_slot", default=None)


@contextlib.asynccontextmanager
async def waiting_for_the_platform() -> AsyncIterator[None]:
    """Around sending a turn's replies (or any call to the platform's API) in `Platform.apply`: the turn
    gives its place to another while it waits for the network and the platform's rate limit, and takes
    one again after. Otherwise a worker would apply at most `concurrency` turns per API round trip
    (4 per 100-300 ms against the real Slack or Telegram). Outside a turn it does nothing."""
    slot = _slot.get()
    if slot is None or not slot.held:
        yield
        return
    slot.give()
    try:
        yield
    finally:
        await slot.take()


class Platform(Protocol):
    """What an adapter plugs into the pipeline."""

    def decode(self, event_id: str, body: str) -> Event | None:
        """The event recorded under `event_id` with `body` (for events of the old inbox, which were
        recorded without their lane and order); None when it cannot be read."""
        ...

    async def apply(self, turn: Turn) -> Outcome:
        """Handle the event and send its replies. RETRY when the store was unavailable (nothing was
        said); any exception is logged and counts as DONE."""
        ...


class Pipeline:
    def __init__(self, backend: DeliveryBackend, platform: Platform,
                 preload: Callable[[ConversationKey], Preload] | None = None, concurrency: int = CONCURRENCY,
                 clock: Callable[[], float] = time.time) -> None:
        self.backend = backend
        self.platform = platform
        self.preload = preload
        self.clock = clock
        self.lanes: dict[str, asyncio.Task[None]] = {}
        """The lanes this worker drains."""
        self.taking = True
        """False while the worker stops: no lane is taken over; those under way are drained for a while,
        then released for another worker."""
        self._keep_until = float("inf")
        self._payloads: OrderedDict[str, object] = OrderedDict()
        self._recording = asyncio.Semaphore(RECORDING)
        self._applying = asyncio.Semaphore(concurrency)

    # -- accepting ------------------------------------------------------------------------------

    async def accept(self, event: Event, payload: object | None = None) -> bool:
        """Record `event` (`payload`: the adapter's parsed form, kept for this worker's own turn).
        True when it is new, False for a duplicate. Returns once recorded: acknowledge it then.
        Raises StoreError: then it must not be acknowledged (the platform delivers it again)."""
        async with self._recording:
            recorded = await self.backend.record(event, self._plan(event), self.clock())
        if recorded.status is Status.DUPLICATE:
            log.debug("duplicate delivery dropped", extra={"delivery": event.id, "lane": event.lane})
            return False
        if payload is not None and (recorded.status is Status.OWNED or event.lane in self.lanes):
            self._keep(event.id, payload)
        if recorded.status is Status.OWNED:
            self._start(event.lane, recorded.next)
        return True

    def _plan(self, event: Event) -> Preload:
        if event.conversation is None or self.preload is None:
            return NO_PRELOAD.merged(event.reads)
        return self.preload(event.conversation).merged(event.reads)

    def _keep(self, event_id: str, payload: object) -> None:
        self._payloads[event_id] = payload
        while len(self._payloads) > _PAYLOADS_KEPT:
            self._payloads.popitem(last=False)

    # -- draining a lane ------------------------------------------------------------------------

    def _start(self, lane: str, first: Next | None) -> None:
        task = asyncio.create_task(self._drain(lane, first), name=f"lane-{lane}")
        self.lanes[lane] = task
        task.add_done_callback(lambda done: self._forget(lane, done))

    def _forget(self, lane: str, task: asyncio.Task[None]) -> None:
        if self.lanes.get(lane) is task:
            del self.lanes[lane]

    async def _drain(self, lane: str, first: Next | None) -> None:
        """Apply the lane's events one by one until it is empty, lost, or the worker stops. A store
        failure ends it: the lease runs out and a sweep (this worker's or another's) resumes the lane."""
        step = first
        try:
            if step is None:
                step = await self.backend.take(lane, self.clock())
            while True:
                if isinstance(step, Taken):
                    if step.wait > 0:  # its reorder wait: an earlier event may still arrive meanwhile
                        if not self._keeping():
                            await self.backend.release(lane)
                            return
                        await asyncio.sleep(step.wait)
                    turn = Turn(step.event_id, lane, step.body, step.attempt, step.loaded,
                                self._payloads.get(step.event_id))
                    turn.store = TurnStore(self.backend, turn)
                    outcome = await self._apply(turn)
                    if outcome is Outcome.SUPERSEDED:
                        step = await self.backend.take(lane, self.clock())
                        continue
                    self._payloads.pop(step.event_id, None)
                    if outcome is Outcome.RETRY:
                        with contextlib.suppress(StoreError):
                            await self.backend.release(lane)
                        return
                    step = await self._finish(turn)
                else:
                    if step is Stop.LOST:
                        log.warning("lane taken over by another worker", extra={"lane": lane})
                    return
        except StoreError as exc:
            log.warning("store unavailable, lane left for a later sweep: %s", exc, extra={"lane": lane})

    async def _apply(self, turn: Turn) -> Outcome:
        slot = _Slot(self._applying)
        await slot.take()
        token = _slot.set(slot)
        try:
            outcome = await self.platform.apply(turn)
        except Superseded:
            outcome = Outcome.SUPERSEDED
        except Exception:  # finished anyway: applying it again would fail again
            log.exception("delivery failed", extra={"delivery": turn.event_id, "lane": turn.lane})
            return Outcome.DONE
        finally:
            _slot.reset(token)
            slot.give()
        if outcome is Outcome.RETRY:
            log.warning("store unavailable, delivery left for a retry", extra={"delivery": turn.event_id,
                                                                               "lane": turn.lane})
        elif outcome is Outcome.SUPERSEDED:
            log.info("an earlier event arrived during the reorder wait: it goes first",
                     extra={"delivery": turn.event_id, "lane": turn.lane})
        return outcome

    async def _finish(self, turn: Turn) -> Next:
        for attempt in range(FINISH_ATTEMPTS):
            try:
                return await self.backend.finish(turn.lane, turn.event_id, turn.writes, self.clock(), self._keeping())
            except StoreError as exc:
                if attempt + 1 == FINISH_ATTEMPTS:
                    raise
                log.warning("could not finish a delivery: %s", exc, extra={"delivery": turn.event_id,
                                                                            "attempt": attempt + 1})
                await asyncio.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    # -- the sweep ------------------------------------------------------------------------------

    async def sweep(self) -> int:
        """Renew the lanes held here; then take over lanes whose owner stopped and the old inbox's
        leftovers. Returns how many lanes were taken over. Raises StoreError."""
        lost = await self.backend.renew(list(self.lanes))
        if lost:
            log.warning("lanes lost to another worker", extra={"lanes": lost[:20]})
        if not self.taking:
            return 0
        taken = 0
        for lane in await self.backend.orphan_lanes():
            if lane not in self.lanes:
                self._start(lane, None)
                taken += 1
        taken += await self._adopt_legacy()
        if taken:
            log.info("took over lanes of a stopped worker", extra={"count": taken})
        return taken

    async def _adopt_legacy(self) -> int:
        started = 0
        for old in await self.backend.legacy():
            event = self.platform.decode(old.event_id, old.body)
            if event is None:
                log.warning("unreadable inbox record dropped", extra={"delivery": old.event_id})
                await self.backend.drop(old.event_id)
                continue
            recorded = await self.backend.adopt(event, self._plan(event), self.clock())
            if recorded.status is Status.OWNED:
                self._start(event.lane, recorded.next)
                started += 1
        return started

    async def sweep_forever(self, interval: float, stop: asyncio.Event) -> None:
        """`sweep` now and every `interval` seconds until `stop` is set; store failures are logged."""
        while not stop.is_set():
            try:
                await self.sweep()
            except StoreError as exc:
                log.warning("delivery sweep failed: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    # -- stopping -------------------------------------------------------------------------------

    def _keeping(self) -> bool:
        """Whether a lane goes on to its next event (always, unless the worker is stopping)."""
        return self.taking or time.monotonic() < self._keep_until

    async def drain(self, timeout: float = 10.0) -> bool:
        """Stop taking lanes over; the lanes under way here go on with the events they have for half of
        `timeout`, then finish the turn under way and are released for another worker. Returns False
        when `timeout` seconds were not enough (what is left stays recorded)."""
        self.taking = False
        self._keep_until = time.monotonic() + timeout / 2
        await asyncio.sleep(0)
        tasks = set(self.lanes.values())
        if not tasks:
            return True
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        return not pending

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until no lane is being drained here (tests, and callers that wait for quiet)."""
        deadline = time.monotonic() + timeout
        while self.lanes and time.monotonic() < deadline:
            await asyncio.wait(set(self.lanes.values()), timeout=deadline - time.monotonic())
