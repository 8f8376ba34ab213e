"""Tips on a subject in a conversation: "a tip about LinkedIn", "tip for engagement", /tip linkedin;
no repeat until the subject's pool is used up; an unknown subject says so and gives a general tip."""

from __future__ import annotations

import random

import pytest

from bot.dialogue.engine import Dialogue
from bot.dialogue.replies import ReplyBuilder
from bot.dialogue.state import ConversationState, dump_state, load_state
from bot.knowledge.model import Knowledge
from bot.tips import subject_words, tips_about
from bot.types import ConversationKey, Incoming, Reply

KEY = ConversationKey("test", "c", "", "u")


@pytest.fixture
def dialogue(knowledge: Knowledge) -> Dialogue:
    return Dialogue(knowledge, builder=ReplyBuilder(knowledge, random.Random(7)))


def tip_text(knowledge: Knowledge, reply: Reply) -> str:
    """The tip's own text in a reply ("**Tip about LinkedIn:** ..."), to find which tip it was."""
    return next(t.text for t in knowledge.tips if t.text in reply.text)


@pytest.mark.parametrize(("text", "words"), [
    ("a tip about LinkedIn", "linkedin"), ("tip for engagement", "engagement"), ("hashtag tips", "hashtag"),
    ("any tips on insta?", "insta"), ("give me a tip", ""), ("tip of the day", ""),
    ("what are your tips for writing captions that people actually read on instagram", None),
])
def test_what_asks_for_a_tip_on_a_subject(knowledge: Knowledge, text: str, words: str | None) -> None:
    assert subject_words(knowledge, text) == words


@pytest.mark.parametrize(("text", "subject", "label"), [
    ("a tip about LinkedIn", "linkedin", "LinkedIn"),
    ("any tips on insta?", "instagram", "Instagram"),
    ("tip for engagement", "community", "Your community on social media"),
    ("hashtag tips", "hashtags", "Hashtags and keywords"),
    ("/tip linkedin", "linkedin", "LinkedIn"),
    ("/tip@advisor_bot the gram", "instagram", "Instagram"),
])
def test_the_tip_is_on_the_subject(dialogue: Dialogue, knowledge: Knowledge, text: str, subject: str,
                                   label: str) -> None:
    _, [reply] = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    assert reply.topic == "tip" and reply.text.startswith(f"**Tip about {label}:** ")
    assert tip_text(knowledge, reply) in {t.text for t in tips_about(knowledge, subject)}
    assert reply.buttons[0].label == f"Another tip about {label}" and reply.buttons[0].payload == f"tip:{subject}"


def test_no_repeat_until_the_pool_is_used_up(dialogue: Dialogue, knowledge: Knowledge) -> None:
    pool = {t.text for t in tips_about(knowledge, "linkedin")}
    assert len(pool) >= 2
    state, given = ConversationState(), []
    for i in range(len(pool)):
        state, [reply] = dialogue.respond(state, Incoming(KEY, text="a tip about linkedin" if i == 0 else "",
                                                          payload=None if i == 0 else "tip:linkedin"))
        given.append(tip_text(knowledge, reply))
        state = load_state(dump_state(state))  # what the store keeps is enough
    assert set(given) == pool  # every LinkedIn tip once
    state, [again] = dialogue.respond(state, Incoming(KEY, text="/tip linkedin"))
    assert tip_text(knowledge, again) in pool and tip_text(knowledge, again) != given[-1]


def test_general_tips_do_not_repeat_either(dialogue: Dialogue, knowledge: Knowledge) -> None:
    state, seen = ConversationState(), set()
    for _ in range(len(knowledge.tips)):
        state, [reply] = dialogue.respond(state, Incoming(KEY, text="give me a tip"))
        seen.add(tip_text(knowledge, reply))
    assert len(seen) == len(knowledge.tips)
    assert len(dump_state(state)) < 200 + 11 * len(knowledge.tips)  # 8 characters a tip given, quoted


def test_an_unknown_subject_says_so_and_gives_a_general_tip(dialogue: Dialogue, knowledge: Knowledge) -> None:
    _, [reply] = dialogue.respond(ConversationState(), Incoming(KEY, text="a tip about underwater knitting?"))
    first, _, rest = reply.text.partition("\n\n")
    assert first == "I have no tips about \u201cunderwater knitting\u201d yet. Here is a general one."
    assert rest.startswith("**Tip:** ") and reply.buttons[0].payload == "cmd:tip"
    _, [asked] = dialogue.respond(ConversationState(), Incoming(KEY, text="/tip <b>[knit](http://e.vil)</b>"))
    assert asked.text.startswith("I have no tips about \u201cb knit http e vil b\u201d")  # typed text as plain words


def test_a_subject_tip_in_the_walk_through_resumes_it(dialogue: Dialogue) -> None:
    state, _ = dialogue.respond(ConversationState(), Incoming(KEY, text="help me choose platforms"))
    state, replies = dialogue.respond(state, Incoming(KEY, text="a tip about tiktok"))
    assert replies[0].text.startswith("**Tip about TikTok:**")
    assert state.flow is not None and replies[-1].text.endswith(replies[-1].text.split("\n\n")[-1])
    assert replies[-1].kind.value == "flow"


def test_a_long_unknown_subject_is_not_a_tip_request(dialogue: Dialogue) -> None:
    """"tips for winning at Settlers of Catan" is not about social media: no tip, no strategy topic tip."""
    _, [reply] = dialogue.respond(ConversationState(), Incoming(KEY, text="any strategy tips for winning at chess"))
    assert reply.topic != "tip"
    _, [asked] = dialogue.respond(ConversationState(), Incoming(KEY, text="/tip winning at chess tournaments"))
    assert asked.topic == "tip" and asked.text.startswith("I have no tips about")


def test_tips_as_content_posted_on_a_platform_ask_about_the_platform(dialogue: Dialogue) -> None:
    """"health tips" are what the pharmacy posts on YouTube: the question is YouTube's, not a tip request;
    a platform with a word or two around it ("linkedin tips for a b2b firm?") still asks for a tip."""
    _, [reply] = dialogue.respond(ConversationState(),
                                  Incoming(KEY, text="youtube shorts or long-form for pharmacy health tips?"))
    assert (reply.topic, reply.platforms) == ("platform", ("youtube",))
    _, [tip] = dialogue.respond(ConversationState(), Incoming(KEY, text="linkedin tips for a b2b firm?"))
    assert tip.topic == "tip" and tip.buttons[0].payload == "tip:linkedin"
