"""What in a knowledge pack is due for review: `advisor kb review`.

Topics, tips and the catalog are due on their `review_by` date; a source is due when its figures
become older than SOURCE_AGE_YEARS (its `as_of` plus three years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.knowledge.evidence import source_due
from bot.knowledge.model import Citation, Knowledge

__all__ = ["Due", "due_for_review"]


@dataclass(frozen=True, slots=True)
class Due:
    """One item to review: `kind` is topic, tip, catalog or source; `detail` says why."""

    when: date
    kind: str
    id: str
    detail: str


def due_for_review(knowledge: Knowledge, today: date, within_days: int = 0) -> list[Due]:
    """Items due on or before `today + within_days`, oldest first (then by kind and id)."""
    horizon = today + timedelta(days=within_days)
    items: list[Due] = []
    for topic in knowledge.topics.values():
        if topic.review_by is not None:
            items.append(Due(topic.review_by, "topic", topic.id, f"review_by {topic.review_by}"))
    for tip in knowledge.tips:
        if tip.review_by is not None:
            items.append(Due(tip.review_by, "tip", tip.id, f"review_by {tip.review_by}"))
    if knowledge.catalog_review_by is not None:
        items.append(Due(knowledge.catalog_review_by, "catalog", "platforms/catalog.yaml",
                         f"review_by {knowledge.catalog_review_by}"))
    citing = _citing(knowledge)
    for source in knowledge.sources.values():
        users = ", ".join(citing.get(source.id, [])) or "nothing"
        items.append(Due(source_due(source), "source", source.id,
                         f"figures from {source.as_of}; cited by {users}"))
    due = [item for item in items if item.when <= horizon]
    return sorted(due, key=lambda d: (d.when, d.kind, d.id))


def _citing(knowledge: Knowledge) -> dict[str, list[str]]:
    """Source id -> the items citing it ("topic rule-90-9-1", "tip tip-x", "platform linkedin")."""
    out: dict[str, list[str]] = {}

    def add(citations: tuple[Citation, ...], who: str) -> None:
        for source_id in dict.fromkeys(c.source for c in citations):
            out.setdefault(source_id, []).append(who)

    add(knowledge.catalog_sources, "catalog")
    for topic in knowledge.topics.values():
        add(topic.sources, f"topic {topic.id}")
    for tip in knowledge.tips:
        add(tip.sources, f"tip {tip.id}")
    for platform in knowledge.platforms.values():
        add(platform.sources, f"platform {platform.id}")
    return out
