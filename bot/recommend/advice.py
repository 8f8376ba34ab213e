"""From a ranking to advice: the capped pick with reasons, what was left out and why, a weekly plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.knowledge.model import Knowledge
from bot.recommend.scoring import Fit, Profile, market_score, rank, require_scoring

DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
_WEEK = tuple(DAY_NAMES)


@dataclass(frozen=True, slots=True)
class Pick:
    id: str
    name: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeftOut:
    id: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlanItem:
    platform: str
    name: str
    posts_per_week: int
    days: tuple[str, ...]
    hours_per_week: float
    format: str
    ideas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    profile: Profile
    cap: int
    platforms: tuple[Pick, ...]
    left_out: tuple[LeftOut, ...]
    plan: tuple[PlanItem, ...]

    def to_json(self) -> dict[str, Any]:
        """The `advisor recommend --json` contract: platforms best first, left_out, plan."""
        return {
            "platforms": [{"id": p.id, "name": p.name, "score": p.score, "reasons": list(p.reasons)}
                          for p in self.platforms],
            "left_out": [{"id": o.id, "name": o.name, "reason": o.reason} for o in self.left_out],
            "plan": [{"platform": i.platform, "name": i.name, "posts_per_week": i.posts_per_week,
                      "days": list(i.days), "hours_per_week": i.hours_per_week, "format": i.format,
                      "ideas": list(i.ideas)} for i in self.plan],
            "cap": self.cap,
            "hours": self.profile.hours,
        }


class Labels:
    """Readable names of vocabulary values, taken from the walk-through's choice labels."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._labels: dict[str, str] = {}
        for flow in knowledge.flows.values():
            for step in flow.steps:
                for choice in step.choices:
                    self._labels.setdefault(choice.value, choice.label)

    def __call__(self, value: str) -> str:
        return self._labels.get(value, value)

    def join(self, values: tuple[str, ...] | list[str]) -> str:
        names = [self(v) for v in values]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def recommend(knowledge: Knowledge, profile: Profile) -> Recommendation:
    scoring = require_scoring(knowledge)
    labels = Labels(knowledge)
    ranking = rank(knowledge, profile)
    cap = scoring.cap_for(profile.hours)
    publishable = [f for f in ranking if f.can_publish]
    affordable = [f for f in publishable if _affordable(f, profile)] or publishable
    chosen = affordable[:cap]
    picks = tuple(Pick(f.platform.id, f.platform.name, f.score, _reasons(f, profile, labels, scoring.min_reason_score))
                  for f in chosen)
    chosen_ids = {f.platform.id for f in chosen}
    left = [f for f in ranking if f.platform.id not in chosen_ids][: scoring.left_out]
    left_out = tuple(LeftOut(f.platform.id, f.platform.name, _left_out_reason(f, profile, cap, labels))
                     for f in left)
    return Recommendation(profile, cap, picks, left_out, _plan(chosen, profile, labels))


def _reasons(f: Fit, profile: Profile, labels: Labels, strong: float) -> tuple[str, ...]:
    p = f.platform
    reasons = []
    goals = [g for g in profile.goals if p.goals[g] >= strong]
    if goals:
        reasons.append(f"Strong for your goal{'s' if len(goals) > 1 else ''}: {labels.join(goals)}.")
    if market_score(p, profile.market) >= strong:
        reasons.append({"b2b": "Works well with business buyers (B2B).",
                        "b2c": "Works well with consumers (B2C).",
                        "both": "Works with both business and consumer audiences."}[profile.market])
    ages = [a for a in profile.ages if p.ages[a] >= strong]
    if ages:
        reasons.append(f"Reaches your {labels.join(ages)} audience well.")
    best_format = max(f.usable, key=lambda c: p.formats[c])
    if p.formats[best_format] >= strong:
        reasons.append(f"Rewards the {labels(best_format).lower()} you can produce.")
    if not reasons:
        reasons.append(f"The best remaining fit for what you told me; it takes the "
                       f"{labels(best_format).lower()} you can produce.")
    posts = p.effort.posts_per_week
    reasons.append(f"Needs about {posts:g} post{'' if posts == 1 else 's'} a week to run well. {p.note}")
    return tuple(reasons)


def _affordable(f: Fit, profile: Profile) -> bool:
    """One post a week fits in the hours given."""
    return f.platform.effort.hours_per_post <= profile.hours


def _left_out_reason(f: Fit, profile: Profile, cap: int, labels: Labels) -> str:
    p = f.platform
    if f.can_publish and not _affordable(f, profile):
        return (f"A good fit (score {f.score:g}), but one post there takes about {p.effort.hours_per_post:g} h, "
                f"more than the {profile.hours:g} h a week you have.")
    if not f.can_publish:
        wanted = [c for c, v in sorted(p.formats.items(), key=lambda kv: -kv[1]) if v >= 3][:2]
        return (f"It looks like a fit for your audience, but it needs {labels.join(wanted).lower()}, "
                f"which you said you don't produce.")
    hours = f"{profile.hours:g} hour{'s' if profile.hours != 1 else ''}"
    return (f"A decent fit (score {f.score:g}), but with {hours} a week you can run {cap} "
            f"platform{'s' if cap > 1 else ''} well; being everywhere spreads you too thin.")


def _plan(chosen: list[Fit], profile: Profile, labels: Labels) -> tuple[PlanItem, ...]:
    """Split the weekly hours across the picks, by fit and by what each needs to run well
    (posts per week x hours per post), then size each cadence to its share."""
    def need(f: Fit) -> float:
        return f.score * f.platform.effort.posts_per_week * f.platform.effort.hours_per_post

    total = sum(need(f) for f in chosen) or 1
    items = []
    for f in chosen:
        p = f.platform
        share = profile.hours * need(f) / total
        posts = max(1, min(int(p.effort.posts_per_week), round(share / p.effort.hours_per_post)))
        best_format = max(f.usable, key=lambda c: p.formats[c])
        ideas = p.post_ideas[: max(1, min(len(p.post_ideas), posts))]
        items.append(PlanItem(p.id, p.name, posts, _days(p.best_days, posts),
                              round(posts * p.effort.hours_per_post, 1), labels(best_format), ideas))
    return tuple(items)


def _days(best: tuple[str, ...], posts: int) -> tuple[str, ...]:
    """Posting days: the platform's best days first, then the rest of the week in order."""
    order = [*best, *(d for d in _WEEK if d not in best)]
    picked = set(order[: min(posts, 7)])
    return tuple(d for d in _WEEK if d in picked)
