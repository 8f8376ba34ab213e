"""Receiving: every request worth handling is recorded by the delivery pipeline, then acknowledged;
the pipeline applies it when its turn comes, on whichever worker owns its conversation.

`SlackIntake.middleware` runs in bolt after the signature check. It records the delivery with
`Pipeline.accept` *before* Slack gets its 200: a worker that dies after the acknowledgement leaves a
record that another worker's sweep picks up once its lease runs out. Recording is atomic across workers,
so the same event delivered to two workers (or retried by Slack) is handled once. When the store cannot
record it, the answer is 503 and Slack delivers it again later. `SlackDeliveries` is Slack's part of the
pipeline: reading a recorded delivery back, and applying it with the handlers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.delivery import Delivery, Ignored, delivery_event, read_delivery
from adapters.slack.handlers import SlackHandlers
from bot.delivery import Event, Outcome, Pipeline, Turn
from bot.store.base import StoreError

log = logging.getLogger("advisor.slack")

ACCEPT_TIMEOUT = 2.0
"""Seconds to record a delivery before answering 503: Slack wants an answer within 3 seconds."""


class SlackDeliveries:
    """The `bot.delivery.Platform` of Slack."""

    def __init__(self, handlers: SlackHandlers) -> None:
        self.handlers = handlers

    def decode(self, event_id: str, body: str) -> Event | None:
        delivery = Delivery.decode(event_id, body)
        if delivery is None:
            return None
        return delivery_event(delivery, self.handlers.bot_user_id, time.time(), 0.0)

    async def apply(self, turn: Turn) -> Outcome:
        delivery = turn.payload if isinstance(turn.payload, Delivery) else Delivery.decode(turn.event_id, turn.body)
        if delivery is None:
            log.warning("unreadable delivery record dropped", extra={"delivery": turn.event_id})
            return Outcome.DONE
        try:
            await self.handlers.handle(delivery, turn)
        except StoreError as exc:
            log.warning("store unavailable: %s", exc, extra={"delivery": turn.event_id})
            return Outcome.RETRY
        return Outcome.DONE


class SlackIntake:
    """Records and acknowledges deliveries; `pipeline` applies them. `window`: the reorder wait of
    messages, in seconds (SLACK_REORDER_WINDOW)."""

    def __init__(self, handlers: SlackHandlers, pipeline: Pipeline, window: float) -> None:
        self.handlers = handlers
        self.pipeline = pipeline
        self.window = window

    def register(self, app: AsyncApp) -> None:
        app.use(self.middleware)

    async def middleware(self, req: AsyncBoltRequest, body: dict[str, Any],
                         next: Callable[[], Awaitable[BoltResponse | None]]) -> BoltResponse | None:
        found = read_delivery(body, req.raw_body, self.handlers.bot_user_id)
        if found is None:
            return await next()
        if isinstance(found, Ignored):
            return BoltResponse(status=200, body="")
        event = delivery_event(found, self.handlers.bot_user_id, time.time(), self.window)
        try:
            fresh = await asyncio.wait_for(self.pipeline.accept(event, found), ACCEPT_TIMEOUT)
        except (StoreError, TimeoutError) as exc:
            log.error("could not record a delivery, answered 503 (Slack sends it again): %s", type(exc).__name__,
                      extra={"delivery": found.id})
            return BoltResponse(status=503, body="")
        if not fresh:
            log.debug("duplicate delivery ignored", extra={"delivery": found.id})
        return BoltResponse(status=200, body="")
