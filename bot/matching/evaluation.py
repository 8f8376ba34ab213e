"""Measuring a matcher on labelled questions (the held-out set in tests/data/heldout.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.matching.intents import FLOW_PREFIX
from bot.matching.matcher import Matcher

FLOW_LABEL = "flow"


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


def label_of(intent: str | None) -> str | None:
    """Topic ids as they are; any flow trigger as "flow"."""
    return FLOW_LABEL if intent and intent.startswith(FLOW_PREFIX) else intent


def evaluate(matcher: Matcher, in_domain: list[tuple[str, str]], out_of_domain: list[str]) -> Evaluation:
    """In domain: right when the expected topic is answered confidently. Out of domain: rejected when
    nothing is answered confidently (a fallback or a "did you mean")."""
    right, rejected, misses = 0, 0, []
    for question, expected in in_domain:
        match = matcher.match(question)
        got = label_of(match.best.intent if match.best else None)
        if got == expected:
            right += 1
        else:
            top = ", ".join(f"{c.intent} {c.score:.2f}" for c in match.candidates[:3])
            misses.append(f"MISS  {question!r}: want {expected}, got {got} [{top}]")
    for question in out_of_domain:
        match = matcher.match(question)
        if match.best is None:
            rejected += 1
        else:
            misses.append(f"FALSE {question!r}: answered {match.best.intent} {match.best.score:.2f}")
    return Evaluation(len(in_domain), right, len(out_of_domain), rejected, misses)
