"""Fixtures for the Telegram adapter tests: the fake Bot API, a real store, the bundled knowledge."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import yaml

from bot.knowledge.model import Knowledge
from bot.knowledge.pack import bundled_knowledge_dir, load_knowledge
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


LONG_PARAGRAPH = ("**Step {n}.** Plan one theme per week, write the posts in advance, check the comments every "
                  "morning and answer within the day; note what worked & what did not in your calendar. ") * 5


@pytest.fixture(scope="session")
def custom_pack(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The bundled pack plus a topic whose answer is over 10,000 characters and one full of HTML."""
    directory = tmp_path_factory.mktemp("pack") / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), directory, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    long_answer = "\n\n".join(LONG_PARAGRAPH.format(n=i).strip() for i in range(1, 14))
    assert len(long_answer) > 10_000
    _topic(directory, "zebra-guide", "The zebra guide", long_answer, "zebraguide")
    _topic(directory, "hostile-html", "<i>Hostile</i> & co",
           "Never type <script>alert(1)</script> & **<b>bold</b>** here: [a<b>](https://example.com/?a=1&b=2)",
           "quokkahtml")
    return load_knowledge(directory)


def _topic(directory: Path, topic_id: str, title: str, answer: str, word: str) -> None:
    examples = [word, f"show me the {word}", f"{word} please", f"what is the {word}", f"tell me about {word}",
                f"i want the {word}", f"explain the {word}", f"give me the {word}"]
    data = {"id": topic_id, "title": title, "answer": answer, "examples": examples, "keywords": [word],
            "related": ["seo"], "review_by": "2099-12-31"}
    (directory / "topics" / f"{topic_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, width=100_000))
