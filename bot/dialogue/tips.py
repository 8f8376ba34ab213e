"""Giving tips in a conversation: a general tip, or a tip on a subject ("a tip about LinkedIn"), with
no repeat until the pool for that subject is used up (the state keeps the tips given)."""

from __future__ import annotations

from dataclasses import replace
from hashlib import blake2b

from bot.dialogue.replies import ReplyBuilder
from bot.dialogue.state import TIPS_KEPT, ConversationState
from bot.knowledge.model import Knowledge
from bot.matching import Matcher
from bot.platform_answers import PlatformDetector
from bot.tips import Subject, find_subject, next_tip, subject_by_id, tips_about
from bot.tips.request import MAX_GUESSED_WORDS
from bot.types import Reply

__all__ = ["TipGiver", "tip_key"]


def tip_key(tip_id: str) -> str:
    """The short form of a tip id kept in the conversation state (8 hex characters)."""
    return blake2b(tip_id.encode(), digest_size=4).hexdigest()


class TipGiver:
    """Built once per pack by the dialogue. Every method returns the new state and the tip reply
    (an empty list when the pack has no tips)."""

    def __init__(self, knowledge: Knowledge, replies: ReplyBuilder, platforms: PlatformDetector,
                 matcher: Matcher) -> None:
        self.knowledge = knowledge
        self.replies = replies
        self._platforms = platforms
        self._matcher = matcher

    def general(self, state: ConversationState) -> tuple[ConversationState, list[Reply]]:
        return self._give(state, None)

    def about_words(self, state: ConversationState, words: str,
                    *, asked: bool = False) -> tuple[ConversationState, list[Reply]] | None:
        """A tip on the subject these words name; a general one, saying so, when no subject has tips and
        the request was explicit (`asked`: /tip) or the subject short. None: not a tip request after all
        ("tips for winning at Settlers of Catan")."""
        subject = find_subject(self.knowledge, words, self._platforms.platforms_in, self._matcher.match)
        if subject is not None:
            return self._give(state, subject)
        if not asked and len(words.split()) > MAX_GUESSED_WORDS:
            return None
        new_state, replies = self._give(state, None)
        note = self.knowledge.message("tip_no_subject", subject=words)
        return new_state, [replace(r, text=f"{note}\n\n{r.text}") for r in replies[:1]] + replies[1:]

    def about_id(self, state: ConversationState, subject_id: str) -> tuple[ConversationState, list[Reply]]:
        """The "Another tip about LinkedIn" button: that subject again (a general tip if it has gone)."""
        return self._give(state, subject_by_id(self.knowledge, subject_id))

    def _give(self, state: ConversationState, subject: Subject | None) -> tuple[ConversationState, list[Reply]]:
        pool = tips_about(self.knowledge, subject.id if subject else None)
        order = {key: i for i, key in enumerate(state.tips_given)}
        used = tuple(sorted((t.id for t in pool if tip_key(t.id) in order), key=lambda i: order[tip_key(i)]))
        picked = next_tip(pool, used, self.replies.rng)
        if picked is None:
            return state, []
        tip, used = picked
        keys = {tip_key(t.id) for t in pool}
        given = (*(k for k in state.tips_given if k not in keys), *map(tip_key, used))[-TIPS_KEPT:]
        return replace(state, last_tip=tip.id, tips_given=given), [self.replies.tip(tip, subject)]
