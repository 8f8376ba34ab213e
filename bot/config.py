"""Settings read from the environment, each validated with a one-line error naming the variable."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.advisor import DEFAULT_IDLE_TIMEOUT, Advisor
from bot.delivery import DEFAULT_LEASE, DeliveryBackend, backend_for
from bot.dialogue.engine import MAX_TEXT, Dialogue
from bot.editors.loop import EditorsLoop, EditorsSettings
from bot.editors.questions import DAY, DEFAULT_RETENTION_DAYS
from bot.editors.reload import PackReloader
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import bundled_knowledge_dir
from bot.ratelimit import RateLimit, RateLimiter
from bot.schedule.scheduler import DEFAULT_GRACE, TipScheduler, TipSender
from bot.store.base import Store

DEFAULT_RATE_LIMIT = "30/60"
DEFAULT_SWEEP = 10.0
DEFAULT_KB_POLL = 2.0
_OFF = ("off", "0", "no", "false", "none")
_ON = ("on", "1", "yes", "true")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and fits on one line."""


@dataclass(frozen=True, slots=True)
class CoreSettings:
    store_url: str | None
    knowledge_dir: Path | None
    idle_timeout: float
    rate_limit: RateLimit | None = None
    max_text: int = MAX_TEXT
    inbox_lease: float = DEFAULT_LEASE
    """Seconds a worker keeps a conversation's events after its last step before another worker may take
    them over (ADVISOR_INBOX_LEASE)."""
    inbox_sweep: float = DEFAULT_SWEEP
    """Seconds between two looks for events a dead worker left unfinished (ADVISOR_INBOX_SWEEP)."""
    tips_grace: float = DEFAULT_GRACE
    """Seconds after its time a scheduled tip missed during downtime is still sent (ADVISOR_TIPS_GRACE)."""
    editors: EditorsSettings = field(default_factory=EditorsSettings)
    """The questions log: text kept or not (ADVISOR_QUESTIONS_TEXT), retention (ADVISOR_QUESTIONS_RETENTION)."""
    kb_poll: float = DEFAULT_KB_POLL
    """Seconds between two looks for a knowledge reload request (ADVISOR_KB_POLL)."""

    @classmethod
    def from_env(cls, knowledge_dir: str | None = None) -> CoreSettings:
        timeout = _seconds("ADVISOR_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
        directory = knowledge_dir or os.environ.get("ADVISOR_KNOWLEDGE") or None
        raw_limit = os.environ.get("ADVISOR_RATE_LIMIT", DEFAULT_RATE_LIMIT).strip().lower()
        try:
            rate_limit = None if raw_limit in ("off", "0", "none") else RateLimit.parse(raw_limit)
        except ValueError:
            raise ConfigError("ADVISOR_RATE_LIMIT must look like 30/60 (messages per seconds) or off") from None
        raw_max = os.environ.get("ADVISOR_MAX_TEXT", "")
        try:
            max_text = int(raw_max) if raw_max else MAX_TEXT
            if max_text < 1:
                raise ValueError
        except ValueError:
            raise ConfigError("ADVISOR_MAX_TEXT must be a positive number of characters") from None
        return cls(store_url=os.environ.get("ADVISOR_STORE") or None,
                   knowledge_dir=Path(directory) if directory else None, idle_timeout=timeout,
                   rate_limit=rate_limit, max_text=max_text,
                   inbox_lease=_seconds("ADVISOR_INBOX_LEASE", DEFAULT_LEASE),
                   inbox_sweep=_seconds("ADVISOR_INBOX_SWEEP", DEFAULT_SWEEP),
                   tips_grace=_seconds("ADVISOR_TIPS_GRACE", DEFAULT_GRACE),
                   editors=_editors(), kb_poll=_seconds("ADVISOR_KB_POLL", DEFAULT_KB_POLL))

    def advisor(self, knowledge: Knowledge, store: Store) -> Advisor:
        """The advisor every adapter runs: these settings, this pack, this store."""
        limiter = RateLimiter(store, self.rate_limit) if self.rate_limit else None
        return Advisor(knowledge, store, self.idle_timeout, self.dialogue(knowledge), limiter,
                       EditorsLoop(store, self.editors))

    def dialogue(self, knowledge: Knowledge) -> Dialogue:
        """The dialogue rules over a pack, with these settings (also for a reloaded pack)."""
        return Dialogue(knowledge, max_text=self.max_text)

    def reloader(self, advisor: Advisor) -> PackReloader:
        """What reloads `advisor`'s pack (ADVISOR_KNOWLEDGE, or the bundled one) on request."""
        return PackReloader(advisor, self.knowledge_dir or bundled_knowledge_dir(), self.dialogue)

    def delivery_backend(self, store: Store, kind: str) -> DeliveryBackend:
        """Where one platform's events are recorded and ordered, with these lease settings."""
        return backend_for(store, kind, lease=self.inbox_lease)

    def tip_scheduler(self, advisor: Advisor, sender: TipSender, platform: str) -> TipScheduler:
        """The scheduled-tips scheduler of one platform: a slot is leased like an inbox event
        (ADVISOR_INBOX_LEASE), ticks come every ADVISOR_INBOX_SWEEP seconds (see `TipScheduler.run`)."""
        return TipScheduler(advisor.store, advisor.knowledge, sender, platform, grace=self.tips_grace,
                            lease=self.inbox_lease)


def _editors() -> EditorsSettings:
    raw_text = os.environ.get("ADVISOR_QUESTIONS_TEXT", "on").strip().lower()
    if raw_text not in _ON + _OFF:
        raise ConfigError("ADVISOR_QUESTIONS_TEXT must be on or off")
    raw_days = os.environ.get("ADVISOR_QUESTIONS_RETENTION", "")
    try:
        days = float(raw_days) if raw_days else DEFAULT_RETENTION_DAYS
        if not (math.isfinite(days) and 0 < days <= 3650):
            raise ValueError
    except ValueError:
        raise ConfigError("ADVISOR_QUESTIONS_RETENTION must be a number of days between 0 and 3650") from None
    return EditorsSettings(keep_text=raw_text in _ON, retention=days * DAY)


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw else default
        if not (math.isfinite(value) and value > 0):
            raise ValueError
    except ValueError:
        raise ConfigError(f"{name} must be a positive number of seconds") from None
    return value
