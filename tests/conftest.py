"""Shared fixtures: the bundled knowledge, a real advisor on a real store, a collecting chat harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import load_knowledge
from bot.store.memory import MemoryStore
from tests.chat_harness import Chat


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


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
