"""Slack settings from the environment, each checked with a one-line error that names the variable.

Error messages never repeat a value: a malformed token must not end up in a terminal or a log.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.config import ConfigError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_REORDER_WINDOW = 0.1
"""Seconds past its own ts a message waits, so that an earlier message Slack delivers later goes first."""
MAX_REORDER_WINDOW = 2.0
"""Slack wants an answer within 3 seconds; a longer wait would only delay every reply."""

_BOT_TOKEN = re.compile(r"xoxb-[A-Za-z0-9-]{8,}")
_APP_TOKEN = re.compile(r"xapp-[A-Za-z0-9-]{8,}")
_SIGNING_SECRET = re.compile(r"[A-Za-z0-9]{16,}")


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """How the adapter reaches Slack.

    `app_token` set means Socket Mode (no public URL); otherwise HTTP mode, where every request is
    verified with `signing_secret`. `reorder_window`: seconds a message waits past its own ts before it
    is applied (SLACK_REORDER_WINDOW; 0: applied on arrival).
    """

    bot_token: str
    signing_secret: str | None
    app_token: str | None
    api_url: str = DEFAULT_API_URL
    reorder_window: float = DEFAULT_REORDER_WINDOW

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SlackSettings:
        """Read SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL and SLACK_REORDER_WINDOW.

        Raises ConfigError naming the first variable that is missing or malformed.
        """
        env = os.environ if environ is None else environ
        bot_token = _get(env, "SLACK_BOT_TOKEN")
        if bot_token is None:
            raise ConfigError("SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-..., "
                              "from OAuth & Permissions)")
        if not _BOT_TOKEN.fullmatch(bot_token):
            raise ConfigError("SLACK_BOT_TOKEN is malformed: expected a bot token starting with xoxb-")
        app_token = _get(env, "SLACK_APP_TOKEN")
        if app_token is not None and not _APP_TOKEN.fullmatch(app_token):
            raise ConfigError("SLACK_APP_TOKEN is malformed: expected an app-level token starting with xapp-")
        signing_secret = _get(env, "SLACK_SIGNING_SECRET")
        if app_token is None and signing_secret is None:
            raise ConfigError("SLACK_SIGNING_SECRET is not set (needed in HTTP mode; from Basic Information > "
                              "App Credentials), or set SLACK_APP_TOKEN for Socket Mode")
        if signing_secret is not None and not _SIGNING_SECRET.fullmatch(signing_secret):
            raise ConfigError("SLACK_SIGNING_SECRET is malformed: expected the app's signing secret "
                              "(letters and digits only)")
        api_url = _get(env, "SLACK_API_URL") or DEFAULT_API_URL
        if not re.match(r"https?://[^/\s]+", api_url) or any(c.isspace() for c in api_url):
            raise ConfigError("SLACK_API_URL is malformed: expected an http(s) URL such as https://slack.com/api/")
        if not api_url.endswith("/"):
            api_url += "/"
        return cls(bot_token=bot_token, signing_secret=signing_secret, app_token=app_token, api_url=api_url,
                   reorder_window=_reorder_window(env))


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _reorder_window(env: Mapping[str, str]) -> float:
    raw = _get(env, "SLACK_REORDER_WINDOW")
    try:
        value = float(raw) if raw is not None else DEFAULT_REORDER_WINDOW
        if not (math.isfinite(value) and 0 <= value <= MAX_REORDER_WINDOW):
            raise ValueError
    except ValueError:
        raise ConfigError(f"SLACK_REORDER_WINDOW must be a number of seconds from 0 to {MAX_REORDER_WINDOW:g}"
                          ) from None
    return value
