"""The per-user rate limit (shared through the store) and the cap on incoming text size."""

from __future__ import annotations

import pytest

from bot.advisor import Advisor
from bot.config import ConfigError, CoreSettings
from bot.ratelimit import RateLimit, RateLimiter
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, Incoming, ReplyKind


async def test_rate_limit_replies_once_and_does_no_engine_work(knowledge) -> None:
    store = MemoryStore()
    advisor = Advisor(knowledge, store, rate_limiter=RateLimiter(store, RateLimit(3, 60)))
    key = ConversationKey("slack", "C1", "", "U1")
    for _ in range(3):
        assert (await advisor.handle(Incoming(key, text="what is seo")))[0].topic == "seo"
    refused = await advisor.handle(Incoming(key, text="what is seo"))
    assert len(refused) == 1 and "faster" in refused[0].text and refused[0].kind is ReplyKind.FALLBACK
    assert await advisor.handle(Incoming(key, text="what is seo")) == [], "one notice per window"
    assert (await advisor.state(key)).turns == 3, "the excess never reached the engine"
    other = ConversationKey("slack", "C1", "", "U2")
    assert (await advisor.handle(Incoming(other, text="what is seo")))[0].topic == "seo"


async def test_rate_limit_is_per_user_across_conversations(knowledge) -> None:
    store = MemoryStore()
    advisor = Advisor(knowledge, store, rate_limiter=RateLimiter(store, RateLimit(2, 60)))
    await advisor.handle(Incoming(ConversationKey("slack", "C1", "", "U1"), text="hi"))
    await advisor.handle(Incoming(ConversationKey("slack", "C2", "", "U1"), text="hi"))
    refused = await advisor.handle(Incoming(ConversationKey("slack", "D9", "", "U1"), text="hi"))
    assert "faster" in refused[0].text


async def test_oversized_text_gets_a_short_note(knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_MAX_TEXT", "100")
    settings = CoreSettings.from_env()
    advisor = settings.advisor(knowledge, MemoryStore())
    replies = await advisor.handle(Incoming(ConversationKey("t", "c", "", "u"), text="what is seo " * 20))
    assert "too long" in replies[0].text


@pytest.mark.parametrize(("name", "value"), [("ADVISOR_RATE_LIMIT", "lots"), ("ADVISOR_RATE_LIMIT", "0/60"),
                                             ("ADVISOR_MAX_TEXT", "-3"), ("ADVISOR_IDLE_TIMEOUT", "soon")])
def test_malformed_settings_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        CoreSettings.from_env()


def test_rate_limit_defaults_and_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert CoreSettings.from_env().rate_limit == RateLimit(30, 60)
    monkeypatch.setenv("ADVISOR_RATE_LIMIT", "off")
    assert CoreSettings.from_env().rate_limit is None


@pytest.mark.parametrize(("name", "value"), [("ADVISOR_RATE_LIMIT", "30/nan"), ("ADVISOR_IDLE_TIMEOUT", "nan"),
                                             ("ADVISOR_IDLE_TIMEOUT", "inf"), ("ADVISOR_INBOX_LEASE", "-1"),
                                             ("ADVISOR_TIPS_GRACE", "two hours"), ("ADVISOR_TIPS_GRACE", "0")])
def test_non_finite_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        CoreSettings.from_env()


def test_tips_grace_default_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert CoreSettings.from_env().tips_grace == 7200
    monkeypatch.setenv("ADVISOR_TIPS_GRACE", "600")
    assert CoreSettings.from_env().tips_grace == 600
