"""Conversation state: typed, immutable, and serialised to JSON for the store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

SlotValue = tuple[str, ...] | float

STATE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class FlowState:
    """Where a user is in a guided flow.

    `run` is a short random id of this run of the flow: buttons from an earlier run carry another
    one and are recognised as expired. `history` holds the ids of the steps answered, for "back".
    `picked` is the multiple choice being built with buttons on the current step.
    """

    flow: str
    run: str
    step: str
    answers: dict[str, SlotValue] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    picked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConversationState:
    flow: FlowState | None = None
    last_topic: str | None = None
    last_tip: str | None = None
    turns: int = 0

    def with_flow(self, flow: FlowState | None) -> ConversationState:
        return replace(self, flow=flow)


def dump_state(state: ConversationState) -> str:
    data: dict[str, Any] = {"v": STATE_FORMAT, "last_topic": state.last_topic, "last_tip": state.last_tip,
                            "turns": state.turns}
    if state.flow is not None:
        f = state.flow
        data["flow"] = {
            "flow": f.flow, "run": f.run, "step": f.step, "history": list(f.history), "picked": list(f.picked),
            "answers": {k: (list(v) if isinstance(v, tuple) else v) for k, v in f.answers.items()},
        }
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
            answers = {str(k): (tuple(str(x) for x in v) if isinstance(v, list) else float(v))
                       for k, v in f.get("answers", {}).items()}
            flow = FlowState(flow=str(f["flow"]), run=str(f["run"]), step=str(f["step"]), answers=answers,
                             history=tuple(map(str, f.get("history", ()))),
                             picked=tuple(map(str, f.get("picked", ()))))
        return ConversationState(flow=flow, last_topic=data.get("last_topic"), last_tip=data.get("last_tip"),
                                 turns=int(data.get("turns", 0)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ConversationState()
