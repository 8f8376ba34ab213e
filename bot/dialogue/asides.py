"""Recognising what a user says beside a flow's question: a question about the step itself ("how old
should they be?" at the age step), or a knowledge question asked in passing ("hang on, what's the point
of a persona again?"). Both are data: the flow's `step_asks`, each step's `asks` and `help`, and the
topics' keywords.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.knowledge.model import Knowledge, Step, TopicKind
from bot.matching import Match
from bot.normalize import normalize

ASK_SIMILARITY = 85
"""rapidfuzz `ratio` (0-100) from which a message counts as one of the ways of asking about a step."""
ASK_EXTRA_WORDS = 3
"""A message holding every word of a way of asking, and at most this many more, counts too
("how old are they supposed to be" holds "how old are they")."""
ASIDE_FLOOR = 0.4
"""In a flow, a question whose best candidate topic is named by one of its keywords is answered from this
matcher score, below the usual answer threshold: "what's the point of a persona again?" names personas."""


class StepQuestions:
    """Tells whether a message asks about the current step itself (answered with the step's help)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._asks: dict[tuple[str, str], tuple[str, ...]] = {}
        for flow in knowledge.flows.values():
            shared = tuple(normalize(p) for p in flow.step_asks)
            for step in flow.steps:
                if step.help:
                    self._asks[(flow.id, step.id)] = (*(normalize(p) for p in step.asks), *shared)

    def asks_about(self, flow: str, step: Step, text: str) -> bool:
        phrases = self._asks.get((flow, step.id), ())
        said = normalize(text)
        words = said.split()
        return bool(said) and any(
            fuzz.ratio(said, phrase, score_cutoff=ASK_SIMILARITY)
            or (set(phrase.split()) <= set(words) and len(words) - len(phrase.split()) <= ASK_EXTRA_WORDS)
            for phrase in phrases)


class TopicEvidence:
    """Which topics a message names by one of their keywords or their title (whole words)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._names: dict[str, tuple[str, ...]] = {}
        for topic in knowledge.topics.values():
            if topic.kind is TopicKind.TOPIC:
                names = {normalize(k) for k in (*topic.keywords, topic.title)}
                self._names[topic.id] = tuple(sorted(n for n in names if n))

    def names(self, topic: str, text: str) -> bool:
        said = f" {normalize(text)} "
        return any(f" {name} " in said for name in self._names.get(topic, ()))

    def aside(self, match: Match, text: str) -> str | None:
        """The topic a question asked in passing is about: the matcher's best candidate when the
        question names it and it scores at least ASIDE_FLOOR; None otherwise."""
        if not match.candidates:
            return None
        top = match.candidates[0]
        if top.score >= ASIDE_FLOOR and self.names(top.intent, text):
            return top.intent
        return None
