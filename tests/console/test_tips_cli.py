"""`advisor tips`: the next tip of a named channel without repeats, and the list of channels with tips."""

from __future__ import annotations

import asyncio
import time
from datetime import time as clock_time
from pathlib import Path

import pytest

from adapters.console.cli import main
from bot.knowledge.model import Knowledge
from bot.schedule import Cadence, ChannelKey, Schedule, Subscription, Subscriptions
from bot.store import SQLiteStore
from bot.tips import tips_about


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "advisor.db"
    monkeypatch.setenv("ADVISOR_STORE", f"sqlite:///{path}")
    return path


def test_once_rotates_without_repeat_per_channel(store_url: Path, knowledge: Knowledge,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pool = {t.text for t in tips_about(knowledge, "linkedin")}
    seen = []
    for _ in range(len(pool)):
        assert main(["tips", "--once", "--channel", "team", "--about", "LinkedIn"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Your LinkedIn tip: ") and "[1] Tell me more" in out
        seen.append(out.split("\n")[0].removeprefix("Your LinkedIn tip: "))
    assert set(seen) == pool
    assert main(["tips", "--once", "--channel", "other", "--about", "linkedin"]) == 0  # its own rotation
    assert main(["tips", "--once", "--about", "the weather"]) == 2
    assert "no tips about 'the weather'" in capsys.readouterr().err


def test_list_shows_the_channels_with_tips(store_url: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tips", "--list"]) == 0
    assert "No channel has scheduled tips." in capsys.readouterr().out

    async def subscribe() -> None:
        store = SQLiteStore(store_url)
        schedule = Schedule(Cadence.WEEKLY, clock_time(9, 30), "Europe/Paris", ("mon", "thu"))
        await Subscriptions(store).save(Subscription(ChannelKey("slack", "C0TEAM"), schedule, "linkedin", "U0ANN",
                                                     "setter", time.time(), schedule.next_slot(time.time()),
                                                     title="#marketing"))
        await store.close()

    asyncio.run(subscribe())
    assert main(["tips", "--list"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("slack C0TEAM (#marketing): ")
    assert "every Mon and Thu at 09:30 (Europe/Paris) about linkedin" in line and "set by U0ANN" in line
