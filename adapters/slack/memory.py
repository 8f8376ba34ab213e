"""What the Slack adapter keeps in the store besides conversations: messages already clicked or shared,
the threads the advisor takes part in, and the ephemeral messages it sent (to update or share them later).

Keys: `seen:slack:click:<channel>:<ts>`, `seen:slack:share:<id>` (each holds the id of the delivery that
claimed it), `slack:thread:<channel>:<root ts>` (JSON list of user ids), `slack:eph:<id>` (JSON list of
the message's parts, each text and blocks). Retried events (same `event_id`) and a message delivered
under two event ids (`seen:slack:msg:<channel>:<ts>`) are refused earlier, by the delivery pipeline.

A claim belongs to the delivery that made it: when a worker dies half-way and another resumes the same
delivery, the claims already made count as its own, so the resumed delivery is not refused as a duplicate.
"""

from __future__ import annotations

import json
from typing import Any

from bot.store.base import Store

SEEN_TTL = 3600.0
"""Slack retries a failed delivery for about five minutes; an hour covers them with room to spare."""
EPHEMERAL_TTL = 3600.0
"""A response_url works for 30 minutes; keep ephemeral messages a little longer than that."""
_PUT_ATTEMPTS = 5


class SlackMemory:
    def __init__(self, store: Store, thread_ttl: float) -> None:
        self.store = store
        self.thread_ttl = thread_ttl

    async def first_click(self, delivery: str, channel: str, message_ts: str) -> bool:
        """True for the first click on a message: its buttons are then used up."""
        return await self._claim(f"seen:slack:click:{channel}:{message_ts}", delivery, self.thread_ttl)

    async def claim(self, delivery: str, name: str) -> bool:
        return await self._claim(f"seen:slack:{name}", delivery, SEEN_TTL)

    async def _claim(self, key: str, owner: str, ttl: float) -> bool:
        """Atomic across workers: True when `owner` claims `key` now or had claimed it before."""
        if await self.store.put(key, owner, 0, ttl):
            return True
        record = await self.store.get(key)
        return record is not None and record.value == owner

    # -- threads -------------------------------------------------------------------------------

    async def join_thread(self, channel: str, root: str, user: str, store: Store | None = None) -> None:
        """Record that `user` talks with the advisor in this thread (refreshes the thread's expiry).
        `store`: the store as a delivery turn sees it (the thread's record loaded with the event)."""
        store = store or self.store
        key = thread_key(channel, root)
        for _ in range(_PUT_ATTEMPTS):
            record = await store.get(key)
            users = _users(record.value if record else None)
            if user not in users:
                users.append(user)
            if await store.put(key, json.dumps(users), record.version if record else 0, self.thread_ttl):
                return

    async def in_thread(self, channel: str, root: str, user: str, store: Store | None = None) -> bool:
        """True when `user` asked the advisor something in this thread (so follow-ups need no mention)."""
        record = await (store or self.store).get(thread_key(channel, root))
        return record is not None and user in _users(record.value)

    # -- ephemeral messages --------------------------------------------------------------------

    async def keep_message(self, message_id: str, parts: list[tuple[str, list[dict[str, Any]]]]) -> None:
        """Keep an ephemeral message (text and blocks of each part; Slack never shows it back)."""
        await self.store.put(f"slack:eph:{message_id}", _parts_json(parts), 0, EPHEMERAL_TTL)

    async def update_message(self, message_id: str, parts: list[tuple[str, list[dict[str, Any]]]]) -> None:
        """Keep the new look of an ephemeral message kept before (last writer wins; gone stays gone)."""
        key = f"slack:eph:{message_id}"
        record = await self.store.get(key)
        if record is not None:
            await self.store.put(key, _parts_json(parts), record.version, EPHEMERAL_TTL)

    async def message(self, message_id: str) -> list[tuple[str, list[dict[str, Any]]]] | None:
        """A kept ephemeral message as (text, blocks) parts, or None when unknown or expired."""
        record = await self.store.get(f"slack:eph:{message_id}")
        if record is None:
            return None
        try:
            return [(str(p["text"]), [b for b in p["blocks"] if isinstance(b, dict)]) for p in json.loads(record.value)]
        except (ValueError, KeyError, TypeError):
            return None


def _parts_json(parts: list[tuple[str, list[dict[str, Any]]]]) -> str:
    return json.dumps([{"text": t, "blocks": b} for t, b in parts], separators=(",", ":"), ensure_ascii=False)


def thread_key(channel: str, root: str) -> str:
    return f"slack:thread:{channel}:{root}"


def _users(value: str | None) -> list[str]:
    try:
        users = json.loads(value or "[]")
    except ValueError:
        return []
    return [u for u in users if isinstance(u, str)] if isinstance(users, list) else []
