"""Telegram settings from the environment, each checked with a one-line error naming the variable.

Values are never echoed back in errors or logs: a token that fails the check is described, not shown.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bot.config import ConfigError

TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN"
SECRET_VARIABLE = "TELEGRAM_WEBHOOK_SECRET"
BASE_URL_VARIABLE = "TELEGRAM_API_BASE_URL"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"

_TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """`api_base_url` is PTB's base_url: the token is appended to it, or fills its `{token}`."""

    token: str = field(repr=False)
    api_base_url: str = DEFAULT_BASE_URL
    webhook_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> TelegramSettings:
        """Raises ConfigError when the token is missing or malformed, or another variable is invalid."""
        token = environ.get(TOKEN_VARIABLE, "").strip()
        if not token:
            raise ConfigError(f"{TOKEN_VARIABLE} is not set: create a bot with @BotFather and export its token")
        if not _TOKEN.match(token):
            raise ConfigError(f"{TOKEN_VARIABLE} is malformed: expected the <digits>:<key> token from @BotFather")
        base_url = environ.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
        if urlparse(base_url).scheme not in ("http", "https") or not (
                base_url.endswith("/bot") or "{token}" in base_url):
            raise ConfigError(f"{BASE_URL_VARIABLE} must be an http(s) URL ending in /bot, "
                              "e.g. http://127.0.0.1:8081/bot")
        secret = environ.get(SECRET_VARIABLE, "").strip() or None
        if secret is not None and not _SECRET.match(secret):
            raise ConfigError(f"{SECRET_VARIABLE} must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return cls(token=token, api_base_url=base_url, webhook_secret=secret)

    def secret_values(self) -> tuple[str, ...]:
        """The values that must never reach a log line."""
        return tuple(s for s in (self.token, self.webhook_secret) if s)


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """Where Telegram posts updates (`url`) and where our server listens (`listen`, `port`, `path`)."""

    url: str
    listen: str
    port: int
    secret: str = field(repr=False)
    secret_generated: bool = False

    @property
    def path(self) -> str:
        return urlparse(self.url).path or "/"

    @classmethod
    def build(cls, url: str, listen: str, port: int, settings: TelegramSettings) -> WebhookOptions:
        """Uses TELEGRAM_WEBHOOK_SECRET, or a fresh random secret when it is not set."""
        if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
            raise ConfigError("--webhook-url must be a full URL, e.g. https://bot.example.com/telegram")
        if not 0 <= port <= 65535:
            raise ConfigError("--port must be between 0 and 65535")
        if settings.webhook_secret:
            return cls(url, listen, port, settings.webhook_secret)
        return cls(url, listen, port, secrets.token_urlsafe(32), secret_generated=True)
