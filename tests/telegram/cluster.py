"""Telegram webhook workers for the several-workers tests: real `advisor serve telegram` processes on
Redis, the stand-in Bot API in a thread of the test process, and a reference engine to compare with.

Everything listens on 127.0.0.1. Every wait is bounded in time.
"""

from __future__ import annotations

import asyncio
import asyncio.events
import contextlib
import itertools
import random
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from adapters.telegram.render import render_reply
from adapters.telegram.webhook import SECRET_HEADER
from bot.advisor import Advisor
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.store import open_store
from bot.store.memory import MemoryStore
from bot.types import Button, ConversationKey, Incoming, Reply
from tests.redis_server import RedisServer
from tests.telegram import factory
from tests.telegram.fake_bot_api import FakeBotApi, visible_text
from tests.telegram.harness import TOKEN, WEBHOOK_SECRET, WEBHOOK_URL
from tests.workers import Worker, free_port

HOOK_PATH = "/telegram/hook"
LEASE = 2.0
SWEEP = 0.5
_chat_ids = itertools.count(random.randrange(10**6, 10**9, 10**5))


def new_user(name: str = "User") -> dict[str, Any]:
    """A Telegram user whose private chat no other test uses (the Redis server is shared)."""
    return factory.user(next(_chat_ids), name)


class ApiThread:
    """The stand-in Bot API served from its own thread and event loop, so a test may block (starting
    or stopping a worker) without stalling the workers' calls. Its records are read from the test."""

    def __init__(self) -> None:
        self.api = FakeBotApi(TOKEN)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-bot-api", daemon=True)

    def start(self) -> ApiThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.api.start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.api.close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class Cluster:
    """Webhook workers sharing one Redis, and an HTTP client that posts to them like Telegram does."""

    def __init__(self, api: FakeBotApi, redis: RedisServer, knowledge: Knowledge, logs: Path) -> None:
        self.api = api
        self.redis = redis
        self.knowledge = knowledge
        self.logs = logs
        self.workers: list[Worker] = []
        self._session: aiohttp.ClientSession | None = None

    def env(self, **extra: str) -> dict[str, str]:
        return {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": self.api.base_url,
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "TELEGRAM_SEND_RATE": "off",
                "ADVISOR_STORE": self.redis.url, "ADVISOR_RATE_LIMIT": "off", "ADVISOR_INBOX_LEASE": str(LEASE),
                "ADVISOR_INBOX_SWEEP": str(SWEEP), "ADVISOR_LOG_LEVEL": "INFO", "XDG_STATE_HOME": str(self.logs),
                **extra}

    async def start(self, count: int, **extra: str) -> list[Worker]:
        """Start `count` workers at once; returns them when each answers /healthz with 200."""
        made = []
        for _ in range(count):
            port = free_port()
            args = ["serve", "telegram", "--webhook-url", WEBHOOK_URL, "--listen", "127.0.0.1", "--port", str(port)]
            made.append(Worker(args, self.env(**extra), port, self.logs / f"worker-{len(self.workers)}.log"))
            self.workers.append(made[-1])
        with ThreadPoolExecutor(len(made)) as pool:
            await asyncio.gather(*(asyncio.get_running_loop().run_in_executor(pool, w.start) for w in made))
        return made

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def post(self, worker: Worker, update: dict[str, Any]) -> int:
        """One webhook POST; the status, or 0 when the worker could not be reached."""
        try:
            async with self.session.post(f"http://127.0.0.1:{worker.port}{HOOK_PATH}", json=update,
                                         headers={SECRET_HEADER: WEBHOOK_SECRET}) as response:
                return response.status
        except aiohttp.ClientError:
            return 0

    async def deliver(self, worker: Worker, update: dict[str, Any], within: float = 30) -> None:
        """POST until acknowledged with 200, as Telegram re-sends (other statuses: try again shortly)."""
        deadline = time.monotonic() + within
        while (status := await self.post(worker, update)) != 200:
            assert time.monotonic() < deadline, f"update {update['update_id']} not acknowledged: {status}"
            await asyncio.sleep(0.2)

    async def health(self, worker: Worker) -> int:
        try:
            async with self.session.get(f"http://127.0.0.1:{worker.port}/healthz",
                                        timeout=aiohttp.ClientTimeout(total=10)) as response:
                return response.status
        except aiohttp.ClientError:
            return 0

    async def idle(self, chat_id: int, timeout: float = 10.0) -> None:
        """Wait until no worker owns the chat's lane. A reply is seen before its update is finished:
        until then the owner applies whatever arrives next, whichever worker recorded it."""
        client = Redis.from_url(self.redis.url)
        try:
            deadline = time.monotonic() + timeout
            while await client.exists(f"owner:telegram:{chat_id}"):
                assert time.monotonic() < deadline, f"the lane of chat {chat_id} is still owned"
                await asyncio.sleep(0.02)
        finally:
            await client.aclose()

    async def state(self, user: dict[str, Any]) -> ConversationState:
        """The conversation's state as stored in Redis, read by the engine's own Advisor."""
        store = open_store(self.redis.url)
        try:
            return await Advisor(self.knowledge, store).state(private_key(user))
        finally:
            await store.close()

    async def close(self) -> None:
        for worker in self.workers:
            if worker.process is not None and worker.process.poll() is None:
                worker.kill()
        if self._session is not None:
            await self._session.close()

    def logs_text(self) -> str:
        return "\n".join(f"--- {w.log_path.name}\n{w.log()[-4000:]}" for w in self.workers)


def private_key(user: dict[str, Any]) -> ConversationKey:
    return ConversationKey("telegram", str(user["id"]), "", str(user["id"]))


class Reference:
    """The same conversation through the engine alone (memory store), to know what must come back."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.advisor = Advisor(knowledge, MemoryStore())
        self.key = ConversationKey("reference", "1", "", "1")
        self.buttons: tuple[Button, ...] = ()

    async def say(self, text: str) -> list[str]:
        return self._shown(await self.advisor.handle(Incoming(self.key, text=text)))

    async def press(self, label: str) -> list[str]:
        button = next(b for b in self.buttons if b.label.lstrip("\u2713 ").lower().startswith(label.lower()))
        return self._shown(await self.advisor.handle(Incoming(self.key, text=button.label, payload=button.payload)))

    async def state(self) -> ConversationState:
        return await self.advisor.state(self.key)

    def _shown(self, replies: list[Reply]) -> list[str]:
        for reply in replies:
            if reply.buttons:
                self.buttons = reply.buttons
        return [visible_text(part.html) for reply in replies for part in render_reply(reply)]


def same_state(a: ConversationState, b: ConversationState) -> bool:
    """Equal apart from the random ids (of a flow run, of the answers remembered for feedback) and the
    journal of update_ids applied."""
    def plain(s: ConversationState) -> ConversationState:
        return replace(s, flow=replace(s.flow, run="") if s.flow else None, journal=(),
                       recent=tuple(replace(a, id="") for a in s.recent))

    return plain(a) == plain(b)


async def until(condition: Callable[[], object], timeout: float, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


@pytest.fixture(name="stand_in")
def stand_in_fixture() -> Iterator[FakeBotApi]:
    thread = ApiThread().start()
    yield thread.api
    thread.stop()


@pytest.fixture(name="cluster")
async def cluster_fixture(stand_in: FakeBotApi, redis_server: RedisServer, knowledge: Knowledge,
                          tmp_path: Path) -> AsyncIterator[Cluster]:
    made = Cluster(stand_in, redis_server, knowledge, tmp_path)
    try:
        yield made
    finally:
        await made.close()
        with contextlib.suppress(Exception):
            print(made.logs_text())
