"""`bot.inbox.Inbox` on Redis in one round trip per accept and finish: the same steps, keys and
values as the generic inbox, run atomically by Lua scripts (a worker handles hundreds of events a
second, and each round trip to Redis costs more than the engine's whole turn)."""

from __future__ import annotations

from redis.exceptions import RedisError

from bot.inbox import DEFAULT_LEASE, DEFAULT_RECORD_TTL, DEFAULT_SEEN_TTL, Inbox
from bot.store.base import StoreError
from bot.store.redis import RedisStore

# KEYS: lease, seen, index, record. ARGV: event id, body, lease ms, record ms, owner.
_ACCEPT = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[5], 'n', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], 'v', ARGV[2], 'n', 1)
redis.call('PEXPIRE', KEYS[4], ARGV[4])
return 1
"""

# KEYS: seen, record, index. ARGV: event id, seen ms.
_FINISH = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'v', '1', 'n', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
"""


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisInbox(Inbox):
    def __init__(self, store: RedisStore, kind: str, lease: float = DEFAULT_LEASE,
                 seen_ttl: float = DEFAULT_SEEN_TTL, record_ttl: float = DEFAULT_RECORD_TTL) -> None:
        super().__init__(store, kind, lease, seen_ttl, record_ttl)
        self._accept = store.script(_ACCEPT)
        self._finish = store.script(_FINISH)

    async def accept(self, event_id: str, body: str) -> bool:
        keys = [self._lease(event_id), self._seen(event_id), self._index, self._record(event_id)]
        args: list[str | int] = [event_id, body, _ms(self.lease), _ms(self.record_ttl), self.owner]
        try:
            return bool(await self._accept(keys=keys, args=args))
        except RedisError as exc:
            raise StoreError(f"Redis inbox write failed: {exc}") from None

    async def finish(self, event_id: str) -> None:
        keys = [self._seen(event_id), self._record(event_id), self._index]
        try:
            await self._finish(keys=keys, args=[event_id, _ms(self.seen_ttl)])
        except RedisError as exc:
            raise StoreError(f"Redis inbox write failed: {exc}") from None

