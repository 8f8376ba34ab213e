"""What a platform means for this conversation's walk-through profile, and which of two platforms
to pick: scores from the recommendation's own ranking, so an answer never contradicts it."""

from __future__ import annotations

from bot.knowledge.model import Knowledge, Platform
from bot.platform_answers.wording import Vocabulary, score_of, short_name
from bot.recommend.scoring import Profile, eligible, fit, rank, require_scoring

__all__ = ["personal_line", "verdict"]

_CLEAR_LEAD = 0.5
"""How far ahead (0-5 scale) a platform must be on the asked values to be named the better one."""
_CLEAR_FIT = 3.0
"""The same on the 0-100 fit of a walk-through profile."""
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def describe(profile: Profile, words: Vocabulary) -> str:
    """"B2B, Leads & customers, 5 h a week"."""
    return f"{words(profile.market)}, {words.join(profile.goals)}, {profile.hours:g} h a week"


def personal_line(knowledge: Knowledge, platform: Platform, profile: Profile, words: Vocabulary) -> str:
    """"- **For you** (B2B, Leads, 5 h a week): fit 94/100, 1st of 9 platforms you could run; it needs
    about 3 h of your 5 h." """
    head = f"- **For you** ({describe(profile, words)}):"
    if not eligible(platform, profile):
        why = (f"it is for {words.join(platform.requires_goals).lower()}" if platform.requires_goals
               else "it barely reaches your audience")
        return f"{head} not one I'd pick: {why}."
    ranking = [f for f in rank(knowledge, profile) if f.can_publish]
    position = next((i for i, f in enumerate(ranking, 1) if f.platform.id == platform.id), None)
    score = fit(platform, profile, require_scoring(knowledge)).score
    where = (f", {_ORDINALS.get(position, f'{position}th')} of {len(ranking)} platforms you could run"
             if position else ", but it takes none of the formats you produce")
    need = platform.effort.hours_per_week
    time = (f"it needs about {need:g} h of your {profile.hours:g} h" if need <= profile.hours
            else f"running it well needs about {need:g} h, more than your {profile.hours:g} h")
    return f"{head} fit {score:.0f}/100{where}; {time}."


def verdict(knowledge: Knowledge, platforms: list[Platform], values: tuple[str, ...], profile: Profile | None,
            words: Vocabulary) -> str:
    """The closing line of a comparison: a pick when one is clearly ahead on what was asked (or on the
    walk-through profile), otherwise what to decide by."""
    if values:
        scores = {p.id: sum(score_of(p, v) or 0 for v in values) / len(values) for p in platforms}
        lead, basis = _CLEAR_LEAD, f"for {words.join(values)}"
    elif profile is not None:
        scoring = require_scoring(knowledge)
        scores = {p.id: fit(p, profile, scoring).score if eligible(p, profile) else 0.0 for p in platforms}
        lead, basis = _CLEAR_FIT, f"for your profile ({describe(profile, words)})"
    else:
        return "**My pick** depends on your market and goal: tell me them, or let's choose your platforms together."
    ranked = sorted(platforms, key=lambda p: -scores[p.id])
    best, second = ranked[0], ranked[1]
    if scores[best.id] - scores[second.id] >= lead:
        return f"**My pick {basis}: {short_name(best)}.** {best.note}"
    return (f"**Both fit {basis}:** pick the one whose format you can produce every week, "
            "and do it well rather than both halfway.")
