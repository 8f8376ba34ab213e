"""Reading platforms/scoring.yaml: the weights and capacity rules of the platform walk-through."""

from __future__ import annotations

from bot.knowledge.fields import FieldReader
from bot.knowledge.model import CapacityRule, Scoring
from bot.knowledge.vocabulary import WEIGHTS

__all__ = ["read_scoring"]


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
