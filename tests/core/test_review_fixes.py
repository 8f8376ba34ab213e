"""Edge cases: a pack changed under a stored conversation, buttons from old messages, typed Done,
messages for commands with nothing to act on, malformed numeric settings, digits in questions."""

from __future__ import annotations

import json

import pytest

from bot.advisor import Advisor
from bot.config import ConfigError, CoreSettings
from bot.normalize import normalize
from bot.recommend import Profile, recommend
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


async def test_tell_me_more_button_gives_the_details_of_its_own_topic(chat: Chat, knowledge) -> None:
    await chat.send("what is a persona?")
    persona_more = chat.button("Tell me more")
    await chat.send("what is the 90/9/1 rule")
    replies = await chat.press_button(persona_more)
    assert replies[0].topic == "persona" and replies[0].text == knowledge.topics["persona"].details


async def test_commands_with_nothing_to_act_on_say_so(chat: Chat) -> None:
    await chat.send("skip")
    assert "no question to skip" in chat.text
    await chat.send("tell me more")
    assert "Ask me a question first" in chat.text


@pytest.mark.parametrize(("name", "value"), [("ADVISOR_RATE_LIMIT", "30/nan"), ("ADVISOR_IDLE_TIMEOUT", "nan"),
                                             ("ADVISOR_IDLE_TIMEOUT", "inf"), ("ADVISOR_INBOX_LEASE", "-1")])
def test_non_finite_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        CoreSettings.from_env()


def test_digits_are_not_taken_for_stretched_letters() -> None:
    assert normalize("1000 followers in 2022") == "1000 followers in 2022"


def test_the_plan_never_needs_a_post_longer_than_the_week_allows(knowledge) -> None:
    result = recommend(knowledge, Profile(("seo",), "b2b", ("35-54",), ("articles",), 1))
    assert all(item.hours_per_week <= 1 for item in result.plan)
    assert any("more than the 1 h" in o.reason for o in result.left_out)
