"""The "did you mean" that offers a topic beside a platform answer, end to end through bolt against the
stand-in Web API: both buttons shown in a DM, and clicking "About Reddit" answers the question asked of
Reddit."""

from __future__ import annotations

from bot.knowledge.model import Knowledge
from tests.slack.harness import SlackHarness, dm_channel

BEA = "U0BEA"
QUESTION = ("Our tourism office wants to post in local subreddits. I've heard redditors roast anything that "
            "smells like an ad. How should an official account behave on Reddit?")


async def test_offer_of_topic_and_platform_then_the_platform_answer(slack: SlackHarness, knowledge: Knowledge) -> None:
    channel = dm_channel(BEA)
    assert (await slack.dm(BEA, QUESTION)).status == 200
    await slack.api.wait_for(lambda: len(slack.api.messages(channel)) >= 1)
    await slack.settle()
    offer = slack.api.messages(channel)[0]
    assert "Did you mean the general question, or Reddit in particular?" in offer.text
    assert offer.labels() == [knowledge.topics["crisis"].title, "About Reddit"]
    assert (await slack.click(offer, "About Reddit", BEA)).status == 200
    await slack.api.wait_for(lambda: any(knowledge.platforms["reddit"].strengths[0] in m.text
                                         for m in slack.api.messages(channel)))
