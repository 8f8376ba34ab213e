"""The app manifest matches what the adapter uses; the App Home tab and its buttons."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from adapters.slack import EVENTS_PATH
from adapters.slack.delivery import TIPS_SHORTCUT
from adapters.slack.handlers import COMMAND
from tests.slack.fake_web_api import check_blocks
from tests.slack.harness import SlackHarness, dm_channel

ROOT = Path(__file__).resolve().parents[2]
METHOD_SCOPES = {"chat_postMessage": "chat:write", "chat_postEphemeral": "chat:write", "chat_update": "chat:write",
                 "conversations_open": "im:write", "views_publish": None, "auth_test": None,
                 "files_upload_v2": "files:write", "users_info": "users:read"}
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.channels": "channels:history",
                "message.groups": "groups:history", "message.im": "im:history", "app_home_opened": None}
ANN = "U0ANN"


def test_manifest_declares_exactly_what_the_adapter_uses() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    source = "\n".join(p.read_text() for p in (ROOT / "adapters" / "slack").glob("*.py"))
    methods = set(re.findall(r"\.(chat_\w+|views_\w+|conversations_\w+|files_\w+|users_\w+|auth_test)\(", source))
    assert methods == set(METHOD_SCOPES)  # a new Web API call needs its scope here and in the manifest
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == set(EVENT_SCOPES)
    needed = {s for s in [*map(METHOD_SCOPES.get, methods), *map(EVENT_SCOPES.get, events), "commands"] if s}
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = [command["url"], manifest["settings"]["event_subscriptions"]["request_url"],
            manifest["settings"]["interactivity"]["request_url"]]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    [shortcut] = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", TIPS_SHORTCUT)


async def test_app_home_shows_the_how_to_and_its_buttons_start_a_dm(slack: SlackHarness) -> None:
    event = {"type": "app_home_opened", "user": ANN, "channel": dm_channel(ANN), "tab": "home",
             "event_ts": slack.new_ts()}
    assert (await slack.event(event)).status == 200
    await slack.api.wait_for(lambda: slack.api.calls_to("views.publish"))
    publish = slack.api.calls_to("views.publish")[0]
    view = publish.args["view"]
    assert publish.args["user_id"] == ANN and view["type"] == "home" and check_blocks(view["blocks"], 100) is None
    labels = [e["text"]["text"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "Choose my platforms" in labels and "/advisor" in str(view)

    await slack.click_home(view, "Choose my platforms", ANN)
    await slack.api.wait_for(lambda: slack.api.messages(dm_channel(ANN)))
    assert slack.api.calls_to("conversations.open")[0].args["users"] == ANN
    assert "1/5" in slack.api.messages(dm_channel(ANN))[0].text
    await slack.dm(ANN, "visibility and leads")  # typing in the DM continues the same walk-through
    await slack.api.wait_for(lambda: len(slack.api.messages(dm_channel(ANN))) == 2)
    assert "2/5" in slack.api.messages(dm_channel(ANN))[1].text


async def test_other_tabs_publish_nothing(slack: SlackHarness) -> None:
    await slack.event({"type": "app_home_opened", "user": ANN, "channel": dm_channel(ANN), "tab": "messages",
                       "event_ts": slack.new_ts()})
    await slack.settle()
    assert slack.api.calls_to("views.publish") == []
