"""The editors' loop inside the advisor: feedback presses, the questions log and the question counts.

The Advisor calls, around each turn:
- `before`: a 👍/👎 press is recorded here (once per user and answer, whatever the number of presses or
  deliveries) and answered without a dialogue turn (a 👎 gets the follow-up "What were you looking for?");
  the follow-up's choice is recorded, then answered as a press on that topic;
- `remember` (pure, in the same versioned write as the state): the questions just answered or offered,
  so a later 👎 or a "did you mean" pick can be logged with the question;
- `after`: fallbacks, offers and picks go to the questions log; every question to the day's counts.
Recording never costs the user an answer: a store failure in `after` is logged and the turn goes on.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import RECENT_ASKED, Asked, AskedKind, ConversationState
from bot.editors import stats
from bot.editors.privacy import mask
from bot.editors.questions import DAY, DEFAULT_RETENTION_DAYS, LoggedQuestion, LogKind, QuestionLog, top_candidates
from bot.editors.stats import StatsLog
from bot.knowledge.model import TopicKind
from bot.matching import Candidate
from bot.platform_answers import PLATFORM_PAYLOAD, PLATFORM_TOPIC
from bot.store.base import Store, StoreError
from bot.types import Button, Feedback, Incoming, Rating, Reply, ReplyKind

log = logging.getLogger("advisor.editors")

FOLLOW_UP_TOPICS = 3
NEXT_BEST_FLOOR = 0.25
"""Candidates under this score are no better a guess than the answer's related topics."""
ONCE_PREFIX = "fb:once:"


@dataclass(frozen=True, slots=True)
class EditorsSettings:
    keep_text: bool = True
    """Store questions as typed (masked); off: the log keeps topics and scores only (ADVISOR_QUESTIONS_TEXT)."""
    retention: float = DEFAULT_RETENTION_DAYS * DAY
    """Seconds the log, the counts and the feedback records are kept (ADVISOR_QUESTIONS_RETENTION, in days)."""


class EditorsLoop:
    def __init__(self, store: Store, settings: EditorsSettings | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings or EditorsSettings()
        self.clock = clock
        self.log = QuestionLog(store, self.settings.retention, clock)
        self.stats = StatsLog(store, self.settings.retention, clock)

    # -- before the turn -------------------------------------------------------------------------

    async def before(self, dialogue: Dialogue, message: Incoming, state: ConversationState) -> Incoming | list[Reply]:
        """The message the dialogue should answer, or the replies when a feedback press needs no turn.
        Raises StoreError when the press cannot be recorded (nothing was said yet)."""
        feedback = Feedback.read(message.payload)
        if feedback is None:
            return message
        if feedback.is_vote:
            return await self._vote(dialogue, message, state, feedback)
        if await self._first(message, feedback, "wanted"):
            await self.log.append(self._entry(message, LogKind.WANTED, None, feedback.wanted or None, None,
                                              ref=feedback.answer))
        topic = dialogue.knowledge.topics.get(feedback.wanted)
        if topic is None:
            return [Reply(dialogue.knowledge.message("feedback_other"), ReplyKind.ANSWER, None, 1.0,
                          dialogue.replies.help_buttons())]
        return replace(message, payload=f"topic:{topic.id}")

    async def _vote(self, dialogue: Dialogue, message: Incoming, state: ConversationState,
                    feedback: Feedback) -> list[Reply]:
        if not await self._first(message, feedback, "vote"):
            log.info("feedback already recorded", extra={"conversation": message.key.as_str()})
            return []
        up = feedback.rating is Rating.UP
        await self.stats.count([stats.UP if up else stats.DOWN])
        log.info("feedback", extra={"conversation": message.key.as_str(), "rating": feedback.rating.value,
                                    "topic": feedback.topic})
        if up:
            return []
        asked = next((a for a in state.recent if a.id == feedback.answer), None)
        nearest = self._next_best(dialogue, feedback.topic, asked)
        await self.log.append(replace(
            self._entry(message, LogKind.DISLIKED, asked.text if asked else None, feedback.topic,
                        asked.score if asked else None, nearest, entry_id=feedback.answer),
            platforms=asked.platforms if asked else ()))
        knowledge = dialogue.knowledge
        buttons = [Button(knowledge.topics[c.intent].title,
                          Feedback(Rating.WANTED, feedback.answer, feedback.topic, c.intent).payload)
                   for c in nearest[:FOLLOW_UP_TOPICS]]
        buttons.append(Button(knowledge.message("feedback_something_else"),
                              Feedback(Rating.WANTED, feedback.answer, feedback.topic, "").payload))
        return [Reply(knowledge.message("feedback_ask"), ReplyKind.CLARIFY, None, 1.0, tuple(buttons))]

    def _next_best(self, dialogue: Dialogue, topic: str, asked: Asked | None) -> tuple[Candidate, ...]:
        """The topics the user may have meant instead of `topic`, best first: the matcher's other
        candidates for the question (when its text is kept), then the answer's related topics."""
        topics = dialogue.knowledge.topics
        found: dict[str, float] = {}
        if asked is not None and asked.text:
            for c in dialogue.matcher.match(asked.text).candidates:
                answerable = c.intent in topics and topics[c.intent].kind is TopicKind.TOPIC
                if c.intent != topic and answerable and c.score >= NEXT_BEST_FLOOR:
                    found.setdefault(c.intent, c.score)
        if topic in topics:
            for related in topics[topic].related:
                if related != topic and related in topics:
                    found.setdefault(related, 0.0)
        return tuple(Candidate(i, s) for i, s in list(found.items())[:FOLLOW_UP_TOPICS])

    async def _first(self, message: Incoming, feedback: Feedback, what: str) -> bool:
        """True the first time this user gives this kind of feedback on this answer (atomic across workers)."""
        user = hashlib.sha256(f"{message.key.platform}:{message.key.user}".encode()).hexdigest()[:16]
        return await self.store.claim(f"{ONCE_PREFIX}{what}:{feedback.answer}:{user}", self.settings.retention)

    # -- the turn's state ------------------------------------------------------------------------

    def remember(self, before: ConversationState, after: ConversationState, message: Incoming,
                 replies: list[Reply]) -> ConversationState:
        """`after` with the questions this turn answered or offered at the front of `recent`; an offer
        is remembered for one turn only (a pick comes right after it)."""
        picked = self._offer_picked(before, message)
        text = picked.text if picked is not None else self._text(message)
        fresh: list[Asked] = []
        for reply in replies:
            if reply.feedback is not None:
                fresh.append(Asked(reply.feedback.answer, AskedKind.ANSWER, reply.feedback.topic, reply.confidence,
                                   text, platforms=reply.platforms))
            elif reply.kind is ReplyKind.CLARIFY and message.payload is None:
                fresh.append(Asked(secrets.token_urlsafe(6), AskedKind.OFFER, None, reply.confidence, text,
                                   tuple(b.payload for b in reply.buttons)))
        older = [a for a in before.recent if a.kind is AskedKind.ANSWER]
        return replace(after, recent=tuple([*fresh, *older][:RECENT_ASKED]))

    def _text(self, message: Incoming) -> str:
        return mask(message.text) if self.settings.keep_text and message.payload is None else ""

    @staticmethod
    def _offer_picked(before: ConversationState, message: Incoming) -> Asked | None:
        if message.payload is None:
            return None
        return next((a for a in before.recent if a.kind is AskedKind.OFFER and message.payload in a.options), None)

    # -- after the turn --------------------------------------------------------------------------

    async def after(self, dialogue: Dialogue, message: Incoming, before: ConversationState,
                    after: ConversationState, replies: list[Reply]) -> None:
        """Log and count what the turn did with a question. Never raises StoreError (it is logged)."""
        try:
            await self._record(dialogue, message, before, after, replies)
        except StoreError as exc:
            log.warning("questions log not written: %s", exc, extra={"conversation": message.key.as_str()})

    async def _record(self, dialogue: Dialogue, message: Incoming, before: ConversationState,
                      after: ConversationState, replies: list[Reply]) -> None:
        via = stats.VIA + message.key.platform
        picked = self._offer_picked(before, message)
        if picked is not None:
            kind, _, rest = (message.payload or "").partition(":")
            intent = PLATFORM_TOPIC if kind == PLATFORM_PAYLOAD else rest  # "platform:reddit;fit;;": the answer
            await self.log.append(self._entry(message, LogKind.PICKED, None, intent, None, ref=picked.id))
            await self.stats.count([stats.PICKED, *(stats.TOPIC + r.topic for r in replies[:1] if r.feedback
                                                    and r.topic)])
            return
        if message.payload is not None or not replies:
            return
        first = replies[0]
        if first.feedback is not None and first.topic is not None:
            await self.stats.count([stats.ASKED, stats.ANSWERED, stats.TOPIC + first.topic, via,
                                    *(stats.CATALOG + p for p in first.platforms)])
        elif first.kind is ReplyKind.CLARIFY:
            offer = next((a for a in after.recent if a.kind is AskedKind.OFFER), None)
            match = dialogue.matcher.match(message.text)
            top = match.choices or match.candidates
            await self.log.append(self._entry(message, LogKind.OFFER, self._text(message), None,
                                              top[0].score if top else None, top_candidates(top),
                                              entry_id=offer.id if offer else None))
            await self.stats.count([stats.ASKED, stats.OFFERED, via])
        elif first.kind is ReplyKind.FALLBACK and first.text == dialogue.knowledge.message("fallback"):
            match = dialogue.matcher.match(message.text)
            nearest = match.candidates[0] if match.candidates else None
            await self.log.append(self._entry(message, LogKind.FALLBACK, self._text(message),
                                              nearest.intent if nearest else None,
                                              nearest.score if nearest else None, top_candidates(match.candidates)))
            await self.stats.count([stats.ASKED, stats.UNANSWERED, via])

    def _entry(self, message: Incoming, kind: LogKind, text: str | None, topic: str | None, score: float | None,
               candidates: tuple[Candidate, ...] = (), entry_id: str | None = None,
               ref: str | None = None) -> LoggedQuestion:
        kept = text if self.settings.keep_text and text else None
        return LoggedQuestion(entry_id or secrets.token_urlsafe(6), self.clock(), message.key.platform, kind, kept,
                              topic, score, candidates, ref)
