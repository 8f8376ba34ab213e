"""Opening the store named by a URL: sqlite:///path, memory://, redis://host:port/db."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.store.base import Store, StoreError
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore


def default_sqlite_path() -> Path:
    """A file in the user's state directory (XDG_STATE_HOME), never inside the source tree."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "social-media-advisor" / "advisor.db"


def open_store(url: str | None) -> Store:
    """Open a store. Raises StoreError naming ADVISOR_STORE when the URL is not understood."""
    if not url:
        return SQLiteStore(default_sqlite_path())
    if url.startswith("memory://"):
        return MemoryStore()
    if url.startswith("sqlite:///"):
        return SQLiteStore(sqlite_path(url))
    if url.startswith(("redis://", "rediss://", "unix://")):
        try:
            from bot.store.redis import RedisStore
        except ImportError:
            raise StoreError("ADVISOR_STORE is a Redis URL but redis-py is not installed "
                             "(pip install 'social-media-advisor[redis]')") from None
        return RedisStore(url)
    raise StoreError(f"ADVISOR_STORE must start with sqlite:///, memory:// or redis://, not {url.split(':')[0]!r}")


def sqlite_path(url: str) -> Path:
    """sqlite:///var/lib/advisor.db is /var/lib/advisor.db (like file:// URLs; four slashes work too);
    sqlite:///./advisor.db and sqlite:///~/advisor.db are relative to the working and home folders."""
    rest = url[len("sqlite:///"):]
    if rest.startswith(("./", "../")):
        return Path(rest)
    if rest.startswith("~"):
        return Path(rest).expanduser()
    return Path("/" + rest.lstrip("/"))


def shown_url(url: str | None) -> str:
    """The store URL as it may be printed: a password is replaced by ***."""
    if not url:
        return f"sqlite:///{default_sqlite_path()} (the default)"
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


async def ensure_reachable(store: Store, url: str | None) -> None:
    """Raises StoreError (one line naming ADVISOR_STORE and the address) when the store does not answer."""
    try:
        answered = await store.ping()
    except StoreError:
        answered = False
    if not answered:
        hint = ("is redis-server running there?" if (url or "").startswith(("redis://", "rediss://", "unix://"))
                else "check the path and its permissions")
        raise StoreError(f"ADVISOR_STORE={shown_url(url)}: the store does not answer ({hint})")
