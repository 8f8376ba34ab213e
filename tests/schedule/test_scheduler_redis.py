"""Two schedulers on a real redis-server send each slot once, through the Redis store's own atomicity."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.knowledge.model import Knowledge
from bot.schedule import ChannelKey, Subscriptions
from bot.store import open_store
from tests.redis_server import RedisServer
from tests.schedule.fakes import FakeClock, RecordingSender
from tests.schedule.test_scheduler import scheduler, subscribe


async def test_two_schedulers_on_redis_send_each_slot_once(knowledge: Knowledge, redis_server: RedisServer) -> None:
    clock = FakeClock(datetime.now(UTC))
    stores = [open_store(redis_server.url.rsplit("/", 1)[0] + "/5") for _ in range(2)]
    try:
        await stores[0]._redis.flushdb()  # type: ignore[attr-defined]
        sender = RecordingSender(clock)
        for n in range(60):
            sub = await subscribe(stores[0], clock, channel=ChannelKey("slack", f"C{n:03d}"), tz="UTC")
        workers = [scheduler(store, knowledge, sender, clock) for store in stores]
        clock.now = sub.next.at + 30
        await asyncio.gather(*(w.tick() for w in workers))
        await asyncio.gather(*(w.tick() for w in workers))
        assert sorted(s.channel.chat for s in sender.sent) == [f"C{n:03d}" for n in range(60)]
        subs = await Subscriptions(stores[1]).all()
        assert len(subs) == 60 and all(s.next.at > clock() for s in subs)
    finally:
        for store in stores:
            await store.close()
