"""What a request from Slack asks the advisor to do, as one typed value the delivery pipeline can keep.

A `Delivery` is recorded (`bot.delivery`) before Slack gets its acknowledgement, so the same value serves
the worker that received it and, after a crash, the worker that resumes it. Its id is Slack's `event_id`
for events (Slack retries with the same one) and a hash of the signed body for clicks and slash commands
(the same request delivered twice has the same body).

`delivery_event` places it in the pipeline: its lane is the conversation it belongs to, its order the
message's `ts` for messages (Slack may deliver a later message first, to another worker) and the arrival
time for clicks and commands. A message waits until its own ts plus the reorder window
(SLACK_REORDER_WINDOW) before it is applied, so that an earlier message delivered a little later still
goes first; a message arriving after that is applied at once, never delayed. A mention delivered twice
(app_mention and message.channels: two event ids, one channel and ts) is one event: the second one's
alias `seen:slack:msg:<channel>:<ts>` is already held by the first.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from adapters.slack.events import Where, click, key, user_message
from adapters.slack.memory import SEEN_TTL, thread_key
from adapters.slack.render import ACTION_PREFIX, ANYONE, SHARE_ACTION
from bot.delivery import Event
from bot.types import ConversationKey

COMMAND = "/advisor"
TIPS_SHORTCUT = "advisor_tips"
"""The callback id of the message shortcut "Scheduled tips here" (manifest.yaml)."""
EVENTS = frozenset({"message", "app_mention", "app_home_opened"})
_BUTTON = re.compile(rf"^{re.escape(ACTION_PREFIX)}\d+$")


class Kind(StrEnum):
    EVENT = "event"
    BUTTON = "button"
    SHARE = "share"
    COMMAND = "command"
    SHORTCUT = "shortcut"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One request worth handling. `body` is the part of Slack's payload the handlers read: the
    `event` of an Events API callback, the whole payload of a click or a slash command."""

    id: str
    kind: Kind
    body: dict[str, Any]

    def encode(self) -> str:
        return json.dumps({"kind": self.kind.value, "body": self.body}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, delivery_id: str, body: str) -> Delivery | None:
        """A recorded delivery; None for a record this version cannot read."""
        try:
            data = json.loads(body)
            return cls(delivery_id, Kind(data["kind"]), dict(data["body"]))
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
    if body.get("type") == "message_action" and body.get("callback_id") == TIPS_SHORTCUT:
        return Delivery(_request_id("s", raw_body), Kind.SHORTCUT, body)
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


def delivery_event(delivery: Delivery, bot_user_id: str | None, now: float, window: float) -> Event:
    """The pipeline's event for `delivery`, received at `now` (wall clock) with a reorder window of
    `window` seconds."""
    conversation, lane = conversation_of(delivery, bot_user_id)
    order, not_before = now, 0.0
    aliases: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    if delivery.kind is Kind.EVENT and (message := user_message(delivery.body, bot_user_id)) is not None:
        ts = _seconds(message.ts)
        if ts is not None:
            order, not_before = ts, min(ts, now) + window if window > 0 else 0.0
        aliases = (f"seen:slack:msg:{message.channel}:{message.ts}",)
        if message.where is Where.CHANNEL:
            reads = (thread_key(message.channel, message.root),)  # who talks with the advisor there
    return Event(delivery.id, lane, order, delivery.encode(), aliases=aliases, alias_ttl=SEEN_TTL,
                 not_before=not_before, conversation=conversation, reads=reads)


def conversation_of(delivery: Delivery, bot_user_id: str | None) -> tuple[ConversationKey | None, str]:
    """The engine conversation a delivery belongs to (None when it has none: the Home tab, a share) and
    its lane. Buttons on the Home tab answer in the user's DM, whose channel is only known once opened:
    their lane is the user's Home, apart from the DM's."""
    body = delivery.body
    conversation: ConversationKey | None = None
    lane = f"delivery:{delivery.id}"
    match delivery.kind:
        case Kind.EVENT if body.get("type") == "app_home_opened":
            lane = f"home:{body.get('user')}"
        case Kind.EVENT:
            message = user_message(body, bot_user_id)
            if message is not None:
                thread = "" if message.where is Where.DM else message.root
                conversation = key(message.channel, thread, message.user)
        case Kind.BUTTON | Kind.SHARE:
            pressed = click(body)
            if pressed is not None and pressed.in_view:
                lane = f"home:{pressed.user}"
            elif pressed is not None and pressed.channel is not None:
                thread = pressed.value.thread if pressed.value is not None and delivery.kind is Kind.BUTTON else ""
                if pressed.value is not None and pressed.value.owner == ANYONE:  # a scheduled tip's button
                    thread = pressed.message_ts or ""
                conversation = key(pressed.channel, thread, pressed.user)
        case Kind.COMMAND:
            user, channel = body.get("user_id"), body.get("channel_id")
            if isinstance(user, str) and isinstance(channel, str):
                conversation = key(channel, "", user)
        case Kind.SHORTCUT:
            user, channel = (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id")
            if isinstance(user, str) and isinstance(channel, str):
                conversation = key(channel, "", user)
    if conversation is not None:
        lane = conversation.as_str()
    if delivery.kind is Kind.SHARE:
        conversation = None  # nothing of the engine's is read: the lane only orders it with the commands
    return conversation, lane


def _seconds(ts: str) -> float | None:
    try:
        return float(ts)
    except ValueError:
        return None
