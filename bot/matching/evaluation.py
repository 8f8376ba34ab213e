"""Measuring the advisor on labelled questions (tests/data: the dev sets and the blind set).

Each question goes through the whole dialogue (commands, small talk, flows, matching) in a fresh
conversation, as `advisor ask` answers it; a follow-up transcript runs its turns in one conversation.
The figures are those of issue 9: right topic answered, answered or offered in "did you mean",
out of domain refused, confident wrong answers as a share of all questions, follow-ups resolved,
by style, and a reliability table of the stated confidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge, TopicKind
from bot.knowledge.pack import REQUIRED_TOPICS
from bot.matching.datasets import PLATFORM_LABEL, Case, DataSet, FollowUp, Label
from bot.platform_answers.payload import payload_platforms
from bot.types import ConversationKey, Incoming, Reply, ReplyKind

__all__ = ["BANDS", "FLOW_LABEL", "Evaluation", "Outcome", "Record", "evaluate", "leave_one_topic_out",
           "offered_labels", "reply_label", "without_topic"]

FLOW_LABEL = "flow"
TIP_LABEL = "tip"
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)
"""Confidence bands of the reliability table: [0, 0.5), [0.5, 0.6), ... [0.95, 1]."""
_KEY = ConversationKey("eval", "eval", "", "eval")


class Outcome(StrEnum):
    RIGHT = "right"
    """Answered with the expected label."""
    OFFERED = "offered"
    """A "did you mean" listing the expected label."""
    WRONG = "wrong"
    """Answered with another label; for an out-of-domain question: answered at all."""
    CLARIFIED = "clarified"
    """A "did you mean" without the expected label (out of domain: any "did you mean")."""
    REFUSED = "refused"
    """The fallback (or a note): nothing answered, nothing offered."""


@dataclass(frozen=True, slots=True)
class Record:
    question: str
    label: Label
    style: str
    outcome: Outcome
    got: str
    """What was given: the label answered, or "clarify [a, b]", or "fallback"."""
    confidence: float | None
    """The stated confidence of an answer; None when nothing was answered."""
    answerable: bool
    """The pack has the expected topic (a question about a topic still to be written is not)."""


def reply_label(reply: Reply) -> Label | None:
    """The label a reply answers with: a topic (with platform ids for a platform answer), "flow" for
    a started walk-through; None for a fallback or a "did you mean"."""
    if reply.kind is ReplyKind.FLOW:
        return Label(FLOW_LABEL)
    if reply.kind is ReplyKind.ANSWER and reply.topic is not None:
        platforms: Iterable[str] = getattr(reply, "platforms", ()) or ()
        return Label(reply.topic, tuple(sorted(platforms)))
    return None


def offered_labels(reply: Reply) -> list[Label]:
    """The labels a "did you mean" offers, from its buttons' payloads."""
    labels = []
    for button in reply.buttons:
        kind, _, rest = button.payload.partition(":")
        if kind == "topic":
            labels.append(Label(rest))
        elif kind == "flow":
            labels.append(Label(FLOW_LABEL))
        elif kind == "cmd" and rest == TIP_LABEL:
            labels.append(Label(TIP_LABEL))
        elif kind == PLATFORM_LABEL:
            labels.append(Label(PLATFORM_LABEL, tuple(sorted(payload_platforms(rest)))))
    return labels


def _judge(reply: Reply, label: Label) -> tuple[Outcome, str, float | None]:
    got = reply_label(reply)
    if got is not None:
        same_platforms = got.platforms == label.platforms or label.topic != PLATFORM_LABEL
        right = label.topic is not None and got.topic == label.topic and same_platforms
        return (Outcome.RIGHT if right else Outcome.WRONG), str(got), reply.confidence
    if reply.kind is ReplyKind.CLARIFY:
        offered = offered_labels(reply)
        outcome = Outcome.OFFERED if label.topic is not None and label in offered else Outcome.CLARIFIED
        return outcome, f"clarify [{', '.join(map(str, offered))}]", None
    return Outcome.REFUSED, reply.kind.value, None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The records of one run; every figure is computed from them."""

    in_domain: tuple[Record, ...]
    out_of_domain: tuple[Record, ...]
    follow_ups: tuple[Record, ...]

    def __repr__(self) -> str:
        """Figures only: a failing test must never print the blind set's questions."""
        return (f"Evaluation(right {self.right:.1%}, answered or offered {self.answered_or_offered:.1%}, "
                f"refused {self.refused:.1%}, confident wrong {self.confident_wrong})")

    @property
    def answerable(self) -> list[Record]:
        return [r for r in self.in_domain if r.answerable]

    def share(self, records: list[Record], *outcomes: Outcome) -> float:
        return sum(r.outcome in outcomes for r in records) / len(records) if records else 1.0

    @property
    def right(self) -> float:
        """Right topic answered, among the in-domain questions this pack can answer."""
        return self.share(self.answerable, Outcome.RIGHT)

    @property
    def answered_or_offered(self) -> float:
        return self.share(self.answerable, Outcome.RIGHT, Outcome.OFFERED)

    @property
    def refused(self) -> float:
        """Out-of-domain questions not answered (the fallback or a "did you mean")."""
        return self.share(list(self.out_of_domain), Outcome.REFUSED, Outcome.CLARIFIED)

    @property
    def fallback(self) -> float:
        """Out-of-domain questions given the plain fallback (no "did you mean" either)."""
        return self.share(list(self.out_of_domain), Outcome.REFUSED)

    @property
    def confident_wrong(self) -> int:
        return sum(r.outcome is Outcome.WRONG for r in (*self.answerable, *self.out_of_domain))

    @property
    def confident_wrong_share(self) -> float:
        """Wrong answers (a wrong topic, or an answer to an out-of-domain question) among all questions."""
        total = len(self.answerable) + len(self.out_of_domain)
        return self.confident_wrong / total if total else 0.0

    @property
    def follow_ups_resolved(self) -> float:
        return self.share([r for r in self.follow_ups if r.answerable], Outcome.RIGHT)

    def outcomes(self) -> dict[Outcome, int]:
        """In domain (questions the pack can answer): how many of each outcome."""
        return {o: sum(r.outcome is o for r in self.answerable) for o in Outcome}

    def misses(self) -> list[str]:
        """One line per question not answered right (dev sets only: never print the blind set's)."""
        lines = []
        for r in (*self.in_domain, *self.follow_ups):
            if r.outcome is not Outcome.RIGHT and r.answerable:
                lines.append(f"{r.outcome.value.upper():9} [{r.style}] want {r.label}, got {r.got}: {r.question!r}")
        for r in self.out_of_domain:
            if r.outcome is Outcome.WRONG:
                lines.append(f"{'FALSE':9} [{r.style}] answered {r.got}: {r.question!r}")
        return lines

    def by_style(self) -> dict[str, tuple[int, float, float]]:
        """In domain, per style: (questions, right, answered or offered)."""
        groups: dict[str, list[Record]] = defaultdict(list)
        for r in self.answerable:
            groups[r.style].append(r)
        return {style: (len(rs), self.share(rs, Outcome.RIGHT), self.share(rs, Outcome.RIGHT, Outcome.OFFERED))
                for style, rs in sorted(groups.items())}

    def ood_by_style(self) -> dict[str, tuple[int, float]]:
        """Out of domain, per style: (questions, not answered)."""
        groups: dict[str, list[Record]] = defaultdict(list)
        for r in self.out_of_domain:
            groups[r.style].append(r)
        return {style: (len(rs), self.share(rs, Outcome.REFUSED, Outcome.CLARIFIED))
                for style, rs in sorted(groups.items())}

    def reliability(self) -> list[tuple[float, float, int, float, float]]:
        """Answers by stated confidence band: (low, high, answers, mean confidence, share right)."""
        answered = [r for r in (*self.answerable, *self.out_of_domain) if r.confidence is not None]
        rows = []
        for low, high in pairwise(BANDS):
            band = [r for r in answered if low <= (r.confidence or 0.0) < high]
            if band:
                mean = sum(r.confidence or 0.0 for r in band) / len(band)
                rows.append((low, min(high, 1.0), len(band), mean, self.share(band, Outcome.RIGHT)))
        return rows


def _answerable(dialogue: Dialogue, label: Label) -> bool:
    if label.topic in (FLOW_LABEL, TIP_LABEL):
        return True
    if label.topic == PLATFORM_LABEL:
        return bool(getattr(dialogue, "answers_platforms", False)) and all(
            p in dialogue.knowledge.platforms for p in label.platforms)
    return label.topic in dialogue.knowledge.topics


def _ask(dialogue: Dialogue, state: ConversationState, text: str) -> tuple[ConversationState, Reply]:
    state, replies = dialogue.respond(state, Incoming(_KEY, text=text))
    return state, replies[0]


def _record(dialogue: Dialogue, case: Case) -> Record:
    _, reply = _ask(dialogue, ConversationState(), case.question)
    outcome, got, confidence = _judge(reply, case.label)
    return Record(case.question, case.label, case.style, outcome, got, confidence,
                  case.label.topic is None or _answerable(dialogue, case.label))


def _follow_up(dialogue: Dialogue, follow_up: FollowUp) -> Record:
    state = ConversationState()
    reply: Reply | None = None
    for turn in follow_up.turns:
        state, reply = _ask(dialogue, state, turn)
    assert reply is not None, "a follow-up transcript has turns"
    outcome, got, confidence = _judge(reply, follow_up.label)
    return Record(" / ".join(follow_up.turns), follow_up.label, "follow-up", outcome, got, confidence,
                  _answerable(dialogue, follow_up.label))


def evaluate(dialogue: Dialogue, data: DataSet) -> Evaluation:
    return Evaluation(tuple(_record(dialogue, c) for c in data.in_domain),
                      tuple(_record(dialogue, c) for c in data.out_of_domain),
                      tuple(_follow_up(dialogue, f) for f in data.follow_ups))


def without_topic(knowledge: Knowledge, topic_id: str, drop_concepts: bool = False) -> Knowledge:
    """The pack without one topic (its examples and concept declarations). With `drop_concepts`, the
    concepts no other topic or flow declares leave the lexicon too."""
    topics = {k: t for k, t in knowledge.topics.items() if k != topic_id}
    if not drop_concepts:
        return replace(knowledge, topics=topics)
    declared = {c for t in topics.values() for c in t.concepts} | {c for f in knowledge.flows.values()
                                                                  for c in f.concepts}
    own = set(knowledge.topics[topic_id].concepts) - declared
    concepts = {k: c for k, c in knowledge.lexicon.concepts.items() if k not in own}
    return replace(knowledge, topics=topics, lexicon=replace(knowledge.lexicon, concepts=concepts))


def leave_one_topic_out(knowledge: Knowledge, data: DataSet,
                        drop_concepts: bool = False) -> dict[str, tuple[int, int]]:
    """For each topic with questions in `data`: a pack without that topic (`without_topic`) answers
    its questions; how many of them are *not* answered with another topic (refused or offered in a
    "did you mean"), out of how many. A matcher must not grab a neighbour when the right topic is
    missing."""
    out: dict[str, tuple[int, int]] = {}
    for topic_id in sorted({c.label.topic for c in data.in_domain if c.label.topic in knowledge.topics}):
        if knowledge.topics[topic_id].kind is TopicKind.SMALLTALK or topic_id in REQUIRED_TOPICS:
            continue
        dialogue = Dialogue(without_topic(knowledge, topic_id, drop_concepts))
        questions = [c for c in data.in_domain if c.label.topic == topic_id]
        held = sum(_record(dialogue, c).outcome is not Outcome.WRONG for c in questions)
        out[topic_id] = (held, len(questions))
    return out
