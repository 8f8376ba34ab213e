"""The walk-through as a new user meets it: skips, typed answers, questions on the side, starting over."""

from __future__ import annotations

import pytest

from bot.types import Reply
from tests.chat_harness import WALKTHROUGH_ANSWERS, WALKTHROUGH_STEPS, Chat, reach

STEPS = WALKTHROUGH_STEPS
ANSWERS = WALKTHROUGH_ANSWERS


async def finish(chat: Chat, from_step: str) -> list[Reply]:
    for name in STEPS[STEPS.index(from_step):]:
        await chat.send(ANSWERS[name])
    assert await chat.step() is None
    return chat.last


# -- 3. Skip never invents an answer ----------------------------------------------------------------

async def test_skipping_the_ages_says_what_was_assumed(chat: Chat) -> None:
    await reach(chat, "ages")
    await chat.send("skip")
    assert "assume" in chat.text and "18+" in chat.text, chat.text
    await finish(chat, "content")
    text = chat.text
    assert "your 18-24" not in text and "your 25-34" not in text and "your 35-54" not in text, text
    assert "assumed" in text and "ages 18+" in text, text


async def test_skip_keeps_what_was_ticked_before(chat: Chat) -> None:
    await reach(chat, "ages")
    await chat.press("25-34")
    await chat.press("Skip")
    state = await chat.advisor.state(chat.key)
    assert state.flow is not None and state.flow.step == "content"
    assert state.flow.answers["ages"] == ("25-34",)
    await finish(chat, "content")
    assert "assumed" not in chat.text, "what was ticked is the user's own answer"


async def test_the_recommendation_json_marks_skipped_answers(chat: Chat) -> None:
    await chat.send("/platforms")
    for _ in range(3):
        await chat.send("skip")
    assert await chat.step() == "content"
    await chat.send("articles")
    await chat.send("5")
    text = chat.text
    assert "I assumed what you skipped" in text and "Visibility" in text and "ages 18+" in text, text


# -- 4. Typed answers are echoed, everyday phrasings understood -------------------------------------

@pytest.mark.parametrize(("step", "typed", "echo"), [
    ("goals", "leads and visibility", "Got it: Visibility, Leads & customers."),
    ("market", "mostly B2B", "Got it: Businesses (B2B)."),
    ("ages", "25 to 45", "Got it: 25-34, 35-54."),
    ("ages", "all ages", "Got it: 13-17, 18-24, 25-34, 35-54, 55+."),
    ("content", "we do blog posts and some photos", "Got it: Images & photos, Articles & blog posts."),
    ("goals", "just be present online", "Got it: Visibility."),
])
async def test_a_typed_answer_is_echoed(chat: Chat, step: str, typed: str, echo: str) -> None:
    await reach(chat, step)
    await chat.send(typed)
    assert await chat.step() == STEPS[STEPS.index(step) + 1]
    assert chat.last[0].text.startswith(echo), chat.text


async def test_half_a_day_a_week_is_four_hours(chat: Chat) -> None:
    await reach(chat, "hours")
    await chat.send("about half a day a week")
    assert await chat.step() is None
    assert "for your 4 h a week" in chat.text


@pytest.mark.parametrize("step", ["goals", "market", "ages"])
async def test_not_sure_yet_skips(chat: Chat, step: str) -> None:
    await reach(chat, step)
    await chat.send("not sure yet")
    assert await chat.step() == STEPS[STEPS.index(step) + 1]
    state = await chat.advisor.state(chat.key)
    assert state.flow is not None and step in state.flow.skipped


# -- 5. Questions on the side ------------------------------------------------------------------------

@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("question", ["hang on, what's the point of a persona again?",
                                      "sorry, quick one: what is a persona?"])
async def test_an_aside_question_is_answered_and_the_step_asked_again(chat: Chat, step: str,
                                                                       question: str) -> None:
    await reach(chat, step)
    replies = await chat.send(question)
    assert replies[0].topic == "persona", chat.text
    assert await chat.step() == step and replies[-1].kind.value == "flow"


@pytest.mark.parametrize(("step", "question"), [
    ("ages", "how old should they be?"),
    ("ages", "what age should I pick?"),
    ("ages", "why do you need their age?"),
    ("goals", "why do you ask?"),
    ("goals", "which goal should I choose?"),
    ("market", "what do you mean?"),
    ("market", "what does B2B mean?"),
    ("content", "what counts as content?"),
    ("hours", "what counts as time spent?"),
    ("hours", "how many hours do I need?"),
])
async def test_a_question_about_the_step_gets_help_with_the_step(chat: Chat, knowledge, step: str,
                                                                 question: str) -> None:
    await reach(chat, step)
    replies = await chat.send(question)
    help_text = knowledge.flows["platforms"].step(step).help
    assert help_text and help_text.strip() in chat.text, chat.text
    assert replies[0].topic is None and await chat.step() == step
    prompt = knowledge.flows["platforms"].step(step).prompt
    assert prompt in replies[-1].text and replies[-1].buttons, "the step is asked again with its buttons"


async def test_a_real_knowledge_question_at_the_age_step_is_still_a_knowledge_question(chat: Chat) -> None:
    await reach(chat, "ages")
    replies = await chat.send("what is the 90/9/1 rule?")
    assert replies[0].topic == "rule-90-9-1" and await chat.step() == "ages"


# -- 6. "Start over" means one thing, typed or pressed ----------------------------------------------

async def test_start_over_typed_after_a_result_does_what_the_button_does(chat: Chat, advisor) -> None:
    await reach(chat, "goals")
    await finish(chat, "goals")
    button = chat.button("Start over")
    await chat.send("start over")
    typed = chat.last
    assert await chat.step() == "goals", "typed: the walk-through again"

    other = Chat(advisor, chat.key.__class__("test", "chat", "", "other"))
    await reach(other, "goals")
    await finish(other, "goals")
    await other.press("Start over")
    assert await other.step() == "goals", "pressed: the walk-through again"
    assert [r.text for r in other.last] == [r.text for r in typed]
    assert button.payload == "cmd:restart", "the button is the typed command"


async def test_start_over_outside_a_walkthrough_starts_the_conversation_afresh(chat: Chat) -> None:
    await chat.send("what is a persona?")
    await chat.send("start over")
    state = await chat.advisor.state(chat.key)
    assert state.flow is None and state.last_topic == "help" and "start over" in chat.text.lower()


async def test_start_over_after_cancelling_a_walkthrough_does_not_resume_it(chat: Chat) -> None:
    await reach(chat, "market")
    await chat.send("cancel")
    await chat.send("start over")
    assert await chat.step() is None
