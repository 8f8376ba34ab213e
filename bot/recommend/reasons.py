"""Why a platform was picked, in the user's own words: full sentences (`advisor recommend --json`)
and one short line for chat, both from the same facts. An answer the user skipped is named as
assumed, never as theirs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import Knowledge, Step
from bot.recommend.plan import PlanItem
from bot.recommend.scoring import Fit, Profile, market_score

_MARKET_SENTENCE = {"b2b": "Works well with business buyers (B2B).", "b2c": "Works well with consumers (B2C).",
                    "both": "Works with both business and consumer audiences."}
_MARKET_SHORT = {"b2b": "B2B", "b2c": "B2C", "both": "B2B and B2C"}
MAX_NAMED_GOALS = 2
"""The chat line names this many goals, then counts the rest ("(+2 more)")."""


class Labels:
    """Readable names of vocabulary values, taken from the walk-through's choice labels."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._labels: dict[str, str] = {}
        self._steps: dict[str, Step] = {}
        for flow in knowledge.flows.values():
            for step in flow.steps:
                for choice in step.choices:
                    self._labels.setdefault(choice.value, choice.label)
                    self._steps.setdefault(choice.value, step)

    def __call__(self, value: str) -> str:
        return self._labels.get(value, value)

    def join(self, values: tuple[str, ...] | list[str]) -> str:
        names = [self(v) for v in values]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def span(self, values: tuple[str, ...]) -> str:
        """Age groups as spans: 25-34 and 35-54 read "25-54", 18-24 to 55+ read "18+"."""
        step = self._steps.get(values[0]) if values else None
        return step.describe(values) if step is not None else self.join(values)


@dataclass(frozen=True, slots=True)
class Why:
    """What makes a platform fit: the parts of the profile it scores well on."""

    goals: tuple[str, ...]
    market: bool
    ages: tuple[str, ...]
    format: str | None
    market_value: str = "both"


def best_format(fit: Fit) -> str:
    """The user's format the platform rewards most (the fit must be publishable)."""
    return max(fit.usable, key=lambda c: fit.platform.formats[c])


def why(fit: Fit, profile: Profile, strong: float) -> Why:
    p, best = fit.platform, best_format(fit)
    return Why(goals=tuple(g for g in profile.goals if p.goals[g] >= strong),
               market=market_score(p, profile.market) >= strong,
               ages=tuple(a for a in profile.ages if p.ages[a] >= strong),
               format=best if p.formats[best] >= strong else None, market_value=profile.market)


def plan_sentence(item: PlanItem) -> str:
    """What the plan gives the platform, and how that compares with what it needs to run well."""
    given = f"{item.posts_per_week} post{'' if item.posts_per_week == 1 else 's'} a week"
    if item.posts_per_week >= item.posts_to_run_well:
        return f"Your plan: {given}, the pace it needs to run well."
    return f"Your plan: {given} (it runs best at about {item.posts_to_run_well}; add more when you have time)."


def sentences(w: Why, fit: Fit, profile: Profile, labels: Labels, item: PlanItem) -> tuple[str, ...]:
    """The reasons as full sentences, the plan's last."""
    out = []
    if w.goals:
        assumed = " (assumed: you skipped the goals)" if "goals" in profile.assumed else ""
        out.append(f"Strong for your goal{'s' if len(w.goals) > 1 else ''}: {labels.join(w.goals)}{assumed}.")
    if w.market:
        out.append(_MARKET_SENTENCE[profile.market].replace(".", " (assumed: you skipped the market).")
                   if "market" in profile.assumed else _MARKET_SENTENCE[profile.market])
    if w.ages:
        out.append(f"Reaches ages {labels.span(w.ages)} well (assumed: you skipped the ages)."
                   if "ages" in profile.assumed else f"Reaches your {labels.span(w.ages)} audience well.")
    if w.format is not None:
        out.append(f"Rewards the {labels(w.format).lower()} you can produce.")
    if not out:
        out.append(f"The best remaining fit for what you told me; it takes the "
                   f"{labels(best_format(fit)).lower()} you can produce.")
    return (*out, plan_sentence(item))


def summary(w: Why, labels: Labels) -> str:
    """The reasons in one short line for chat (an assumed answer is named in the message, once)."""
    parts = []
    if w.goals:
        named, rest = w.goals[:MAX_NAMED_GOALS], len(w.goals) - MAX_NAMED_GOALS
        parts.append(labels.join(named) if rest <= 0
                     else f"{', '.join(labels(g) for g in named)} (+{rest} more)")
    if w.market:
        parts.append(_MARKET_SHORT[w.market_value])
    if w.ages:
        parts.append(f"ages {labels.span(w.ages)}")
    if w.format is not None:
        parts.append(labels(w.format).lower())
    if not parts:
        return "The best remaining fit for what you told me."
    return "Good for " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]) + "."
