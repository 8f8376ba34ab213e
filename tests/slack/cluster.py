"""Several `advisor serve slack` HTTP-mode workers on one real redis-server, and the Slack stand-in.

The stand-in Web API runs in the test's event loop on 127.0.0.1; each worker is a real process (see
tests/workers.py) with ADVISOR_STORE pointing at its own Redis database, emptied first. Requests are
signed the way Slack signs them, by tests/slack/harness.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from redis.asyncio import Redis

from bot.advisor import Advisor
from bot.delivery import backend_for
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.store.redis import RedisStore
from bot.types import ConversationKey
from tests.redis_server import RedisServer
from tests.slack.fake_web_api import FakeSlackAPI, Posted
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, HttpResult, SlackHarness, dm_channel
from tests.workers import Worker, free_port

START_TIMEOUT = 30.0


@dataclass
class Cluster:
    """Workers sharing one Redis database, the stand-in they reply to, and a signing client."""

    api: FakeSlackAPI
    redis: RedisServer
    db: int
    workers: list[Worker]
    harness: SlackHarness
    store: RedisStore
    knowledge: Knowledge
    env: dict[str, str] = field(default_factory=dict)

    @property
    def store_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis.port}/{self.db}"

    def url(self, worker: int) -> str:
        return f"http://127.0.0.1:{self.workers[worker].port}"

    async def send_event(self, worker: int, body: str, retry_num: int | None = None) -> HttpResult:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return await self.harness.send(body, "application/json", url=self.url(worker), headers=headers)

    async def dm(self, worker: int, user: str, text: str) -> HttpResult:
        event = self.harness.message_event(user, text, dm_channel(user))
        return await self.send_event(worker, self.harness.event_body(event))

    async def click(self, worker: int, message: Posted, label: str, user: str) -> HttpResult:
        payload = self.harness.click_payload(message, label, user)
        return await self.send_click(worker, payload)

    async def send_click(self, worker: int, payload: dict[str, Any]) -> HttpResult:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.harness.send(body, "application/x-www-form-urlencoded", url=self.url(worker))

    async def state(self, channel: str, user: str, thread: str = "") -> ConversationState:
        """The conversation's state without what differs run to run (see `comparable`)."""
        return comparable(await Advisor(self.knowledge, self.store).state(ConversationKey("slack", channel, thread,
                                                                                          user)))

    async def health(self, worker: int) -> int:
        try:
            async with self.harness.session.get(self.url(worker) + "/healthz",
                                                timeout=aiohttp.ClientTimeout(total=2)) as response:
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    async def pending(self) -> set[str]:
        """Deliveries recorded and not finished."""
        return await backend_for(self.store, "slack").unfinished()

    async def idle(self, channel: str, user: str, thread: str = "", timeout: float = 10.0) -> None:
        """Wait until no worker owns the conversation's lane. Its last reply is seen before its event is
        finished: until then the owner applies whatever arrives next, whichever worker recorded it."""
        owner = "owner:slack:" + ConversationKey("slack", channel, thread, user).as_str()
        deadline = asyncio.get_running_loop().time() + timeout
        while await self.store.client.exists(owner):
            assert asyncio.get_running_loop().time() < deadline, f"lane {owner} still owned"
            await asyncio.sleep(0.02)


def comparable(state: ConversationState) -> ConversationState:
    """A state without its journal of delivery ids and the random ids of the answers it remembers for
    feedback: those differ run to run."""
    return replace(state, journal=(), recent=tuple(replace(a, id="") for a in state.recent))


def worker_env(api: FakeSlackAPI, store_url: str, state_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    return base | {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api.api_url,
                   "ADVISOR_STORE": store_url, "XDG_STATE_HOME": str(state_dir), "ADVISOR_LOG_LEVEL": "WARNING",
                   "PYTHONUNBUFFERED": "1"} | extra


async def start_worker(cluster: Cluster, log_dir: Path, name: str) -> Worker:
    port = free_port()
    worker = Worker(["serve", "slack", "--listen", "127.0.0.1", "--port", str(port)], cluster.env, port,
                    log_dir / f"{name}.log")
    await asyncio.to_thread(worker.start, START_TIMEOUT)  # the stand-in answers auth.test meanwhile
    return worker


async def stop_workers(workers: Sequence[Worker]) -> None:
    for worker in workers:
        if worker.process is not None and worker.process.poll() is None:
            await asyncio.to_thread(worker.terminate)


_databases = itertools.count()
"""Each cluster gets a Redis database of its own (8 to 15), emptied first: tests never see each other's keys."""


@contextlib.asynccontextmanager
async def running_cluster(redis: RedisServer, knowledge: Knowledge, tmp_path: Path, workers: int = 2,
                          env: dict[str, str] | None = None) -> AsyncIterator[Cluster]:
    """`workers` HTTP-mode workers on a fresh Redis database, healthy, with the stand-in they reply to.
    On exit every worker still running gets SIGTERM."""
    api = FakeSlackAPI(BOT_TOKEN)
    await api.start()
    db = 8 + next(_databases) % 8
    url = f"redis://127.0.0.1:{redis.port}/{db}"
    admin = Redis.from_url(url)
    await admin.flushdb()
    await admin.aclose()
    store = RedisStore(url)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200))
    cluster = Cluster(api, redis, db, [], SlackHarness("", api, None, session), store, knowledge)
    cluster.env = worker_env(api, cluster.store_url, tmp_path / "state", env or {})
    try:
        cluster.workers = list(await asyncio.gather(*(start_worker(cluster, tmp_path, f"worker{n}")
                                                      for n in range(workers))))
        yield cluster
    finally:
        await stop_workers(cluster.workers)
        await session.close()
        await store.close()
        await api.stop()
