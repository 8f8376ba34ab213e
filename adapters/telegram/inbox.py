"""Every update is recorded in the shared inbox before Telegram is told it arrived, and answered once.

PTB hands updates over through `Application.update_queue`: the poller puts what getUpdates returned
(and confirms it to Telegram on its next call), the webhook server what Telegram posted (and answers
200 once `accept` returns). Each update is first accepted into `bot.inbox` (`inbox:telegram:<id>`,
keyed by update_id) with a lease held by this worker; the same update delivered twice, to this worker
or another, is accepted once. Telegram's update_id restarts after a quiet week, so duplicates are told
apart by an expiring `seen:telegram:<id>` record, not by "greater than the last one".

`ChatOrderedProcessor` runs updates of different chats concurrently and those of one chat in order;
when an update is handled it is finished (marked seen, its record dropped). Updates a worker accepted
and never finished (it died) are handed to a live worker by the sweep (adapters/telegram/sweep.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Bot, Update
from telegram.error import NetworkError
from telegram.ext import BaseUpdateProcessor

from adapters.telegram.leases import WorkerInbox

log = logging.getLogger("advisor.telegram")

KIND = "telegram"
"""The inbox kind of Telegram updates: keys inbox:telegram:<update_id>, seen:telegram:<update_id>."""


class InboxUnavailable(NetworkError):
    """The store could not record an update. A NetworkError, so PTB's poller retries the batch;
    the webhook server answers 503 and Telegram re-sends."""


class DurableQueue(asyncio.Queue[object]):
    """The Application's update queue: an update is recorded before `put` returns."""

    def __init__(self, inbox: WorkerInbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item: object) -> None:
        """Updates from the poller: recorded first (duplicates dropped). Raises InboxUnavailable."""
        if isinstance(item, Update):
            await self.accept(item, item.to_json())
        else:
            await super().put(item)

    async def accept(self, update: Update, body: str) -> bool:
        """Record `update` (its JSON is `body`) and queue it; False for a duplicate.
        Raises InboxUnavailable when it could not be recorded: it must not be acknowledged."""
        try:
            fresh = await self.inbox.accept(update.update_id, body)
        except Exception as exc:  # whatever the store raises, the update must not be acknowledged
            raise InboxUnavailable(f"cannot record update {update.update_id}: {exc}") from exc
        if not fresh:
            log.info("duplicate update dropped", extra={"update_id": update.update_id})
            return False
        self.put_nowait(update)
        return True

    def resume(self, update_id: int, body: str, bot: Bot) -> bool:
        """Queue an update this worker already holds (taken over from a dead worker)."""
        try:
            self.put_nowait(Update.de_json(json.loads(body), bot))
        except (ValueError, TypeError, KeyError):
            log.warning("unreadable recorded update dropped", extra={"update_id": update_id})
            return False
        return True


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat; finishes each update when done."""

    def __init__(self, inbox: WorkerInbox, max_concurrent_updates: int = 32) -> None:
        super().__init__(max_concurrent_updates)
        self.inbox = inbox
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            await self._run(update, coroutine)
            return
        lock, users = self._locks.get(chat, (asyncio.Lock(), 0))
        self._locks[chat] = (lock, users + 1)
        try:
            async with lock:
                await self._run(update, coroutine)
        finally:
            lock, users = self._locks[chat]
            if users == 1:
                del self._locks[chat]
            else:
                self._locks[chat] = (lock, users - 1)

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        """A cancelled update stays recorded (a sweep resumes it); any other outcome, handler errors
        included (PTB has passed them to the error handler), finishes it, unless the error handler
        released it for a retry."""
        try:
            await coroutine
        except Exception:
            log.exception("update processing failed", extra={"update_id": getattr(update, "update_id", None)})
        if isinstance(update, Update):
            try:
                await self.inbox.finish(update.update_id)
            except Exception:
                log.exception("could not mark update handled", extra={"update_id": update.update_id})

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
