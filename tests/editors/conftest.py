"""An advisor with the editors' loop on, on each store in turn (Redis: a database of its own, emptied
first, since the log and the counts are shared by every conversation), and a chat with it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.advisor import Advisor
from bot.editors import EditorsLoop
from bot.knowledge.model import Knowledge
from bot.store.base import Store
from bot.types import ConversationKey
from tests.chat_harness import Chat
from tests.conftest import STORES, make_store

REDIS_DB = 7


@pytest.fixture(params=STORES)
async def log_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "redis":
        admin = Redis.from_url(request.getfixturevalue("redis_server").url.rsplit("/", 1)[0] + f"/{REDIS_DB}")
        await admin.flushdb()
        await admin.aclose()
    backend = make_store(request, tmp_path, REDIS_DB)
    yield backend
    await backend.close()


@pytest.fixture
def loop_advisor(knowledge: Knowledge, log_store: Store) -> Advisor:
    return Advisor(knowledge, log_store, editors=EditorsLoop(log_store))


@pytest.fixture
def editing_chat(loop_advisor: Advisor) -> Chat:
    return Chat(loop_advisor, ConversationKey("test", uuid.uuid4().hex, "", "user"))
