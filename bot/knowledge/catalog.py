"""Reading the platform catalog (platforms/catalog.yaml): scores, effort, audience, strengths and
weaknesses, format limits, posting times, minimum ages, aliases, sources and the review date.

Contract: knowledge/README.md, "The platform catalog". Every stated text is checked for figures
(bot/knowledge/figures.py); a platform's `min_age: N` counts as the figure "N+".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.knowledge.evidence import Evidence
from bot.knowledge.fields import FieldReader
from bot.knowledge.model import Citation, Effort, Platform
from bot.knowledge.vocabulary import AGES, DAYS, FAMILIES, FORMATS, GOALS, MARKETS, PRODUCTION, WEIGHTS
from bot.knowledge.yamlfile import Path_
from bot.normalize import normalize

__all__ = ["AGES", "DAYS", "FAMILIES", "FORMATS", "GOALS", "MARKETS", "PRODUCTION", "WEIGHTS", "Catalog",
           "read_catalog"]

_PLATFORM_FIELDS = {"id", "name", "aliases", "alias_exclusions", "terms", "cues", "features", "context_words",
                    "family", "audience", "strengths", "weaknesses", "min_age", "limits", "markets", "ages",
                    "formats", "goals", "why", "requires_goals", "effort", "best_days", "best_time", "post_ideas",
                    "note", "sources"}
_STATED = ("name", "audience", "strengths", "weaknesses", "limits", "why", "best_time", "post_ideas", "note")
"""The platform fields whose text the advisor states: their figures need a source."""
_WHY_KEYS = (*MARKETS, *AGES, *FORMATS, *GOALS)


@dataclass(frozen=True, slots=True)
class Catalog:
    """What catalog.yaml holds besides the platforms: the review date, top-level sources (they back
    figures of any platform) and the caution shown when minors are in the audience."""

    platforms: dict[str, Platform] = field(default_factory=dict)
    review_by: date | None = None
    sources: tuple[Citation, ...] = ()
    minors_note: str | None = None
    not_covered: dict[str, str] = field(default_factory=dict)
    """Normalised name or alias of a platform the catalog does not cover -> its name (`not_covered`)."""


def read_catalog(reader: FieldReader, evidence: Evidence) -> Catalog:
    obj = reader.mapping(reader.file.data, (), "catalog.yaml") or {}
    reader.unknown_fields(obj, (), {"platforms", "review_by", "sources", "minors_note", "not_covered"})
    review_by = evidence.review_by(reader, obj, (), "the catalog")
    shared = evidence.citations(reader, obj, ())
    minors_note = reader.text(obj, (), "minors_note", required=False)
    if isinstance(obj.get("minors_note"), str):
        evidence.unbacked(reader, [(("minors_note",), obj["minors_note"])], shared, "the catalog")
    raw = obj.get("platforms")
    if not isinstance(raw, list) or not raw:
        reader.report((), "catalog.yaml needs a non-empty list under 'platforms'")
        return Catalog(review_by=review_by, sources=shared, minors_note=minors_note)
    platforms: dict[str, Platform] = {}
    aliases: dict[str, str] = {}
    cues: dict[str, str] = {}
    for i, data in enumerate(raw):
        platform = _read_platform(reader, data, ("platforms", i), evidence, shared)
        if platform is None:
            continue
        if platform.id in platforms:
            reader.report(("platforms", i, "id"), f"duplicate platform id '{platform.id}'")
            continue
        names: list[tuple[str, Path_]] = [(platform.id, ("platforms", i, "id")),
                                          (normalize(platform.name), ("platforms", i, "name"))]
        names += [(alias, ("platforms", i, "aliases", j)) for j, alias in enumerate(platform.aliases)]
        names += [(term, ("platforms", i, "terms", j)) for j, term in enumerate(platform.terms)]
        for alias, alias_at in names:
            owner = aliases.setdefault(alias, platform.id)
            if owner != platform.id:
                reader.report(alias_at, f"alias or term '{alias}' of '{platform.id}' already names '{owner}'")
        for j, cue in enumerate(platform.cues):
            owner = cues.setdefault(cue, platform.id)
            if " " in cue:
                reader.report(("platforms", i, "cues", j), f"cue '{cue}' of '{platform.id}' is more than one word")
            elif owner != platform.id:
                reader.report(("platforms", i, "cues", j), f"cue '{cue}' of '{platform.id}' already tells '{owner}'")
        platforms[platform.id] = platform
    return Catalog(platforms, review_by, shared, minors_note, _read_not_covered(reader, obj, aliases))


def _read_not_covered(reader: FieldReader, obj: dict[str, Any], covered: dict[str, str]) -> dict[str, str]:
    """`not_covered`: platforms the catalog has no entry for, each `{name, aliases}`; a name that is also a name,
    alias or term of a catalog platform is an error (the question is about that platform)."""
    raw = obj.get("not_covered")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        reader.report(("not_covered",), "'not_covered' must be a list of {name, aliases}")
        return {}
    out: dict[str, str] = {}
    for at, item in reader.mappings(raw, "not_covered", "a platform not covered", {"name", "aliases"}):
        name = reader.text(item, at, "name")
        if name is None:
            continue
        names = [(normalize(name), (*at, "name"))]
        names += [(normalize(alias), (*at, "aliases", j))
                  for j, alias in enumerate(reader.text_list(item, at, "aliases", required=False))]
        for alias, alias_at in names:
            if alias in covered:
                reader.report(alias_at, f"'{alias}' names '{covered[alias]}', a platform of the catalog")
            elif out.setdefault(alias, name) != name:
                reader.report(alias_at, f"'{alias}' already names '{out[alias]}' under not_covered")
    return out


def _read_platform(reader: FieldReader, data: Any, at: Path_, evidence: Evidence,
                   shared: tuple[Citation, ...]) -> Platform | None:
    item = reader.mapping(data, at, "a platform")
    if item is None:
        return None
    reader.unknown_fields(item, at, _PLATFORM_FIELDS)
    citations = evidence.citations(reader, item, at)
    pid, name, family, note, audience = (reader.text(item, at, k) for k in ("id", "name", "family", "note", "audience"))
    if family is not None and family not in FAMILIES:
        reader.report((*at, "family"), f"unknown family '{family}' (valid: {', '.join(FAMILIES)})")
    effort = _read_effort(reader, item, at)
    days = _vocabulary_list(reader, item, at, "best_days", DAYS)
    requires = _vocabulary_list(reader, item, at, "requires_goals", GOALS, required=False)
    min_age = _read_min_age(reader, item, at)
    stated = _stated_texts(item, at)
    if min_age is not None:
        stated.append(((*at, "min_age"), f"{min_age}+"))
    evidence.unbacked(reader, stated, (*shared, *citations), f"platform '{pid}'")
    scores = {key: reader.score_map(item, at, key, allowed)
              for key, allowed in (("markets", MARKETS), ("ages", AGES), ("formats", FORMATS), ("goals", GOALS))}
    why = _read_why(reader, item, at)
    texts = {key: reader.text_list(item, at, key, required=key != "limits")
             for key in ("strengths", "weaknesses", "limits", "post_ideas")}
    if pid is None or name is None or family is None or note is None or audience is None or effort is None:
        return None
    return Platform(
        id=pid, name=name, family=family, effort=effort, best_days=days, post_ideas=texts["post_ideas"], note=note,
        sources=citations, aliases=_aliases(reader, item, at, "aliases"),
        alias_exclusions=_aliases(reader, item, at, "alias_exclusions"), terms=_aliases(reader, item, at, "terms"),
        cues=_aliases(reader, item, at, "cues"), features=_aliases(reader, item, at, "features"),
        context_words=_aliases(reader, item, at, "context_words"), audience=audience,
        strengths=texts["strengths"], weaknesses=texts["weaknesses"], limits=texts["limits"], min_age=min_age,
        best_time=reader.text(item, at, "best_time", required=False), why=why, requires_goals=requires,
        **scores,
    )


def _aliases(reader: FieldReader, item: dict[str, Any], at: Path_, key: str) -> tuple[str, ...]:
    """Normalised alias phrases ("insta", "the gram"): matched as whole words in questions."""
    out = []
    for j, raw in enumerate(reader.text_list(item, at, key, required=key == "aliases")):
        alias = normalize(raw)
        if not alias:
            reader.report((*at, key, j), f"{key} item {raw!r} has no letters or digits")
        elif alias not in out:
            out.append(alias)
    return tuple(out)


def _vocabulary_list(reader: FieldReader, item: dict[str, Any], at: Path_, key: str, valid: tuple[str, ...],
                     *, required: bool = True) -> tuple[str, ...]:
    values = reader.text_list(item, at, key, required=required)
    for j, value in enumerate(values):
        if value not in valid:
            reader.report((*at, key, j), f"unknown value '{value}' in '{key}' (valid: {', '.join(valid)})")
    return tuple(v for v in values if v in valid)


def _read_min_age(reader: FieldReader, item: dict[str, Any], at: Path_) -> int | None:
    age = reader.number(item, at, "min_age", required=False, low=0, high=21)
    if age is not None and age != int(age):
        reader.report((*at, "min_age"), "'min_age' must be a whole number of years")
        return None
    return int(age) if age is not None else None


def _read_why(reader: FieldReader, item: dict[str, Any], at: Path_) -> dict[str, str]:
    """Optional one-line reasons by vocabulary value: {b2b: "...", leads: "..."}."""
    raw = item.get("why")
    if raw is None:
        return {}
    inner = reader.mapping(raw, (*at, "why"), "'why'")
    if inner is None:
        return {}
    out = {}
    for key in inner:
        if str(key) not in _WHY_KEYS:
            reader.report((*at, "why", str(key)), f"unknown value '{key}' in 'why' "
                          "(valid: markets, age groups, formats and goals of the walk-through)")
            continue
        text = reader.text(inner, (*at, "why"), str(key))
        if text is not None:
            out[str(key)] = text
    return out


def _read_effort(reader: FieldReader, item: dict[str, Any], at: Path_) -> Effort | None:
    raw = item.get("effort")
    if raw is None:
        reader.report(at, "missing field 'effort'")
        return None
    e_at = (*at, "effort")
    effort = reader.mapping(raw, e_at, "'effort'")
    if effort is None:
        return None
    reader.unknown_fields(effort, e_at, {"posts_per_week", "hours_per_post", "production", "monitoring_hours"})
    posts = reader.number(effort, e_at, "posts_per_week", low=0.5, high=100)
    hours = reader.number(effort, e_at, "hours_per_post", low=0.05, high=40)
    monitoring = reader.number(effort, e_at, "monitoring_hours", required=False, low=0, high=40)
    production = reader.text(effort, e_at, "production")
    if production is not None and production not in PRODUCTION:
        reader.report((*e_at, "production"),
                      f"unknown production '{production}' (valid: {', '.join(PRODUCTION)})")
        return None
    if posts is None or hours is None or production is None:
        return None
    return Effort(posts_per_week=posts, hours_per_post=hours, production=production,
                  monitoring_hours=monitoring or 0.0)


def _stated_texts(item: dict[str, Any], at: Path_) -> list[tuple[Path_, str]]:
    """(path, text) of every stated text of a platform, list items and `why` values included."""
    out: list[tuple[Path_, str]] = []
    for key in _STATED:
        value = item.get(key)
        if isinstance(value, str):
            out.append(((*at, key), value))
        elif isinstance(value, list):
            out.extend(((*at, key, j), v) for j, v in enumerate(value) if isinstance(v, str))
        elif isinstance(value, dict):
            out.extend(((*at, key, str(k)), v) for k, v in value.items() if isinstance(v, str))
    return out
