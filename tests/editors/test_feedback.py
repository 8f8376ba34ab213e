"""👍/👎 on knowledge answers, through the real engine and each store: which replies carry them, the
follow-up after a 👎, and one record per user and answer however often it is pressed."""

from __future__ import annotations

import asyncio

from bot.advisor import Advisor
from bot.editors import LogKind
from bot.types import Feedback, Incoming, Rating, ReplyKind
from tests.chat_harness import Chat


async def test_knowledge_answers_carry_a_feedback_row_small_talk_tips_and_steps_do_not(editing_chat: Chat) -> None:
    [answer] = await editing_chat.send("what is the 90 9 1 rule")
    assert answer.feedback is not None and answer.feedback.topic == "rule-90-9-1"
    assert answer.feedback.answer not in [b.payload for b in answer.buttons], "the row is not among the buttons"
    for text in ("hi", "help", "thanks", "tip"):
        assert all(r.feedback is None for r in await editing_chat.send(text)), text
    assert all(r.feedback is None for r in await editing_chat.send("help me choose platforms"))
    assert all(r.feedback is None for r in await editing_chat.send("visibility"))
    again = await editing_chat.send("what is the 90 9 1 rule")
    assert again[0].feedback is not None and again[0].feedback.answer != answer.feedback.answer


async def test_a_thumbs_up_is_counted_once_however_often_it_is_pressed(editing_chat: Chat,
                                                                        loop_advisor: Advisor) -> None:
    [answer] = await editing_chat.send("what is seo")
    assert answer.feedback is not None
    up = answer.feedback.buttons[0]
    for _ in range(3):
        assert await editing_chat.press_button(up) == []
    stats = await loop_advisor.editors.stats.read(0)
    assert (stats.up, stats.down, stats.asked, stats.answered) == (1, 0, 1, 1)
    assert stats.topics == (("seo", 1),)


async def test_a_thumbs_down_asks_what_was_wanted_and_records_the_choice(editing_chat: Chat,
                                                                        loop_advisor: Advisor) -> None:
    [answer] = await editing_chat.send("how do I get found on google with my posts")
    assert answer.feedback is not None
    [follow_up] = await editing_chat.press_button(answer.feedback.buttons[1])
    assert follow_up.kind is ReplyKind.CLARIFY and follow_up.text.endswith("What were you looking for?")
    choices = [Feedback.read(b.payload) for b in follow_up.buttons]
    assert all(c is not None and c.rating is Rating.WANTED for c in choices)
    assert 3 <= len(choices) <= 4 and choices[-1].wanted == "" and follow_up.buttons[-1].label == "Something else"
    assert answer.topic not in [c.wanted for c in choices]
    assert await editing_chat.press_button(answer.feedback.buttons[1]) == [], "a second 👎: no second follow-up"

    wanted = follow_up.buttons[0]
    [answered, *_] = await editing_chat.press_button(wanted)
    assert answered.topic == choices[0].wanted and answered.feedback is not None, "the chosen topic is answered"
    await editing_chat.press_button(wanted)  # pressed again: answered again, recorded once

    entries = await loop_advisor.editors.log.since(0)
    assert [e.kind for e in entries] == [LogKind.DISLIKED, LogKind.WANTED]
    disliked, chose = entries
    assert disliked.text == "how do I get found on google with my posts" and disliked.topic == answer.topic
    assert disliked.score == answer.confidence and disliked.id == answer.feedback.answer
    assert disliked.platform == "test"
    assert chose.ref == disliked.id and chose.topic == choices[0].wanted
    stats = await loop_advisor.editors.stats.read(0)
    assert (stats.up, stats.down) == (0, 1)


async def test_something_else_is_recorded_and_answered_with_a_note(editing_chat: Chat, loop_advisor: Advisor) -> None:
    [answer] = await editing_chat.send("what is a persona")
    assert answer.feedback is not None
    await editing_chat.press_button(answer.feedback.buttons[1])
    [note] = await editing_chat.press("Something else")
    assert "Thanks, noted" in note.text and note.feedback is None
    entries = await loop_advisor.editors.log.since(0)
    assert entries[-1].kind is LogKind.WANTED and entries[-1].topic is None


async def test_presses_delivered_to_two_workers_at_once_are_recorded_once(loop_advisor: Advisor,
                                                                            editing_chat: Chat) -> None:
    """Two advisors on one store stand for two workers; the same 👎 reaches both at the same moment."""
    [answer] = await editing_chat.send("what is a community")
    assert answer.feedback is not None
    other = Advisor(loop_advisor.knowledge, loop_advisor.store, editors=loop_advisor.editors.__class__(
        loop_advisor.store))
    down = Incoming(editing_chat.key, text="👎", payload=answer.feedback.down.payload)
    first, second = await asyncio.gather(loop_advisor.handle(down, "d1"), other.handle(down, "d2"))
    assert sorted([len(first), len(second)]) == [0, 1], "one follow-up question in all"
    entries = await loop_advisor.editors.log.since(0)
    assert [e.kind for e in entries] == [LogKind.DISLIKED]
    assert (await loop_advisor.editors.stats.read(0)).down == 1


async def test_a_malformed_feedback_payload_is_an_expired_button(editing_chat: Chat) -> None:
    for payload in ("fb:up", "fb:sideways:abc:seo", "fb:wanted:abc:seo", "fb:up:abc:seo:extra"):
        assert Feedback.read(payload) is None, payload
        replies = await editing_chat.advisor.handle(Incoming(editing_chat.key, text="x", payload=payload))
        assert "expired" in replies[0].text, payload


def test_feedback_payloads_round_trip_and_stay_short() -> None:
    for feedback in (Feedback(Rating.UP, "AbC-_123", "employee-advocacy"),
                     Feedback(Rating.WANTED, "AbC-_123", "employee-advocacy", "social-listening"),
                     Feedback(Rating.WANTED, "AbC-_123", "seo", "")):
        assert Feedback.read(feedback.payload) == feedback
        assert len(feedback.payload.encode()) < 100


async def test_platform_answers_take_feedback_and_the_platforms_are_recorded(editing_chat: Chat,
                                                                            loop_advisor: Advisor) -> None:
    [answer, *_] = await editing_chat.send("is TikTok or Instagram better for a B2C brand?")
    assert answer.topic == "platform" and set(answer.platforms) == {"tiktok", "instagram"}
    assert answer.feedback is not None and answer.feedback.topic == "platform"
    await editing_chat.press_button(answer.feedback.buttons[1])
    [disliked] = await loop_advisor.editors.log.since(0)
    assert disliked.kind is LogKind.DISLIKED and disliked.topic == "platform"
    assert set(disliked.platforms) == {"tiktok", "instagram"}
    stats = await loop_advisor.editors.stats.read(0)
    assert stats.topics == (("platform", 1),) and dict(stats.catalog) == {"instagram": 1, "tiktok": 1}
