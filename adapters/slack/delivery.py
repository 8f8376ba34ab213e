"""What a request from Slack asks the advisor to do, as one typed value the inbox can keep.

A `Delivery` is recorded in the shared inbox before Slack gets its acknowledgement, so the same
value serves the worker that received it and, after a crash, the worker that resumes it. Its id is
Slack's `event_id` for events (Slack retries with the same one) and a hash of the signed body for
clicks and slash commands (the same request delivered twice has the same body).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from adapters.slack.events import Where, user_message
from adapters.slack.render import ACTION_PREFIX, SHARE_ACTION
from bot.inbox import Pending

COMMAND = "/advisor"
EVENTS = frozenset({"message", "app_mention", "app_home_opened"})
_BUTTON = re.compile(rf"^{re.escape(ACTION_PREFIX)}\d+$")


class Kind(StrEnum):
    EVENT = "event"
    BUTTON = "button"
    SHARE = "share"
    COMMAND = "command"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One request worth handling. `body` is the part of Slack's payload the handlers read: the
    `event` of an Events API callback, the whole payload of a click or a slash command. `resumed`:
    handed over by the inbox after its first worker stopped before finishing it."""

    id: str
    kind: Kind
    body: dict[str, Any]
    resumed: bool = False

    def encode(self) -> str:
        return json.dumps({"kind": self.kind.value, "body": self.body}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, pending: Pending) -> Delivery | None:
        """A recorded delivery, marked resumed; None for a record this version cannot read."""
        try:
            data = json.loads(pending.body)
            return cls(pending.event_id, Kind(data["kind"]), dict(data["body"]), resumed=True)
        except (ValueError, KeyError, TypeError):
            return None


class Ignored(StrEnum):
    """Requests acknowledged without recording them: nothing in them is for the advisor."""

    EVENT = "ignored-event"


def read_delivery(body: dict[str, Any], raw_body: str, bot_user_id: str | None) -> Delivery | Ignored | None:
    """The delivery in a verified request; `Ignored.EVENT` for events the advisor never answers (other
    bots, edits, its own messages, channel chatter outside threads); None for requests that are none of
    ours (left to bolt)."""
    if body.get("type") == "event_callback":
        return _event(body, bot_user_id)
    if body.get("type") == "block_actions":
        actions = body.get("actions") or [{}]
        action_id = str(actions[0].get("action_id") or "") if isinstance(actions[0], dict) else ""
        if action_id == SHARE_ACTION:
            return Delivery(_request_id("a", raw_body), Kind.SHARE, body)
        if _BUTTON.match(action_id):
            return Delivery(_request_id("a", raw_body), Kind.BUTTON, body)
        return None
    if body.get("command") == COMMAND:
        return Delivery(_request_id("c", raw_body), Kind.COMMAND, body)
    return None


def _event(body: dict[str, Any], bot_user_id: str | None) -> Delivery | Ignored:
    event = body.get("event")
    event_id = body.get("event_id")
    if not isinstance(event, dict) or not isinstance(event_id, str) or not event_id or event.get("type") not in EVENTS:
        return Ignored.EVENT
    if event["type"] == "app_home_opened":
        return Delivery(event_id, Kind.EVENT, event) if event.get("tab") == "home" else Ignored.EVENT
    message = user_message(event, bot_user_id)
    if message is None:
        return Ignored.EVENT
    if message.where is Where.CHANNEL and not message.mentions_bot and message.thread_ts is None:
        return Ignored.EVENT  # channel chatter: only mentions and thread follow-ups can be for us
    return Delivery(event_id, Kind.EVENT, event)


def _request_id(prefix: str, raw_body: str) -> str:
    return prefix + hashlib.sha256(raw_body.encode()).hexdigest()[:32]
