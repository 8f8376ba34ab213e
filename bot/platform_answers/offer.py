"""The "did you mean" that offers a topic beside the platform answer, when a question asked of a platform
names a topic's subject only in passing (routing.py, `Route.ASK`); the platform answer's button, which a
topic answer to a message naming platforms carries (`Route.TOPIC`)."""

from __future__ import annotations

from bot.knowledge.model import Knowledge
from bot.platform_answers.payload import question_payload
from bot.platform_answers.question import PlatformQuestion
from bot.platform_answers.wording import short_name
from bot.types import Button, Reply, ReplyKind

__all__ = ["platform_button", "topic_or_platform"]


def topic_or_platform(knowledge: Knowledge, topic: Button, confidence: float, question: PlatformQuestion) -> Reply:
    """"Did you mean the general question, or Reddit in particular?" [Handling negative comments and a
    crisis] [About Reddit]; the second button answers the platform question as it was asked."""
    return Reply(knowledge.message("clarify_platform", platforms=_names(knowledge, question)), ReplyKind.CLARIFY,
                 None, round(confidence, 3), (topic, platform_button(knowledge, question)))


def platform_button(knowledge: Knowledge, question: PlatformQuestion) -> Button:
    """[About Instagram] (or [About TikTok vs Instagram]): answers the platform question as it was asked."""
    return Button(knowledge.message("platform_button", platforms=_names(knowledge, question)),
                  question_payload(question))


def _names(knowledge: Knowledge, question: PlatformQuestion) -> str:
    return " vs ".join(short_name(knowledge.platforms[p]) for p in question.platforms)
