"""A turn that asks the matcher about the same text again (routing, the answer, the questions log) gets
the match already worked out; the kept matches are bounded."""

from __future__ import annotations

from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge
from bot.matching.matcher import RECENT_MATCHES


def test_the_same_text_is_matched_once_and_the_kept_matches_are_bounded(knowledge: Knowledge) -> None:
    matcher = Dialogue(knowledge).matcher
    question = "how do i pick the right hashtags?"
    first = matcher.match(question)
    assert matcher.match(question) is first
    for n in range(RECENT_MATCHES):
        matcher.match(f"what is a persona, question {n}?")
    again = matcher.match(question)
    assert again is not first and again == first
