"""Short callback_data for inline buttons, whatever the length of the engine's payloads.

Each message with buttons gets one store record `cb:<token>` holding its buttons (label and payload)
and the user they were offered to; a button's callback_data is `<token>:<index>` (under 20 bytes,
Telegram allows 64). Records live in the engine's store, so buttons keep working after a restart.

Within a delivery turn the records are written with the turn's finish (`Turn.defer`), in the same trip:
a press on those buttons is an update of the same chat, applied after that finish.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from bot.delivery import Turn
from bot.store.base import Store
from bot.types import Button

CALLBACK_TTL = 30 * 24 * 3600.0
"""How long a message's buttons stay pressable; later presses are treated as expired."""

_PREFIX = "cb:"
ANYONE = "*"
"""The owner of buttons anyone in the chat may press (those of a scheduled tip)."""


@dataclass(frozen=True, slots=True)
class Pressed:
    """What a callback_data stands for: the button, and the user it was offered to."""

    button: Button
    owner: str

    def may_press(self, user: str) -> bool:
        return self.owner in (user, ANYONE)


class CallbackRegistry:
    def __init__(self, store: Store, ttl: float = CALLBACK_TTL) -> None:
        self.store = store
        self.ttl = ttl

    async def register(self, buttons: tuple[Button, ...], owner: str, turn: Turn | None = None) -> list[str]:
        """Record `buttons` offered to user `owner`; returns their callback_data, in order. With `turn`,
        the record is written when the turn is finished. Raises StoreError when it cannot be written."""
        record = json.dumps({"u": owner, "b": [[b.label, b.payload] for b in buttons]}, ensure_ascii=False)
        if turn is not None:
            token = secrets.token_urlsafe(9)  # 72 random bits: never taken already
            turn.defer(_PREFIX + token, record, self.ttl)
            return [f"{token}:{i}" for i in range(len(buttons))]
        while True:
            token = secrets.token_urlsafe(9)
            if await self.store.put(_PREFIX + token, record, 0, self.ttl):
                return [f"{token}:{i}" for i in range(len(buttons))]

    async def resolve(self, data: str | None, store: Store | None = None) -> Pressed | None:
        """The pressed button, or None when the data is unknown, malformed or expired. `store`: the store
        as the update's turn sees it (the record loaded with the update: `callback_key(data)`)."""
        key = callback_key(data)
        if key is None:
            return None
        index = (data or "").rpartition(":")[2]
        stored = await (store or self.store).get(key)
        if stored is None:
            return None
        try:
            record = json.loads(stored.value)
            label, payload = record["b"][int(index)]
            return Pressed(Button(str(label), str(payload)), str(record["u"]))
        except (ValueError, KeyError, IndexError, TypeError):
            return None


def callback_key(data: str | None) -> str | None:
    """The store key of the record behind a button's callback_data; None when malformed."""
    token, _, index = (data or "").rpartition(":")
    return _PREFIX + token if token and index.isdigit() else None
