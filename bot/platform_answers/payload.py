"""A platform question as a button payload, for the "did you mean" that offers a platform answer beside a
topic: "platform:reddit;fit;b2b,visibility;" (platforms; aspects; walk-through values; "compare" or
nothing). Read back only when every part is known to the knowledge: a stale or forged payload is None."""

from __future__ import annotations

from bot.knowledge.model import Aspect, Knowledge
from bot.platform_answers.question import MAX_PLATFORMS, PlatformQuestion
from bot.platform_answers.wording import Vocabulary

__all__ = ["PLATFORM_PAYLOAD", "payload_platforms", "question_from_payload", "question_payload"]

PLATFORM_PAYLOAD = "platform"
_COMPARE = "compare"


def question_payload(question: PlatformQuestion) -> str:
    parts = (",".join(question.platforms), ",".join(a.value for a in question.aspects), ",".join(question.values),
             _COMPARE if question.compare else "")
    return f"{PLATFORM_PAYLOAD}:" + ";".join(parts)


def payload_platforms(rest: str) -> tuple[str, ...]:
    """The platform ids of the question after "platform:" ("reddit,x;fit;;" -> ("reddit", "x")), unchecked: for
    reading what a reply offers, not for answering it (`question_from_payload` checks every part)."""
    return tuple(p for p in rest.split(";", 1)[0].split(",") if p)


def question_from_payload(knowledge: Knowledge, rest: str) -> PlatformQuestion | None:
    """The question after "platform:"; None when malformed or naming what the knowledge does not hold."""
    parts = rest.split(";")
    if len(parts) != 4 or parts[3] not in ("", _COMPARE):
        return None
    platforms, aspects, values = (tuple(p for p in part.split(",") if p) for part in parts[:3])
    words = Vocabulary(knowledge)
    if (not 0 < len(platforms) <= MAX_PLATFORMS or any(p not in knowledge.platforms for p in platforms)
            or not set(aspects) <= {a.value for a in Aspect} or not all(words.knows(v) for v in values)):
        return None
    return PlatformQuestion(platforms, tuple(Aspect(a) for a in aspects), values,
                            compare=parts[3] == _COMPARE and len(platforms) > 1)
