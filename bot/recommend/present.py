"""The recommendation as chat replies in the neutral markup.

Two messages: the picks (short enough for one phone screen, see FIRST_MESSAGE_MAX), then what was
left out and the weekly plan, with the follow-up buttons.
"""

from __future__ import annotations

from bot.knowledge.model import Command, Knowledge
from bot.recommend.advice import DAY_NAMES, Recommendation
from bot.recommend.reasons import Labels
from bot.types import Button, Reply, ReplyKind

FOLLOW_UPS = (("editorial-calendar", "topic"), ("persona", "topic"))
FIRST_MESSAGE_MAX = 900
"""Characters (markup included) of the first message of a three-platform recommendation, whatever the
profile, for catalog notes of up to NOTE_MAX characters: about one phone screen."""
NOTE_MAX = 120
"""Longest catalog note the first message is sized for (`advisor kb check` warns above it)."""
_ASSUMED_ORDER = ("goals", "market", "ages")


def recommendation_replies(knowledge: Knowledge, rec: Recommendation) -> list[Reply]:
    return [Reply(_picks(knowledge, rec), ReplyKind.FLOW, None, 1.0),
            Reply(_plan(rec), ReplyKind.FLOW, None, 1.0, _buttons(knowledge))]


def _picks(knowledge: Knowledge, rec: Recommendation) -> str:
    hours = f"{rec.profile.hours:g} h"
    count = len(rec.platforms)
    if count == 0:
        lines = [f"**With {hours} a week, not even one post fits on the platforms that suit your content.** "
                 "See below what each one takes."]
    else:
        lines = [f"**My advice: {count} platform{'s' if count > 1 else ''} for your {hours} a week.**"]
    assumed = _assumed(knowledge, rec)
    if assumed:
        lines.append(assumed)
    for number, pick in enumerate(rec.platforms, 1):
        lines += ["", f"**{number}. {pick.name}** (fit {pick.score:g}/100)", f"- {pick.summary}"]
        if pick.note:
            lines.append(pick.note)
    return "\n".join(lines)


def _assumed(knowledge: Knowledge, rec: Recommendation) -> str:
    """What the walk-through filled in for skipped questions, said once."""
    labels = Labels(knowledge)
    profile = rec.profile
    shown = {"goals": labels.join(profile.goals), "market": labels(profile.market),
             "ages": f"ages {labels.span(profile.ages)}"}
    parts = [shown[name] for name in _ASSUMED_ORDER if name in profile.assumed]
    if not parts:
        return ""
    return f"I assumed what you skipped: {'; '.join(parts)}."


def _plan(rec: Recommendation) -> str:
    lines: list[str] = []
    if rec.left_out:
        lines.append("**Left out on purpose**: better a few done well than everywhere done badly.")
        lines.extend(f"- **{o.name}**: {o.reason}" for o in rec.left_out)
        lines.append("")
    if rec.plan:
        lines.append("**Your starter weekly plan**")
    for item in rec.plan:
        days = ", ".join(DAY_NAMES[d] for d in item.days)
        posts = f"{item.posts_per_week} post{'s' if item.posts_per_week > 1 else ''} a week"
        pace = ("" if item.posts_per_week >= item.posts_to_run_well
                else f" It runs best at about {item.posts_to_run_well} a week: add more when you have time.")
        watch = f" including {item.monitoring_hours:g} h watching and replying" if item.monitoring_hours else ""
        lines += ["", f"**{item.name}**: {posts} ({days}), about {item.hours_per_week:g} h{watch}, "
                      f"mostly {item.format.lower()}.{pace}"]
        lines.extend(f"- {idea}" for idea in item.ideas)
    if rec.plan:
        lines += ["", "Put it in an editorial calendar and review the results after a month."]
    return "\n".join(lines).strip()


def _buttons(knowledge: Knowledge) -> tuple[Button, ...]:
    buttons = [Button(knowledge.topics[t].title, f"{kind}:{t}") for t, kind in FOLLOW_UPS if t in knowledge.topics]
    buttons.append(Button("Start over", f"cmd:{Command.RESTART.value}"))  # the same as typing "start over"
    return tuple(buttons)
