"""A pack changed under a stored conversation: a flow or a step the pack no longer has is dropped or
restarted, never a crash."""

from __future__ import annotations

import json

from bot.advisor import Advisor
from bot.types import ConversationKey, Incoming
from tests.chat_harness import Chat

KEY = ConversationKey("test", "c", "", "u")


async def test_a_stored_flow_the_pack_no_longer_has_is_dropped(advisor: Advisor) -> None:
    stored = {"v": 1, "turns": 3, "flow": {"flow": "gone", "run": "abc", "step": "x", "answers": {}}}
    await advisor.store.put(Advisor.state_key(KEY), json.dumps(stored), 0, 60)
    assert (await advisor.state(KEY)).flow is None
    replies = await advisor.handle(Incoming(KEY, text="what is seo"))
    assert replies[0].topic == "seo"


async def test_a_stored_step_the_pack_no_longer_has_restarts_the_flow(advisor: Advisor) -> None:
    stored = {"v": 1, "flow": {"flow": "platforms", "run": "abc", "step": "renamed", "answers": {}}}
    await advisor.store.put(Advisor.state_key(KEY), json.dumps(stored), 0, 60)
    chat = Chat(advisor, KEY)
    assert await chat.step() == "goals"
    await chat.send("back")
    assert "first question" in chat.text
    await chat.press("Visibility")
    assert "Selected: Visibility" in chat.text, "buttons of the step shown work"
