"""Follow-ups: a short message after an answer that refers to it ("why?", "and for B2B?", "what about
LinkedIn?", "give me an example"). The phrases are data (knowledge/followups.yaml).

`FollowUpDetector.detect(text)` says whether a message reads as a follow-up: at most `MAX_WORDS`
words once chatter is removed, and one of the follow-up phrases, or starting with one of the leads
("and for", "what about"), or using one of the references ("that", "it", "ours"). Whether it is then
answered about the last topic (rather than as a question of its own) is the engine's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import FollowUps
from bot.matching import Matcher

__all__ = ["MAX_WORDS", "FollowUp", "FollowUpDetector"]

MAX_WORDS = 8
"""A longer message is a question of its own, even when it starts with "and"."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    platforms: tuple[str, ...]
    """Catalog ids of the platforms it names ("what about LinkedIn?"), in order; () when none."""


class FollowUpDetector:
    """Built once per knowledge pack (over the pack's matcher, which reads the message)."""

    def __init__(self, follow_ups: FollowUps, matcher: Matcher) -> None:
        self._matcher = matcher
        canonical = matcher.reader.canonical
        self._phrases = frozenset(canonical(p) for p in follow_ups.phrases)
        self._leads = tuple(sorted({canonical(p) for p in follow_ups.leads}, key=len, reverse=True))
        self._references = frozenset(canonical(p) for p in follow_ups.references)

    def detect(self, text: str) -> FollowUp | None:
        """The follow-up this message is, or None when it does not read as one."""
        reading = self._matcher.reader.read(text)
        words = reading.text.split()
        if not words or len(words) > MAX_WORDS:
            return None
        joined = " ".join(words)
        cue = (joined in self._phrases
               or any(joined == lead or joined.startswith(lead + " ") for lead in self._leads)
               or not self._references.isdisjoint(words))
        return FollowUp(reading.platforms) if cue else None
