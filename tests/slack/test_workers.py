"""Slack in HTTP mode with several workers on one real redis-server: conversations shared, every message
answered exactly once, through load, a killed worker, a restarted redis-server and a graceful stop.

Workers are real `advisor serve slack` processes (tests/slack/cluster.py); the stand-in Web
API runs in the test process and counts what each channel received.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import aiohttp
import pytest

from adapters.slack.delivery import Delivery, Kind
from adapters.slack.render import button_elements, render_reply
from bot.advisor import Advisor
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming
from tests.redis_server import RedisServer
from tests.slack.cluster import Cluster, comparable, running_cluster
from tests.slack.harness import BOT_USER, CHANNEL, dm_channel

MESSAGES = ("what is a persona?", "help me choose platforms", "visibility and leads", "mostly B2B", "25 to 45",
            "we do blog posts and some photos", "about 5 hours", "what is a community?",
            "how do i grow my audience?", "thanks")
"""Ten messages: a question, the whole platform walk-through by typing, three more questions."""
NO_LIMIT = {"ADVISOR_RATE_LIMIT": "off"}


async def _reference(knowledge: Knowledge) -> tuple[list[int], ConversationState]:
    """What one process on one store does with MESSAGES: Slack messages per reply, and the final state."""
    advisor = Advisor(knowledge, MemoryStore())
    key = ConversationKey("slack", "D0REF", "", "U0REF")
    counts = []
    for text in MESSAGES:
        replies = await advisor.handle(Incoming(key, text))
        counts.append(sum(len(render_reply(r, button_elements(r.buttons, "U0REF", ""))) for r in replies))
    return counts, comparable(await advisor.state(key))


async def _converse(cluster: Cluster, user: str, texts: Sequence[str], counts: Sequence[int], first_worker: int = 0,
                    workers: Sequence[int] = (0, 1), timeout: float = 30.0) -> None:
    """Send `texts` one after the other (each once the answer to the previous one arrived, as a person
    would), alternating between `workers`, and wait for each answer."""
    channel = dm_channel(user)
    expected = len(cluster.api.by_channel[channel])
    for n, (text, count) in enumerate(zip(texts, counts, strict=True)):
        result = await cluster.dm(workers[(first_worker + n) % len(workers)], user, text)
        assert result.status == 200, result
        expected += count
        await cluster.api.wait_posted(channel, expected, timeout)


async def _until(condition: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_a_walk_through_alternating_between_workers(redis_server: RedisServer, knowledge: Knowledge,
                                                          tmp_path: Path) -> None:
    ann = "U0ANN"
    channel = dm_channel(ann)
    async with running_cluster(redis_server, knowledge, tmp_path) as cluster:
        api = cluster.api
        assert (await cluster.dm(0, ann, "help me choose platforms")).status == 200
        clicks = ["Visibility", "Leads & customers", "Done", "Businesses (B2B)", "25-34", "35-54", "Done",
                  "Articles & blog posts", "Images & photos", "Done", "5 h"]
        for step, label in enumerate(clicks, start=1):
            await api.wait_posted(channel, step)
            message = next(m for m in reversed(api.by_channel[channel]) if label in m.labels())
            assert (await cluster.click(step % 2, message, label, ann)).status == 200
            await api.wait_for(lambda m=message: m.labels() == [])  # the choice shown, the buttons gone
        messages = await api.wait_posted(channel, len(clicks) + 2)
        assert [n for n in "12345" if any(f"{n}/5" in m.text for m in messages)] == list("12345")
        assert "LinkedIn" in messages[-2].text
        assert (await cluster.state(channel, ann)).flow is None

        # in a channel thread, by typing, each answer through the other worker
        root = cluster.harness.new_ts()
        event = cluster.harness.message_event(ann, f"<@{BOT_USER}> help me choose platforms", CHANNEL,
                                              kind="app_mention", ts=root)
        assert (await cluster.send_event(1, cluster.harness.event_body(event))).status == 200
        for step, text in enumerate(MESSAGES[2:7], start=1):
            await api.wait_posted(CHANNEL, step)
            reply = cluster.harness.message_event(ann, text, CHANNEL, thread_ts=root)
            assert (await cluster.send_event(step % 2, cluster.harness.event_body(reply))).status == 200
        thread = await api.wait_posted(CHANNEL, 7)
        assert all(m.thread_ts == root for m in thread) and "LinkedIn" in thread[5].text
        assert (await cluster.state(CHANNEL, ann, root)).turns == 6


async def test_200_conversations_of_10_messages_across_both_workers(redis_server: RedisServer, knowledge: Knowledge,
                                                                    tmp_path: Path) -> None:
    counts, final = await _reference(knowledge)
    users = [f"U0LOAD{n:04d}" for n in range(200)]
    async with running_cluster(redis_server, knowledge, tmp_path, env=NO_LIMIT) as cluster:
        await asyncio.gather(*(_converse(cluster, user, MESSAGES, counts, first_worker=n % 2, timeout=60)
                               for n, user in enumerate(users)))
        await asyncio.sleep(0.5)  # room for any extra reply to show up
        posted = cluster.api.calls_to("chat.postMessage")
        assert len(posted) == len(users) * sum(counts)
        for user in users:
            assert len(cluster.api.by_channel[dm_channel(user)]) == sum(counts), user
            assert await cluster.state(dm_channel(user), user) == final, user
        assert await cluster.pending() == set()


async def test_the_same_delivery_to_both_workers_at_once_is_answered_once(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    users = [f"U0TWICE{n:02d}" for n in range(20)]
    async with running_cluster(redis_server, knowledge, tmp_path, env=NO_LIMIT) as cluster:
        harness = cluster.harness
        bodies = [harness.event_body(harness.message_event(u, "what is a persona?", dm_channel(u))) for u in users]
        results = await asyncio.gather(*(cluster.send_event(w, body) for body in bodies for w in (0, 1)))
        assert {r.status for r in results} == {200}

        # a mention arrives as app_mention and as message (two event ids, one ts), here on both workers
        ts = harness.new_ts()
        pair = [harness.event_body(harness.message_event("U0ANN", f"<@{BOT_USER}> what is a community?", CHANNEL,
                                                         kind=kind, ts=ts)) for kind in ("app_mention", "message")]
        assert {r.status for r in await asyncio.gather(*(cluster.send_event(w, b) for b in pair for w in (0, 1)))} \
            == {200}

        # one click, delivered to both workers
        prompt = (await cluster.api.wait_posted(dm_channel(users[0]), 1))[0]
        click = harness.click_payload(prompt, prompt.labels()[0], users[0])
        assert {r.status for r in await asyncio.gather(cluster.send_click(0, click), cluster.send_click(1, click))} \
            == {200}

        for user in users:
            await cluster.api.wait_posted(dm_channel(user), 1)
        await cluster.api.wait_posted(CHANNEL, 1)
        await cluster.api.wait_posted(dm_channel(users[0]), 2)
        await asyncio.sleep(0.5)
        assert [len(cluster.api.by_channel[dm_channel(u)]) for u in users] == [2] + [1] * (len(users) - 1)
        assert len(cluster.api.by_channel[CHANNEL]) == 1
        assert len(cluster.api.calls_to("chat.update")) == 1
        assert await cluster.pending() == set()


async def test_a_killed_worker_is_taken_over(redis_server: RedisServer, knowledge: Knowledge,
                                             tmp_path: Path) -> None:
    """SIGKILL while four answers are on their way to Slack: those deliveries were acknowledged, and
    the engine had already applied them. The other worker finishes them, each applied and answered once."""
    counts, final = await _reference(knowledge)
    env = NO_LIMIT | {"ADVISOR_INBOX_LEASE": "2", "ADVISOR_INBOX_SWEEP": "0.5"}
    keeper, orphans = "U0KEEP", [f"U0ORPHAN{n}" for n in range(4)]
    async with running_cluster(redis_server, knowledge, tmp_path, env=env) as cluster:
        api = cluster.api
        await _converse(cluster, keeper, MESSAGES[:4], counts[:4])
        await asyncio.gather(*(_converse(cluster, u, MESSAGES[:3], counts[:3], workers=(1,)) for u in orphans))

        # Worker 0 must own their lanes to die with their answers: worker 1 has finished with them.
        await asyncio.gather(*(cluster.idle(dm_channel(u), u) for u in orphans))
        api.slow("chat.postMessage", 30, times=len(orphans))
        for user in orphans:
            assert (await cluster.dm(0, user, MESSAGES[3])).status == 200  # acknowledged by worker 0
        await api.wait_for(lambda: api.held == len(orphans), timeout=10)
        await asyncio.to_thread(cluster.workers[0].kill)

        await _converse(cluster, keeper, MESSAGES[4:], counts[4:], workers=(1,))  # the conversation goes on
        for user in orphans:
            messages = await api.wait_posted(dm_channel(user), sum(counts[:4]), timeout=15)
            assert "3/5" in messages[-1].text
        assert len(api.dropped) == len(orphans)  # what worker 0 was sending never reached Slack
        for user in orphans:
            assert (await cluster.state(dm_channel(user), user)).turns == 4  # applied once
        await asyncio.gather(*(_converse(cluster, u, MESSAGES[4:], counts[4:], workers=(1,)) for u in orphans))
        await asyncio.sleep(0.3)
        for user in [keeper, *orphans]:
            assert len(api.by_channel[dm_channel(user)]) == sum(counts), user
            assert await cluster.state(dm_channel(user), user) == final, user
        assert await cluster.pending() == set()


async def test_redis_restarted_while_workers_run(redis_server: RedisServer, knowledge: Knowledge,
                                                 tmp_path: Path) -> None:
    counts, final = await _reference(knowledge)
    users = [f"U0RESTART{n}" for n in range(10)]
    async with running_cluster(redis_server, knowledge, tmp_path, env=NO_LIMIT) as cluster:
        await asyncio.gather(*(_converse(cluster, u, MESSAGES[:4], counts[:4], first_worker=n % 2)
                               for n, u in enumerate(users)))

        redis_server.stop()
        try:
            await _until(lambda: _all_health(cluster, 503), 10, "/healthz 503 on both workers")
            late = cluster.harness.event_body(cluster.harness.message_event(users[0], MESSAGES[4],
                                                                            dm_channel(users[0])))
            refused = await cluster.send_event(0, late)
            assert refused.status == 503 and refused.seconds < 3  # not acknowledged: Slack sends it again
        finally:
            redis_server.start()
        await _until(lambda: _all_health(cluster, 200), 20, "/healthz 200 on both workers")

        assert (await cluster.send_event(1, late, retry_num=1)).status == 200  # Slack's retry
        await cluster.api.wait_posted(dm_channel(users[0]), sum(counts[:5]))
        done = {u: 5 if u == users[0] else 4 for u in users}
        await asyncio.gather(*(_converse(cluster, u, MESSAGES[done[u]:], counts[done[u]:], first_worker=n % 2)
                               for n, u in enumerate(users)))
        await asyncio.sleep(0.3)
        for user in users:
            assert len(cluster.api.by_channel[dm_channel(user)]) == sum(counts), user
            assert await cluster.state(dm_channel(user), user) == final, user
        assert await cluster.pending() == set()


async def _all_health(cluster: Cluster, status: int) -> bool:
    return all(s == status for s in await asyncio.gather(*(cluster.health(w) for w in range(len(cluster.workers)))))


async def test_sigterm_finishes_the_reply_under_way_then_exits_0(redis_server: RedisServer, knowledge: Knowledge,
                                                                 tmp_path: Path) -> None:
    ann = "U0ANN"
    async with running_cluster(redis_server, knowledge, tmp_path, workers=1) as cluster:
        worker = cluster.workers[0]
        cluster.api.slow("chat.postMessage", 1.5)
        assert (await cluster.dm(0, ann, "what is a persona?")).status == 200
        await cluster.api.wait_for(lambda: cluster.api.held == 1)
        stopping = asyncio.create_task(asyncio.to_thread(worker.terminate))
        await asyncio.sleep(0.3)
        with pytest.raises(aiohttp.ClientError):  # no new requests
            await cluster.dm(0, "U0BOB", "what is a community?")
        assert await stopping == 0, worker.log()
        assert cluster.api.held == 0 and cluster.api.dropped == []
        [answer] = cluster.api.by_channel[dm_channel(ann)]
        assert "persona" in answer.text.lower()
        assert await cluster.pending() == set()
        assert "Traceback" not in worker.log()


async def test_a_delivery_recorded_by_the_previous_version_is_answered_after_the_upgrade(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    """An upgrade in the middle of traffic: what a worker of the previous version acknowledged and left
    under the old inbox keys (`inbox:slack`, its record, a lease that ran out) is answered, once."""
    user = "U0UPGRADE"
    async with running_cluster(redis_server, knowledge, tmp_path, env=NO_LIMIT | {"ADVISOR_INBOX_SWEEP": "0.5"}
                               ) as cluster:
        event = cluster.harness.message_event(user, "what is a persona?", dm_channel(user))
        await cluster.store.add_member("inbox:slack", "Ev0OLD")
        assert await cluster.store.put("inbox:slack:Ev0OLD", Delivery("Ev0OLD", Kind.EVENT, event).encode(), 0, 3600)
        [answer] = await cluster.api.wait_posted(dm_channel(user), 1, timeout=15)
        assert "persona" in answer.text.lower()
        assert (await cluster.send_event(1, cluster.harness.event_body(event, "Ev0OLD"))).status == 200  # a retry
        await asyncio.sleep(1.0)
        assert len(cluster.api.by_channel[dm_channel(user)]) == 1
        assert await cluster.pending() == set()
        assert await cluster.store.members("inbox:slack") == set()
