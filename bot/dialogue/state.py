"""Conversation state: typed, immutable, and serialised to JSON for the store."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.types import Attachment, Button, FeedbackRow, FileAttachment, Reply, ReplyKind

SlotValue = tuple[str, ...] | float

STATE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class FlowState:
    """Where a user is in a guided flow.

    `run` is a short random id of this run of the flow: buttons from an earlier run carry another
    one and are recognised as expired. `history` holds the ids of the steps answered, for "back".
    `picked` is the multiple choice being built with buttons on the current step. `skipped` names
    the answered steps whose answer is the step's default because the user skipped them.
    """

    flow: str
    run: str
    step: str
    answers: dict[str, SlotValue] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    picked: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    finished: bool = False
    """Set by the flow runner on the last answer: `ConversationState.with_flow` then ends the flow and
    keeps its answers in `completed`."""


@dataclass(frozen=True, slots=True)
class CompletedFlow:
    """The answers of the last flow the conversation completed (the walk-through's profile)."""

    flow: str
    answers: dict[str, SlotValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Applied:
    """A delivery (a platform's event id) already applied to this conversation, with its replies
    (None once they are no longer kept)."""

    delivery: str
    replies: tuple[Reply, ...] | None


class AskedKind(StrEnum):
    ANSWER = "answer"
    OFFER = "offer"


@dataclass(frozen=True, slots=True)
class Asked:
    """A recent question of this conversation, kept for the editors' loop (bot/editors): an answer
    (what a later 👎 is about) or a "did you mean" offer (to record which button was picked).

    `id` is the answer's feedback id or the offer's log id; `text` is the question as typed, masked,
    "" when question text storage is off; `options` are an offer's button payloads."""

    id: str
    kind: AskedKind
    topic: str | None
    score: float
    text: str = ""
    options: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    """The catalog ids a platform answer was about."""


RECENT_ASKED = 3
"""Questions remembered per conversation for feedback: people rate the answers they just read."""

JOURNAL_IDS = 16
"""Deliveries remembered per conversation: far more than can be pending for one person at once."""
JOURNAL_REPLIES = 2
"""Of those, how many keep their replies (the newest)."""
TIPS_KEPT = 512
"""Tips remembered per conversation (as 8-character keys): more than a pack holds, a few kB at most."""


@dataclass(frozen=True, slots=True)
class ConversationState:
    flow: FlowState | None = None
    last_topic: str | None = None
    last_tip: str | None = None
    turns: int = 0
    journal: tuple[Applied, ...] = ()
    """The last deliveries applied, newest first: kept by the Advisor, never by dialogue rules."""
    last_platforms: tuple[str, ...] = ()
    """The catalog ids of the last platform answer (for "tell me more" and follow-ups)."""
    completed: CompletedFlow | None = None
    tips_given: tuple[str, ...] = ()
    """Short keys of the tips already given (bot.dialogue.tips.tip_key), oldest first, at most TIPS_KEPT:
    no tip repeats until its subject's pool is used up."""
    last_flow: str | None = None
    """The flow the user last finished (not cancelled): what "start over" starts again."""
    recent: tuple[Asked, ...] = ()
    """The last questions answered or offered, newest first: kept by the editors' loop, never by rules."""

    def with_flow(self, flow: FlowState | None) -> ConversationState:
        """The state with this flow under way; a finished flow ends here and its answers are kept."""
        if flow is not None and flow.finished:
            return replace(self, flow=None, completed=CompletedFlow(flow.flow, dict(flow.answers)),
                           last_flow=flow.flow)
        return replace(self, flow=flow)

    def applied(self, delivery: str) -> Applied | None:
        return next((a for a in self.journal if a.delivery == delivery), None)

    def with_applied(self, delivery: str, replies: list[Reply]) -> ConversationState:
        entries = [Applied(delivery, tuple(replies)), *(a for a in self.journal if a.delivery != delivery)]
        kept = [a if i < JOURNAL_REPLIES else Applied(a.delivery, None) for i, a in enumerate(entries[:JOURNAL_IDS])]
        return replace(self, journal=tuple(kept))


def dump_state(state: ConversationState) -> str:
    data: dict[str, Any] = {"v": STATE_FORMAT, "last_topic": state.last_topic, "last_tip": state.last_tip,
                            "turns": state.turns}
    if state.last_flow is not None:
        data["last_flow"] = state.last_flow
    if state.flow is not None:
        f = state.flow
        data["flow"] = {
            "flow": f.flow, "run": f.run, "step": f.step, "history": list(f.history), "picked": list(f.picked),
            "skipped": list(f.skipped),
            "answers": _dump_answers(f.answers),
        }
    if state.last_platforms:
        data["last_platforms"] = list(state.last_platforms)
    if state.completed is not None:
        data["completed"] = {"flow": state.completed.flow, "answers": _dump_answers(state.completed.answers)}
    if state.tips_given:
        data["tips"] = list(state.tips_given)
    if state.recent:
        data["recent"] = [_dump_asked(a) for a in state.recent]
    if state.journal:
        data["journal"] = [{"id": a.delivery, **({"replies": [_dump_reply(r) for r in a.replies]}
                                                 if a.replies is not None else {})} for a in state.journal]
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def load_state(text: str | None) -> ConversationState:
    """Decode a stored state. Anything unreadable gives a fresh state rather than an error."""
    if not text:
        return ConversationState()
    try:
        data = json.loads(text)
        flow = None
        if isinstance(data.get("flow"), dict):
            f = data["flow"]
            answers = _load_answers(f.get("answers", {}))
            flow = FlowState(flow=str(f["flow"]), run=str(f["run"]), step=str(f["step"]), answers=answers,
                             history=tuple(map(str, f.get("history", ()))),
                             picked=tuple(map(str, f.get("picked", ()))),
                             skipped=tuple(map(str, f.get("skipped", ()))))
        journal = tuple(Applied(str(e["id"]), tuple(_load_reply(r) for r in e["replies"]) if "replies" in e else None)
                        for e in data.get("journal", ()))
        done = data.get("completed")
        last_flow = data.get("last_flow")
        completed = (CompletedFlow(str(done["flow"]), _load_answers(done.get("answers", {})))
                     if isinstance(done, dict) else None)
        return ConversationState(flow=flow, last_topic=data.get("last_topic"), last_tip=data.get("last_tip"),
                                 turns=int(data.get("turns", 0)), journal=journal,
                                 last_platforms=tuple(map(str, data.get("last_platforms", ()))),
                                 completed=completed, tips_given=tuple(map(str, data.get("tips", ()))),
                                 last_flow=str(last_flow) if last_flow is not None else None,
                                 recent=tuple(_load_asked(a) for a in data.get("recent", ())))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ConversationState()


def _dump_answers(answers: dict[str, SlotValue]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in answers.items()}


def _load_answers(raw: dict[str, Any]) -> dict[str, SlotValue]:
    return {str(k): (tuple(str(x) for x in v) if isinstance(v, list) else float(v)) for k, v in raw.items()}


def _dump_reply(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {"text": reply.text, "kind": reply.kind.value, "topic": reply.topic,
                            "confidence": reply.confidence, "buttons": [[b.label, b.payload] for b in reply.buttons]}
    if reply.attachment is not None:
        data["attachment"] = [reply.attachment.title, reply.attachment.url]
    if reply.files:  # small by contract (a calendar export): kept so a resumed delivery sends them too
        data["files"] = [[f.filename, f.mime, base64.b64encode(f.content).decode()] for f in reply.files]
    if reply.platforms:
        data["platforms"] = list(reply.platforms)
    if reply.feedback is not None:
        data["feedback"] = [reply.feedback.answer, reply.feedback.topic]
    return data


def _load_reply(data: dict[str, Any]) -> Reply:
    attachment = data.get("attachment")
    feedback = data.get("feedback")
    return Reply(str(data["text"]), ReplyKind(data["kind"]), data.get("topic"), float(data["confidence"]),
                 tuple(Button(str(label), str(payload)) for label, payload in data.get("buttons", [])),
                 Attachment(str(attachment[0]), str(attachment[1])) if attachment else None,
                 tuple(FileAttachment(base64.b64decode(content), str(name), str(mime))
                       for name, mime, content in data.get("files", ())),
                 tuple(map(str, data.get("platforms", ()))),
                 feedback=FeedbackRow(str(feedback[0]), str(feedback[1])) if feedback else None)


def _dump_asked(asked: Asked) -> dict[str, Any]:
    data: dict[str, Any] = {"id": asked.id, "kind": asked.kind.value, "topic": asked.topic, "score": asked.score}
    if asked.text:
        data["text"] = asked.text
    if asked.options:
        data["options"] = list(asked.options)
    if asked.platforms:
        data["platforms"] = list(asked.platforms)
    return data


def _load_asked(data: dict[str, Any]) -> Asked:
    topic = data.get("topic")
    return Asked(str(data["id"]), AskedKind(data["kind"]), str(topic) if topic is not None else None,
                 float(data["score"]), str(data.get("text", "")), tuple(map(str, data.get("options", ()))),
                 tuple(map(str, data.get("platforms", ()))))
