"""What only Redis needs beyond the shared store contract (tests/core/test_store_contract.py)."""

from __future__ import annotations

import asyncio
import uuid

from bot.store import open_store
from bot.store.redis import RedisStore
from tests.redis_server import RedisServer, free_port


async def test_survives_a_server_restart_with_persistence(redis_server: RedisServer) -> None:
    store = open_store(redis_server.url)
    key = f"test:{uuid.uuid4().hex}"
    assert await store.put(key, "kept", 0, 600)
    await asyncio.to_thread(redis_server.restart)
    record = await store.get(key)  # the client reconnects by itself
    assert record is not None and record.value == "kept"
    assert await store.put(key, "after", record.version, 600)
    await store.close()


async def test_ping_is_false_quickly_when_unreachable() -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    assert not await store.ping(timeout=1.0)
    await store.close()
