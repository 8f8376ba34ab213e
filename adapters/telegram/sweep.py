"""The periodic sweep of the shared inbox: keep this worker's leases, take over a dead worker's updates.

Every `interval` seconds (ADVISOR_INBOX_SWEEP), and once at start, the sweep renews the leases of the
updates this worker still holds (waiting behind others of their chat, or slow to answer), then takes
the updates whose lease ran out without being finished (`Inbox.orphans`: their worker died, or stopped
before handling them) and queues them here, in update_id order. A taken-over update that the dead worker
had already applied is answered with the replies the engine journaled; it is not applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot

from adapters.telegram.inbox import DurableQueue
from adapters.telegram.leases import WorkerInbox

log = logging.getLogger("advisor.telegram")

STOP_WAIT = 5.0


class Sweeper:
    def __init__(self, inbox: WorkerInbox, queue: DurableQueue, bot: Bot, interval: float) -> None:
        self.inbox = inbox
        self.queue = queue
        self.bot = bot
        self.interval = interval
        self.taking = True
        """False while the worker stops: its own leases are still renewed, nothing new is taken."""
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def sweep(self) -> int:
        """One sweep; returns how many updates were taken over. Store errors are logged, not raised:
        the next sweep tries again."""
        try:
            lost = await self.inbox.renew_due()
            if lost:
                log.warning("lease lost to another worker", extra={"update_ids": lost})
            orphans = await self.inbox.take_orphans() if self.taking else []
        except Exception as exc:
            log.warning("inbox sweep failed: %s", exc)
            return 0
        for update_id, body in orphans:
            if not self.queue.resume(update_id, body, self.bot):
                await self._drop(update_id)
        if orphans:
            log.info("took over unfinished updates", extra={"count": len(orphans),
                                                            "update_ids": [u for u, _ in orphans][:20]})
        return len(orphans)

    def start(self) -> None:
        """Sweep every `interval` seconds until `stop` (after `stop_taking`, only renew leases)."""
        self._task = asyncio.create_task(self._loop(), name="telegram-inbox-sweep")

    def stop_taking(self) -> None:
        self.taking = False

    async def stop(self) -> None:
        """Stop the loop. A flag as well as a cancel: a cancellation that lands inside a Redis command
        can be turned into a timeout by redis-py on Python 3.11 and lost, which would loop forever."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=STOP_WAIT)
            self._task = None

    async def _loop(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while not self._stopping:
                await asyncio.sleep(self.interval)
                if not self._stopping:
                    await self.sweep()

    async def _drop(self, update_id: int) -> None:
        try:
            await self.inbox.finish(update_id)
        except Exception as exc:
            log.warning("could not drop unreadable update %s: %s", update_id, exc)
