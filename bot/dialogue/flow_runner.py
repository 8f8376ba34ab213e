"""Running a guided flow defined in YAML: prompts, answers, back, skip, validation and completion."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace

from bot.dialogue.slots import parse_choices, parse_number
from bot.dialogue.state import FlowState, SlotValue
from bot.knowledge.model import Command, Flow, Knowledge, Step, StepType
from bot.normalize import normalize
from bot.types import Button, Reply, ReplyKind

Action = Callable[[Knowledge, Mapping[str, SlotValue], frozenset[str]], list[Reply]]
"""What a flow runs on completion: given its answers and the ids of the steps the user skipped (whose
answers are the steps' defaults)."""

CHOICE_PREFIX = "choice"
DONE_PREFIX = "done"
CHECK = "\u2713 "


def choice_payload(flow: FlowState, step: str, value: str) -> str:
    return f"{CHOICE_PREFIX}:{flow.run}:{step}:{value}"


class FlowRunner:
    """Moves one FlowState forward. Every method returns the new flow state (None when the flow was
    left; a state with `finished` set when its last step was answered) and the replies to send."""

    def __init__(self, knowledge: Knowledge, actions: Mapping[str, Action]) -> None:
        self.knowledge = knowledge
        self.actions = actions

    def start(self, flow: Flow) -> tuple[FlowState, list[Reply]]:
        state = FlowState(flow=flow.id, run=secrets.token_hex(3), step=flow.steps[0].id)
        prompt = self.prompt(state)
        return state, [replace(prompt, text=f"{flow.intro.strip()}\n\n{prompt.text}")]

    def definition(self, state: FlowState) -> tuple[Flow, Step]:
        """The flow and step of a state (`Dialogue.current` has checked both exist in the pack)."""
        flow = self.knowledge.flows[state.flow]
        step = flow.step(state.step)
        assert step is not None, state.step
        return flow, step

    def prompt(self, state: FlowState, prefix: str | None = None) -> Reply:
        """The current step's question with its buttons."""
        _, step = self.definition(state)
        buttons: list[Button] = []
        if step.type is StepType.NUMBER:
            buttons += [Button(f"{_fmt(q)} h", choice_payload(state, step.id, _fmt(q))) for q in step.quick_answers]
        else:
            for choice in step.choices:
                mark = CHECK if choice.value in state.picked else ""
                buttons.append(Button(mark + choice.label, choice_payload(state, step.id, choice.value)))
            if step.type is StepType.MULTI_CHOICE:
                buttons.append(Button(self.knowledge.message("done_button"),
                                      f"{DONE_PREFIX}:{state.run}:{step.id}"))
        scope = f"{state.run}:{step.id}"  # so an old message's Back/Skip/Cancel is recognised as expired
        if state.history:
            buttons.append(Button("Back", f"cmd:{Command.BACK.value}:{scope}"))
        if step.skippable:
            buttons.append(Button("Skip", f"cmd:{Command.SKIP.value}:{scope}"))
        buttons.append(Button("Cancel", f"cmd:{Command.CANCEL.value}:{scope}"))
        text = step.prompt if prefix is None else f"{prefix}\n\n{step.prompt}"
        return Reply(text, ReplyKind.FLOW, None, 1.0, tuple(buttons))

    def reask(self, state: FlowState, note: str) -> tuple[FlowState, list[Reply]]:
        _, step = self.definition(state)
        return state, [self.prompt(state, f"{note} {step.hint}")]

    def answer_text(self, state: FlowState, text: str) -> tuple[FlowState | None, list[Reply]] | None:
        """Apply a typed answer; None when the text is not an answer to the current step."""
        _, step = self.definition(state)
        if step.type is StepType.NUMBER:
            number = parse_number(text)
            if number is None:
                return None
            return self._set_number(state, step, number, typed=True)
        values = parse_choices(step, text)
        if not values:
            return None
        if step.type is StepType.MULTI_CHOICE and state.picked:  # typed on top of buttons already pressed
            order = [c.value for c in step.choices]
            values = tuple(sorted(set(values) | set(state.picked), key=order.index))
        return self._advance(state, step, values, self._understood(step, values))

    def _understood(self, step: Step, value: SlotValue) -> str:
        """"Got it: ..." for a typed answer, so a misunderstanding can be corrected with Back."""
        shown = ", ".join(step.labels(value)) if isinstance(value, tuple) else _fmt(value)
        return self.knowledge.message("understood", answer=shown)

    def is_done_word(self, state: FlowState, text: str) -> bool:
        """Typing the Done button's label (or "done") on a multiple-choice step presses Done."""
        _, step = self.definition(state)
        done_words = {"done", normalize(self.knowledge.message("done_button"))}
        return step.type is StepType.MULTI_CHOICE and normalize(text) in done_words

    def press_choice(self, state: FlowState, value: str) -> tuple[FlowState | None, list[Reply]]:
        """A choice button of the current step was pressed (run and step already checked)."""
        _, step = self.definition(state)
        if step.type is StepType.NUMBER:
            try:
                return self._set_number(state, step, float(value))
            except ValueError:
                return self.reask(state, self.knowledge.message("not_understood"))
        if value not in {c.value for c in step.choices}:
            return self.reask(state, self.knowledge.message("expired"))
        if step.type is StepType.CHOICE:
            return self._advance(state, step, (value,))
        picked = tuple(v for v in state.picked if v != value) if value in state.picked else (*state.picked, value)
        order = [c.value for c in step.choices]
        new = replace(state, picked=tuple(sorted(picked, key=order.index)))
        labels = ", ".join(c.label for c in step.choices if c.value in new.picked) or "nothing"
        return new, [self.prompt(new, self.knowledge.message("selected", choices=labels))]

    def press_done(self, state: FlowState) -> tuple[FlowState | None, list[Reply]]:
        _, step = self.definition(state)
        if not state.picked:
            return state, [self.prompt(state, self.knowledge.message("nothing_selected"))]
        return self._advance(state, step, state.picked)

    def back(self, state: FlowState) -> tuple[FlowState, list[Reply]]:
        if not state.history:
            return state, [self.prompt(state, self.knowledge.message("first_step"))]
        previous = state.history[-1]
        answered = state.answers.get(previous)
        new = replace(state, step=previous, history=state.history[:-1],
                      picked=answered if isinstance(answered, tuple) else ())
        return new, [self.prompt(new)]

    def skip(self, state: FlowState) -> tuple[FlowState | None, list[Reply]]:
        """Skip the step: what was already ticked on it is kept as the answer; with nothing ticked the
        step's default is used, said, and recorded as skipped (never passed off as the user's)."""
        _, step = self.definition(state)
        if not step.skippable or step.default is None:
            return state, [self.prompt(state, self.knowledge.message("cannot_skip"))]
        if state.picked:
            return self._advance(state, step, state.picked, self._understood(step, state.picked))
        shown = step.describe(step.default) if isinstance(step.default, tuple) else _fmt(step.default)
        return self._advance(state, step, step.default, self.knowledge.message("assumed", answer=shown),
                             skipped=True)

    def _set_number(self, state: FlowState, step: Step, number: float,
                    typed: bool = False) -> tuple[FlowState | None, list[Reply]]:
        low = step.minimum if step.minimum is not None else float("-inf")
        high = step.maximum if step.maximum is not None else float("inf")
        if not low <= number <= high:
            return self.reask(state, f"{_fmt(number)} is outside {_fmt(low)}-{_fmt(high)}.")
        return self._advance(state, step, number, self._understood(step, number) if typed else None)

    def _advance(self, state: FlowState, step: Step, value: SlotValue, note: str | None = None,
                 skipped: bool = False) -> tuple[FlowState | None, list[Reply]]:
        """Record the step's answer and ask the next step (with `note` before it), or complete the flow."""
        flow = self.knowledge.flows[state.flow]
        answers = {**state.answers, step.id: value}
        skips = (*(s for s in state.skipped if s != step.id), *((step.id,) if skipped else ()))
        following = flow.next_step(step)
        if following is None:  # finished: `ConversationState.with_flow` ends it and keeps the answers
            done = replace(state, answers=answers, history=(*state.history, step.id), picked=(), finished=True,
                           skipped=skips)
            return done, self.actions[flow.on_complete](self.knowledge, answers, frozenset(skips))
        new = FlowState(flow=state.flow, run=state.run, step=following.id, answers=answers,
                        history=(*state.history, step.id),
                        picked=_as_tuple(answers.get(following.id)), skipped=skips)
        return new, [self.prompt(new, note)]


def _as_tuple(value: SlotValue | None) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else ()


def _fmt(number: float) -> str:
    return f"{number:g}"
