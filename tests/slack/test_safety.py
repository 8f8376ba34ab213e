"""Hostile text, long answers and secrets: nothing pings, nothing breaks Slack's limits, nothing leaks."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.logs import RedactingFormatter
from bot.advisor import Advisor
from bot.knowledge.pack import bundled_knowledge_dir, load_knowledge
from bot.store.memory import MemoryStore
from tests.slack.conftest import running_app
from tests.slack.fake_web_api import FakeSlackAPI, check_message
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, CHANNEL, SIGNING_SECRET, SlackHarness, dm_channel

ANN = "U0ANN"
INJECTION = "<!channel> <!here> <!everyone> what is a community? <@U123>"
PINGS = ("<!channel", "<!here", "<!everyone", "<@U123")

LONG_TOPIC = """\
id: long-read
title: The long read <!here>
review_by: 2099-12-31
answer: |
{paragraphs}
examples:
  - give me the long read
  - the long read please
  - show the long read
  - i want the long read
  - long read about social media
  - send the long read
  - where is the long read
  - tell me the long read
keywords: [long read, longread]
"""


def _outgoing_text(api: FakeSlackAPI) -> str:
    return json.dumps([c.args for c in api.outgoing()], ensure_ascii=False)


async def test_mentions_and_specials_in_questions_never_ping(slack: SlackHarness) -> None:
    await slack.dm(ANN, INJECTION)
    root = await slack.mention(ANN, INJECTION)
    await slack.command(ANN, INJECTION)
    await slack.api.wait_for(lambda: len(slack.api.outgoing()) >= 3)
    await slack.settle()
    assert "community" in slack.api.messages(dm_channel(ANN))[0].text.lower()  # decoded, then understood
    assert slack.api.messages(CHANNEL, root)
    sent = _outgoing_text(slack.api)
    assert not [p for p in PINGS if p in sent]


@pytest.fixture
async def slack_long(api: FakeSlackAPI, tmp_path: Path) -> AsyncIterator[SlackHarness]:
    """The app on a copy of the bundled knowledge with one very long answer that contains pings."""
    pack = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), pack)
    paragraphs = [f"  **Part {n}.** " + ("Plan, publish, measure & adjust <!channel> <@U123>. " * 30)
                  for n in range(1, 13)]
    (pack / "topics" / "long-read.yaml").write_text(LONG_TOPIC.format(paragraphs="\n\n".join(paragraphs)))
    async for harness in running_app(api, Advisor(load_knowledge(pack), MemoryStore())):
        yield harness


async def test_an_answer_longer_than_one_section(slack_long: SlackHarness) -> None:
    slack = slack_long
    await slack.dm(ANN, "give me the long read")
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
    await slack.settle()
    messages = slack.api.messages(dm_channel(ANN))
    sections = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]
    assert len(sections) > 1 and sum(map(len, sections)) > 3000 * 6
    assert all(len(s) <= 3000 for s in sections)
    assert all(c.status == 200 and check_message(c.args) is None for c in slack.api.calls_to("chat.postMessage"))
    assert all(s.startswith("*Part ") for s in sections)  # cut between paragraphs
    assert all(m.text for m in messages)  # every message has its plain fallback
    assert not [p for p in PINGS if p in _outgoing_text(slack.api)]


async def test_secrets_never_reach_the_logs(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in [("SLACK_BOT_TOKEN", BOT_TOKEN), ("SLACK_SIGNING_SECRET", SIGNING_SECRET),
                        ("SLACK_APP_TOKEN", APP_TOKEN)]:
        monkeypatch.setenv(name, value)
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(RedactingFormatter())
    raw: list[logging.LogRecord] = []
    collector = logging.Handler()
    collector.emit = raw.append  # type: ignore[method-assign]
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.addHandler(collector)
    root.setLevel(logging.DEBUG)
    try:
        slack.api.error_next("chat.postMessage", "internal_error")  # an error path too
        await slack.dm(ANN, "what is a community?")
        await slack.dm(ANN, "tell me more")
        await slack.command(ANN, "tip")
        await slack.send("{}", "application/json", secret="f" * 32)  # a forged request
        await slack.api.wait_for(lambda: len(slack.api.outgoing()) >= 3)
        await slack.settle()
    finally:
        root.removeHandler(handler)
        root.removeHandler(collector)
        root.setLevel(level)
    assert "slack turn failed" in lines.getvalue()
    assert {"slack_bolt", "advisor.slack.web"} <= {r.name.split(".AsyncApp")[0] for r in raw}  # debug lines too
    messages = "\n".join(r.getMessage() + " " + json.dumps(r.__dict__, default=str) for r in raw)
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in lines.getvalue()
        assert secret not in messages  # not even before redaction
