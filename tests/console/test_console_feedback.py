"""The console's 👍/👎: a hint under knowledge answers, `+` / `-` rate the last one, anything else is a
message as before."""

from __future__ import annotations

from adapters.console.chat import NOTHING_TO_RATE, ConsoleSession
from adapters.console.render import FEEDBACK_HINT
from bot.advisor import Advisor
from bot.editors import LogKind
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore


async def test_plus_and_minus_rate_the_last_answer(knowledge: Knowledge) -> None:
    advisor = Advisor(knowledge, MemoryStore())
    session = ConsoleSession(advisor)
    assert await session.send("+") == NOTHING_TO_RATE
    assert FEEDBACK_HINT not in await session.send("hi")
    shown = await session.send("what is seo")
    assert shown.endswith(FEEDBACK_HINT)
    assert await session.send("+") == "Thanks for your feedback."
    assert await session.send("+") == "Thanks for your feedback.", "pressed twice, counted once"
    await session.send("what is a persona")
    follow_up = await session.send("-")
    assert follow_up.startswith("Thanks for your feedback.") and "What were you looking for?" in follow_up
    assert "Something else" in follow_up and FEEDBACK_HINT not in follow_up
    answered = await session.send("1")
    assert answered.endswith(FEEDBACK_HINT)
    stats = await advisor.editors.stats.read(0)
    assert (stats.up, stats.down) == (1, 1)
    assert [e.kind for e in await advisor.editors.log.since(0)] == [LogKind.DISLIKED, LogKind.WANTED]
