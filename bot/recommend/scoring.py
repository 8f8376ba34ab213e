"""Ranking platforms for a profile: deterministic, explainable, weights from platforms/scoring.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge.model import Knowledge, Platform, Scoring
from bot.knowledge.vocabulary import AGES, FORMATS, GOALS

MARKET_CHOICES = ("b2b", "b2c", "both")


@dataclass(frozen=True, slots=True)
class Profile:
    """What the user told the walk-through (or `advisor recommend`)."""

    goals: tuple[str, ...]
    market: str
    ages: tuple[str, ...]
    content: tuple[str, ...]
    hours: float
    assumed: frozenset[str] = frozenset()
    """Fields the user skipped, filled with the walk-through's defaults ("goals", "market", "ages")."""

    @classmethod
    def from_answers(cls, answers: Mapping[str, object]) -> Profile:
        """The profile in a walk-through's answers (steps goals, market, ages, content, hours)."""
        def values(name: str) -> tuple[str, ...]:
            value = answers.get(name, ())
            return tuple(str(v) for v in value) if isinstance(value, tuple) else ()

        hours = answers.get("hours")
        return cls(goals=values("goals"), market=(values("market") or ("both",))[0], ages=values("ages"),
                   content=values("content"), hours=float(hours) if isinstance(hours, int | float) else 1.0)

    def problems(self) -> list[str]:
        """Values outside the vocabulary, as readable messages (empty when the profile is valid)."""
        out = []
        for name, values, valid in (("goal", self.goals, GOALS), ("age", self.ages, AGES),
                                    ("content", self.content, FORMATS), ("market", (self.market,), MARKET_CHOICES)):
            if not values:
                out.append(f"no {name} given (valid: {', '.join(valid)})")
            for value in values:
                if value not in valid:
                    out.append(f"unknown {name} '{value}' (valid: {', '.join(valid)})")
        if not 0 < self.hours <= 168:
            out.append(f"hours must be more than 0 and at most 168, not {self.hours:g}")
        return out


@dataclass(frozen=True, slots=True)
class Fit:
    """How one platform fits a profile. `usable` are the user's formats the platform accepts."""

    platform: Platform
    score: float
    parts: dict[str, float]
    usable: tuple[str, ...]

    @property
    def can_publish(self) -> bool:
        return bool(self.usable)


def market_score(platform: Platform, market: str) -> float:
    if market == "both":
        return (platform.markets["b2b"] + platform.markets["b2c"]) / 2
    return platform.markets[market]


def fit(platform: Platform, profile: Profile, scoring: Scoring) -> Fit:
    """Score 0..100: the weighted share of the best possible catalog scores."""
    usable = tuple(c for c in profile.content if platform.formats[c] > 0)
    parts = {
        "goals": sum(platform.goals[g] for g in profile.goals) / len(profile.goals),
        "market": market_score(platform, profile.market),
        "ages": sum(platform.ages[a] for a in profile.ages) / len(profile.ages),
        "formats": max((platform.formats[c] for c in profile.content), default=0.0),
    }
    weights = scoring.weights
    total = sum(weights[k] * parts[k] for k in parts) / (5 * sum(weights.values()) or 1)
    return Fit(platform, round(100 * total, 1), parts, usable)


def eligible(platform: Platform, profile: Profile) -> bool:
    """Whether a platform is a candidate at all. Not when it scores 0 ("not at all") for the market
    or for every chosen age group, nor when it has `requires_goals` (WhatsApp: customer care, since it
    may only message people who opted in) and the profile chose none of them."""
    if platform.requires_goals and not any(g in profile.goals for g in platform.requires_goals):
        return False
    return market_score(platform, profile.market) > 0 and any(platform.ages[a] > 0 for a in profile.ages)


def rank(knowledge: Knowledge, profile: Profile) -> list[Fit]:
    """The fit of every eligible platform, best first; ties by id so the order never changes."""
    scoring = require_scoring(knowledge)
    fits = [fit(p, profile, scoring) for p in knowledge.platforms.values() if eligible(p, profile)]
    return sorted(fits, key=lambda f: (-f.score, f.platform.id))


def require_scoring(knowledge: Knowledge) -> Scoring:
    if knowledge.scoring is None or not knowledge.platforms:
        raise ValueError("this knowledge pack has no platform catalog or scoring settings")
    return knowledge.scoring
