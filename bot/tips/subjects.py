"""What a tip can be about: a platform of the catalog (tips with `platforms:`) or a topic (the tip's
`topic`). "about linkedin", "about LinkedIn", "about the editorial calendar" all resolve here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import Knowledge, Tip
from bot.normalize import normalize


@dataclass(frozen=True, slots=True)
class Subject:
    """`id` is a platform id or a topic id; `label` is how the advisor names it."""

    id: str
    label: str


def subjects(knowledge: Knowledge) -> list[Subject]:
    """Every subject with at least one tip: platforms first, then topics, in knowledge order."""
    platforms = [Subject(p.id, p.name) for p in knowledge.platforms.values()
                 if any(p.id in t.platforms for t in knowledge.tips)]
    topics = [Subject(t.id, t.title) for t in knowledge.topics.values()
              if any(tip.topic == t.id for tip in knowledge.tips)]
    return [*platforms, *topics]


def tips_about(knowledge: Knowledge, subject: str | None) -> tuple[Tip, ...]:
    """The pool for a subject id (None: every tip)."""
    if subject is None:
        return knowledge.tips
    return tuple(t for t in knowledge.tips if subject in t.platforms or t.topic == subject)


def subject_by_id(knowledge: Knowledge, subject_id: str) -> Subject | None:
    return next((s for s in subjects(knowledge) if s.id == subject_id), None)


def resolve_subject(knowledge: Knowledge, text: str) -> Subject | None:
    """The subject a person typed ("LinkedIn", "editorial calendar", "editorial-calendar"), matched on
    ids, names and titles without case or accents; None when nothing with tips matches."""
    wanted = normalize(text.replace("-", " "))
    if not wanted:
        return None
    for subject in subjects(knowledge):
        names = {normalize(subject.id.replace("-", " ")), normalize(subject.label)}
        platform = knowledge.platforms.get(subject.id)
        if platform is not None:
            names |= set(platform.aliases)  # "insta", "fb": the catalog's names for it
        names |= {n.removeprefix("the ") for n in names}
        if wanted in names or wanted.removeprefix("the ") in names:
            return subject
    return None
