"""`/advisor [question | platforms | tip | help]`: ephemeral answers, a button to share them, clicks on
ephemeral messages (answered through response_url, since Slack never sends those messages back)."""

from __future__ import annotations

from bot.types import DOWN_LABEL, UP_LABEL
from tests.slack.harness import CHANNEL, SlackHarness

ANN, BOB = "U0ANN", "U0BOB"


async def _wait_messages(slack: SlackHarness, count: int) -> None:
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) >= count)
    await slack.settle()


async def test_question_is_answered_privately_and_can_be_shared(slack: SlackHarness) -> None:
    ack = await slack.command(ANN, "what is a persona?")
    assert ack.status == 200 and ack.body == ""
    await _wait_messages(slack, 1)
    answer = slack.api.messages(CHANNEL)[0]
    assert answer.visible_to == ANN and "persona" in answer.text.lower()
    assert answer.labels()[-3:] == ["Share in channel", UP_LABEL, DOWN_LABEL]
    assert slack.visible(CHANNEL, BOB) == []
    assert slack.api.calls_to("chat.postMessage") == []  # no channel membership needed

    await slack.click(answer, "Share in channel", ANN)
    await _wait_messages(slack, 2)
    shared = slack.api.messages(CHANNEL)[1]
    assert shared.visible_to is None and shared.text == answer.text and shared.labels() == []
    assert slack.visible(CHANNEL, BOB) == [shared]
    assert answer.labels() == [UP_LABEL, DOWN_LABEL]
    assert "Shared in the channel" in answer.blocks[-2]["elements"][0]["text"]


async def test_help_tip_and_platforms_words(slack: SlackHarness) -> None:
    await slack.command(ANN, "")
    await _wait_messages(slack, 1)
    assert "Choose my platforms" in slack.api.messages(CHANNEL)[0].labels()
    await slack.command(ANN, "tip")
    await _wait_messages(slack, 2)
    assert "Tip" in slack.api.messages(CHANNEL)[1].text and "Another tip" in slack.api.messages(CHANNEL)[1].labels()
    await slack.command(ANN, "platforms")
    await _wait_messages(slack, 3)
    prompt = slack.api.messages(CHANNEL)[2]
    assert "1/5" in prompt.text and "Share in channel" not in prompt.labels()  # a question is not worth sharing
    assert all(m.visible_to == ANN for m in slack.api.messages(CHANNEL))


async def test_walk_through_by_clicks_on_ephemeral_messages(slack: SlackHarness) -> None:
    await slack.command(ANN, "platforms")
    await _wait_messages(slack, 1)
    prompt = slack.api.messages(CHANNEL)[0]
    await slack.click(prompt, "Visibility", ANN)
    await _wait_messages(slack, 2)
    assert prompt.labels() == [] and prompt.blocks[-1]["type"] == "context"  # replaced through response_url
    assert "1/5" in prompt.text  # and it still shows the question
    nxt = slack.api.messages(CHANNEL)[1]
    assert nxt.visible_to == ANN and "Selected: Visibility" in nxt.text

    await slack.click(nxt, "Done", ANN)
    await _wait_messages(slack, 3)
    assert "2/5" in slack.api.messages(CHANNEL)[2].text
    await slack.command(ANN, "mostly B2B")  # typing through the command works too
    await _wait_messages(slack, 4)
    assert "3/5" in slack.api.messages(CHANNEL)[3].text


async def test_recommendation_can_be_shared(slack: SlackHarness) -> None:
    await slack.command(ANN, "platforms")
    for answer in ["visibility and leads", "mostly B2B", "25 to 45", "we do blog posts and some photos",
                   "about 5 hours"]:
        await slack.command(ANN, answer)
    await _wait_messages(slack, 7)
    recommendation = slack.api.messages(CHANNEL)[5]
    assert "LinkedIn" in recommendation.text and "Share in channel" in recommendation.labels()
