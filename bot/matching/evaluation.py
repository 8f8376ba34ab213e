"""Measuring the advisor on labelled questions (the held-out set in tests/data/heldout.yaml).

Each question goes through the whole dialogue (commands, small talk, flows, matching) in a fresh
conversation, as `advisor ask` answers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.types import ConversationKey, Incoming, ReplyKind

FLOW_LABEL = "flow"
_KEY = ConversationKey("eval", "eval", "", "eval")


@dataclass(frozen=True, slots=True)
class Evaluation:
    in_domain: int
    right: int
    out_of_domain: int
    rejected: int
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.in_domain if self.in_domain else 1.0

    @property
    def rejection(self) -> float:
        return self.rejected / self.out_of_domain if self.out_of_domain else 1.0


def answer_label(dialogue: Dialogue, question: str) -> tuple[str | None, str]:
    """(the topic answered, "flow" for a started flow, None otherwise; a short description)."""
    _, replies = dialogue.respond(ConversationState(), Incoming(_KEY, text=question))
    first = replies[0]
    if first.kind is ReplyKind.FLOW:
        return FLOW_LABEL, "flow"
    if first.kind is ReplyKind.ANSWER and first.topic is not None:
        return first.topic, f"{first.topic} {first.confidence:.2f}"
    candidates = ", ".join(f"{c.intent} {c.score:.2f}" for c in dialogue.matcher.match(question).candidates[:3])
    return None, f"{first.kind.value} [{candidates}]"


def evaluate(dialogue: Dialogue, in_domain: list[tuple[str, str]], out_of_domain: list[str]) -> Evaluation:
    """In domain: right when the expected topic is answered (or the flow started). Out of domain:
    rejected when nothing is answered (a fallback or a "did you mean")."""
    right, rejected, misses = 0, 0, []
    for question, expected in in_domain:
        got, description = answer_label(dialogue, question)
        if got == expected:
            right += 1
        else:
            misses.append(f"MISS  {question!r}: want {expected}, got {description}")
    for question in out_of_domain:
        got, description = answer_label(dialogue, question)
        if got is None:
            rejected += 1
        else:
            misses.append(f"FALSE {question!r}: answered {description}")
    return Evaluation(len(in_domain), right, len(out_of_domain), rejected, misses)
