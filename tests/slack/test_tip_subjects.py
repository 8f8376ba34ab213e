"""`/advisor tip linkedin` and a mention asking "a tip about hashtags", end to end through bolt against
the stand-in Web API: a tip on that subject, "Another tip about ..." continuing it without repeat."""

from __future__ import annotations

from bot.knowledge.model import Knowledge
from bot.tips import tips_about
from tests.slack.harness import CHANNEL, SlackHarness

ANN = "U0ANN"


async def _wait_messages(slack: SlackHarness, count: int) -> None:
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) >= count)
    await slack.settle()


async def test_slash_tip_on_a_platform_then_another_one(slack: SlackHarness, knowledge: Knowledge) -> None:
    pool = [t.text for t in tips_about(knowledge, "linkedin")]
    ack = await slack.command(ANN, "tip linkedin")
    assert ack.status == 200
    await _wait_messages(slack, 1)
    first = slack.api.messages(CHANNEL)[0]
    assert first.visible_to == ANN and "Tip about LinkedIn:" in first.text
    assert "Another tip about LinkedIn" in first.labels()
    await slack.click(first, "Another tip about LinkedIn", ANN)
    await _wait_messages(slack, 2)
    second = slack.api.messages(CHANNEL)[1]
    given = [t for t in pool if t[:40] in first.text or t[:40] in second.text]
    assert "Tip about LinkedIn:" in second.text and len(given) == 2


async def test_slash_tip_on_an_unknown_subject_says_so(slack: SlackHarness) -> None:
    await slack.command(ANN, "tip <!channel> knitting")
    await _wait_messages(slack, 1)
    reply = slack.api.messages(CHANNEL)[0]
    assert "I have no tips about" in reply.text and "knitting" in reply.text and "Tip:" in reply.text
    assert "<!channel>" not in reply.text
