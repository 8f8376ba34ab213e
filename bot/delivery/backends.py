"""The delivery backend for a store: Lua scripts on Redis (when the store offers them), store calls elsewhere."""

from __future__ import annotations

from bot.delivery.backend import DEFAULT_LEASE, DeliveryBackend
from bot.delivery.generic import StoreBackend
from bot.store.base import Store


def backend_for(store: Store, kind: str, lease: float = DEFAULT_LEASE) -> DeliveryBackend:
    """The backend of `kind`'s events (a platform: "telegram", "slack") in `store`. A store with its own
    implementation offers `delivery_backend(kind, lease)` (Redis); any other gets `StoreBackend`."""
    own = getattr(store, "delivery_backend", None)
    if callable(own):
        backend: DeliveryBackend = own(kind, lease)
        return backend
    return StoreBackend(store, kind, lease=lease)
