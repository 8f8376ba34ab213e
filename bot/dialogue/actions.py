"""What a flow runs when its last step is answered (named by `on_complete` in the flow's YAML)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.dialogue.flow_runner import Action
from bot.dialogue.state import SlotValue
from bot.knowledge.model import Knowledge
from bot.recommend import Profile, recommend, recommendation_replies
from bot.types import Reply, ReplyKind


def recommend_platforms(knowledge: Knowledge, answers: Mapping[str, SlotValue]) -> list[Reply]:
    def values(name: str) -> tuple[str, ...]:
        value = answers.get(name, ())
        return value if isinstance(value, tuple) else ()

    hours = answers.get("hours")
    profile = Profile(goals=values("goals"), market=(values("market") or ("both",))[0], ages=values("ages"),
                      content=values("content"), hours=float(hours) if isinstance(hours, float) else 1.0)
    return recommendation_replies(knowledge, recommend(knowledge, profile))


def summary(knowledge: Knowledge, answers: Mapping[str, SlotValue]) -> list[Reply]:
    """A generic completion: repeats the answers (for flows that need no special action)."""
    lines = ["**Thanks! Here is what you told me:**"]
    for name, value in answers.items():
        shown = ", ".join(value) if isinstance(value, tuple) else f"{value:g}"
        lines.append(f"- {name}: {shown}")
    return [Reply("\n".join(lines), ReplyKind.FLOW, None, 1.0)]


ACTIONS: dict[str, Action] = {"recommend_platforms": recommend_platforms, "summary": summary}
