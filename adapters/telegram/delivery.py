"""Telegram's part of the delivery pipeline (`bot.delivery`): what an update is, and how it is applied.

Every update is recorded before Telegram hears it arrived: the webhook answers 200, and the poller
confirms a batch, only once `DurableQueue.accept` has recorded it (`inbox:telegram:<update_id>`). The
update_id is the event id (the same update twice is one event; update_ids restart after a quiet week, so
duplicates are told apart by an expiring `seen:telegram:<id>`, not by "greater than the last one").

An update's lane is its chat, its order the update_id. Telegram sends a chat's next update only once the
previous one got its 2xx, so within a chat the arrival order is already the update_id order, whichever
worker each update reached: the lane applies them in that order, with no reorder wait. A gap in the
update_ids of a chat is not a missing update (the ids are global to the bot), and is not waited for.

An update is applied by python-telegram-bot's own `Application.process_update` (handlers, error handler),
with its `Turn` (what the pipeline loaded with it, the writes to make with its finish) in `InFlight`.
"""

from __future__ import annotations

import asyncio
import json
import logging

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application

from adapters.telegram.callbacks import callback_key
from adapters.telegram.updates import conversation_key
from bot.delivery import Event, Outcome, Pipeline, Turn
from bot.types import ConversationKey

log = logging.getLogger("advisor.telegram")

KIND = "telegram"
"""The delivery kind of Telegram updates: keys inbox:telegram:<update_id>, seen:telegram:<update_id>."""


def update_event(update: Update, body: str) -> Event:
    """The pipeline's event for `update` (its JSON is `body`): lane the chat, order the update_id."""
    chat = update.effective_chat
    lane = str(chat.id) if chat is not None else f"update:{update.update_id}"
    conversation: ConversationKey | None = None
    reads: tuple[str, ...] = ()
    if update.message is not None and update.message.from_user is not None:
        conversation = conversation_key(update.message, update.message.from_user)
    elif (query := update.callback_query) is not None and query.message is not None:
        conversation = conversation_key(query.message, query.from_user)
        key = callback_key(query.data)
        reads = (key,) if key else ()
    return Event(str(update.update_id), lane, float(update.update_id), body, conversation=conversation, reads=reads)


class InboxUnavailable(NetworkError):
    """The store could not record an update. A NetworkError, so PTB's poller retries the batch;
    the webhook server answers 503 and Telegram re-sends."""


class InFlight:
    """The turns being applied here, by update_id, for the handlers PTB calls; those to retry, and those
    an earlier update overtook (`bot.delivery.Superseded`)."""

    def __init__(self) -> None:
        self.turns: dict[int, Turn] = {}
        self.retry: set[int] = set()
        self.superseded: set[int] = set()

    def turn(self, update_id: int) -> Turn | None:
        return self.turns.get(update_id)

    def release(self, update_id: int) -> None:
        """Leave the update for a later try (the store was unavailable): it stays first in its chat."""
        self.retry.add(update_id)


class TelegramDeliveries:
    """The `bot.delivery.Platform` of Telegram: reads recorded updates back, applies them through PTB."""

    def __init__(self, application: Application, in_flight: InFlight) -> None:
        self.application = application
        self.in_flight = in_flight

    def decode(self, event_id: str, body: str) -> Event | None:
        update = self._update(event_id, body)
        return update_event(update, body) if update is not None else None

    async def apply(self, turn: Turn) -> Outcome:
        update = turn.payload if isinstance(turn.payload, Update) else self._update(turn.event_id, turn.body)
        if update is None:
            return Outcome.DONE
        self.in_flight.turns[update.update_id] = turn
        try:
            await self.application.process_update(update)
        finally:
            self.in_flight.turns.pop(update.update_id, None)
        if update.update_id in self.in_flight.superseded:
            self.in_flight.superseded.discard(update.update_id)
            return Outcome.SUPERSEDED
        if update.update_id in self.in_flight.retry:
            self.in_flight.retry.discard(update.update_id)
            return Outcome.RETRY
        return Outcome.DONE

    def _update(self, event_id: str, body: str) -> Update | None:
        try:
            return Update.de_json(json.loads(body), self.application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("unreadable recorded update dropped", extra={"update_id": event_id})
            return None


class DurableQueue(asyncio.Queue[object]):
    """The Application's update queue: an update from the poller is recorded before `put` returns, then
    applied by the pipeline (never queued here)."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        super().__init__()
        self.pipeline = pipeline

    async def put(self, item: object) -> None:
        """Updates from the poller: recorded (duplicates dropped). Raises InboxUnavailable."""
        if isinstance(item, Update):
            await self.accept(item, item.to_json())
        else:
            await super().put(item)

    async def accept(self, update: Update, body: str) -> bool:
        """Record `update` (its JSON is `body`); False for a duplicate. Raises InboxUnavailable when it
        could not be recorded: it must not be acknowledged."""
        assert self.pipeline is not None, "DurableQueue used before its pipeline was set"
        try:
            fresh = await self.pipeline.accept(update_event(update, body), update)
        except Exception as exc:  # whatever the store raises, the update must not be acknowledged
            raise InboxUnavailable(f"cannot record update {update.update_id}: {exc}") from exc
        if not fresh:
            log.info("duplicate update dropped", extra={"update_id": update.update_id})
        return fresh
