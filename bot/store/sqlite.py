"""The default store: one SQLite file in WAL mode. Each operation is a single atomic statement or
transaction, so a crash leaves either the old or the new value, never half of one."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.store.base import StoreError, Versioned

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires_at);
CREATE TABLE IF NOT EXISTS members (
    key TEXT NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (key, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS list_items (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    item TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS list_items_key ON list_items (key, expires_at);
CREATE INDEX IF NOT EXISTS list_items_expires ON list_items (expires_at);
CREATE TABLE IF NOT EXISTS tallies (
    key TEXT NOT NULL,
    field TEXT NOT NULL,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (key, field)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tallies_expires ON tallies (expires_at);
"""
_PURGE_EVERY = 500


class SQLiteStore:
    """Operations run on the calling thread: each is a sub-millisecond local write.

    Expired rows are never read, and they leave the file when the store is opened, at every list append
    or tally, every 500 writes and at `purge_expired`."""

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._writes = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._purge(self._clock())  # what expired while no process had the file open leaves it now
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open SQLite store at {self.path}: {exc}") from None

    async def get(self, key: str) -> Versioned | None:
        try:
            row = self._db.execute("SELECT value, version FROM kv WHERE key = ? AND expires_at > ?",
                                   (key, self._clock())).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite read failed: {exc}") from None
        return Versioned(row[0], row[1]) if row else None

    async def put(self, key: str, value: str, expected_version: int, ttl: float) -> bool:
        now = self._clock()
        expires = now + ttl
        try:
            if expected_version == 0:
                cur = self._db.execute(
                    "INSERT INTO kv (key, value, version, expires_at) VALUES (?, ?, 1, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = 1, "
                    "expires_at = excluded.expires_at WHERE kv.expires_at <= ?",
                    (key, value, expires, now))
            else:
                cur = self._db.execute(
                    "UPDATE kv SET value = ?, version = version + 1, expires_at = ? "
                    "WHERE key = ? AND version = ? AND expires_at > ?",
                    (value, expires, key, expected_version, now))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite write failed: {exc}") from None
        self._maybe_purge()
        return cur.rowcount == 1

    async def delete(self, key: str) -> None:
        try:
            self._db.execute("DELETE FROM kv WHERE key = ?", (key,))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite delete failed: {exc}") from None

    async def claim(self, key: str, ttl: float) -> bool:
        return await self.put(key, "1", 0, ttl)

    async def incr(self, key: str, ttl: float) -> int:
        now = self._clock()
        try:
            row = self._db.execute(
                "INSERT INTO kv (key, value, version, expires_at) VALUES (?, '', 1, ?) "
                "ON CONFLICT(key) DO UPDATE SET "
                "version = CASE WHEN kv.expires_at <= ? THEN 1 ELSE kv.version + 1 END, "
                "expires_at = CASE WHEN kv.expires_at <= ? THEN excluded.expires_at ELSE kv.expires_at END "
                "RETURNING version", (key, now + ttl, now, now)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite write failed: {exc}") from None
        return int(row[0])

    async def add_member(self, key: str, member: str) -> None:
        self._write("INSERT OR IGNORE INTO members (key, member) VALUES (?, ?)", (key, member))

    async def remove_member(self, key: str, member: str) -> None:
        self._write("DELETE FROM members WHERE key = ? AND member = ?", (key, member))

    async def members(self, key: str) -> set[str]:
        try:
            return {row[0] for row in self._db.execute("SELECT member FROM members WHERE key = ?", (key,))}
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite read failed: {exc}") from None

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        try:
            self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite write failed: {exc}") from None

    async def append(self, key: str, item: str, ttl: float) -> None:
        """Every append first deletes the expired items of every list (an indexed range delete), so
        what a list's ttl bounds never stays in the file past the next append."""
        now = self._clock()
        try:
            with self._transaction():
                self._db.execute("DELETE FROM list_items WHERE expires_at <= ?", (now,))
                self._db.execute("INSERT INTO list_items (key, item, expires_at) VALUES (?, ?, ?)",
                                 (key, item, now + ttl))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite write failed: {exc}") from None

    async def items(self, key: str) -> list[str]:
        try:
            rows = self._db.execute("SELECT item FROM list_items WHERE key = ? AND expires_at > ? "
                                    "ORDER BY expires_at, seq", (key, self._clock())).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite read failed: {exc}") from None
        return [row[0] for row in rows]

    async def tally(self, key: str, fields: Sequence[str], ttl: float) -> None:
        if not fields:
            return
        now = self._clock()
        try:
            with self._transaction():
                self._db.execute("DELETE FROM tallies WHERE expires_at <= ?", (now,))
                self._db.executemany(
                    "INSERT INTO tallies (key, field, count, expires_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(key, field) DO UPDATE SET count = count + excluded.count",
                    [(key, name, n, now + ttl) for name, n in Counter(fields).items()])
                self._db.execute("UPDATE tallies SET expires_at = ? WHERE key = ?", (now + ttl, key))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite write failed: {exc}") from None

    async def tallies(self, key: str) -> dict[str, int]:
        try:
            rows = self._db.execute("SELECT field, count FROM tallies WHERE key = ? AND expires_at > ?",
                                    (key, self._clock())).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite read failed: {exc}") from None
        return {str(name): int(count) for name, count in rows}

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    async def purge_expired(self) -> int:
        try:
            return self._purge(self._clock())
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite purge failed: {exc}") from None

    def _purge(self, now: float) -> int:
        return sum(self._db.execute(f"DELETE FROM {table} WHERE expires_at <= ?", (now,)).rowcount
                   for table in ("kv", "list_items", "tallies"))

    def _maybe_purge(self) -> None:
        self._writes += 1
        if self._writes % _PURGE_EVERY == 0:
            self._purge(self._clock())

    async def ping(self) -> bool:
        try:
            self._db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    async def close(self) -> None:
        self._db.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on an error): several statements as one write, across processes."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._db.execute("COMMIT" if error is None else "ROLLBACK")
