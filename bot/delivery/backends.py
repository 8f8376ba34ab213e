"""The delivery backend for a store: Lua scripts on Redis, store calls elsewhere."""

from __future__ import annotations

from bot.delivery.backend import DEFAULT_LEASE, DeliveryBackend
from bot.delivery.generic import StoreBackend
from bot.store.base import Store

try:  # the redis extra; without it there is no Redis store either
    from bot.delivery.redis import RedisBackend
    from bot.store.redis import RedisStore
except ImportError:  # pragma: no cover - the base install
    _REDIS: tuple[type, type] | None = None
else:
    _REDIS = (RedisStore, RedisBackend)


def backend_for(store: Store, kind: str, lease: float = DEFAULT_LEASE) -> DeliveryBackend:
    """The backend of `kind`'s events (a platform: "telegram", "slack") in `store`: on a Redis store each
    step is one Lua script (`bot.delivery.redis.RedisBackend`); any other store gets `StoreBackend`."""
    if _REDIS is not None and isinstance(store, _REDIS[0]):
        backend: DeliveryBackend = _REDIS[1](store, kind, lease=lease)
        return backend
    return StoreBackend(store, kind, lease=lease)
