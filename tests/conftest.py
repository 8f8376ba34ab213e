"""Shared fixtures: the bundled knowledge, a real advisor on a real store, a collecting chat harness."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import load_knowledge
from bot.store import SQLiteStore, open_store
from bot.store.base import Store
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming, Reply
from tests.chat_harness import Chat
from tests.redis_server import RedisServer


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def dialogue(knowledge: Knowledge) -> Dialogue:
    """The engine on the bundled knowledge (modules that build their own keep theirs)."""
    return Dialogue(knowledge)


def first_reply(dialogue: Dialogue, text: str) -> Reply:
    """The first reply to a message asked on its own, in a fresh conversation."""
    _, replies = dialogue.respond(ConversationState(), Incoming(ConversationKey("test", "c", "", "u"), text=text))
    return replies[0]


@pytest.fixture
def advisor(knowledge: Knowledge) -> Advisor:
    return Advisor(knowledge, MemoryStore())


@pytest.fixture
def chat(advisor: Advisor) -> Chat:
    return Chat(advisor)


@pytest.fixture(autouse=True)
def _no_user_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write into the developer's own state directory."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server on a free port with persistence on, for the whole session."""
    server = RedisServer(Path(tmp_path_factory.mktemp("redis"))).start()
    yield server
    server.stop()


STORES = ["memory", "sqlite", "redis"]


def make_store(request: pytest.FixtureRequest, tmp_path: Path, redis_db: int = 0) -> Store:
    """The store named by `request.param` (Redis: database `redis_db` of the session's redis-server)."""
    if request.param == "memory":
        return MemoryStore()
    if request.param == "sqlite":
        return SQLiteStore(tmp_path / "s.db")
    return open_store(request.getfixturevalue("redis_server").url.rsplit("/", 1)[0] + f"/{redis_db}")


@pytest.fixture(params=STORES)
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """Each store in turn, for tests that every store must pass (Redis: a real redis-server)."""
    backend = make_store(request, tmp_path)
    yield backend
    await backend.close()
