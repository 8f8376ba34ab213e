"""What the advisor says about scheduled tips: the tip itself and the answers to the tips command."""

from __future__ import annotations

from bot.knowledge.model import Knowledge, Tip
from bot.tips import subject_by_id
from bot.types import Button, Reply, ReplyKind

TIP_TOPIC = "tip"


def scheduled_tip(knowledge: Knowledge, tip: Tip, about: str | None) -> Reply:
    """A scheduled tip: its text, "Tell me more" (the topic's details) and its topic. Anyone in the
    channel may press the buttons."""
    subject = subject_by_id(knowledge, about) if about else None
    heading = f"**Your {subject.label} tip**" if subject else "**Tip of the day**"
    buttons = []
    topic = knowledge.topics.get(tip.topic)
    if topic is not None:
        buttons.append(Button(knowledge.message("more_button"), f"more:{topic.id}"))
        buttons.append(Button(topic.title, f"topic:{topic.id}"))
    return Reply(f"{heading}: {tip.text}", ReplyKind.ANSWER, TIP_TOPIC, 1.0, tuple(buttons))
