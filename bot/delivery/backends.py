"""The delivery backend for a store: Lua scripts on Redis, store calls elsewhere."""

from __future__ import annotations

import sys

from bot.delivery.backend import DEFAULT_LEASE, DeliveryBackend
from bot.delivery.generic import StoreBackend
from bot.store.base import Store


def backend_for(store: Store, kind: str, lease: float = DEFAULT_LEASE) -> DeliveryBackend:
    """The backend of `kind`'s events (a platform: "telegram", "slack") in `store`: on a Redis store each
    step is one Lua script (`bot.delivery.redis.RedisBackend`); any other store gets `StoreBackend`.

    redis-py is imported only for a Redis store (a Redis store exists only once `bot.store.redis` was
    imported), so the console and SQLite deployments start without it."""
    redis_stores = sys.modules.get("bot.store.redis")
    if redis_stores is not None and isinstance(store, redis_stores.RedisStore):
        from bot.delivery.redis import RedisBackend

        return RedisBackend(store, kind, lease=lease)
    return StoreBackend(store, kind, lease=lease)
