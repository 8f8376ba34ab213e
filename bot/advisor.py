"""The advisor service: loads a conversation's state, runs the dialogue, saves the new state.

This is the one entry point adapters call. Writes are optimistic: the state is saved only if nobody
else saved the same conversation in between; otherwise the message is handled again on the newer state.
Feedback presses, the questions log and the question counts are recorded around each turn by the
editors' loop (bot/editors/loop.py), in the same store.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from bot.delivery.event import Preload
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState, dump_state, load_state
from bot.editors.loop import EditorsLoop
from bot.knowledge.model import Knowledge
from bot.ratelimit import RateLimiter
from bot.store.base import Store, StoreError
from bot.types import ConversationKey, Incoming, Reply, ReplyKind

log = logging.getLogger("advisor.engine")

DEFAULT_IDLE_TIMEOUT = 24 * 3600.0
_MAX_ATTEMPTS = 8


class Advisor:
    def __init__(self, knowledge: Knowledge, store: Store, idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 dialogue: Dialogue | None = None, rate_limiter: RateLimiter | None = None,
                 editors: EditorsLoop | None = None) -> None:
        self.knowledge = knowledge
        self.store = store
        self.idle_timeout = idle_timeout
        self.dialogue = dialogue or Dialogue(knowledge)
        self.rate_limiter = rate_limiter
        self.editors = editors or EditorsLoop(store)

    def use(self, dialogue: Dialogue) -> None:
        """Answer with another pack from now on (a knowledge reload). Turns under way finish on the pack
        they started with; stored conversations continue as `Dialogue.current` allows."""
        self.knowledge, self.dialogue = dialogue.knowledge, dialogue

    @staticmethod
    def state_key(key: ConversationKey) -> str:
        return "conv:" + key.as_str()

    def preload(self, key: ConversationKey) -> Preload:
        """What a turn of conversation `key` reads, for the delivery pipeline to load with the event:
        the stored state and, with a rate limit, the user's message counter."""
        limiter = self.rate_limiter
        if limiter is None:
            return Preload((self.state_key(key),))
        return Preload((self.state_key(key),), limiter.prefix(self._user(key)), limiter.limit.seconds)

    @staticmethod
    def _user(key: ConversationKey) -> str:
        return f"{key.platform}:{key.user}"

    async def state(self, key: ConversationKey) -> ConversationState:
        """The stored state of a conversation (a fresh one when none or expired), as this pack runs it."""
        record = await self.store.get(self.state_key(key))
        return self.dialogue.current(load_state(record.value if record else None))

    @staticmethod
    def _recorded(state: ConversationState, message: Incoming, delivery: str | None) -> list[Reply] | None:
        """The replies of a delivery already applied to this conversation, or None."""
        applied = state.applied(delivery) if delivery is not None else None
        if applied is None:
            return None
        log.info("delivery already applied", extra={"conversation": message.key.as_str(), "delivery": delivery})
        return list(applied.replies or ())

    async def _rate_limited(self, message: Incoming, store: Store) -> list[Reply] | None:
        """None when the user may go on; else the replies for a refused message (a note the first
        time in a window, nothing after), with no engine work done."""
        assert self.rate_limiter is not None
        user = self._user(message.key)
        if await self.rate_limiter.allow(user, store):
            return None
        first = await self.rate_limiter.first_refusal(user, store)
        log.warning("rate limited", extra={"conversation": message.key.as_str(), "replied": first})
        return [Reply(self.knowledge.message("rate_limited"), ReplyKind.FALLBACK, None, 1.0)] if first else []

    async def handle(self, message: Incoming, delivery: str | None = None, store: Store | None = None) -> list[Reply]:
        """Answer one message. Raises StoreError when the store keeps failing or conflicting.

        `delivery` is the platform's id of the event that carried the message. A delivery already
        applied to this conversation (a worker died after saving the state, before the replies went
        out, and another worker resumed it) is not applied again: its recorded replies are returned
        (an empty list once they are no longer kept). `store`: the store as the delivery turn sees it
        (`bot.delivery.TurnStore`: what `preload` asked for already read; a write that is no longer the
        turn's to make raises `bot.delivery.Superseded`); the advisor's own store by default."""
        store = store or self.store
        store_key = self.state_key(message.key)
        started = time.perf_counter()
        record = await store.get(store_key)
        state = load_state(record.value if record else None)
        if (recorded := self._recorded(state, message, delivery)) is not None:
            return recorded
        if self.rate_limiter is not None and (refusal := await self._rate_limited(message, store)) is not None:
            return refusal
        dialogue, editors = self.dialogue, self.editors  # one pack for the whole turn, even across a reload
        routed = await editors.before(dialogue, message, state)
        if isinstance(routed, list):
            return routed
        message = routed
        for attempt in range(_MAX_ATTEMPTS):
            if attempt:  # another writer got there first: start again from what it saved
                record = await store.get(store_key)
                state = load_state(record.value if record else None)
                if (recorded := self._recorded(state, message, delivery)) is not None:
                    return recorded
            new_state, replies = dialogue.respond(state, message)
            new_state = replace(new_state, journal=state.journal)  # the journal is the advisor's, not the rules'
            new_state = editors.remember(state, new_state, message, replies)
            if delivery is not None:
                new_state = new_state.with_applied(delivery, replies)
            if await store.put(store_key, dump_state(new_state), record.version if record else 0,
                                    self.idle_timeout):
                await editors.after(dialogue, message, state, new_state, replies)
                log.info("handled", extra={
                    "conversation": message.key.as_str(), "attempt": attempt + 1,
                    "button": message.payload is not None, "replies": len(replies),
                    "kinds": [r.kind.value for r in replies], "topic": replies[0].topic if replies else None,
                    "flow_step": new_state.flow.step if new_state.flow else None,
                    "ms": round((time.perf_counter() - started) * 1000, 3),
                })
                return replies
            log.debug("state changed concurrently, retrying", extra={"conversation": message.key.as_str()})
        raise StoreError(f"conversation {message.key.as_str()} kept changing; gave up after {_MAX_ATTEMPTS} tries")
