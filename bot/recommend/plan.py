"""Which picks fit the hours a week, and the weekly plan that splits those hours between them.

Contract: the plan never needs more than the hours the user stated, with no tolerance. Arithmetic is
exact (`Fraction` of the decimal numbers as written), so 0.1 + 0.2 h is 0.3 h, never a hair more.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from bot.recommend.scoring import Fit

_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class PlanItem:
    platform: str
    name: str
    posts_per_week: int
    days: tuple[str, ...]
    hours_per_week: float
    format: str
    ideas: tuple[str, ...]
    posts_to_run_well: int
    """The cadence the catalog says the platform needs; `posts_per_week` is at most this."""
    monitoring_hours: float = 0.0
    """Of `hours_per_week`, the hours of watching and replying (the rest is the posts)."""


@dataclass(frozen=True, slots=True)
class Squeezed:
    """A platform passed over because one post did not fit: the hours left then, and the picks
    (names) that had taken the rest."""

    left: Fraction
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Budget:
    """The picks whose first post fits the hours, best first, and the platforms passed over (by id)."""

    chosen: tuple[Fit, ...]
    squeezed: dict[str, Squeezed]


def exact(value: float) -> Fraction:
    """A number of hours as the decimal it is written as."""
    return Fraction(str(value))


def hours_per_post(fit: Fit) -> Fraction:
    return exact(fit.platform.effort.hours_per_post)


def monitoring(fit: Fit) -> Fraction:
    """Hours a week of watching and replying the platform needs besides posting."""
    return exact(fit.platform.effort.monitoring_hours)


def first_week(fit: Fit) -> Fraction:
    """The least a week on the platform takes: one post and its monitoring."""
    return hours_per_post(fit) + monitoring(fit)


def pace(fit: Fit) -> int:
    """Posts a week the platform needs to run well (at least one)."""
    return max(1, int(fit.platform.effort.posts_per_week))


def choose(candidates: list[Fit], hours: float, cap: int) -> Budget:
    """Up to `cap` candidates, in their order, each taken only when one post of it (and its monitoring)
    fits the hours the picks before it leave; one that does not fit is passed over for the next that does."""
    left = exact(hours)
    chosen: list[Fit] = []
    squeezed: dict[str, Squeezed] = {}
    for fit in candidates:
        if len(chosen) == cap:
            break
        if first_week(fit) <= left:
            chosen.append(fit)
            left -= first_week(fit)
        else:
            squeezed[fit.platform.id] = Squeezed(left, tuple(f.platform.name for f in chosen))
    return Budget(tuple(chosen), squeezed)


def weekly_plan(chosen: tuple[Fit, ...], hours: float, formats: dict[str, str]) -> tuple[PlanItem, ...]:
    """One post each, then the hours left go one post at a time to the pick furthest below its fair
    share (by fit and by what it needs to run well), never past its own pace nor past the hours.

    `formats` maps a pick's id to the readable name of the format it should mostly use."""
    budget = exact(hours)
    posts = {f.platform.id: 1 for f in chosen}
    left = budget - sum((first_week(f) for f in chosen), Fraction(0))
    if left < 0:
        raise ValueError("the chosen platforms' first posts do not fit the hours")  # choose() prevents it
    need = {f.platform.id: Fraction(str(f.score)) * (pace(f) * hours_per_post(f) + monitoring(f)) for f in chosen}
    total = sum(need.values(), Fraction(0)) or Fraction(1)
    share = {pid: budget * n / total for pid, n in need.items()}
    while True:
        open_ = [f for f in chosen if posts[f.platform.id] < pace(f) and hours_per_post(f) <= left]
        if not open_:
            break
        best = max(open_, key=lambda f: share[f.platform.id] - posts[f.platform.id] * hours_per_post(f)
                   - monitoring(f))
        posts[best.platform.id] += 1
        left -= hours_per_post(best)
    items = []
    for f in chosen:
        p, n = f.platform, posts[f.platform.id]
        ideas = p.post_ideas[: max(1, min(len(p.post_ideas), n))]
        items.append(PlanItem(p.id, p.name, n, _days(p.best_days, n), float(n * hours_per_post(f) + monitoring(f)),
                              formats[p.id], ideas, pace(f), float(monitoring(f))))
    return tuple(items)


def _days(best: tuple[str, ...], posts: int) -> tuple[str, ...]:
    """Posting days: the platform's best days first, then the rest of the week in order."""
    order = [*best, *(d for d in _WEEK if d not in best)]
    picked = set(order[: min(posts, 7)])
    return tuple(d for d in _WEEK if d in picked)
