"""Answers to platform questions, built from the catalog: one platform (the asked aspect first, then a
short card: best uses, effort, days, a strength, a weakness, post ideas) or two to three side by side,
personalised when the conversation has a walk-through profile. Short enough for one phone screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from bot.knowledge.model import Aspect, Knowledge, Platform
from bot.platform_answers.personal import personal_line, verdict
from bot.platform_answers.question import PlatformQuestion
from bot.platform_answers.wording import Vocabulary, days, effort, fit_line, level, reason, score_of, short_name
from bot.recommend.scoring import Profile
from bot.types import Button, FeedbackRow, Reply, ReplyKind

__all__ = ["PLATFORM_TOPIC", "WRITE_TOPIC", "answer"]

PLATFORM_TOPIC = "platform"
"""The `topic` of a platform answer (`advisor ask --json`, the conversation's last_topic)."""
WRITE_TOPIC = "write-for-me"
"""The topic that answers "write me a post": a named platform adds its post ideas."""
CONFIDENCE = 0.9
_STRONG = 4


def answer(knowledge: Knowledge, question: PlatformQuestion, profile: Profile | None = None) -> Reply:
    """The reply to a platform question (every id in `question.platforms` must be in the catalog)."""
    words = Vocabulary(knowledge)
    platforms = [knowledge.platforms[p] for p in question.platforms]
    if question.write and WRITE_TOPIC in knowledge.topics:
        return _write(knowledge, platforms[0])
    if profile is not None and not question.values and Aspect.FIT in question.aspects:
        mine = (profile.market,) if profile.market in ("b2b", "b2c") else ()
        question = replace(question, values=(*mine, *profile.goals))  # "is TikTok good for us?"
    if question.compare and len(platforms) > 1:
        lines = _compare(knowledge, platforms, question, profile, words)
    else:
        lines = _single(knowledge, platforms[0], question, profile, words)
    return Reply("\n".join(lines), ReplyKind.ANSWER, PLATFORM_TOPIC, CONFIDENCE,
                 _buttons(knowledge, question, profile), platforms=tuple(p.id for p in platforms),
                 feedback=FeedbackRow.new(PLATFORM_TOPIC))


def _single(knowledge: Knowledge, p: Platform, question: PlatformQuestion, profile: Profile | None,
            words: Vocabulary) -> list[str]:
    asked: list[Aspect] = [a for a in question.aspects if a is not Aspect.OVERVIEW] or [Aspect.OVERVIEW]
    lines = _section(knowledge, p, asked[0], question.values, words, headline=True)
    if profile is not None:
        lines.append(personal_line(knowledge, p, profile, words))
    for aspect in asked[1:]:
        lines += _section(knowledge, p, aspect, question.values, words, headline=False)
    lines += _card(p, set(asked), words)
    return lines


def _section(knowledge: Knowledge, p: Platform, aspect: Aspect, values: tuple[str, ...], words: Vocabulary,
             *, headline: bool) -> list[str]:
    name = short_name(p)

    def head(title: str, rest: str = "") -> str:
        return f"**{title}**{' ' + rest if rest else ''}" if headline else f"- **{title}** {rest}".rstrip()

    match aspect:
        case Aspect.FIT if values:
            if len(values) == 1 and (score := score_of(p, values[0])) is not None:
                return [head(f"{name} for {words(values[0])}: {level(score)} ({score:g}/5).",
                             reason(p, values[0], words))]
            return [head(f"{name}, for what you asked:"), *(x for v in values if (x := fit_line(p, v, words)))]
        case Aspect.FIT | Aspect.OVERVIEW:
            best = _best_goals(p, words)
            lines = [head(f"What {name} is good for:", best + "." if best else "little of what a brand needs.")]
            top = max(p.goals, key=lambda g: p.goals[g])
            if p.why.get(top):
                lines.append(f"- {p.why[top]}")
            lines.append(f"- **Audience:** {p.audience}")
            return lines
        case Aspect.AUDIENCE:
            lines = [head(f"Who uses {name}:", p.audience)]
            strongest = [a for a in p.ages if p.ages[a] >= _STRONG]
            if strongest:
                lines.append(f"- **Strongest with:** {', '.join(strongest)}")
            lines += [x for v in values if (x := fit_line(p, v, words))]
            if p.min_age is not None:
                lines.append(f"- **Minimum age:** {p.min_age}+ (higher in some countries)")
            if knowledge.minors_note and (p.ages["13-17"] >= 3 or "13-17" in values):
                lines.append(f"- {knowledge.minors_note}")
            return lines
        case Aspect.FREQUENCY | Aspect.EFFORT:
            return [head(f"How much on {name}:", f"{effort(p)}."),
                    "- Keep a rhythm you can hold for months: regular posts beat bursts."]
        case Aspect.TIMING:
            return [head(f"Best days on {name}:", f"{days(p)}."),
                    "- In your audience's local time; your own analytics beat any general study."]
        case Aspect.IDEAS:
            return [head(f"What to post on {name}:"), *(f"- {idea}" for idea in p.post_ideas)]
        case Aspect.LIMITS:
            text = "; ".join(p.limits) + "." if p.limits else "no format limit in my catalog to plan around."
            return [head(f"{name} limits:", text)]
        case Aspect.STRENGTHS:
            return [head(f"{name} strengths:"), *(f"- {s}" for s in p.strengths)]
        case Aspect.WEAKNESSES:
            return [head(f"{name} weaknesses:"), *(f"- {w}" for w in p.weaknesses)]
    return []  # pragma: no cover


def _card(p: Platform, asked: set[Aspect], words: Vocabulary) -> list[str]:
    """The short rest of the profile, without what the answer already covered."""
    lines = []
    if not asked & {Aspect.FIT, Aspect.OVERVIEW} and (best := _best_goals(p, words)):
        lines.append(f"- **Best for:** {best}")
    if not asked & {Aspect.FREQUENCY, Aspect.EFFORT}:
        lines.append(f"- **Effort:** {effort(p)}")
    if Aspect.TIMING not in asked:
        lines.append(f"- **Best days:** {days(p)}")
    if Aspect.STRENGTHS not in asked and p.strengths:
        lines.append(f"- **Strength:** {p.strengths[0]}")
    if Aspect.WEAKNESSES not in asked and p.weaknesses:
        lines.append(f"- **Weakness:** {p.weaknesses[0]}")
    if Aspect.IDEAS not in asked and p.post_ideas:
        lines.append(f"- **Post ideas:** {'; '.join(p.post_ideas[:2])}")
    return lines


def _best_goals(p: Platform, words: Vocabulary) -> str:
    goals = sorted((g for g in p.goals if p.goals[g] >= _STRONG), key=lambda g: -p.goals[g])
    return ", ".join(f"{words(g)} ({p.goals[g]:g}/5)" for g in goals)


def _compare(knowledge: Knowledge, platforms: list[Platform], question: PlatformQuestion,
             profile: Profile | None, words: Vocabulary) -> list[str]:
    names = [short_name(p) for p in platforms]
    about = f" for {words.join(question.values)}" if question.values else ""
    lines = [f"**{' or '.join(names)}{about}?**"]

    def row(title: str, cell: Callable[[Platform], str]) -> None:
        lines.append(f"- **{title}:** " + " · ".join(f"{n} {cell(p)}" for n, p in zip(names, platforms, strict=True)))

    for value in question.values:
        row(words(value), partial(_level_cell, value=value))
    if not question.values:
        row("Best for", lambda p: ", ".join(words(g) for g in p.goals if p.goals[g] >= _STRONG) or "little")
    row("Strongest with", lambda p: ", ".join(a for a in p.ages if p.ages[a] >= _STRONG) or "no age group")
    row("Effort", lambda p: f"{p.effort.posts_per_week:g} posts/week, ~{p.effort.hours_per_week:g} h")
    row("Best days", lambda p: days(p))
    if Aspect.LIMITS in question.aspects:
        row("Limits", lambda p: "; ".join(p.limits) or "none noted")
    for n, p in zip(names, platforms, strict=True):
        plus, minus = (p.strengths or ("—",))[0], (p.weaknesses or ("—",))[0]
        lines.append(f"- **{n}:** + {plus}; − {minus}")
    if Aspect.IDEAS in question.aspects:
        for n, p in zip(names, platforms, strict=True):
            lines.append(f"- **Post on {n}:** {'; '.join(p.post_ideas[:2])}")
    lines.append(verdict(knowledge, platforms, question.values, profile, words))
    return lines


def _level_cell(p: Platform, value: str) -> str:
    score = score_of(p, value) or 0
    return f"{level(score)} ({score:g}/5)"


def _write(knowledge: Knowledge, p: Platform) -> Reply:
    topic = knowledge.topics[WRITE_TOPIC]
    ideas = "\n".join(f"- {idea}" for idea in p.post_ideas)
    text = f"{topic.answer.rstrip()}\n\n**Post ideas for {short_name(p)}:**\n{ideas}"
    buttons = tuple(Button(knowledge.topics[r].title, f"topic:{r}") for r in topic.related if r in knowledge.topics)
    return Reply(text, ReplyKind.ANSWER, WRITE_TOPIC, CONFIDENCE, (*topic.buttons, *buttons), platforms=(p.id,),
                 feedback=FeedbackRow.new(WRITE_TOPIC))


def _related_topic(knowledge: Knowledge, question: PlatformQuestion) -> str | None:
    """The topic whose question is closest to this one (aspects.yaml, topic_aspects): it shares the
    first aspect asked, then the most values asked, then asks the least besides."""
    phrases = knowledge.platform_phrases
    if phrases is None or not question.aspects:
        return None
    first = question.aspects[0].value
    candidates = [(t, items) for t, items in phrases.topic_aspects.items() if first in items and t in knowledge.topics]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (-len(set(c[1]) & set(question.values)), len(c[1])))[0]


def _buttons(knowledge: Knowledge, question: PlatformQuestion, profile: Profile | None) -> tuple[Button, ...]:
    buttons = [Button(knowledge.message("more_button"), "cmd:more")]
    if (topic := _related_topic(knowledge, question)) is not None:
        buttons.append(Button(knowledge.topics[topic].title, f"topic:{topic}"))
    walkthrough = knowledge.platform_walkthrough()
    if walkthrough is not None and profile is None:
        buttons.append(Button(walkthrough.title, f"flow:{walkthrough.id}"))
    return tuple(buttons)
