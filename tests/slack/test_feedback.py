"""👍/👎 in Slack, end to end through the real bolt app and the engine with the editors' loop on: the
row under knowledge answers only, a press that leaves the answer's own buttons alone, the follow-up
after a 👎, and one record per user and answer under double presses and double deliveries."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest

from bot.advisor import Advisor
from bot.editors import EditorsLoop, LogKind
from bot.knowledge.model import Knowledge
from bot.schedule import ChannelKey, TipSettings, ZoneDefault
from bot.store.memory import MemoryStore
from bot.types import DOWN_LABEL, UP_LABEL
from tests.slack.conftest import running_app
from tests.slack.fake_web_api import FakeSlackAPI, Posted, check_blocks
from tests.slack.harness import CHANNEL, SlackHarness, dm_channel

ANN, BOB = "U0ANN", "U0BOB"
FEEDBACK = [UP_LABEL, DOWN_LABEL]


@pytest.fixture
async def slack(api: FakeSlackAPI, knowledge: Knowledge) -> AsyncIterator[SlackHarness]:
    store = MemoryStore()
    async for harness in running_app(api, Advisor(knowledge, store, editors=EditorsLoop(store))):
        yield harness


def editors(slack: SlackHarness) -> EditorsLoop:
    assert slack.service is not None and slack.service.handlers.advisor.editors is not None
    return slack.service.handlers.advisor.editors


async def _dm_answer(slack: SlackHarness, text: str, count: int = 1) -> Posted:
    await slack.dm(ANN, text)
    await slack.api.wait_for(lambda: len(slack.api.messages(dm_channel(ANN))) >= count)
    await slack.settle()
    return slack.api.messages(dm_channel(ANN))[count - 1]


async def test_the_row_comes_after_the_answers_own_buttons_and_only_on_knowledge_answers(slack: SlackHarness) -> None:
    answer = await _dm_answer(slack, "what is a community?")
    own, row = [b for b in answer.blocks if b["type"] == "actions"]
    assert not own["block_id"].startswith("fb:") and row is answer.blocks[-1] and row["block_id"].startswith("fb:")
    assert [e["text"]["text"] for e in row["elements"]] == FEEDBACK
    assert answer.labels()[0] == "Tell me more" and answer.labels()[-2:] == FEEDBACK
    assert len({e["action_id"] for e in answer.buttons()}) == len(answer.buttons())
    for n, text in enumerate(("hi", "give me a tip", "help me choose platforms"), start=2):
        message = await _dm_answer(slack, text, n)
        assert not set(FEEDBACK) & set(message.labels()), text


async def test_thumbs_up_thanks_in_place_keeps_the_other_buttons_and_counts_once(slack: SlackHarness) -> None:
    answer = await _dm_answer(slack, "what is a community?")
    original = [dict(b) for b in answer.blocks]
    click = slack.click_payload(answer, UP_LABEL, ANN)
    await slack.send_click(click)
    await slack.send_click(click)  # the same request delivered twice
    await slack.settle()
    assert answer.labels()[0] == "Tell me more" and not set(FEEDBACK) & set(answer.labels())
    assert "Thanks for your feedback" in json.dumps(answer.blocks[-1])
    stale = Posted(answer.channel, answer.ts, answer.text, original)  # an old copy of the message: pressed again
    await slack.click(stale, UP_LABEL, ANN)
    await slack.click(stale, DOWN_LABEL, ANN)
    await slack.settle()
    stats = await editors(slack).stats.read(0)
    assert (stats.up, stats.down) == (1, 0)
    assert slack.api.messages(dm_channel(ANN)) == [answer], "no message for a 👍"

    await slack.click(answer, "Tell me more", ANN)  # the answer's own buttons still work
    await slack.api.wait_for(lambda: len(slack.api.messages(dm_channel(ANN))) == 2)


async def test_thumbs_down_in_a_thread_asks_what_was_wanted_there(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "how do I get found on google with my posts")
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) == 1)
    answer = slack.api.messages(CHANNEL)[0]
    await slack.click(answer, DOWN_LABEL, BOB)  # not Bob's answer
    await slack.click(answer, DOWN_LABEL, ANN)
    await slack.api.wait_for(lambda: len(slack.visible(CHANNEL, ANN)) == 2)
    await slack.settle()
    follow_up = slack.visible(CHANNEL, ANN)[1]
    assert follow_up.thread_ts == root and follow_up.visible_to is None
    assert "What were you looking for?" in follow_up.text
    assert 3 <= len(follow_up.labels()) <= 4 and follow_up.labels()[-1] == "Something else"
    assert not set(FEEDBACK) & set(follow_up.labels())
    wanted = follow_up.labels()[0]
    await slack.click(follow_up, wanted, ANN)
    await slack.api.wait_for(lambda: len(slack.visible(CHANNEL, ANN)) == 3)
    assert slack.visible(CHANNEL, ANN)[2].labels()[-2:] == FEEDBACK, "the chosen topic is answered, rateable"
    assert any(c.args.get("user") == BOB for c in slack.api.calls_to("chat.postEphemeral"))

    entries = await editors(slack).log.since(0)
    assert [e.kind for e in entries] == [LogKind.DISLIKED, LogKind.WANTED]
    assert entries[0].text == "how do I get found on google with my posts" and entries[0].platform == "slack"
    assert (await editors(slack).stats.read(0)).down == 1


async def test_thumbs_down_on_a_private_answer_stays_private(slack: SlackHarness) -> None:
    await slack.command(ANN, "what is a persona?")
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) == 1)
    answer = slack.api.messages(CHANNEL)[0]
    assert answer.labels()[-3:] == ["Share in channel", *FEEDBACK]
    await slack.click(answer, DOWN_LABEL, ANN)
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) == 2)
    await slack.settle()
    assert "Thanks for your feedback" in json.dumps(answer.blocks[-1])
    assert "Share in channel" in answer.labels(), "the answer can still be shared"
    follow_up = slack.api.messages(CHANNEL)[1]
    assert follow_up.visible_to == ANN and "What were you looking for?" in follow_up.text

    await slack.click(answer, "Share in channel", ANN)
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL)) == 3)
    shared = slack.api.messages(CHANNEL)[2]
    assert shared.visible_to is None and shared.labels() == [] and "Thanks" not in json.dumps(shared.blocks)


async def test_a_forged_feedback_value_is_refused(slack: SlackHarness) -> None:
    answer = await _dm_answer(slack, "what is a community?")
    click = slack.click_payload(answer, UP_LABEL, ANN)
    value = json.loads(click["actions"][0]["value"])
    click["actions"][0]["value"] = json.dumps(value | {"o": BOB})
    await slack.send(urlencode({"payload": json.dumps(click)}), "application/x-www-form-urlencoded")
    await slack.settle()
    assert (await editors(slack).stats.read(0)).up == 0


async def test_app_home_shows_the_weeks_questions_and_the_channels_with_tips(slack: SlackHarness,
                                                                            knowledge: Knowledge) -> None:
    assert slack.service is not None
    store = slack.service.handlers.advisor.store
    tips = TipSettings(store, knowledge)
    for chat, title, text in (("C0MKT", "#marketing", "daily 09:00 Europe/Paris"),
                              ("C0EVIL", "#x <!channel> **[y](https://evil.example)**", "weekly mon 10:00"),
                              ("-1001", "Telegram group", "daily 08:00")):
        platform = "telegram" if chat.startswith("-") else "slack"
        await tips.apply(ChannelKey(platform, chat), tips.parse(text), "U0ANN", ZoneDefault("UTC", "default", ""),
                         time.time(), title)
    for n, text in enumerate(("what is seo", "what is seo?", "what is a persona", "how do I set up payroll"), 1):
        await _dm_answer(slack, text, n)
    await slack.event({"type": "app_home_opened", "user": ANN, "channel": dm_channel(ANN), "tab": "home",
                       "event_ts": slack.new_ts()})
    await slack.api.wait_for(lambda: slack.api.calls_to("views.publish"))
    blocks = slack.api.calls_to("views.publish")[0].args["view"]["blocks"]
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    week = texts[texts.index("*This week*") + 1].split("\n")
    assert week[0].startswith("*4* questions, *75%* answered") and "1 not answered" in week[0]
    topics = slack.service.handlers.advisor.knowledge.topics
    assert week[1] == f"Most asked: {topics['seo'].title} (2), {topics['persona'].title} (1)"
    channels = texts[texts.index("*Channels with scheduled tips*") + 1]
    assert channels == ("• #marketing: daily at 09:00 (Europe/Paris)\n"
                        "• #x &lt;!channel&gt; yhttps://evil.example: every Mon at 10:00 (UTC)"), \
        "Slack's channels only; a name can neither ping nor become a formatted link"
    assert check_blocks(blocks, 100) is None
