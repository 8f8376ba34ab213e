"""What every command that keeps conversations does before it starts: open the store named by
ADVISOR_STORE and make sure it answers, or stop with one line naming the variable and the address."""

from __future__ import annotations

from bot.config import ConfigError, CoreSettings
from bot.store import Store, StoreError, ensure_reachable, open_store


def open_configured_store(settings: CoreSettings) -> Store:
    """Raises ConfigError when ADVISOR_STORE is not understood (no connection is made yet)."""
    try:
        return open_store(settings.store_url)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None


async def require_store(store: Store, settings: CoreSettings) -> None:
    """Raises ConfigError (closing the store) when it does not answer, e.g. no Redis at that address."""
    try:
        await ensure_reachable(store, settings.store_url)
    except StoreError as exc:
        await store.close()
        raise ConfigError(str(exc)) from None


async def check_store(settings: CoreSettings) -> None:
    """Open the store, check it answers, close it: for `advisor serve ... --check`."""
    store = open_configured_store(settings)
    await require_store(store, settings)
    await store.close()
