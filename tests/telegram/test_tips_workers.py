"""Scheduled tips on several real Telegram workers sharing one redis-server: each slot sent once, and a
worker killed while sending is taken over after its lease, the tip still sent once."""

from __future__ import annotations

import asyncio
import time
from datetime import time as clock_time

from bot.schedule import Cadence, ChannelKey, Schedule, Slot, Subscription, Subscriptions
from bot.store import open_store
from tests.telegram.cluster import (
    LEASE,
    Cluster,
    cluster_fixture,  # noqa: F401  (the `cluster` fixture)
    new_user,
    stand_in_fixture,  # noqa: F401  (the `stand_in` fixture)
    until,
)


async def seed(cluster: Cluster, chats: list[int], due_in: float) -> None:
    """Subscriptions whose next slot is `due_in` seconds from now (a one-off slot id for this test)."""
    store = open_store(cluster.redis.url)
    try:
        due = time.time() + due_in
        for chat in chats:
            schedule = Schedule(Cadence.DAILY, clock_time(9, 0), "UTC")
            channel = ChannelKey("telegram", str(chat))
            await Subscriptions(store).save(Subscription(channel, schedule, None, "1", "default", time.time(),
                                                         Slot(f"test-{int(due)}", due)))
    finally:
        await store.close()


def tips_sent(cluster: Cluster, chat: int) -> int:
    return sum(1 for c in cluster.api.sent(chat) if "Tip of the day" in str(c.params.get("text")))


async def test_two_workers_send_each_slot_once(cluster: Cluster) -> None:
    await cluster.start(2)
    chats = [new_user()["id"] for _ in range(40)]
    await seed(cluster, chats, due_in=2)
    await until(lambda: all(tips_sent(cluster, chat) >= 1 for chat in chats), 30, "every chat's tip")
    await asyncio.sleep(3 * LEASE)  # long enough for a duplicate to show up, if there were one
    assert [tips_sent(cluster, chat) for chat in chats] == [1] * len(chats)


async def test_a_worker_killed_mid_send_is_taken_over_and_the_tip_sent_once(cluster: Cluster) -> None:
    [first] = await cluster.start(1)
    chat = new_user()["id"]
    cluster.api.delay_next("sendMessage", chat, 30)  # the send hangs at "Telegram"...
    await seed(cluster, [chat], due_in=1)
    await until(lambda: cluster.api.held == 1, 20, "the tip to be on its way")
    first.kill()  # ...and the worker dies meanwhile: Telegram never got it
    await until(lambda: cluster.api.dropped == 1, 35, "the held call to be dropped")
    assert tips_sent(cluster, chat) == 0
    await cluster.start(1)
    await until(lambda: tips_sent(cluster, chat) == 1, 20, "another worker to send the tip")
    await asyncio.sleep(3 * LEASE)
    assert tips_sent(cluster, chat) == 1
    store = open_store(cluster.redis.url)
    try:
        found = await Subscriptions(store).get(ChannelKey("telegram", str(chat)))
        assert found is not None and found[0].next.at > time.time()  # moved on to its next day
    finally:
        await store.close()
