"""Every global command at every step of the walk-through, and durability across a restart."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.store import SQLiteStore
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming
from tests.chat_harness import WALKTHROUGH_ANSWERS, WALKTHROUGH_STEPS, Chat, reach

STEPS = WALKTHROUGH_STEPS
ANSWERS = WALKTHROUGH_ANSWERS


@pytest.mark.parametrize("step", STEPS)
async def test_cancel_at_every_step(chat: Chat, step: str) -> None:
    await reach(chat, step)
    await chat.send("cancel")
    assert await chat.step() is None and "Cancelled" in chat.text


@pytest.mark.parametrize("step", STEPS)
async def test_start_over_at_every_step(chat: Chat, step: str) -> None:
    await reach(chat, step)
    await chat.send("start over")
    assert await chat.step() == "goals"
    assert (await chat.advisor.state(chat.key)).flow.answers == {}  # type: ignore[union-attr]


@pytest.mark.parametrize("step", STEPS)
async def test_back_at_every_step(chat: Chat, step: str) -> None:
    await reach(chat, step)
    await chat.send("back")
    expected = STEPS[max(0, STEPS.index(step) - 1)]
    assert await chat.step() == expected
    if step == "goals":
        assert "first question" in chat.text


@pytest.mark.parametrize("step", STEPS)
async def test_skip_at_every_step(chat: Chat, step: str, knowledge) -> None:
    await reach(chat, step)
    await chat.send("skip")
    skippable = knowledge.flows["platforms"].step(step).skippable
    following = STEPS[STEPS.index(step) + 1] if STEPS.index(step) + 1 < len(STEPS) else None
    assert await chat.step() == (following if skippable else step)
    if not skippable:
        assert "need an answer" in chat.text


@pytest.mark.parametrize("step", STEPS)
async def test_help_and_tip_keep_the_step(chat: Chat, step: str) -> None:
    await reach(chat, step)
    replies = await chat.send("help")
    assert replies[0].topic == "help" and await chat.step() == step
    assert replies[-1].kind.value == "flow", "the current step is asked again"
    await chat.send("tip")
    assert chat.last[0].topic == "tip" and await chat.step() == step


async def test_restart_of_the_process_continues_the_walkthrough(tmp_path: Path, knowledge) -> None:
    key = ConversationKey("test", "c", "", "u")
    first = Advisor(knowledge, SQLiteStore(tmp_path / "a.db"))
    await Chat(first, key).send("which social media should we use")
    await Chat(first, key).send("visibility and leads")
    await first.store.close()

    second = Advisor(knowledge, SQLiteStore(tmp_path / "a.db"))
    chat = Chat(second, key)
    assert await chat.step() == "market"
    await chat.send("mostly b2b")
    assert await chat.step() == "ages"
    state = await second.state(key)
    assert state.flow is not None and state.flow.answers["goals"] == ("visibility", "leads")
    await second.store.close()


async def test_idle_conversations_expire(knowledge) -> None:
    now = [1000.0]
    advisor = Advisor(knowledge, MemoryStore(lambda: now[0]), idle_timeout=60)
    chat = Chat(advisor)
    await chat.send("/platforms")
    assert await chat.step() == "goals"
    now[0] += 61
    assert await chat.step() is None
    await chat.send("leads")
    assert await chat.step() is None


async def test_two_users_in_one_channel_never_share_state(advisor: Advisor) -> None:
    alice = Chat(advisor, ConversationKey("slack", "C1", "", "alice"))
    bob = Chat(advisor, ConversationKey("slack", "C1", "", "bob"))
    await alice.send("/platforms")
    await bob.send("what is seo")
    assert await alice.step() == "goals" and await bob.step() is None
    await alice.send("leads")
    assert await alice.step() == "market"


async def test_concurrent_messages_of_one_conversation_lose_no_update(advisor: Advisor) -> None:
    """Optimistic versioning: interleaved handling retries on the newer state."""
    import asyncio

    key = ConversationKey("test", "c", "", "u")
    store = advisor.store
    original_get = store.get

    async def slow_get(k: str):  # let both handlers read the same version before either writes
        record = await original_get(k)
        await asyncio.sleep(0.01)
        return record

    store.get = slow_get  # type: ignore[method-assign]
    await asyncio.gather(*(advisor.handle(Incoming(key, text="what is seo")) for _ in range(5)))
    assert (await advisor.state(key)).turns == 5


async def test_stale_button_from_an_earlier_run(chat: Chat) -> None:
    await chat.send("/platforms")
    old = chat.button("Visibility")
    await chat.send("start over")
    replies = await chat.press_button(old)
    assert "expired" in replies[0].text and await chat.step() == "goals"
    assert (await chat.advisor.state(chat.key)).flow.picked == ()  # type: ignore[union-attr]


async def test_a_tip_is_never_the_same_as_the_last_one(chat: Chat) -> None:
    seen = []
    for _ in range(40):
        await chat.send("give me a tip")
        seen.append(chat.last[0].text)
    assert all(a != b for a, b in itertools.pairwise(seen))
    assert len(set(seen)) > 10


async def test_a_delivery_is_applied_once(advisor: Advisor) -> None:
    """A resumed delivery (its worker died after saving) gets its recorded replies, not a second turn."""
    key = ConversationKey("test", "c", "", "u")
    await advisor.handle(Incoming(key, text="/platforms"), delivery="ev-1")
    first = await advisor.handle(Incoming(key, text="leads"), delivery="ev-2")
    again = await advisor.handle(Incoming(key, text="leads"), delivery="ev-2")
    state = await advisor.state(key)
    assert again == first and state.turns == 2 and state.flow is not None and state.flow.step == "market"
    for n in range(3, 20):
        await advisor.handle(Incoming(key, text="what is seo"), delivery=f"ev-{n}")
    assert await advisor.handle(Incoming(key, text="what is seo"), delivery="ev-18") != []
    assert await advisor.handle(Incoming(key, text="what is seo"), delivery="ev-10") == [], "replies no longer kept"
    assert (await advisor.state(key)).turns == 19
    await advisor.handle(Incoming(key, text="start over"), delivery="ev-20")
    assert (await advisor.state(key)).applied("ev-19") is not None, "a restart keeps the journal"


async def test_the_journal_is_bounded(advisor: Advisor) -> None:
    from bot.dialogue.state import JOURNAL_IDS, JOURNAL_REPLIES

    key = ConversationKey("test", "c", "", "u")
    for n in range(JOURNAL_IDS + 3):
        await advisor.handle(Incoming(key, text="what is a persona?"), delivery=f"ev-{n}")
    journal = (await advisor.state(key)).journal
    assert [a.delivery for a in journal] == [f"ev-{n}" for n in range(JOURNAL_IDS + 2, 2, -1)]
    kept = [a.replies is not None for a in journal]
    assert kept == [True] * JOURNAL_REPLIES + [False] * (JOURNAL_IDS - JOURNAL_REPLIES)
