"""What a flow runs when its last step is answered (named by `on_complete` in the flow's YAML)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.dialogue.flow_runner import Action
from bot.dialogue.state import SlotValue
from bot.export import export_payload
from bot.knowledge.model import Knowledge
from bot.recommend import Profile, recommend, recommendation_replies
from bot.types import Button, Reply, ReplyKind

EXPORT_LABEL = "Export calendar"


def recommend_platforms(knowledge: Knowledge, answers: Mapping[str, SlotValue],
                        skipped: frozenset[str]) -> list[Reply]:
    profile = replace(Profile.from_answers(answers), assumed=skipped & {"goals", "market", "ages", "content"})
    return with_export(recommendation_replies(knowledge, recommend(knowledge, profile)), profile)


def with_export(replies: list[Reply], profile: Profile) -> list[Reply]:
    """The recommendation with an Export calendar button on its last message (the plan)."""
    if not replies:
        return replies
    last = replies[-1]
    export = Button(EXPORT_LABEL, export_payload(profile))
    return [*replies[:-1], replace(last, buttons=(export, *last.buttons))]


def summary(knowledge: Knowledge, answers: Mapping[str, SlotValue], skipped: frozenset[str]) -> list[Reply]:
    """A generic completion: repeats the answers (for flows that need no special action)."""
    lines = ["**Thanks! Here is what you told me:**"]
    for name, value in answers.items():
        shown = ", ".join(value) if isinstance(value, tuple) else f"{value:g}"
        lines.append(f"- {name}: {shown}{' (skipped)' if name in skipped else ''}")
    return [Reply("\n".join(lines), ReplyKind.FLOW, None, 1.0)]


ACTIONS: dict[str, Action] = {"recommend_platforms": recommend_platforms, "summary": summary}
