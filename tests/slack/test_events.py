"""Reading Slack payloads and settings: text decoding, which messages count, slash command text."""

from __future__ import annotations

import pytest

from adapters.slack.config import SlackSettings
from adapters.slack.events import Where, command_text, decode_text, user_message
from bot.config import ConfigError

BOT = "U0ADVISOR"


@pytest.mark.parametrize(("raw", "decoded"), [
    (f"<@{BOT}> what is a community?", "what is a community?"),
    ("Q&amp;A &lt;b&gt; tips", "Q&A <b> tips"),
    ("<!here> <!channel> <!everyone> hi <@U123> <@U456|bob>", "hi"),
    ("<!subteam^S1|@marketing> help", "help"),
    ("see <#C123|general> and <https://example.com|our site> or <https://x.example>",
     "see #general and our site or https://x.example"),
    ("mail <mailto:a@b.example|a@b.example>", "mail a@b.example"),
    ("due <!date^1392734382^{date_short}|Feb 18, 2014>", "due Feb 18, 2014"),
    ("&amp;lt;!channel&amp;gt;", "&lt;!channel&gt;"),
])
def test_decode_text(raw: str, decoded: str) -> None:
    assert decode_text(raw) == decoded


def _event(**fields: object) -> dict[str, object]:
    return {"type": "message", "user": "U1", "channel": "C1", "ts": "1.1", "text": "hi", "channel_type": "channel"}\
        | fields


def test_user_messages() -> None:
    dm = user_message(_event(channel="D1", channel_type="im"), BOT)
    assert dm is not None and dm.where is Where.DM and dm.root == "1.1"
    mention = user_message(_event(type="app_mention", text=f"<@{BOT}> hi", thread_ts="0.5"), BOT)
    assert mention is not None and mention.mentions_bot and mention.root == "0.5" and mention.text == "hi"
    assert user_message(_event(text=f"hey <@{BOT}>"), BOT).mentions_bot  # type: ignore[union-attr]
    assert not user_message(_event(), BOT).mentions_bot  # type: ignore[union-attr]
    assert user_message(_event(subtype="file_share"), BOT) is not None
    for text in ("<@U0BOB> can you check?", "<!here> lunch", "ask <!subteam^S1|@mkt>"):
        assert user_message(_event(text=text), BOT).mentions_others  # type: ignore[union-attr]
    assert not user_message(_event(text=f"<@{BOT}|advisor> hi"), BOT).mentions_others  # type: ignore[union-attr]


@pytest.mark.parametrize("fields", [
    {"subtype": "message_changed"}, {"subtype": "message_deleted"}, {"subtype": "bot_message", "bot_id": "B9"},
    {"bot_id": "B9"}, {"user": BOT}, {"subtype": "channel_join"}, {"user": None}, {"text": None},
])
def test_ignored_messages(fields: dict[str, object]) -> None:
    assert user_message(_event(**fields), BOT) is None


def test_command_text() -> None:
    commands = frozenset({"platforms", "tip", "help"})
    assert command_text("", commands) == "/help"
    assert command_text("  Platforms ", commands) == "/platforms"
    assert command_text("tip", commands) == "/tip"
    assert command_text("what is a persona?", commands) == "what is a persona?"
    assert command_text("what &amp; why <!here>", commands) == "what & why"


GOOD = {"SLACK_BOT_TOKEN": "xoxb-123-456-abcdef", "SLACK_SIGNING_SECRET": "0123456789abcdef0123"}


def test_settings() -> None:
    settings = SlackSettings.from_env(GOOD | {"SLACK_API_URL": "http://127.0.0.1:8088/api"})
    assert settings.api_url == "http://127.0.0.1:8088/api/" and not settings.socket_mode
    socket = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-123-456-abcdef", "SLACK_APP_TOKEN": "xapp-1-A1-22-ab"})
    assert socket.socket_mode and socket.signing_secret is None


@pytest.mark.parametrize(("env", "variable"), [
    ({}, "SLACK_BOT_TOKEN"),
    (GOOD | {"SLACK_BOT_TOKEN": "xoxp-user-token-123456"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": GOOD["SLACK_BOT_TOKEN"]}, "SLACK_SIGNING_SECRET"),
    (GOOD | {"SLACK_SIGNING_SECRET": "short"}, "SLACK_SIGNING_SECRET"),
    (GOOD | {"SLACK_APP_TOKEN": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN"),
    (GOOD | {"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
])
def test_bad_settings_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as error:
        SlackSettings.from_env(env)
    message = str(error.value)
    assert variable in message and "\n" not in message
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        assert name not in env or env[name] not in message  # never echo a secret
