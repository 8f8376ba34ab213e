"""SQLite default store: a process killed with SIGKILL in the middle of a burst of writes leaves a
database that opens cleanly, and the conversations resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.advisor import Advisor
from bot.store import SQLiteStore
from bot.types import ConversationKey
from tests.chat_harness import Chat

WRITER = """
import asyncio, sys
from bot.advisor import Advisor
from bot.knowledge.pack import load_knowledge
from bot.store import SQLiteStore
from bot.types import ConversationKey, Incoming

async def main(path):
    advisor = Advisor(load_knowledge(), SQLiteStore(path))
    turns = ["/platforms", "visibility and leads", "mostly b2b", "25 to 45", "what is seo", "back", "b2b"]
    n = 0
    while True:
        for user in range(50):
            key = ConversationKey("crash", "c", "", str(user))
            await advisor.handle(Incoming(key, text=turns[n % len(turns)]))
        n += 1
        if n == 3:
            print("ready", flush=True)

asyncio.run(main(sys.argv[1]))
"""


async def test_sigkill_mid_burst_leaves_a_clean_database(tmp_path: Path, knowledge) -> None:
    path = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(0.3)  # well inside the burst
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM kv WHERE key LIKE 'conv:%'").fetchone()[0] == 50

    advisor = Advisor(knowledge, SQLiteStore(path))
    resumed = 0
    for user in range(50):
        chat = Chat(advisor, ConversationKey("crash", "c", "", str(user)))
        state = await advisor.state(chat.key)
        assert state.turns >= 3
        if state.flow is not None:
            before = state.flow.step
            await chat.send("cancel")
            assert await chat.step() is None, before
            resumed += 1
        else:
            await chat.send("what is seo")
            assert chat.last[0].topic == "seo"
    assert resumed > 0
    await advisor.store.close()
