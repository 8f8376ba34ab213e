"""Receiving: every request worth handling is recorded in the shared inbox, then acknowledged, then handled.

`SlackIntake.middleware` runs in bolt after the signature check. It records the delivery with
`Inbox.accept` *before* Slack gets its 200: a worker that dies after the acknowledgement leaves a record
that another worker's sweep picks up once its lease runs out. `accept` is atomic across workers, so the
same event delivered to two workers (or retried by Slack) is handled once. When the store cannot record
it, the answer is 503 and Slack delivers it again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.delivery import Delivery, Ignored, read_delivery
from adapters.slack.handlers import SlackHandlers
from bot.inbox import Inbox
from bot.store.base import StoreError

log = logging.getLogger("advisor.slack")

ACCEPT_TIMEOUT = 2.0
"""Seconds to record a delivery before answering 503: Slack wants an answer within 3 seconds."""
FINISH_ATTEMPTS = 3
CONCURRENCY = 16
"""Deliveries recorded at once, and handled at once, per worker. Past a few dozen, more concurrency only
adds latency on one core; the bound also keeps the store's connection pool (100 for Redis) from running out."""


class SlackIntake:
    """Records, acknowledges and schedules deliveries; finishes them once handled; resumes orphans."""

    def __init__(self, handlers: SlackHandlers, inbox: Inbox) -> None:
        self.handlers = handlers
        self.inbox = inbox
        self.tasks: set[asyncio.Task[None]] = set()
        self.active: set[str] = set()
        """Ids of the deliveries under way here, so a sweep never hands this worker its own work."""
        self._recording = asyncio.Semaphore(CONCURRENCY)
        self._handling = asyncio.Semaphore(CONCURRENCY)

    def register(self, app: AsyncApp) -> None:
        app.use(self.middleware)

    async def middleware(self, req: AsyncBoltRequest, body: dict[str, Any],
                         next: Callable[[], Awaitable[BoltResponse | None]]) -> BoltResponse | None:
        found = read_delivery(body, req.raw_body, self.handlers.bot_user_id)
        if found is None:
            return await next()
        if isinstance(found, Ignored):
            return BoltResponse(status=200, body="")
        try:
            fresh = await asyncio.wait_for(self._accept(found), ACCEPT_TIMEOUT)
        except (StoreError, TimeoutError) as exc:
            log.error("could not record a delivery, answered 503 (Slack sends it again): %s", type(exc).__name__,
                      extra={"delivery": found.id})
            return BoltResponse(status=503, body="")
        if fresh:
            self.start(found)
        else:
            log.debug("duplicate delivery ignored", extra={"delivery": found.id})
        return BoltResponse(status=200, body="")

    async def _accept(self, delivery: Delivery) -> bool:
        """`Inbox.accept` (atomic across workers, and refusing a delivery another worker has finished)."""
        async with self._recording:
            return await self.inbox.accept(delivery.id, delivery.encode())

    def start(self, delivery: Delivery) -> bool:
        """Handle in the background, then finish. False when this worker is already on it."""
        if delivery.id in self.active:
            return False
        self.active.add(delivery.id)
        task = asyncio.create_task(self._run(delivery), name=f"slack-{delivery.kind.value}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    async def _run(self, delivery: Delivery) -> None:
        try:
            async with self._handling:
                await self._handle(delivery)
        finally:
            self.active.discard(delivery.id)

    async def _handle(self, delivery: Delivery) -> None:
        try:
            if delivery.resumed and await self.inbox.is_seen(delivery.id):
                return  # its first worker was slow, not dead, and has just finished it
            await self.handlers.handle(delivery)
        except StoreError as exc:
            log.warning("store unavailable, delivery left for a later sweep: %s", exc, extra={"delivery": delivery.id})
            return
        except Exception:  # finished anyway: handling it again would fail again
            log.exception("slack delivery failed", extra={"delivery": delivery.id})
        for attempt in range(FINISH_ATTEMPTS):
            try:
                await self.inbox.finish(delivery.id)
                return
            except StoreError as exc:
                log.warning("could not mark a delivery finished: %s", exc, extra={"delivery": delivery.id,
                                                                                  "attempt": attempt + 1})
                await asyncio.sleep(0.5 * (attempt + 1))

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the work under way (at shutdown, and in tests); what is left stays in the inbox."""
        await asyncio.sleep(0)
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=timeout)

    async def sweep(self) -> int:
        """Renew the leases of the deliveries this worker is on (waiting for a slot or behind a 429),
        then start those whose worker stopped before finishing them; returns how many were started."""
        for delivery_id in list(self.active):
            if not await self.inbox.renew(delivery_id):
                log.warning("lease lost to another worker", extra={"delivery": delivery_id})
        started = 0
        for pending in await self.inbox.orphans():
            delivery = Delivery.decode(pending)
            if delivery is None:
                log.warning("unreadable inbox record dropped", extra={"delivery": pending.event_id})
                await self.inbox.finish(pending.event_id)
                continue
            started += self.start(delivery)
        if started:
            log.info("resumed deliveries of a stopped worker", extra={"count": started})
        return started

    async def sweep_forever(self, interval: float, stop: asyncio.Event) -> None:
        """`sweep` now and every `interval` seconds until `stop` is set; store failures are logged and retried."""
        while not stop.is_set():
            try:
                await self.sweep()
            except StoreError as exc:
                log.warning("inbox sweep failed: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
