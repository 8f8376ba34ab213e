"""Reloading the knowledge without a restart, on real `advisor serve telegram` workers sharing Redis:
`advisor kb reload` reaches both within a few seconds, and SIGHUP reloads the one worker it is sent to.
(The whole editors' loop on Slack workers: tests/slack/test_editors_loop.py.)"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

from adapters.telegram.render import render_reply
from bot.knowledge.model import Knowledge
from bot.types import Reply
from tests.console.test_cli import run
from tests.editors.packs import add_example, copy_pack
from tests.telegram import factory
from tests.telegram.cluster import (
    Cluster,
    cluster_fixture,  # noqa: F401  (the `cluster` fixture)
    new_user,
    stand_in_fixture,  # noqa: F401  (the `stand_in` fixture)
    until,
)
from tests.telegram.fake_bot_api import visible_text
from tests.workers import Worker

ASKED_BY_ALL = "how do we organise a zorblax webinar for customers"
"""Added to topics/content-ideas.yaml, then `kb reload`."""
ASKED_AFTER_SIGHUP = "where do we store the zorblax umbrellas"
"""Nothing in the pack answers it (a fallback) until it is added to topics/seo.yaml, then SIGHUP to one worker."""
FALLBACK_START = "I'm not sure I can help with that"
POLL = 0.5


async def ask(cluster: Cluster, worker: Worker, text: str) -> str:
    """The first message back to a new person asking `text` through `worker`."""
    user = new_user()
    chat = factory.private_chat(user)
    await cluster.deliver(worker, factory.text_update(chat, user, text))
    await until(lambda: cluster.api.sent(int(chat["id"])), 20, f"an answer to {text!r}")
    return cluster.api.sent(int(chat["id"]))[0].visible


async def answered_within(cluster: Cluster, worker: Worker, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while (shown := await ask(cluster, worker, text)).startswith(FALLBACK_START):
        assert time.monotonic() < deadline, f"still the fallback after {seconds} s: {text!r}"
        await asyncio.sleep(0.3)
    return shown


def first_part(knowledge: Knowledge, topic: str) -> str:
    return visible_text(render_reply(Reply(knowledge.topics[topic].answer))[0].html)


async def test_kb_reload_reaches_both_workers_and_sighup_the_one_it_is_sent_to(
        cluster: Cluster, knowledge: Knowledge, tmp_path: Path) -> None:
    pack = copy_pack(tmp_path / "pack")
    workers = await cluster.start(2, ADVISOR_KNOWLEDGE=str(pack), ADVISOR_KB_POLL=str(POLL))
    for worker in workers:
        for question in (ASKED_BY_ALL, ASKED_AFTER_SIGHUP):
            assert (await ask(cluster, worker, question)).startswith(FALLBACK_START), question

    add_example(pack, "topics/content-ideas.yaml", ASKED_BY_ALL)
    reload = await asyncio.to_thread(run, "kb", "reload", env=cluster.env(ADVISOR_KNOWLEDGE=str(pack)))
    assert reload.returncode == 0 and "requested" in reload.stdout, reload.stderr
    for worker in workers:
        assert await answered_within(cluster, worker, ASKED_BY_ALL, 10) == first_part(knowledge, "content-ideas")

    add_example(pack, "topics/seo.yaml", ASKED_AFTER_SIGHUP)
    hupped, other = workers
    assert hupped.process is not None
    os.kill(hupped.process.pid, signal.SIGHUP)
    assert await answered_within(cluster, hupped, ASKED_AFTER_SIGHUP, 10) == first_part(knowledge, "seo")
    await asyncio.sleep(POLL * 3)  # past a few looks for a reload request: none was made
    assert (await ask(cluster, other, ASKED_AFTER_SIGHUP)).startswith(FALLBACK_START), \
        "SIGHUP reloads the worker it is sent to, and no other"
    assert all(w.process is not None and w.process.poll() is None for w in workers), "no restart"
