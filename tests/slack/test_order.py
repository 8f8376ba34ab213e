"""Order across workers: Slack gives no delivery order, so messages are applied in `ts` order, whichever
worker received them and in whatever order they arrived (within the reorder window), and answered in
that order; also when a worker is killed in the middle of a burst.

Real `advisor serve slack` workers on a real redis-server; the engine alone says what each DM must show.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from adapters.slack.render import button_elements, render_reply
from bot.advisor import Advisor
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming
from tests.redis_server import RedisServer
from tests.slack.cluster import Cluster, comparable, running_cluster
from tests.slack.harness import dm_channel
from tests.slack.test_workers import MESSAGES

PEOPLE = 12
WINDOW = 2.0
"""The reorder window of these workers: generous, so that a loaded machine still posts a burst within it."""
ENV = {"ADVISOR_RATE_LIMIT": "off", "ADVISOR_INBOX_LEASE": "2", "ADVISOR_INBOX_SWEEP": "0.5",
       "SLACK_REORDER_WINDOW": str(WINDOW)}
HOLD = 8.0


async def reference(knowledge: Knowledge, texts: Sequence[str]) -> tuple[list[str], ConversationState]:
    """The Slack messages `texts` get in one process on one store, in this order, and the final state."""
    advisor = Advisor(knowledge, MemoryStore())
    key = ConversationKey("slack", "D0REF", "", "U0REF")
    shown = []
    for text in texts:
        for reply in await advisor.handle(Incoming(key, text)):
            shown += [m.text for m in render_reply(reply, button_elements(reply.buttons, "U0REF", ""))]
    return shown, await advisor.state(key)


def stamps(count: int) -> list[str]:
    """`count` increasing message ts from now, as Slack gives them."""
    now = time.time()
    return [f"{now + n * 0.001:.6f}" for n in range(count)]


async def post(cluster: Cluster, worker: int, user: str, text: str, ts: str) -> None:
    event = cluster.harness.message_event(user, text, dm_channel(user), ts=ts)
    result = await cluster.send_event(worker, cluster.harness.event_body(event))
    assert result.status == 200, result


async def answered(cluster: Cluster, users: Sequence[str], count: int, timeout: float) -> None:
    await asyncio.gather(*(cluster.api.wait_posted(dm_channel(u), count, timeout) for u in users))


async def check(cluster: Cluster, users: Sequence[str], shown: list[str], final: ConversationState) -> None:
    await asyncio.sleep(0.5)  # a late or repeated answer would show up now
    for user in users:
        assert [m.text for m in cluster.api.by_channel[dm_channel(user)]] == shown, user
        assert _plain(await cluster.state(dm_channel(user), user)) == _plain(final), user
    assert await cluster.pending() == set()


def _plain(state: ConversationState) -> ConversationState:
    """Without the random ids of a walk-through's run and of the answers remembered for feedback."""
    return comparable(replace(state, flow=replace(state.flow, run="") if state.flow else None))


async def test_a_burst_alternating_over_two_workers_is_applied_and_answered_in_order(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    shown, final = await reference(knowledge, MESSAGES)
    users = [f"U0FAST{n}" for n in range(PEOPLE)]

    async def burst(cluster: Cluster, n: int, user: str) -> None:
        for i, (text, ts) in enumerate(zip(MESSAGES, stamps(len(MESSAGES)), strict=True)):
            await post(cluster, (n + i) % 2, user, text, ts)  # the next one as soon as this one is acknowledged

    async with running_cluster(redis_server, knowledge, tmp_path, env=ENV) as cluster:
        await asyncio.gather(*(burst(cluster, n, u) for n, u in enumerate(users)))
        await answered(cluster, users, len(shown), 60)
        await check(cluster, users, shown, final)


async def test_messages_arriving_out_of_order_are_applied_in_ts_order_within_the_window(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    texts = MESSAGES[1:5]  # the walk-through's first steps: each only makes sense after the one before
    shown, final = await reference(knowledge, texts)
    users = [f"U0LATE{n}" for n in range(PEOPLE)]
    arrival = (3, 1, 2, 0)  # the last message typed reaches a worker first, the first one last

    async def typed(cluster: Cluster, n: int, user: str) -> None:
        ts = stamps(len(texts))
        for i, index in enumerate(arrival):
            await post(cluster, (n + i) % 2, user, texts[index], ts[index])

    async with running_cluster(redis_server, knowledge, tmp_path, env=ENV) as cluster:
        started = time.monotonic()
        await asyncio.gather(*(typed(cluster, n, u) for n, u in enumerate(users)))
        await answered(cluster, users, len(shown), WINDOW + 30)
        assert time.monotonic() - started < WINDOW + 30  # a bounded wait: the window, then the turns
        await check(cluster, users, shown, final)


async def test_sigkill_mid_burst_loses_and_reorders_nothing(redis_server: RedisServer, knowledge: Knowledge,
                                                            tmp_path: Path) -> None:
    shown, final = await reference(knowledge, MESSAGES)
    users = [f"U0KILL{n}" for n in range(PEOPLE)]

    async def burst(cluster: Cluster, n: int, user: str, texts: Sequence[str], ts: Sequence[str],
                    workers: Sequence[int]) -> None:
        for i, (text, stamp) in enumerate(zip(texts, ts, strict=True)):
            await post(cluster, workers[(n + i) % len(workers)], user, text, stamp)

    async with running_cluster(redis_server, knowledge, tmp_path, env=ENV) as cluster:
        api = cluster.api
        # Answers are slow to reach Slack (longer than the first half of the burst takes): when worker 0
        # dies, each of its conversations has an answer on the wire, never delivered, and more messages
        # acknowledged behind it. Every conversation's first answer is held: a turn waiting for Slack
        # gives its place to others (waiting_for_the_platform), so all of them get that far. Holding
        # fewer let a conversation of worker 0 have its answer delivered and be killed before `finish`,
        # the one case where a reply is sent twice (README, "Several workers": no idempotency key).
        on_the_wire = PEOPLE
        api.slow("chat.postMessage", HOLD, times=on_the_wire)
        ts = {u: stamps(len(MESSAGES)) for u in users}
        await asyncio.gather(*(burst(cluster, n, u, MESSAGES[:5], ts[u][:5], (0, 1)) for n, u in enumerate(users)))
        await api.wait_for(lambda: api.held == on_the_wire, timeout=10)
        await asyncio.to_thread(cluster.workers[0].kill)
        await asyncio.gather(*(burst(cluster, n, u, MESSAGES[5:], ts[u][5:], (1,)) for n, u in enumerate(users)))
        await answered(cluster, users, len(shown), HOLD + 60)
        assert api.dropped, "worker 0 had answers on the wire"
        await asyncio.sleep(2 + 1)  # past a lease and a sweep: nothing repeated comes
        await check(cluster, users, shown, final)
