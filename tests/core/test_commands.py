"""Commands and buttons outside a walk-through: Tell me more belongs to its own topic, and a command with
nothing to act on says so."""

from __future__ import annotations

from tests.chat_harness import Chat


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
