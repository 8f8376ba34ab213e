"""Sentences about one platform, built from the catalog: fit with a reason, effort, days and time,
audience, limits, strengths and weaknesses. Each returns markup lines (see knowledge/README.md)."""

from __future__ import annotations

from bot.knowledge.model import Knowledge, Platform
from bot.knowledge.vocabulary import AGES, FORMATS, GOALS, MARKETS

__all__ = ["DAY_NAMES", "LEVELS", "Vocabulary", "days", "effort", "fit_line", "level", "reason", "score_of",
           "short_name"]

LEVELS = ("not a fit", "weak", "limited", "decent", "strong", "excellent")
"""What a 0-5 catalog score means in words."""
DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
_KINDS = (("markets", MARKETS), ("ages", AGES), ("formats", FORMATS), ("goals", GOALS))


class Vocabulary:
    """Readable names of the walk-through's values ("b2b" -> "Businesses (B2B)"), from its choices."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._labels = {c.value: c.label for flow in knowledge.flows.values() for step in flow.steps
                        for c in step.choices}

    def __call__(self, value: str) -> str:
        return self._labels.get(value, value)

    def knows(self, value: str) -> bool:
        """The value is one of the walk-through's choices."""
        return value in self._labels

    def join(self, values: list[str] | tuple[str, ...]) -> str:
        names = [self(v) for v in values]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def score_of(platform: Platform, value: str) -> float | None:
    """The catalog score of a walk-through value (b2b, 13-17, short-video, leads); None if unknown."""
    for attribute, values in _KINDS:
        if value in values:
            scores: dict[str, float] = getattr(platform, attribute)
            return scores[value]
    return None


def level(score: float) -> str:
    return LEVELS[max(0, min(5, round(score)))]


def short_name(platform: Platform) -> str:
    """"X (Twitter)" -> "X", "WhatsApp (Business and Channels)" -> "WhatsApp"."""
    return platform.name.split(" (")[0]


def fit_line(platform: Platform, value: str, words: Vocabulary) -> str | None:
    """"- **Businesses (B2B)**: limited (2/5). Possible for employer branding..." (the catalog's `why`
    for that value, or a plain sentence from the score)."""
    score = score_of(platform, value)
    if score is None:
        return None
    return f"- **{words(value)}**: {level(score)} ({score:g}/5). {reason(platform, value, words)}"


def reason(platform: Platform, value: str, words: Vocabulary) -> str:
    """One line on why a platform scores what it does for a value: the catalog's `why`, or a plain
    sentence from the score."""
    score = score_of(platform, value)
    return platform.why.get(value) or _plain_reason(platform, value, score or 0, words)


def _plain_reason(platform: Platform, value: str, score: float, words: Vocabulary) -> str:
    name = short_name(platform)
    if value in FORMATS:
        return f"{name} {'rewards' if score >= 4 else 'takes' if score >= 2 else 'barely uses'} {words(value).lower()}."
    if value in GOALS:
        return f"{name} {'serves' if score >= 4 else 'can help with' if score >= 2 else 'does little for'} this goal."
    return f"{'Many' if score >= 4 else 'Some' if score >= 2 else 'Few'} of them are on {name}."


def effort(platform: Platform) -> str:
    """"about 3 posts a week, about 3 h a week (2 h of it watching and replying)"."""
    e = platform.effort
    posts = f"{e.posts_per_week:g} post{'' if e.posts_per_week == 1 else 's'} a week"
    watch = f", {e.monitoring_hours:g} h of it watching and replying" if e.monitoring_hours else ""
    return f"about {posts}, about {e.hours_per_week:g} h a week ({e.production} production{watch})"


def days(platform: Platform) -> str:
    """"Mon, Tue, Wed, around 8 am to 1 pm" (the time only when the catalog has one)."""
    named = ", ".join(DAY_NAMES[d] for d in platform.best_days)
    time = platform.best_time
    if not time:
        return named
    return f"{named}, around {time}" if time[:1].isdigit() else f"{named}, {time}"
