"""A per-user message rate limit kept in the store, so every worker shares it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.store.base import Store


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `messages` per `seconds` for one user (fixed windows)."""

    messages: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """"30/60" means 30 messages per 60 seconds. Raises ValueError when malformed."""
        count, _, window = text.partition("/")
        limit = cls(int(count), float(window or 60))
        if limit.messages < 1 or not (math.isfinite(limit.seconds) and limit.seconds > 0):
            raise ValueError(text)
        return limit


class RateLimiter:
    def __init__(self, store: Store, limit: RateLimit, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.limit = limit
        self._clock = clock

    def _window(self) -> int:
        return int(self._clock() // self.limit.seconds)

    @staticmethod
    def prefix(user: str) -> str:
        """The counters of `user` are this prefix followed by the window number."""
        return f"rate:{user}:"

    def key(self, user: str) -> str:
        """The counter of `user`'s current window."""
        return f"{self.prefix(user)}{self._window()}"

    async def allow(self, user: str, store: Store | None = None) -> bool:
        """Count one message of `user`; False once the window's allowance is used up. `store`: where to
        count, when not this limiter's own (a delivery turn's view of it)."""
        count = await (store or self.store).incr(self.key(user), self.limit.seconds + 1)
        return count <= self.limit.messages

    async def first_refusal(self, user: str, store: Store | None = None) -> bool:
        """True for the first refused message of a window (the one that gets a polite reply)."""
        return await (store or self.store).claim(f"rate-notice:{user}:{self._window()}", self.limit.seconds + 1)
