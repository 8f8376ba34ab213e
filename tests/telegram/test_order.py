"""Order across workers: a person typing fast, each update going to whichever webhook worker the load
balancer picks, gets every message applied and answered in update_id order, also when a worker is
killed in the middle of the burst.

Updates are posted the way Telegram delivers them: a chat's next update as soon as the previous one got
its 200, without waiting for any answer. Real workers on a real redis-server; the engine alone says what
each chat must get back.
"""

from __future__ import annotations

import asyncio

from tests.telegram.cluster import (
    LEASE,
    SWEEP,
    Cluster,
    cluster_fixture,  # noqa: F401  (the `cluster` fixture)
    stand_in_fixture,  # noqa: F401  (the `stand_in` fixture)
    until,
)
from tests.telegram.test_workers import TYPED, Chatter
from tests.workers import Worker

PEOPLE = 12
HOLD = 8.0


async def burst(person: Chatter, texts: list[str], workers: list[Worker], first: int = 0) -> None:
    """Post `texts` as Telegram would (each once the previous one was acknowledged), alternating workers."""
    for n, text in enumerate(texts):
        person.expected.extend(await person.reference.say(text))
        await person.cluster.deliver(workers[(first + n) % len(workers)], person.say_update(text))


async def answered(people: list[Chatter], timeout: float) -> None:
    await until(lambda: all(len(p.sent()) >= len(p.expected) for p in people), timeout, "every answer")


async def test_a_burst_alternating_over_two_workers_is_applied_and_answered_in_order(cluster: Cluster) -> None:
    workers = await cluster.start(2)
    people = [Chatter(cluster, f"Fast{i}") for i in range(PEOPLE)]
    await asyncio.gather(*(burst(p, TYPED[i % len(TYPED)], workers, i) for i, p in enumerate(people)))
    await answered(people, 60)
    await asyncio.sleep(SWEEP * 2)  # a late or repeated answer would show up now
    for person in people:
        await person.check()  # the answers in order, and the state of the messages applied in order


async def test_sigkill_mid_burst_loses_and_reorders_nothing(cluster: Cluster) -> None:
    doomed, survivor = await cluster.start(2)
    people = [Chatter(cluster, f"Burst{i}") for i in range(PEOPLE)]
    script = TYPED[0]
    # Answers are slow to reach Telegram (longer than the first half of the burst takes): when the
    # doomed worker dies, each of its lanes has a reply on the wire, never delivered, and more updates
    # acknowledged behind it.
    cluster.api.slow("sendMessage", HOLD)
    await asyncio.gather(*(burst(p, script[:5], [doomed, survivor], i) for i, p in enumerate(people)))
    await until(lambda: cluster.api.held > 0, 10, "answers on the wire")
    await asyncio.to_thread(doomed.kill)
    cluster.api.slow("sendMessage", 0)
    # Telegram sends the rest to the survivor (the load balancer finds the other worker dead).
    await asyncio.gather(*(burst(p, script[5:], [survivor]) for p in people))
    await answered(people, LEASE + 60)
    await asyncio.sleep(LEASE + SWEEP * 2)  # past a lease and a sweep: nothing repeated comes
    assert cluster.api.dropped > 0, "the doomed worker had answers on the wire"
    for person in people:
        await person.check()
