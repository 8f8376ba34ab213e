"""Every update is recorded in the store before Telegram is told it arrived, and answered once.

PTB hands updates over through `Application.update_queue`: the poller puts what getUpdates returned
(and confirms it to Telegram on its next call), the webhook server what Telegram posted (and answers
200 once `put` returns). `DurableQueue.put` records each update before that, and drops updates already
recorded or answered: Telegram re-sends on timeouts, and its update_id restarts after a quiet week,
so duplicates are told apart by an expiring record per id, not by "greater than the last one".

`ChatOrderedProcessor` runs updates of different chats concurrently and those of one chat in order;
when an update is handled it is marked seen (`seen:telegram:<id>`) and its record dropped. Records
left by a crash are put back in the queue on the next start (`DurableQueue.requeue_pending`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import NetworkError
from telegram.ext import BaseUpdateProcessor

from bot.store.base import Store, StoreError

log = logging.getLogger("advisor.telegram")

SEEN_TTL = 48 * 3600.0
"""Telegram keeps undelivered updates for 24 hours: a duplicate cannot come later than that."""
PENDING_TTL = 24 * 3600.0
_INDEX = "tgq:index"
_MAX_TRIES = 20


def seen_key(update_id: int) -> str:
    return f"seen:telegram:{update_id}"


def pending_key(update_id: int) -> str:
    return f"tgq:{update_id}"


class InboxUnavailable(NetworkError):
    """The store could not record an update. A NetworkError, so PTB's poller retries the batch;
    the webhook server answers 503 and Telegram re-sends."""


class Inbox:
    """Records of updates received and not yet handled, kept in the engine's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def accept(self, update_id: int, body: str) -> bool:
        """Record an update; False when it is a duplicate (handled or already recorded).
        Raises StoreError. The id joins the index first, so a crash never leaves a record unlisted."""
        if await self.store.get(seen_key(update_id)) is not None:
            return False
        await self._edit_index(lambda ids: ids | {update_id})
        return await self.store.put(pending_key(update_id), body, 0, PENDING_TTL)

    async def finish(self, update_id: int) -> None:
        """Mark an update handled: seen first, then its record goes."""
        await self.store.claim(seen_key(update_id), SEEN_TTL)
        await self.store.delete(pending_key(update_id))
        await self._edit_index(lambda ids: ids - {update_id})

    async def pending(self) -> list[tuple[int, str]]:
        """Recorded updates not handled yet, oldest first; forgets stale index entries."""
        found: list[tuple[int, str]] = []
        stale: set[int] = set()
        for update_id in sorted(await self._index()):
            record = await self.store.get(pending_key(update_id))
            if record is None or await self.store.get(seen_key(update_id)) is not None:
                stale.add(update_id)
            else:
                found.append((update_id, record.value))
        if stale:
            await self._edit_index(lambda ids: ids - stale)
        return found

    async def _index(self) -> set[int]:
        record = await self.store.get(_INDEX)
        return set(json.loads(record.value)) if record else set()

    async def _edit_index(self, change: Callable[[set[int]], set[int]]) -> None:
        for _ in range(_MAX_TRIES):
            record = await self.store.get(_INDEX)
            ids = set(json.loads(record.value)) if record else set()
            new = change(ids)
            if record is not None and new == ids:
                return
            if await self.store.put(_INDEX, json.dumps(sorted(new)), record.version if record else 0, PENDING_TTL):
                return
        raise StoreError("the Telegram update index kept changing")


class DurableQueue(asyncio.Queue[object]):
    """The Application's update queue: an update is recorded before `put` returns."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            try:
                fresh = await self.inbox.accept(item.update_id, item.to_json())
            except Exception as exc:  # whatever the store raises, the update must not be acknowledged
                raise InboxUnavailable(f"cannot record update {item.update_id}: {exc}") from exc
            if not fresh:
                log.info("duplicate update dropped", extra={"update_id": item.update_id})
                return
        await super().put(item)

    async def requeue_pending(self, bot: Bot) -> int:
        """Queue the updates recorded by an earlier run and never handled; returns how many."""
        pending = await self.inbox.pending()
        for update_id, body in pending:
            try:
                await super().put(Update.de_json(json.loads(body), bot))
            except (ValueError, TypeError, KeyError):
                log.warning("unreadable recorded update dropped", extra={"update_id": update_id})
                await self.inbox.finish(update_id)
        if pending:
            log.info("recorded updates resumed", extra={"count": len(pending)})
        return len(pending)


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat; marks each update handled when done."""

    def __init__(self, inbox: Inbox, max_concurrent_updates: int = 32) -> None:
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
        """A cancelled update stays recorded (resumed on the next start); any other outcome,
        handler errors included (PTB has passed them to the error handler), finishes it."""
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
