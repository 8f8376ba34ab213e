"""The Redis delivery backend when redis-py resends a command: the connection drops after the server ran
the record script and before its answer arrived (as after a timeout). The resent call must answer as
the first run did, not "duplicate": else the worker acknowledges and drops an event whose lane it now
owns without knowing, and the conversation waits for the lease to run out."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.delivery import Event, Preload, Status, Stop, Taken, backend_for
from bot.store import open_store
from bot.store.base import Store
from tests.redis_server import RedisServer


class DroppingProxy:
    """A TCP proxy in front of redis-server that, once armed with a marker, forwards the next request
    containing it and then closes that connection instead of passing on the server's answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.marker: bytes | None = None
        self.dropped = 0
        self.url = ""
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"redis://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/0"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        server_in, server_out = await asyncio.open_connection("127.0.0.1", self.port)
        drop_answer = asyncio.Event()

        async def requests() -> None:
            while data := await client_in.read(65536):
                if self.marker is not None and self.marker in data:
                    drop_answer.set()
                server_out.write(data)
                await server_out.drain()

        async def answers() -> None:
            while data := await server_in.read(65536):
                if drop_answer.is_set():
                    drop_answer.clear()
                    if not data.startswith(b"-"):  # not NOSCRIPT: the script ran
                        self.marker = None
                        self.dropped += 1
                        return
                client_out.write(data)
                await client_out.drain()

        tasks = [asyncio.create_task(requests()), asyncio.create_task(answers())]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        for writer in (client_out, server_out):
            writer.close()


@pytest.fixture
async def proxy(redis_server: RedisServer) -> AsyncIterator[DroppingProxy]:
    dropping = DroppingProxy(redis_server.port)
    await dropping.start()
    yield dropping
    await dropping.close()


@pytest.fixture
async def proxied(proxy: DroppingProxy) -> AsyncIterator[Store]:
    store = open_store(proxy.url)
    yield store
    await store.close()


def event(n: int, lane: str) -> Event:
    return Event(id=f"e{n}", lane=lane, order=float(n), body=f'{{"n": {n}}}')


async def test_a_record_resent_after_its_answer_was_lost_owns_the_lane_as_the_first_run_did(
        proxy: DroppingProxy, proxied: Store) -> None:
    kind, lane = f"t{uuid.uuid4().hex[:8]}", "L"
    worker = backend_for(proxied, kind)
    await worker.record(event(0, "warm"), Preload(), time.time())  # the script is loaded: no NOSCRIPT
    proxy.marker = f"inbox:{kind}:e1".encode()
    recorded = await worker.record(event(1, lane), Preload(), time.time())
    assert proxy.dropped == 1  # the script ran once, its answer was lost, redis-py sent it again
    assert recorded.status is Status.OWNED
    assert isinstance(recorded.next, Taken) and recorded.next.event_id == "e1"
    assert await worker.finish(lane, "e1", [], time.time(), True) is Stop.RELEASED
    assert await worker.is_finished("e1")


async def test_a_record_resent_into_a_lane_owned_elsewhere_stays_queued(
        proxy: DroppingProxy, proxied: Store) -> None:
    kind, lane = f"t{uuid.uuid4().hex[:8]}", "L"
    owner, receiver = backend_for(proxied, kind), backend_for(proxied, kind)
    assert (await owner.record(event(1, lane), Preload(), time.time())).status is Status.OWNED
    proxy.marker = f"inbox:{kind}:e2".encode()
    assert (await receiver.record(event(2, lane), Preload(), time.time())).status is Status.QUEUED
    assert proxy.dropped == 1
    after = await owner.finish(lane, "e1", [], time.time(), True)
    assert isinstance(after, Taken) and after.event_id == "e2"


async def test_the_same_event_delivered_again_by_the_platform_is_still_a_duplicate(
        proxy: DroppingProxy, proxied: Store) -> None:
    kind, lane = f"t{uuid.uuid4().hex[:8]}", "L"
    worker = backend_for(proxied, kind)
    proxy.marker = f"inbox:{kind}:e1".encode()
    assert (await worker.record(event(1, lane), Preload(), time.time())).status is Status.OWNED
    assert proxy.dropped == 1
    # a second delivery (a new call, even by the same worker) is not the resent one
    assert (await worker.record(event(1, lane), Preload(), time.time())).status is Status.DUPLICATE
