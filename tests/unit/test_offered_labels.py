"""What a "did you mean" offers, as the accuracy benchmarks read it from the buttons' payloads."""

from __future__ import annotations

from bot.knowledge.model import Aspect, Knowledge
from bot.matching.datasets import PLATFORM_LABEL, Label
from bot.matching.evaluation import offered_labels
from bot.platform_answers import topic_or_platform
from bot.platform_answers.payload import payload_platforms
from bot.platform_answers.question import PlatformQuestion
from bot.types import Button


def test_the_offer_of_a_topic_or_a_platform_answer_names_the_platforms(knowledge: Knowledge) -> None:
    """The platform button's payload carries the question's aspects and values after the platforms
    ("platform:reddit,x;fit;b2b;compare"): the label offered is the platforms alone."""
    question = PlatformQuestion(("x", "reddit"), (Aspect.FIT,), ("b2b",), compare=True)
    reply = topic_or_platform(knowledge, Button("Crisis", "topic:crisis"), 0.7, question)
    assert offered_labels(reply) == [Label("crisis"), Label(PLATFORM_LABEL, ("reddit", "x"))]


def test_payload_platforms_reads_the_ids_before_the_first_separator() -> None:
    assert payload_platforms("facebook;;;") == ("facebook",)
    assert payload_platforms("x,reddit;fit;b2b,leads;compare") == ("x", "reddit")
    assert payload_platforms("") == ()
