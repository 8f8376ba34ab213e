"""The "did you mean" that offers a topic beside a platform answer, end to end through PTB against the
stand-in Bot API: both buttons shown, and pressing "About Reddit" answers the question asked of Reddit."""

from __future__ import annotations

from bot.knowledge.model import Knowledge
from bot.store.sqlite import SQLiteStore
from tests.telegram import factory
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import Person, labels, running_bot, texts

DANA = factory.user(402, "Dana")
QUESTION = ("Our tourism office wants to post in local subreddits. I've heard redditors roast anything that "
            "smells like an ad. How should an official account behave on Reddit?")


async def test_offer_of_topic_and_platform_then_the_platform_answer(fake_api: FakeBotApi, store: SQLiteStore,
                                                                   bundled: Knowledge) -> None:
    async with running_bot(fake_api, store, bundled) as run:
        dana = Person(run, DANA, factory.private_chat(DANA))
        offer = await dana.say(QUESTION)
        assert texts(offer) == "Did you mean the general question, or Reddit in particular?"
        assert labels(offer[-1]) == [bundled.topics["crisis"].title, "About Reddit"]
        answer = await dana.press("About Reddit")
        shown = texts(answer)
        assert "Reddit" in shown and bundled.platforms["reddit"].strengths[0] in shown
