"""Reading the platform catalog and the scoring settings of the platform walk-through."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.knowledge.evidence import Evidence
from bot.knowledge.fields import FieldReader
from bot.knowledge.model import CapacityRule, Citation, Effort, Platform, Scoring

FAMILIES = ("sharing", "networking", "messaging", "publishing", "collaborative")
MARKETS = ("b2b", "b2c")
AGES = ("13-17", "18-24", "25-34", "35-54", "55+")
FORMATS = ("short-video", "long-video", "images", "articles", "text", "live")
GOALS = ("visibility", "seo", "traffic", "leads", "customer-care", "reputation", "monitoring")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PRODUCTION = ("low", "medium", "high")
WEIGHTS = ("goals", "market", "ages", "formats")

_PLATFORM_FIELDS = {"id", "name", "family", "markets", "ages", "formats", "goals", "effort",
                    "best_days", "post_ideas", "note", "sources"}
_STATED = ("name", "note", "post_ideas")
"""The platform fields whose text the advisor states: their figures need a source."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """What catalog.yaml holds: the platforms, the catalog's review date and its top-level sources."""

    platforms: dict[str, Platform] = field(default_factory=dict)
    review_by: date | None = None
    sources: tuple[Citation, ...] = ()


def read_catalog(reader: FieldReader, evidence: Evidence) -> Catalog:
    obj = reader.mapping(reader.file.data, (), "catalog.yaml") or {}
    reader.unknown_fields(obj, (), {"platforms", "review_by", "sources"})
    review_by = evidence.review_by(reader, obj, (), "the catalog")
    shared = evidence.citations(reader, obj, ())
    raw = obj.get("platforms")
    if not isinstance(raw, list) or not raw:
        reader.report((), "catalog.yaml needs a non-empty list under 'platforms'")
        return Catalog(review_by=review_by, sources=shared)
    platforms: dict[str, Platform] = {}
    for i, data in enumerate(raw):
        at = ("platforms", i)
        item = reader.mapping(data, at, "a platform")
        if item is None:
            continue
        reader.unknown_fields(item, at, _PLATFORM_FIELDS)
        citations = evidence.citations(reader, item, at)
        evidence.unbacked(reader, _stated_texts(item, at), (*shared, *citations), f"platform '{item.get('id')}'")
        pid, name, family, note = (reader.text(item, at, k) for k in ("id", "name", "family", "note"))
        if family is not None and family not in FAMILIES:
            reader.report((*at, "family"), f"unknown family '{family}' (valid: {', '.join(FAMILIES)})")
        effort = _read_effort(reader, item, at)
        days = reader.text_list(item, at, "best_days")
        for j, day in enumerate(days):
            if day not in DAYS:
                reader.report((*at, "best_days", j), f"unknown day '{day}' (valid: {', '.join(DAYS)})")
        ideas = reader.text_list(item, at, "post_ideas")
        scores = {key: reader.score_map(item, at, key, allowed)
                  for key, allowed in (("markets", MARKETS), ("ages", AGES), ("formats", FORMATS),
                                       ("goals", GOALS))}
        if pid is None or name is None or family is None or note is None or effort is None:
            continue
        if pid in platforms:
            reader.report((*at, "id"), f"duplicate platform id '{pid}'")
            continue
        platforms[pid] = Platform(
            id=pid, name=name, family=family, effort=effort, best_days=days, post_ideas=ideas, note=note,
            sources=citations, **scores,
        )
    return Catalog(platforms, review_by, shared)


def _stated_texts(item: dict, at: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every stated text of a platform, list items included."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    for key in _STATED:
        value = item.get(key)
        if isinstance(value, str):
            out.append(((*at, key), value))
        elif isinstance(value, list):
            out.extend(((*at, key, j), v) for j, v in enumerate(value) if isinstance(v, str))
    return out


def _read_effort(reader: FieldReader, item: dict, at: tuple[str | int, ...]) -> Effort | None:
    raw = item.get("effort")
    if raw is None:
        reader.report(at, "missing field 'effort'")
        return None
    e_at = (*at, "effort")
    effort = reader.mapping(raw, e_at, "'effort'")
    if effort is None:
        return None
    reader.unknown_fields(effort, e_at, {"posts_per_week", "hours_per_post", "production"})
    posts = reader.number(effort, e_at, "posts_per_week", low=0.5, high=100)
    hours = reader.number(effort, e_at, "hours_per_post", low=0.05, high=40)
    production = reader.text(effort, e_at, "production")
    if production is not None and production not in PRODUCTION:
        reader.report((*e_at, "production"),
                      f"unknown production '{production}' (valid: {', '.join(PRODUCTION)})")
        return None
    if posts is None or hours is None or production is None:
        return None
    return Effort(posts_per_week=posts, hours_per_post=hours, production=production)


def read_scoring(reader: FieldReader) -> Scoring | None:
    obj = reader.mapping(reader.file.data, (), "scoring.yaml")
    if obj is None:
        return None
    reader.unknown_fields(obj, (), {"weights", "capacity", "left_out", "min_reason_score"})
    weights = reader.score_map(obj, (), "weights", WEIGHTS, low=0, high=100)
    raw = obj.get("capacity")
    rules: list[CapacityRule] = []
    if not isinstance(raw, list) or not raw:
        reader.report(("capacity",), "'capacity' must be a list of {max_hours, platforms}")
    else:
        for i, data in enumerate(raw):
            at = ("capacity", i)
            rule = reader.mapping(data, at, "a capacity rule")
            if rule is None:
                continue
            reader.unknown_fields(rule, at, {"max_hours", "platforms"})
            count = reader.number(rule, at, "platforms", low=1, high=12)
            max_hours = reader.number(rule, at, "max_hours", required=False, low=0, high=1000)
            if count is not None:
                rules.append(CapacityRule(max_hours=max_hours, platforms=int(count)))
        if rules and rules[-1].max_hours is not None:
            reader.report(("capacity",), "the last capacity rule must have no max_hours (it covers the rest)")
    left_out = reader.number(obj, (), "left_out", required=False, low=0, high=5)
    min_reason = reader.number(obj, (), "min_reason_score", required=False, low=0, high=5)
    if len(weights) != len(WEIGHTS) or not rules:
        return None
    return Scoring(weights=weights, capacity=tuple(rules),
                   left_out=int(left_out) if left_out is not None else 2,
                   min_reason_score=min_reason if min_reason is not None else 3)
