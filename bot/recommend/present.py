"""The recommendation as chat replies in the neutral markup."""

from __future__ import annotations

from bot.knowledge.model import Knowledge
from bot.recommend.advice import DAY_NAMES, Recommendation
from bot.types import Button, Reply, ReplyKind

FOLLOW_UPS = (("editorial-calendar", "topic"), ("persona", "topic"))


def recommendation_replies(knowledge: Knowledge, rec: Recommendation) -> list[Reply]:
    hours = f"{rec.profile.hours:g} h"
    lines = [f"**My advice: {len(rec.platforms)} platform{'s' if len(rec.platforms) > 1 else ''} "
             f"for {hours} a week.** Better a few done well than everywhere done badly."]
    for rank, pick in enumerate(rec.platforms, 1):
        lines.append("")
        lines.append(f"**{rank}. {pick.name}** (fit {pick.score:g}/100)")
        lines.extend(f"- {reason}" for reason in pick.reasons)
    if rec.left_out:
        lines += ["", "**Left out on purpose**"]
        lines.extend(f"- **{o.name}**: {o.reason}" for o in rec.left_out)
    plan = ["**Your starter weekly plan**"]
    for item in rec.plan:
        days = ", ".join(DAY_NAMES[d] for d in item.days)
        plan.append("")
        plan.append(f"**{item.name}**: {item.posts_per_week} post{'s' if item.posts_per_week > 1 else ''} "
                    f"a week ({days}), about {item.hours_per_week:g} h, mostly {item.format.lower()}.")
        plan.extend(f"- {idea}" for idea in item.ideas)
    plan += ["", "Put it in an editorial calendar and review the results after a month."]
    buttons = [Button(knowledge.topics[t].title, f"{kind}:{t}") for t, kind in FOLLOW_UPS if t in knowledge.topics]
    walkthrough = next((f.id for f in knowledge.flows.values() if f.on_complete == "recommend_platforms"), None)
    if walkthrough is not None:
        buttons.append(Button("Start over", f"flow:{walkthrough}"))
    return [
        Reply("\n".join(lines), ReplyKind.FLOW, None, 1.0),
        Reply("\n".join(plan), ReplyKind.FLOW, None, 1.0, tuple(buttons)),
    ]
