"""From a ranking to advice: the capped pick with reasons, what was left out and why, a weekly plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.knowledge.model import Knowledge
from bot.recommend.plan import Budget, PlanItem, choose, weekly_plan
from bot.recommend.reasons import Labels, best_format, sentences, summary, why
from bot.recommend.scoring import Fit, Profile, rank, require_scoring

DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


@dataclass(frozen=True, slots=True)
class Pick:
    id: str
    name: str
    score: float
    reasons: tuple[str, ...]
    """Full sentences, the plan's last (the `reasons` of `advisor recommend --json`)."""
    summary: str = ""
    """The reasons in one short line, for chat."""
    note: str = ""
    """The catalog's note on the platform, shown on its own line."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    id: str
    name: str
    reason: str


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
            "platforms": [{"id": p.id, "name": p.name, "score": p.score, "reasons": list(p.reasons),
                           "note": p.note} for p in self.platforms],
            "left_out": [{"id": o.id, "name": o.name, "reason": o.reason} for o in self.left_out],
            "plan": [{"platform": i.platform, "name": i.name, "posts_per_week": i.posts_per_week,
                      "days": list(i.days), "hours_per_week": i.hours_per_week, "format": i.format,
                      "ideas": list(i.ideas), "posts_to_run_well": i.posts_to_run_well,
                      "monitoring_hours": i.monitoring_hours} for i in self.plan],
            "cap": self.cap,
            "hours": self.profile.hours,
            "assumed": sorted(self.profile.assumed),
        }


def recommend(knowledge: Knowledge, profile: Profile) -> Recommendation:
    """The picks (at most the capacity cap, each with one post fitting the hours the better picks
    leave), the platforms left out and why, and a weekly plan within the hours given."""
    scoring = require_scoring(knowledge)
    labels = Labels(knowledge)
    ranking = rank(knowledge, profile)
    cap = scoring.cap_for(profile.hours)
    budget = choose([f for f in ranking if f.can_publish], profile.hours, cap)
    plan = weekly_plan(budget.chosen, profile.hours,
                       {f.platform.id: labels(best_format(f)) for f in budget.chosen})
    picks = []
    for f, item in zip(budget.chosen, plan, strict=True):
        w = why(f, profile, scoring.min_reason_score)
        picks.append(Pick(f.platform.id, f.platform.name, f.score, sentences(w, f, profile, labels, item),
                          summary(w, labels), f.platform.note))
    chosen_ids = {f.platform.id for f in budget.chosen}
    last = max((ranking.index(f) for f in budget.chosen), default=len(ranking))
    passed_over = sum(1 for f in ranking[:last] if f.platform.id not in chosen_ids)
    left = [f for f in ranking if f.platform.id not in chosen_ids][: max(scoring.left_out, passed_over)]
    left_out = tuple(LeftOut(f.platform.id, f.platform.name, _left_out_reason(f, profile, cap, budget, labels))
                     for f in left)
    return Recommendation(profile, cap, tuple(picks), left_out, plan)


def _left_out_reason(f: Fit, profile: Profile, cap: int, budget: Budget, labels: Labels) -> str:
    p = f.platform
    if not f.can_publish:
        wanted = [c for c, v in sorted(p.formats.items(), key=lambda kv: -kv[1]) if v >= 3][:2]
        return (f"It looks like a fit for your audience, but it needs {labels.join(wanted).lower()}, "
                f"which you said you don't produce.")
    if p.id in budget.squeezed:
        squeezed = budget.squeezed[p.id]
        post = (f"A good fit (score {f.score:g}), but one post there takes about {p.effort.hours_per_post:g} h"
                if not p.effort.monitoring_hours else
                f"A good fit (score {f.score:g}), but one post there and the watching and replying it needs "
                f"take about {p.effort.hours_per_post + p.effort.monitoring_hours:g} h")
        if not squeezed.after:
            return f"{post}, more than the {profile.hours:g} h a week you have."
        return (f"{post}, and after {labels.join(squeezed.after)} only {float(squeezed.left):g} h "
                f"of your {profile.hours:g} h are left.")
    hours = f"{profile.hours:g} hour{'s' if profile.hours != 1 else ''}"
    return (f"A decent fit (score {f.score:g}), but with {hours} a week you can run {cap} "
            f"platform{'s' if cap > 1 else ''} well; being everywhere spreads you too thin.")
