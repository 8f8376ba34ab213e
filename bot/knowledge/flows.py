"""Reading a guided flow (a multi-step form) from YAML."""

from __future__ import annotations

from typing import Any

from bot.knowledge.fields import FieldReader
from bot.knowledge.model import Choice, Flow, Step, StepType

ACTIONS = ("recommend_platforms", "summary")
"""What a flow may run on completion; see bot/dialogue/actions.py."""

_STEP_FIELDS = {"id", "type", "prompt", "hint", "choices", "skippable", "default", "min", "max",
                "quick_answers", "next", "help", "asks", "select_all"}


def read_flow(reader: FieldReader) -> Flow | None:
    obj = reader.mapping(reader.file.data, (), "a flow")
    if obj is None:
        return None
    reader.unknown_fields(obj, (), {"id", "title", "intro", "triggers", "steps", "on_complete", "command",
                                    "step_asks", "concepts"})
    flow_id, title, intro = (reader.text(obj, (), k) for k in ("id", "title", "intro"))
    on_complete = reader.text(obj, (), "on_complete")
    if on_complete is not None and on_complete not in ACTIONS:
        reader.report(("on_complete",), f"unknown action '{on_complete}' (valid: {', '.join(ACTIONS)})")
    triggers = reader.text_list(obj, (), "triggers")
    raw_steps = obj.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        reader.report(("steps",), "a flow needs a non-empty list of 'steps'")
        return None
    steps = [s for i, raw in enumerate(raw_steps) if (s := _read_step(reader, raw, ("steps", i)))]
    ids = [s.id for s in steps]
    for i, step in enumerate(steps):
        if ids.count(step.id) > 1:
            reader.report(("steps", i, "id"), f"duplicate step id '{step.id}'")
        if step.next is not None and step.next not in ids:
            reader.report(("steps", i, "next"), f"unknown next step '{step.next}'")
    if None in (flow_id, title, intro, on_complete) or len(steps) != len(raw_steps):
        return None
    return Flow(
        id=str(flow_id), title=str(title), intro=str(intro), triggers=triggers, steps=tuple(steps),
        on_complete=str(on_complete), command=reader.text(obj, (), "command", required=False),
        step_asks=reader.text_list(obj, (), "step_asks", required=False),
        concepts=reader.text_list(obj, (), "concepts", required=False),
    )


def _read_step(reader: FieldReader, raw: Any, at: tuple[str | int, ...]) -> Step | None:
    obj = reader.mapping(raw, at, "a step")
    if obj is None:
        return None
    reader.unknown_fields(obj, at, _STEP_FIELDS)
    step_id, type_text, prompt, hint = (reader.text(obj, at, k) for k in ("id", "type", "prompt", "hint"))
    if type_text is not None and type_text not in {t.value for t in StepType}:
        reader.report((*at, "type"), f"unknown step type '{type_text}' "
                      f"(valid: {', '.join(t.value for t in StepType)})")
        return None
    if None in (step_id, type_text, prompt, hint):
        return None
    step_type = StepType(str(type_text))
    choices: list[Choice] = []
    if step_type is not StepType.NUMBER:
        raw_choices = obj.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices:
            reader.report((*at, "choices"), "a choice step needs a list of 'choices'")
            return None
        for i, raw_choice in enumerate(raw_choices):
            choice = _read_choice(reader, raw_choice, (*at, "choices", i))
            if choice is not None:
                choices.append(choice)
    skippable = bool(obj.get("skippable", False))
    default: tuple[str, ...] | float | None = None
    if "default" in obj:
        raw_default = obj["default"]
        values = {c.value for c in choices}
        if step_type is StepType.NUMBER:
            default = reader.number(obj, at, "default")
        else:
            default = tuple(str(v) for v in (raw_default if isinstance(raw_default, list) else [raw_default]))
            for value in default:
                if value not in values:
                    reader.report((*at, "default"), f"default '{value}' is not one of the choices")
    if skippable and default is None:
        reader.report((*at, "skippable"), "a skippable step needs a 'default' used when it is skipped")
    quick = obj.get("quick_answers") or []
    if not isinstance(quick, list) or any(isinstance(q, bool) or not isinstance(q, int | float) for q in quick):
        reader.report((*at, "quick_answers"), "'quick_answers' must be a list of numbers")
        quick = []
    select_all = reader.text_list(obj, at, "select_all", required=False)
    if select_all and step_type is not StepType.MULTI_CHOICE:
        reader.report((*at, "select_all"), "'select_all' only fits a multi_choice step")
    if (reader.text_list(obj, at, "asks", required=False) and "help" not in obj):
        reader.report((*at, "asks"), "'asks' needs a 'help' text to answer them with")
    return Step(
        id=str(step_id), type=step_type, prompt=str(prompt), hint=str(hint), choices=tuple(choices),
        skippable=skippable, default=default,
        minimum=reader.number(obj, at, "min", required=False),
        maximum=reader.number(obj, at, "max", required=False),
        quick_answers=tuple(float(q) for q in quick),
        next=reader.text(obj, at, "next", required=False),
        help=reader.text(obj, at, "help", required=False),
        asks=reader.text_list(obj, at, "asks", required=False),
        select_all=select_all,
    )


def _read_choice(reader: FieldReader, raw: Any, at: tuple[str | int, ...]) -> Choice | None:
    obj = reader.mapping(raw, at, "a choice")
    if obj is None:
        return None
    reader.unknown_fields(obj, at, {"value", "label", "synonyms", "range"})
    value, label = reader.text(obj, at, "value"), reader.text(obj, at, "label")
    span = obj.get("range")
    number_range: tuple[float, float] | None = None
    if span is not None:
        if (isinstance(span, list) and len(span) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in span)):
            number_range = (float(span[0]), float(span[1]))
        else:
            reader.report((*at, "range"), "'range' must be two numbers, e.g. [18, 24]")
    if value is None or label is None:
        return None
    return Choice(value=value, label=label, synonyms=reader.text_list(obj, at, "synonyms", required=False),
                  range=number_range)
