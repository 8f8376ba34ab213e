"""The HTTP-mode app end to end: signed requests in, Web API calls out (to the stand-in on 127.0.0.1)."""

from __future__ import annotations

import json
import logging
import time

import pytest

from bot.types import DOWN_LABEL, UP_LABEL
from tests.slack.fake_web_api import BOT_ID, BOT_USER
from tests.slack.harness import SlackHarness, dm_channel

ANN = "U0ANN"


async def test_url_verification(slack: SlackHarness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    result = await slack.send(body, "application/json")
    assert result.status == 200
    assert json.loads(result.body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_dm_question_gets_the_answer_with_buttons(slack: SlackHarness) -> None:
    assert (await slack.dm(ANN, "what is a community?")).status == 200
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
    answer = slack.api.messages(dm_channel(ANN))[0]
    assert "community" in answer.text.lower() and answer.thread_ts is None
    assert answer.labels()[0] == "Tell me more"
    call = slack.api.calls_to("chat.postMessage")[0]
    assert call.args["text"] and "link_names" not in call.args and "parse" not in call.args

    await slack.click(answer, "Tell me more", ANN)
    await slack.api.wait_for(lambda: len(slack.api.messages(dm_channel(ANN))) == 2)
    # the clicked message shows the choice; its 👍/👎 row stays
    assert answer.labels() == [UP_LABEL, DOWN_LABEL] and answer.blocks[-2]["type"] == "context"
    assert "Tell me more" in answer.blocks[-2]["elements"][0]["text"]


@pytest.mark.parametrize(("timestamp", "secret"), [(None, "0" * 32), (int(time.time()) - 301, None)],
                         ids=["forged-signature", "stale-timestamp"])
async def test_unsigned_requests_are_rejected(slack: SlackHarness, timestamp: int | None, secret: str | None) -> None:
    options = {"timestamp": timestamp} | ({"secret": secret} if secret else {})
    result = await slack.dm(ANN, "what is a community?", **options)
    assert result.status == 401
    await slack.settle()
    assert slack.api.outgoing() == []


async def test_retried_and_duplicate_events_are_answered_once(slack: SlackHarness) -> None:
    event = slack.message_event(ANN, "what is a persona?", dm_channel(ANN))
    for retry in (None, 1, 2):
        assert (await slack.event(event, event_id="Ev0RETRY", retry_num=retry)).status == 200
    await slack.event(event, event_id="Ev0OTHER")  # same message under a new event id
    await slack.settle()
    assert len(slack.api.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("fields", [
    {"bot_id": "B0OTHERBOT", "subtype": "bot_message", "username": "otherbot"},
    {"bot_id": "B0OTHERBOT", "bot_profile": {"id": "B0OTHERBOT", "name": "otherbot"}},
    {"user": BOT_USER, "bot_id": BOT_ID},
    {"subtype": "message_changed", "message": {"text": "what is a persona?"}},
    {"subtype": "message_deleted", "previous_message": {"text": "what is a persona?"}},
], ids=["bot-message", "bot-user", "own-message", "edit", "deletion"])
async def test_bots_edits_and_own_messages_are_ignored(slack: SlackHarness, fields: dict[str, object]) -> None:
    event = slack.message_event(ANN, "what is a persona?", dm_channel(ANN)) | fields
    assert (await slack.event(event)).status == 200
    await slack.settle()
    assert slack.api.outgoing() == []


async def test_ack_comes_first_even_when_the_web_api_is_slow(slack: SlackHarness) -> None:
    await slack.dm(ANN, "what is a community?")
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
    answer = slack.api.messages(dm_channel(ANN))[0]
    slack.api.slow("chat.postMessage", 3.2)
    slack.api.slow("chat.update", 3.2)
    started = time.monotonic()
    acks = [await slack.dm(ANN, "what is a persona?"), await slack.click(answer, "Tell me more", ANN),
            await slack.command(ANN, "tip")]
    assert [a.status for a in acks] == [200, 200, 200]
    assert max(a.seconds for a in acks) < 1.0, [a.seconds for a in acks]
    await slack.api.wait_for(lambda: len(slack.api.messages(dm_channel(ANN))) == 3, timeout=8)
    assert time.monotonic() - started > 3.2
    assert answer.labels() == [UP_LABEL, DOWN_LABEL]


async def test_429_is_retried_after_retry_after(slack: SlackHarness) -> None:
    slack.api.rate_limit_next("chat.postMessage", retry_after=1)
    await slack.dm(ANN, "what is a community?")
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)), timeout=5)
    first, second = slack.api.calls_to("chat.postMessage")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0
    assert len(slack.api.messages(dm_channel(ANN))) == 1


async def test_a_failing_turn_gets_an_apology_and_a_log_line(slack: SlackHarness,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    slack.api.error_next("chat.postMessage", "internal_error")
    with caplog.at_level(logging.INFO, logger="advisor"):
        await slack.dm(ANN, "what is a community?")
        await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
        await slack.settle()
    apology = slack.api.messages(dm_channel(ANN))[0]
    assert apology.text.startswith("Sorry") and apology.labels() == []
    failure = next(r for r in caplog.records if r.getMessage() == "slack turn failed")
    assert failure.levelno == logging.ERROR and failure.conversation == f"slack:{dm_channel(ANN)}::{ANN}"


async def test_unknown_button_values_are_ignored(slack: SlackHarness) -> None:
    await slack.dm(ANN, "what is a community?")
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
    answer = slack.api.messages(dm_channel(ANN))[0]
    own = next(b for b in answer.blocks if b["type"] == "actions" and not b.get("block_id", "").startswith("fb:"))
    own["elements"][0]["value"] = "something-else"
    assert (await slack.click(answer, "Tell me more", ANN)).status == 200
    await slack.settle()
    assert len(slack.api.outgoing()) == 1
