"""Logging set-up shared by every entry point: one line per event, extras as key=value, secrets redacted."""

from __future__ import annotations

import logging
import os
import re

SECRET_VARIABLES = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
                    "SLACK_SIGNING_SECRET")
_TOKEN_SHAPES = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}|\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{10,}\b")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace known secret values and anything shaped like a Telegram or Slack token by "***"."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "***")
    return _TOKEN_SHAPES.sub("***", text)


class RedactingFormatter(logging.Formatter):
    """`time level logger: message key=value ...` with secrets removed from the whole line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = tuple(v for name in SECRET_VARIABLES if (v := os.environ.get(name)))

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        if extras:
            line += " " + " ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in extras.items())
        return redact(line, self.secrets)


def configure_logging(default_level: str = "WARNING") -> None:
    """Log to stderr at ADVISOR_LOG_LEVEL (or `default_level`)."""
    level = os.environ.get("ADVISOR_LOG_LEVEL", default_level).upper()
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level if level in logging.getLevelNamesMapping() else default_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
