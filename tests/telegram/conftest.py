"""Fixtures for the Telegram adapter tests: the fake Bot API, a real store, the bundled knowledge."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.pack import load_knowledge
from bot.store.sqlite import SQLiteStore
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import TOKEN


@pytest.fixture(scope="session")
def bundled() -> Knowledge:
    return load_knowledge()


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(TOKEN)
    await api.start()
    yield api
    await api.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "advisor.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SQLiteStore]:
    sqlite = SQLiteStore(db_path)
    yield sqlite
    await sqlite.close()


@pytest.fixture(autouse=True)
def _no_telegram_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The developer's own bot settings never leak into a test."""
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE_URL", "ADVISOR_STORE"):
        monkeypatch.delenv(name, raising=False)
    yield
