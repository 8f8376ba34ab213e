"""Short callback_data for inline buttons, whatever the length of the engine's payloads.

Each message with buttons gets one store record `cb:<token>` holding its buttons (label and payload)
and the user they were offered to; a button's callback_data is `<token>:<index>` (under 20 bytes,
Telegram allows 64). Records live in the engine's store, so buttons keep working after a restart.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from bot.store.base import Store
from bot.types import Button

CALLBACK_TTL = 30 * 24 * 3600.0
"""How long a message's buttons stay pressable; later presses are treated as expired."""

_PREFIX = "cb:"


@dataclass(frozen=True, slots=True)
class Pressed:
    """What a callback_data stands for: the button, and the user it was offered to."""

    button: Button
    owner: str


class CallbackRegistry:
    def __init__(self, store: Store, ttl: float = CALLBACK_TTL) -> None:
        self.store = store
        self.ttl = ttl

    async def register(self, buttons: tuple[Button, ...], owner: str) -> list[str]:
        """Record `buttons` offered to user `owner`; returns their callback_data, in order.
        Raises StoreError when the record cannot be written."""
        record = json.dumps({"u": owner, "b": [[b.label, b.payload] for b in buttons]}, ensure_ascii=False)
        while True:
            token = secrets.token_urlsafe(9)
            if await self.store.put(_PREFIX + token, record, 0, self.ttl):
                return [f"{token}:{i}" for i in range(len(buttons))]

    async def resolve(self, data: str | None) -> Pressed | None:
        """The pressed button, or None when the data is unknown, malformed or expired."""
        token, _, index = (data or "").rpartition(":")
        if not token or not index.isdigit():
            return None
        stored = await self.store.get(_PREFIX + token)
        if stored is None:
            return None
        try:
            record = json.loads(stored.value)
            label, payload = record["b"][int(index)]
            return Pressed(Button(str(label), str(payload)), str(record["u"]))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
