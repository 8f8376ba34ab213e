"""The platform walk-through in Slack, by clicks and by typing: same steps and result as the console."""

from __future__ import annotations

from adapters.console.render import render_text
from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming
from tests.slack.harness import CHANNEL, SlackHarness, dm_channel

ANN = "U0ANN"
TYPED = ["visibility and leads", "mostly B2B", "25 to 45", "we do blog posts and some photos", "about 5 hours"]


async def _console_result(knowledge: Knowledge) -> str:
    """What the console shows at the end of the same walk-through."""
    advisor = Advisor(knowledge, MemoryStore())
    key = ConversationKey("console", "local", "", "ann")
    await advisor.handle(Incoming(key, "help me choose platforms"))
    for answer in TYPED[:-1]:
        await advisor.handle(Incoming(key, answer))
    return render_text((await advisor.handle(Incoming(key, TYPED[-1])))[0].text)


async def test_walk_through_by_clicks_in_a_dm(slack: SlackHarness) -> None:
    channel = dm_channel(ANN)
    await slack.dm(ANN, "help me choose platforms")
    clicks = ["Visibility", "Leads & customers", "Done", "Businesses (B2B)", "25-34", "35-54", "Done",
              "Articles & blog posts", "Images & photos", "Done", "5 h"]
    for step, label in enumerate(clicks, start=1):
        await slack.api.wait_for(lambda n=step: len(slack.api.messages(channel)) >= n)
        await slack.settle()
        message = slack.with_button(channel, ANN, label)
        assert (await slack.click(message, label, ANN)).status == 200
        await slack.api.wait_for(lambda m=message: m.labels() == [])  # updated: the choice shown, buttons gone
    await slack.api.wait_for(lambda: "LinkedIn" in slack.api.messages(channel)[-2].text)
    await slack.settle()
    prompts = [m.blocks[0]["text"]["text"] for m in slack.api.messages(channel)]
    assert [n for n in "12345" if any(f"{n}/5" in p for p in prompts)] == list("12345")
    assert [m.blocks[-1]["elements"][0]["text"] for m in slack.api.messages(channel)[:4]] == [
        "\u2713 Visibility", "\u2713 Leads &amp; customers", "\u2713 Done", "\u2713 Businesses (B2B)"]
    assert slack.api.calls_to("chat.update") and not slack.api.calls_to("chat.postEphemeral")


async def test_walk_through_by_typing_in_a_thread(slack_sqlite: SlackHarness, knowledge: Knowledge) -> None:
    slack = slack_sqlite
    root = await slack.mention(ANN, "help me choose platforms")
    for step, answer in enumerate(TYPED, start=1):
        await slack.api.wait_for(lambda n=step: len(slack.api.messages(CHANNEL, root)) >= n)
        await slack.say(ANN, answer, thread_ts=root)
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL, root)) >= 7)
    await slack.settle()
    texts = [m.text for m in slack.api.messages(CHANNEL, root)]
    assert [n for n in "12345" if any(f"{n}/5" in t for t in texts)] == list("12345")
    recommendation = texts[5]
    assert "LinkedIn" in recommendation
    console = await _console_result(knowledge)
    assert console.split("\n")[0] in recommendation  # the same advice as in the console
    assert all(m.thread_ts == root for m in slack.api.messages(CHANNEL))
