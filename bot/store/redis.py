"""The store for several workers: Redis through redis-py's asyncio client.

Values live in a hash {v: value, n: version} with a TTL; a Lua script makes the versioned write
atomic on the server, so two workers writing the same conversation can never both win. Connection
errors are retried with backoff (redis-py's Retry), so a restarted redis-server is picked up again.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Sequence

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store.base import StoreError, Versioned

_PUT = """
local current = redis.call('HGET', KEYS[1], 'n')
local expected = tonumber(ARGV[2])
local version = 0
if current then version = tonumber(current) end
if version ~= expected then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', version + 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""

_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', '1', 'n', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""

_INCR = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""

# A list whose items expire on their own: a sorted set scored by each item's expiry (ms); the key itself
# lives as long as its last item. KEYS: list. ARGV: now ms, expiry ms, member.
_APPEND = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local wanted = tonumber(ARGV[2]) - tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < wanted then redis.call('PEXPIRE', KEYS[1], wanted) end
return 1
"""

# KEYS: tally. ARGV: ttl ms, then the fields.
_TALLY = """
for i = 2, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""
_UNIQUE = 20
"""Hex digits before each list item (nanosecond clock, then 4 random digits): items expiring in the same
millisecond keep their append order, and two equal items stay two."""

MAX_CONNECTIONS = 64


class RedisStore:
    def __init__(self, url: str) -> None:
        self.url = url
        retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=8)
        try:
            # A blocking pool: past MAX_CONNECTIONS commands wait for a free connection instead of
            # failing with "Too many connections" under a burst.
            pool = BlockingConnectionPool.from_url(
                url, max_connections=MAX_CONNECTIONS, timeout=10, decode_responses=True, retry=retry,
                retry_on_error=[RedisConnectionError, RedisTimeoutError], socket_timeout=5,
                socket_connect_timeout=2, health_check_interval=15)
            self._redis = Redis(connection_pool=pool)
        except ValueError as exc:
            raise StoreError(f"ADVISOR_STORE is not a valid Redis URL: {exc}") from None
        self._put = self._redis.register_script(_PUT)
        self._incr = self._redis.register_script(_INCR)
        self._claim = self._redis.register_script(_CLAIM)
        self._append = self._redis.register_script(_APPEND)
        self._tally = self._redis.register_script(_TALLY)

    @property
    def client(self) -> Redis:
        """The redis-py client, for backends built on this store (`bot.delivery.redis`)."""
        return self._redis

    def script(self, lua: str) -> AsyncScript:
        """A Lua script run atomically on the server (for callers needing several steps in one trip)."""
        return self._redis.register_script(lua)

    async def get(self, key: str) -> Versioned | None:
        try:
            value, version = await self._redis.hmget(key, ["v", "n"])
        except RedisError as exc:
            raise StoreError(f"Redis read failed: {exc}") from None
        return Versioned(str(value), int(version)) if value is not None and version is not None else None

    async def put(self, key: str, value: str, expected_version: int, ttl: float) -> bool:
        try:
            return bool(await self._put(keys=[key], args=[value, expected_version, max(1, int(ttl * 1000))]))
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def delete(self, key: str) -> None:
        try:
            await self._redis.delete(key)
        except RedisError as exc:
            raise StoreError(f"Redis delete failed: {exc}") from None

    async def claim(self, key: str, ttl: float) -> bool:
        try:
            return bool(await self._claim(keys=[key], args=[max(1, int(ttl * 1000))]))
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def incr(self, key: str, ttl: float) -> int:
        try:
            return int(await self._incr(keys=[key], args=[max(1, int(ttl * 1000))]))
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def add_member(self, key: str, member: str) -> None:
        try:
            await self._redis.sadd(key, member)
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def remove_member(self, key: str, member: str) -> None:
        try:
            await self._redis.srem(key, member)
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def members(self, key: str) -> set[str]:
        try:
            return {str(m) for m in await self._redis.smembers(key)}
        except RedisError as exc:
            raise StoreError(f"Redis read failed: {exc}") from None

    async def append(self, key: str, item: str, ttl: float) -> None:
        now = int(time.time() * 1000)
        member = f"{time.time_ns():016x}{secrets.token_hex(2)}{item}"
        try:
            await self._append(keys=[key], args=[now, now + max(1, int(ttl * 1000)), member])
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def items(self, key: str) -> list[str]:
        try:
            members = await self._redis.zrangebyscore(key, f"({int(time.time() * 1000)}", "+inf")
        except RedisError as exc:
            raise StoreError(f"Redis read failed: {exc}") from None
        return [str(m)[_UNIQUE:] for m in members]

    async def tally(self, key: str, fields: Sequence[str], ttl: float) -> None:
        if not fields:
            return
        try:
            await self._tally(keys=[key], args=[max(1, int(ttl * 1000)), *fields])
        except RedisError as exc:
            raise StoreError(f"Redis write failed: {exc}") from None

    async def tallies(self, key: str) -> dict[str, int]:
        try:
            return {str(k): int(v) for k, v in (await self._redis.hgetall(key)).items()}
        except RedisError as exc:
            raise StoreError(f"Redis read failed: {exc}") from None

    async def purge_expired(self) -> int:
        return 0  # Redis expires keys by itself

    async def ping(self, timeout: float = 2.0) -> bool:
        try:
            return bool(await asyncio.wait_for(self._redis.ping(), timeout))
        except (RedisError, OSError, TimeoutError):
            return False

    async def close(self) -> None:
        await self._redis.aclose()
