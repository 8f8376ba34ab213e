"""The questions log through the real engine and each store: fallbacks with the nearest topic, "did you
mean" offers with what was picked, no identifiers, text masked or not kept, retention by the store."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

from redis.asyncio import Redis

from bot.advisor import Advisor
from bot.dialogue.engine import Dialogue
from bot.editors import EditorsLoop, EditorsSettings, LoggedQuestion, LogKind, QuestionLog
from bot.editors.questions import day_key, day_of
from bot.knowledge.model import Knowledge
from bot.matching import MatchSettings, build_matcher
from bot.store import MemoryStore, SQLiteStore, open_store
from bot.store.base import Store
from bot.types import ConversationKey, ReplyKind
from tests.chat_harness import Chat
from tests.redis_server import RedisServer

UNANSWERABLE = "how do I set up a payroll for my employees"


async def test_a_fallback_is_logged_with_time_platform_nearest_topic_and_scores(editing_chat: Chat,
                                                                                loop_advisor: Advisor) -> None:
    started = time.time()
    [reply] = await editing_chat.send(UNANSWERABLE)
    assert reply.kind is ReplyKind.FALLBACK
    [entry] = await loop_advisor.editors.log.since(0)
    assert entry.kind is LogKind.FALLBACK and entry.text == UNANSWERABLE and entry.platform == "test"
    assert started <= entry.at <= time.time()
    match = loop_advisor.dialogue.matcher.match(UNANSWERABLE)
    assert entry.topic == (match.candidates[0].intent if match.candidates else None)
    assert [(c.intent, c.score) for c in entry.candidates] == [(c.intent, c.score) for c in match.candidates[:3]]
    stats = await loop_advisor.editors.stats.read(0)
    assert (stats.asked, stats.unanswered, stats.answered, stats.share_answered) == (1, 1, 0, 0.0)
    assert stats.platforms == (("test", 1),)


async def test_no_user_or_chat_identifier_is_stored_in_the_log(log_store: Store, knowledge: Knowledge) -> None:
    advisor = Advisor(knowledge, log_store, editors=EditorsLoop(log_store))
    key = ConversationKey("slack", "C0SECRETCHANNEL", "1700000000.000100", "U0SECRETUSER")
    chat = Chat(advisor, key)
    await chat.send(UNANSWERABLE)
    [answer] = await chat.send("what is seo")
    assert answer.feedback is not None
    await chat.press_button(answer.feedback.buttons[1])
    raw = await log_store.items(day_key("qlog:", day_of(time.time())))
    assert len(raw) == 2
    for item in raw:
        assert not {"C0SECRETCHANNEL", "1700000000.000100", "U0SECRETUSER"} & set(_strings(json.loads(item))), item


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


async def test_emails_and_phone_numbers_are_masked_and_text_storage_can_be_off(log_store: Store,
                                                                             knowledge: Knowledge) -> None:
    typed = "payroll question from jane.doe@acme.com, call me on +44 20 7946 0958"
    keeping = Chat(Advisor(knowledge, log_store, editors=EditorsLoop(log_store)))
    await keeping.send(typed)
    off = EditorsLoop(log_store, EditorsSettings(keep_text=False))
    not_keeping = Chat(Advisor(knowledge, log_store, editors=off), ConversationKey("test", "other", "", "u"))
    await not_keeping.send(typed)
    [answer] = await not_keeping.send("what is seo")
    assert answer.feedback is not None
    await not_keeping.press_button(answer.feedback.buttons[1])
    kept, without, disliked = await off.log.since(0)
    assert kept.text == "payroll question from [email], call me on [phone]"
    assert without.text is None and without.kind is LogKind.FALLBACK and without.candidates == kept.candidates
    assert disliked.kind is LogKind.DISLIKED and disliked.text is None and disliked.topic == "seo"
    state = await not_keeping.advisor.state(not_keeping.key)
    assert all(a.text == "" for a in state.recent), "nor is it kept in the conversation for a later 👎"


async def test_a_did_you_mean_offer_is_logged_with_what_was_picked(log_store: Store, knowledge: Knowledge) -> None:
    """A matcher that offers rather than answers (the middle band made wide) stands for any close call."""
    offering = build_matcher(knowledge, MatchSettings(answer_confidence=1.01))
    advisor = Advisor(knowledge, log_store, dialogue=Dialogue(knowledge, matcher=offering),
                      editors=EditorsLoop(log_store))
    chat = Chat(advisor, ConversationKey("telegram", "1", "", "2"))
    [offer] = await chat.send("how should we grow our community of followers")
    assert offer.kind is ReplyKind.CLARIFY and len(offer.buttons) >= 2
    picked = offer.buttons[1]
    [answer, *_] = await chat.press_button(picked)
    [again] = await chat.send("how should we grow our community of followers")
    await chat.send("hello")  # the second offer is left unanswered: its buttons no longer count as a pick
    await chat.press_button(again.buttons[0])
    entries = await advisor.editors.log.since(0)
    assert [e.kind for e in entries] == [LogKind.OFFER, LogKind.PICKED, LogKind.OFFER]
    first, pick = entries[:2]
    assert first.text == "how should we grow our community of followers" and first.platform == "telegram"
    assert [f"topic:{c.intent}" for c in first.candidates][:len(offer.buttons)] == [b.payload for b in offer.buttons]
    assert first.score == first.candidates[0].score
    assert pick.ref == first.id and pick.topic == picked.payload.partition(":")[2] == answer.topic
    assert answer.feedback is not None
    state = await advisor.state(chat.key)
    assert next(a for a in state.recent if a.id == answer.feedback.answer).text == first.text, \
        "a 👎 on the picked answer is logged with the question that led to it"
    stats = await advisor.editors.stats.read(0)
    assert (stats.asked, stats.offered, stats.picked, stats.answered) == (2, 2, 1, 0)
    assert stats.share_answered == 1 / 2


async def test_entries_older_than_the_retention_are_gone_from_sqlite_and_memory(tmp_path: object) -> None:
    for make in (lambda clock: MemoryStore(clock=clock), lambda clock: SQLiteStore(f"{tmp_path}/r.db", clock=clock)):
        now = [1_800_000_000.0]

        def clock(now: list[float] = now) -> float:
            return now[0]

        store = make(clock)
        log = QuestionLog(store, retention=3 * 86400, clock=clock)
        await log.append(_entry("old", now[0]))
        now[0] += 86400
        await log.append(_entry("newer", now[0]))
        assert [e.text for e in await log.since(0)] == ["old", "newer"]
        now[0] += 2 * 86400 + 1  # the first day is now 3 days old
        assert [e.text for e in await log.since(0)] == ["newer"]
        await log.append(_entry("latest", now[0]))
        await store.purge_expired()
        raw = [i for k in ("qlog:2027-01-15", "qlog:2027-01-16") for i in await store.items(k)]
        assert all("old" not in item for item in raw)
        if isinstance(store, SQLiteStore):
            assert "old" not in str(store._db.execute("SELECT item FROM list_items").fetchall())
        await store.close()


async def test_redis_expires_a_day_of_the_log_by_itself(redis_server: RedisServer) -> None:
    url = redis_server.url.rsplit("/", 1)[0] + "/6"
    store = open_store(url)
    now = time.time()
    retention = now - day_of(now).timestamp() + 0.5  # today's entries expire in half a second
    log = QuestionLog(store, retention=retention)
    marker = uuid.uuid4().hex
    await log.append(_entry(marker, now))
    admin = Redis.from_url(url)
    key = day_key("qlog:", day_of(now))
    assert 0 < await admin.pttl(key) <= 500
    await asyncio.sleep(0.7)
    assert await admin.exists(key) == 0, "gone without anyone reading or writing"
    await admin.aclose()
    await store.close()


def _entry(text: str, at: float) -> LoggedQuestion:
    return LoggedQuestion(uuid.uuid4().hex[:8], at, "test", LogKind.FALLBACK, text, None, None)


async def test_the_offer_of_a_topic_or_a_platform_answer_logs_the_platform_pick(log_store: Store,
                                                                                knowledge: Knowledge) -> None:
    advisor = Advisor(knowledge, log_store, editors=EditorsLoop(log_store))
    chat = Chat(advisor, ConversationKey("slack", "T1", "C1", "U1"))
    [offer] = await chat.send("Our tourism office wants to post in local subreddits. I've heard redditors roast "
                              "anything that smells like an ad. How should an official account behave on Reddit?")
    assert offer.kind is ReplyKind.CLARIFY
    [answer, *_] = await chat.press_button(offer.buttons[1])
    assert (answer.topic, answer.platforms) == ("platform", ("reddit",))
    offered, pick = await advisor.editors.log.since(0)
    assert (offered.kind, pick.kind, pick.ref, pick.topic) == (LogKind.OFFER, LogKind.PICKED, offered.id, "platform")
    stats = await advisor.editors.stats.read(0)
    assert (stats.offered, stats.picked) == (1, 1)
