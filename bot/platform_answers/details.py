""""Tell me more" after a platform answer: everything the catalog says about the platforms, with the
sources behind it."""

from __future__ import annotations

from bot.dialogue.replies import sources_line
from bot.knowledge.model import Knowledge, Platform
from bot.platform_answers.compose import PLATFORM_TOPIC
from bot.platform_answers.personal import personal_line
from bot.platform_answers.wording import Vocabulary, days, effort
from bot.recommend.scoring import Profile
from bot.types import Button, Reply, ReplyKind

__all__ = ["details"]


def details(knowledge: Knowledge, platform_ids: tuple[str, ...], profile: Profile | None = None) -> Reply:
    """The full catalog entry of each known platform (unknown ids are skipped), then a Sources line."""
    words = Vocabulary(knowledge)
    platforms = [knowledge.platforms[p] for p in platform_ids if p in knowledge.platforms]
    parts = ["\n".join(_entry(knowledge, p, profile, words)) for p in platforms]
    citations = (*knowledge.catalog_sources, *(c for p in platforms for c in p.sources))
    if sources := sources_line(knowledge, citations):
        parts.append(sources)
    walkthrough = knowledge.platform_walkthrough()
    buttons = (Button(walkthrough.title, f"flow:{walkthrough.id}"),) if walkthrough else ()
    return Reply("\n\n".join(parts), ReplyKind.ANSWER, PLATFORM_TOPIC, 1.0, buttons,
                 platforms=tuple(p.id for p in platforms))


def _entry(knowledge: Knowledge, p: Platform, profile: Profile | None, words: Vocabulary) -> list[str]:
    goals = ", ".join(f"{words(g)} {p.goals[g]:g}/5" for g in sorted(p.goals, key=lambda g: -p.goals[g]))
    markets = ", ".join(f"{words(m)} {p.markets[m]:g}/5" for m in p.markets)
    ages = ", ".join(f"{a} {p.ages[a]:g}/5" for a in p.ages)
    formats = ", ".join(f"{words(f)} {p.formats[f]:g}/5" for f in p.formats if p.formats[f] > 0)
    lines = [f"**{p.name}**: {p.audience}", f"- {p.note}"]
    if profile is not None:
        lines.append(personal_line(knowledge, p, profile, words))
    lines += [f"- **Goals:** {goals}", f"- **Markets:** {markets}", f"- **Ages:** {ages}",
              f"- **Formats:** {formats}", f"- **Effort:** {effort(p)}", f"- **Best days:** {days(p)}"]
    if p.min_age is not None:
        lines.append(f"- **Minimum age:** {p.min_age}+ (higher in some countries)")
    if p.limits:
        lines.append(f"- **Limits:** {'; '.join(p.limits)}")
    lines.append(f"- **Strengths:** {'; '.join(p.strengths)}")
    lines.append(f"- **Weaknesses:** {'; '.join(p.weaknesses)}")
    lines.append(f"- **Post ideas:** {'; '.join(p.post_ideas)}")
    if knowledge.minors_note and p.ages["13-17"] >= 3:
        lines.append(f"- {knowledge.minors_note}")
    return lines
