"""The delivery backend on Redis: each step of `bot.delivery.backend.DeliveryBackend` is one Lua script,
atomic on the server and one round trip from the worker.

Per event, on an idle lane: `record` (dedupe, aliases, queue, own the lane, take the event and load its
conversation state and rate-limit count), the engine's state write, then `finish` (deferred writes, seen,
dequeue, and the lane's next event with its loads, or release). Three round trips.

Layout: the record `inbox:<kind>:<id>` is a hash {v: body, n: 1} like every stored value, plus l (lane),
o (order), r (not before), p (keys to load, JSON), c and w (counter prefix and window), t (takes);
`queue:<kind>:<lane>` a sorted set of ids by order; `owner:<kind>:<lane>` the owner's id with a TTL (the
lease); `lanes:<kind>` a set; `seen:<kind>:<id>` and aliases hashes {v, n} like `Store.claim` makes them.
The scripts name keys other than their own (the records and loads of the next event), so this needs a
single Redis server, not a cluster.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from bot.delivery.backend import (
    DEFAULT_LEASE,
    DEFAULT_RECORD_TTL,
    DEFAULT_SEEN_TTL,
    Legacy,
    Next,
    Recorded,
    Status,
    Stop,
    Taken,
)
from bot.delivery.event import Event, Loaded, Preload, Superseded, Write
from bot.delivery.legacy import index_key, lease_key, take_legacy
from bot.store.base import StoreError, Versioned
from bot.store.redis import RedisStore

# take_head(queue, owner, lanes, lane, me, lease_ms, now, record prefix, seen prefix): the lane's first
# event for its owner, with its loads; releases the lane when it is empty.
_TAKE_HEAD = """
local function take_head(queue, owner, lanes, lane, lease, now, rp, sp)
  while true do
    local head = redis.call('ZRANGE', queue, 0, 0)[1]
    if not head then
      redis.call('DEL', owner)
      redis.call('SREM', lanes, lane)
      return {'released'}
    end
    local rec = rp .. head
    local f = redis.call('HMGET', rec, 'v', 'r', 'p', 'c', 'w')
    if (not f[1]) or redis.call('EXISTS', sp .. head) == 1 then
      redis.call('ZREM', queue, head)
    else
      redis.call('PEXPIRE', owner, lease)
      local wait = (tonumber(f[2] or '0') or 0) - now
      if wait < 0 then wait = 0 end
      local out = {'event', head, f[1], redis.call('HINCRBY', rec, 't', 1), tostring(wait)}
      local reads = {}
      if f[3] and f[3] ~= '' then reads = cjson.decode(f[3]) end
      table.insert(out, #reads)
      for _, key in ipairs(reads) do
        local kv = redis.call('HMGET', key, 'v', 'n')
        table.insert(out, key)
        table.insert(out, kv[1])
        table.insert(out, kv[2])
      end
      local window = tonumber(f[5] or '0') or 0
      if f[4] and f[4] ~= '' and window > 0 then
        local counter = f[4] .. string.format('%d', math.floor(now / window))
        local count = redis.call('INCR', counter)
        if count == 1 then redis.call('PEXPIRE', counter, math.floor((window + 1) * 1000)) end
        table.insert(out, counter)
        table.insert(out, count)
      end
      return out
    end
  end
end
"""

# KEYS: seen, record, queue, owner, lanes, legacy index, legacy lease, aliases...
# ARGV: id, body, order, not_before, reads, counter, window, record ms, me, lease ms, now, alias ms, adopt,
#       lane, record prefix, seen prefix, seen ms, call
# The record keeps the call's token (k) and what it answered (s: q queued, o owned): redis-py resends a
# command after a timeout or a dropped connection, and the resent call, finding its own record, answers
# as the first run did instead of "duplicate" (which would leave the lane owned by a worker that does
# not know it, until its lease ran out).
_RECORD = _TAKE_HEAD + """
local id, adopt = ARGV[1], ARGV[13] == '1'
local mine = redis.call('HMGET', KEYS[2], 'k', 's')
if mine[1] == ARGV[18] then
  if mine[2] == 'o' and redis.call('GET', KEYS[4]) == ARGV[9] then
    return take_head(KEYS[3], KEYS[4], KEYS[5], ARGV[14], ARGV[10], tonumber(ARGV[11]), ARGV[15], ARGV[16])
  end
  return {'queued'}
end
local function forget()
  if adopt then
    redis.call('SREM', KEYS[6], id)
    redis.call('DEL', KEYS[7])
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  if adopt then redis.call('DEL', KEYS[2]) end
  forget()
  return {'duplicate'}
end
if (redis.call('EXISTS', KEYS[2]) == 1) ~= adopt then
  forget()
  return {'duplicate'}
end
for i = 8, #KEYS do
  local held = redis.call('HGET', KEYS[i], 'v')
  if held and held ~= id then
    if adopt then
      redis.call('HSET', KEYS[1], 'v', '1', 'n', 1)
      redis.call('PEXPIRE', KEYS[1], ARGV[17])
      redis.call('DEL', KEYS[2])
    end
    forget()
    return {'duplicate'}
  end
end
for i = 8, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('HSET', KEYS[i], 'v', id, 'n', 1)
    redis.call('PEXPIRE', KEYS[i], ARGV[12])
  end
end
local owned = redis.call('EXISTS', KEYS[4]) == 0
local said = 'q'
if owned then said = 'o' end
if adopt then
  redis.call('HSET', KEYS[2], 'l', ARGV[14], 'o', ARGV[3], 'r', ARGV[4], 'p', ARGV[5], 'c', ARGV[6], 'w', ARGV[7],
             'k', ARGV[18], 's', said)
else
  redis.call('HSET', KEYS[2], 'v', ARGV[2], 'n', 1, 'l', ARGV[14], 'o', ARGV[3], 'r', ARGV[4], 'p', ARGV[5],
             'c', ARGV[6], 'w', ARGV[7], 'k', ARGV[18], 's', said)
end
redis.call('PEXPIRE', KEYS[2], ARGV[8])
forget()
redis.call('ZADD', KEYS[3], ARGV[3], id)
redis.call('SADD', KEYS[5], ARGV[14])
if not owned then return {'queued'} end
redis.call('SET', KEYS[4], ARGV[9], 'PX', ARGV[10])
return take_head(KEYS[3], KEYS[4], KEYS[5], ARGV[14], ARGV[10], tonumber(ARGV[11]), ARGV[15], ARGV[16])
"""

# KEYS: seen, record, queue, owner, lanes. ARGV: id, seen ms, me, lease ms, now, lane, take next,
# record prefix, seen prefix, then (key, value, ms) for each deferred write.
_FINISH = _TAKE_HEAD + """
for i = 10, #ARGV, 3 do
  redis.call('HSET', ARGV[i], 'v', ARGV[i + 1])
  redis.call('HINCRBY', ARGV[i], 'n', 1)
  redis.call('PEXPIRE', ARGV[i], ARGV[i + 2])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'v', '1', 'n', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[4]) ~= ARGV[3] then return {'lost'} end
if ARGV[7] ~= '1' then
  redis.call('DEL', KEYS[4])
  if redis.call('ZCARD', KEYS[3]) == 0 then redis.call('SREM', KEYS[5], ARGV[6]) end
  return {'released'}
end
return take_head(KEYS[3], KEYS[4], KEYS[5], ARGV[6], ARGV[4], tonumber(ARGV[5]), ARGV[8], ARGV[9])
"""

# KEYS: queue, owner, lanes. ARGV: me, lease ms, now, lane, record prefix, seen prefix.
_TAKE = _TAKE_HEAD + """
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return {'lost'} end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return take_head(KEYS[1], KEYS[2], KEYS[3], ARGV[4], ARGV[2], tonumber(ARGV[3]), ARGV[5], ARGV[6])
"""

# KEYS: owner, queue, key. ARGV: me, event id, value, expected version, ttl ms, lease ms.
# 1 written, 0 the version moved on, -1 superseded (not first in the lane, or the lane is not ours).
_COMMIT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('ZRANGE', KEYS[2], 0, 0)[1] ~= ARGV[2] then return -1 end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
local current = redis.call('HGET', KEYS[3], 'n')
local version = 0
if current then version = tonumber(current) end
if version ~= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[3], 'v', ARGV[3], 'n', version + 1)
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return 1
"""

# KEYS: queue, owner, lanes. ARGV: me, lane.
_RELEASE = """
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[2])
end
return {}
"""

# ARGV: me, lease ms, owner prefix, lanes... Returns the lanes no longer ours.
_RENEW = """
local lost = {}
for i = 4, #ARGV do
  local owner = ARGV[3] .. ARGV[i]
  if redis.call('GET', owner) == ARGV[1] then
    redis.call('PEXPIRE', owner, ARGV[2])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""

# KEYS: lanes. ARGV: me, lease ms, queue prefix, owner prefix. Returns the lanes taken.
_ORPHANS = """
local taken = {}
for _, lane in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local owner = ARGV[4] .. lane
  if redis.call('EXISTS', owner) == 0 then
    if redis.call('ZCARD', ARGV[3] .. lane) == 0 then
      redis.call('SREM', KEYS[1], lane)
    else
      redis.call('SET', owner, ARGV[1], 'PX', ARGV[2])
      table.insert(taken, lane)
    end
  end
end
return taken
"""


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class RedisBackend:
    def __init__(self, store: RedisStore, kind: str, lease: float = DEFAULT_LEASE,
                 seen_ttl: float = DEFAULT_SEEN_TTL, record_ttl: float = DEFAULT_RECORD_TTL,
                 owner: str | None = None) -> None:
        self.store = store
        self.kind = kind
        self.lease = lease
        self.seen_ttl = seen_ttl
        self.record_ttl = record_ttl
        self.owner = owner or secrets.token_hex(8)
        self._records = f"inbox:{kind}:"
        self._seen = f"seen:{kind}:"
        self._queues = f"queue:{kind}:"
        self._owners = f"owner:{kind}:"
        self._lanes = f"lanes:{kind}"
        self._record = store.script(_RECORD)
        self._finish = store.script(_FINISH)
        self._take = store.script(_TAKE)
        self._release = store.script(_RELEASE)
        self._commit = store.script(_COMMIT)
        self._renew = store.script(_RENEW)
        self._orphans = store.script(_ORPHANS)

    async def record(self, event: Event, preload: Preload, now: float) -> Recorded:
        return await self._recorded(event, preload, now, adopt=False)

    async def adopt(self, event: Event, preload: Preload, now: float) -> Recorded:
        return await self._recorded(event, preload, now, adopt=True)

    async def _recorded(self, event: Event, preload: Preload, now: float, adopt: bool) -> Recorded:
        keys = [self._seen + event.id, self._records + event.id, self._queues + event.lane,
                self._owners + event.lane, self._lanes, index_key(self.kind), lease_key(self.kind, event.id),
                *event.aliases]
        args: list[str | int | float] = [
            event.id, event.body, repr(float(event.order)), repr(float(event.not_before)),
            json.dumps(list(preload.reads)) if preload.reads else "", preload.counter or "", repr(preload.window),
            _ms(self.record_ttl), self.owner, _ms(self.lease), repr(now), _ms(event.alias_ttl), "1" if adopt else "0",
            event.lane, self._records, self._seen, _ms(self.seen_ttl), f"{self.owner}:{secrets.token_hex(6)}"]
        reply = await self._run(self._record, keys, args)
        match reply[0]:
            case "duplicate":
                return Recorded(Status.DUPLICATE)
            case "queued":
                return Recorded(Status.QUEUED)
        return Recorded(Status.OWNED, _next(reply))

    async def take(self, lane: str, now: float) -> Next:
        keys = [self._queues + lane, self._owners + lane, self._lanes]
        args: list[str | int | float] = [self.owner, _ms(self.lease), repr(now), lane, self._records, self._seen]
        return _next(await self._run(self._take, keys, args))

    async def finish(self, lane: str, event_id: str, writes: list[Write], now: float, take_next: bool) -> Next:
        keys = [self._seen + event_id, self._records + event_id, self._queues + lane, self._owners + lane, self._lanes]
        args: list[str | int | float] = [event_id, _ms(self.seen_ttl), self.owner, _ms(self.lease), repr(now), lane,
                                         "1" if take_next else "0", self._records, self._seen]
        for write in writes:
            args += [write.key, write.value, _ms(write.ttl)]
        return _next(await self._run(self._finish, keys, args))

    async def commit(self, lane: str, event_id: str, key: str, value: str, expected_version: int,
                     ttl: float) -> bool:
        written = await self._run(self._commit, [self._owners + lane, self._queues + lane, key],
                                  [self.owner, event_id, value, expected_version, _ms(ttl), _ms(self.lease)])
        if int(written) < 0:
            raise Superseded(f"{event_id} is no longer first in lane {lane}")
        return bool(written)

    async def release(self, lane: str) -> None:
        await self._run(self._release, [self._queues + lane, self._owners + lane, self._lanes], [self.owner, lane])

    async def renew(self, lanes: list[str]) -> list[str]:
        if not lanes:
            return []
        lost = await self._run(self._renew, [], [self.owner, _ms(self.lease), self._owners, *lanes])
        return [str(lane) for lane in lost]

    async def orphan_lanes(self) -> list[str]:
        taken = await self._run(self._orphans, [self._lanes], [self.owner, _ms(self.lease), self._queues, self._owners])
        return sorted(str(lane) for lane in taken)

    async def legacy(self) -> list[Legacy]:
        return await take_legacy(self.store, self.kind, self.owner, self.lease)

    async def drop(self, event_id: str) -> None:
        await self.store.claim(self._seen + event_id, self.seen_ttl)
        await self.store.delete(self._records + event_id)
        await self.store.remove_member(index_key(self.kind), event_id)
        await self.store.delete(lease_key(self.kind, event_id))

    async def unfinished(self) -> set[str]:
        ids = set(await self.store.members(index_key(self.kind)))
        redis = self.store.client
        try:
            for lane in await redis.smembers(self._lanes):
                ids.update(str(i) for i in await redis.zrange(self._queues + str(lane), 0, -1))
            return {i for i in ids if await redis.exists(self._records + i)}
        except RedisError as exc:
            raise StoreError(f"Redis read failed: {exc}") from None

    async def is_finished(self, event_id: str) -> bool:
        return await self.store.get(self._seen + event_id) is not None

    async def _run(self, script: AsyncScript, keys: Sequence[str], args: Sequence[str | int | float]) -> Any:
        try:
            return await script(keys=list(keys), args=list(args))
        except (RedisError, OSError) as exc:
            raise StoreError(f"Redis delivery step failed: {exc}") from None


def _next(reply: list[Any]) -> Next:
    """A script's answer: released, lost, or event <id> <body> <takes> <wait> <n> (<key> <value> <version>)*n
    [<counter> <count>]."""
    match reply[0]:
        case "released":
            return Stop.RELEASED
        case "lost":
            return Stop.LOST
    _, event_id, body, attempt, wait, count = reply[:6]
    values: dict[str, Versioned | None] = {}
    position = 6
    for _ in range(int(count)):
        key, value, version = reply[position:position + 3]
        values[str(key)] = Versioned(str(value), int(version)) if value is not None and version is not None else None
        position += 3
    counts = {str(reply[position]): int(reply[position + 1])} if len(reply) > position + 1 else {}
    return Taken(str(event_id), str(body), int(attempt), Loaded(values, counts), float(wait))
