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
SEND_RATE_VARIABLE = "TELEGRAM_SEND_RATE"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_PORT = 8443
"""Where the webhook server listens by default (behind the HTTPS proxy Telegram posts to)."""
DEFAULT_LISTEN = "0.0.0.0"
WEBHOOK_PORTS = (443, 80, 88, 8443)
"""The only ports Telegram posts webhooks to (on an https:// URL)."""
DEFAULT_SEND_RATE = 30.0
"""Messages per second one worker sends at most: Telegram's limit for a bot."""

_TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """`api_base_url` is PTB's base_url: the token is appended to it, or fills its `{token}`.
    `send_rate` is the messages per second this worker sends at most (None: no pacing, for a local
    Bot API server); with several workers, give each its share of Telegram's 30 per second."""

    token: str = field(repr=False)
    api_base_url: str = DEFAULT_BASE_URL
    webhook_secret: str | None = field(default=None, repr=False)
    send_rate: float | None = DEFAULT_SEND_RATE

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
        return cls(token=token, api_base_url=base_url, webhook_secret=secret, send_rate=_send_rate(environ))

    def secret_values(self) -> tuple[str, ...]:
        """The values that must never reach a log line."""
        return tuple(s for s in (self.token, self.webhook_secret) if s)


def _send_rate(environ: Mapping[str, str]) -> float | None:
    raw = environ.get(SEND_RATE_VARIABLE, "").strip().lower()
    if raw in ("off", "none", "0"):
        return None
    try:
        rate = float(raw) if raw else DEFAULT_SEND_RATE
        if not 0 < rate <= 1000:
            raise ValueError
    except ValueError:
        raise ConfigError(f"{SEND_RATE_VARIABLE} must be messages per second (e.g. 30 or 15) or off") from None
    return rate


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
        """Uses TELEGRAM_WEBHOOK_SECRET, or a fresh random secret when it is not set. Raises ConfigError
        for a URL Telegram would not post to: not https, or a port other than 443, 80, 88 and 8443."""
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError("--webhook-url must be a full URL, e.g. https://bot.example.com/telegram")
        if parts.scheme != "https":
            raise ConfigError("--webhook-url must start with https://: Telegram only posts to HTTPS "
                              "(put an HTTPS reverse proxy in front of --port)")
        try:
            public_port = parts.port or 443
        except ValueError:
            raise ConfigError("--webhook-url has an invalid port") from None
        if public_port not in WEBHOOK_PORTS:
            raise ConfigError(f"--webhook-url uses port {public_port}, but Telegram only posts to ports "
                              "443, 80, 88 or 8443")
        if not 0 <= port <= 65535:
            raise ConfigError("--port must be between 0 and 65535")
        if settings.webhook_secret:
            return cls(url, listen, port, settings.webhook_secret)
        return cls(url, listen, port, secrets.token_urlsafe(32), secret_generated=True)
