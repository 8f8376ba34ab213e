"""Where conversations are kept: memory, SQLite (default) or Redis, chosen by ADVISOR_STORE."""

from bot.store.base import Store, StoreError, Versioned
from bot.store.factory import default_sqlite_path, ensure_reachable, open_store, shown_url
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore

__all__ = ["MemoryStore", "SQLiteStore", "Store", "StoreError", "Versioned", "default_sqlite_path", "ensure_reachable",
           "open_store", "shown_url"]
