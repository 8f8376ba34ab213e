"""Settings read from the environment, each validated with a one-line error naming the variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.advisor import DEFAULT_IDLE_TIMEOUT


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and fits on one line."""


@dataclass(frozen=True, slots=True)
class CoreSettings:
    store_url: str | None
    knowledge_dir: Path | None
    idle_timeout: float

    @classmethod
    def from_env(cls, knowledge_dir: str | None = None) -> CoreSettings:
        raw_timeout = os.environ.get("ADVISOR_IDLE_TIMEOUT", "")
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_IDLE_TIMEOUT
            if timeout <= 0:
                raise ValueError
        except ValueError:
            raise ConfigError("ADVISOR_IDLE_TIMEOUT must be a positive number of seconds") from None
        directory = knowledge_dir or os.environ.get("ADVISOR_KNOWLEDGE") or None
        return cls(store_url=os.environ.get("ADVISOR_STORE") or None,
                   knowledge_dir=Path(directory) if directory else None, idle_timeout=timeout)
