"""The editors' loop end to end on two real `advisor serve slack` workers sharing a real redis-server:
a question gets the fallback in Slack, shows in `advisor kb gaps`, an editor adds its phrasing to the
pack, `advisor kb reload` runs, and both workers answer it, without a restart. And a 👎 delivered to
both workers at once, then pressed again on each, is recorded once."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from adapters.slack.render import render_reply
from bot.editors import EditorsLoop, LogKind
from bot.knowledge.model import Knowledge
from bot.types import DOWN_LABEL, UP_LABEL, Reply
from tests.console.test_cli import run
from tests.editors.packs import add_example, copy_pack
from tests.redis_server import RedisServer
from tests.slack.cluster import Cluster, running_cluster
from tests.slack.fake_web_api import Posted
from tests.slack.harness import dm_channel

QUESTION = "how do we organise a zorblax webinar for customers"
"""A question about a product of the team's own (a word the pack cannot know): the fallback."""
FALLBACK_START = "I'm not sure I can help with that"
EDITOR_TOPIC = "topics/content-ideas.yaml"
"""Where the editor puts the phrasing when kb gaps has no topic to suggest."""


async def _ask(cluster: Cluster, worker: int, user: str, text: str) -> str:
    channel = dm_channel(user)
    before = len(cluster.api.by_channel[channel])
    assert (await cluster.dm(worker, user, text)).status == 200
    return (await cluster.api.wait_posted(channel, before + 1))[-1].text


async def _cli(cluster: Cluster, *args: str, pack: Path) -> str:
    result = await asyncio.to_thread(run, *args, env=cluster.env | {"ADVISOR_KNOWLEDGE": str(pack)})
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_a_gap_found_in_slack_is_closed_by_an_editor_without_a_restart(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    pack = copy_pack(tmp_path / "pack")
    env = {"ADVISOR_KNOWLEDGE": str(pack), "ADVISOR_KB_POLL": "0.5", "ADVISOR_RATE_LIMIT": "off"}
    async with running_cluster(redis_server, knowledge, tmp_path, env=env) as cluster:
        pids = [w.process.pid for w in cluster.workers if w.process is not None]

        # 1. the question gets the fallback, on either worker
        assert (await _ask(cluster, 0, "U0ASKER", QUESTION)).startswith(FALLBACK_START)
        assert "1/5" in await _ask(cluster, 1, "U0WALKER", "help me choose platforms")  # under way meanwhile
        assert "2/5" in await _ask(cluster, 0, "U0WALKER", "visibility and leads")

        # 2. it shows in kb gaps, with a suggestion
        gaps = json.loads(await _cli(cluster, "kb", "gaps", "--json", pack=pack))
        [gap] = [g for g in gaps["groups"] if QUESTION in g["texts"]]
        assert gap["kinds"] == {"fallback": 1} and gap["suggestion"]

        # 3. the editor adds the phrasing where kb gaps says (or to a topic of their choosing)
        file = gap["file"] or EDITOR_TOPIC
        add_example(pack, file, QUESTION)
        topic = next(t for t in knowledge.topics if f"topics/{t}.yaml" == file)

        # 4. kb reload
        requested = time.monotonic()
        assert "requested" in await _cli(cluster, "kb", "reload", pack=pack)

        # 5. both workers answer it, each within a few seconds, without a restart
        for worker in (0, 1):
            user = f"U0AFTER{worker}"
            deadline = requested + 10
            while (text := await _ask(cluster, worker, user, QUESTION)).startswith(FALLBACK_START):
                assert time.monotonic() < deadline, f"worker {worker} still gives the fallback"
                await asyncio.sleep(0.3)
            assert text == render_reply(Reply(knowledge.topics[topic].answer))[0].text, "that topic's answer"
            assert cluster.api.by_channel[dm_channel(user)][-1].labels()[-2:] == [UP_LABEL, DOWN_LABEL]
        took = time.monotonic() - requested
        assert took < 10, took
        assert "3/5" in await _ask(cluster, 1, "U0WALKER", "mostly B2B"), "the walk-through went on"
        assert [w.process.pid for w in cluster.workers if w.process is not None] == pids
        assert all(w.process is not None and w.process.poll() is None for w in cluster.workers)

        after = json.loads(await _cli(cluster, "kb", "gaps", "--json", pack=pack))
        [closed] = [g for g in after["groups"] if QUESTION in g["texts"]]
        assert closed["advice"] == "answered" and closed["target"] == topic


async def test_a_thumbs_down_delivered_to_both_workers_and_pressed_again_is_recorded_once(
        redis_server: RedisServer, knowledge: Knowledge, tmp_path: Path) -> None:
    async with running_cluster(redis_server, knowledge, tmp_path, env={"ADVISOR_RATE_LIMIT": "off"}) as cluster:
        user = "U0RATER"
        channel = dm_channel(user)
        await _ask(cluster, 0, user, "what is a persona")
        answer = cluster.api.by_channel[channel][-1]
        original = Posted(answer.channel, answer.ts, answer.text, [dict(b) for b in answer.blocks])
        click = cluster.harness.click_payload(original, DOWN_LABEL, user)
        results = await asyncio.gather(cluster.send_click(0, click), cluster.send_click(1, click))
        assert {r.status for r in results} == {200}
        await cluster.api.wait_posted(channel, 2)
        again = [cluster.harness.click_payload(original, DOWN_LABEL, user) for _ in range(2)]  # an old copy
        results = await asyncio.gather(cluster.send_click(0, again[0]), cluster.send_click(1, again[1]))
        assert {r.status for r in results} == {200}
        await asyncio.sleep(1.0)
        follow_ups = [m for m in cluster.api.by_channel[channel] if "What were you looking for?" in m.text]
        assert len(follow_ups) == 1
        loop = EditorsLoop(cluster.store)
        assert [e.kind for e in await loop.log.since(0)] == [LogKind.DISLIKED]
        assert (await loop.stats.read(0)).down == 1
        assert await cluster.pending() == set()
