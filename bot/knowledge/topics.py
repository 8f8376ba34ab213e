"""Reading topics (topics/*.yaml) and tips (tips.yaml), with their evidence and review dates."""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge.evidence import Evidence
from bot.knowledge.fields import FieldReader
from bot.knowledge.model import Tip, Topic, TopicKind
from bot.knowledge.yamlfile import Path_
from bot.types import Button

__all__ = ["ID_PATTERN", "MIN_EXAMPLES", "PAYLOAD_PATTERN", "read_tips", "read_topic"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MIN_EXAMPLES = 8
PAYLOAD_PATTERN = re.compile(r"^(topic|flow|cmd|more):[a-z0-9-]+$")

TOPIC_FIELDS = {"id", "title", "kind", "answer", "details", "examples", "keywords", "related", "buttons",
                "review_by", "sources", "concepts"}
TIP_FIELDS = {"id", "topic", "text", "platforms", "sources", "review_by"}


def read_topic(reader: FieldReader, data: Any, at: Path_, evidence: Evidence) -> Topic | None:
    """One topic; None when it is unusable (its problems are reported)."""
    obj = reader.mapping(data, at, "a topic")
    if obj is None:
        return None
    reader.unknown_fields(obj, at, TOPIC_FIELDS)
    topic_id = reader.text(obj, at, "id")
    title = reader.text(obj, at, "title")
    answer = reader.text(obj, at, "answer")
    if topic_id is not None and not ID_PATTERN.match(topic_id):
        reader.report((*at, "id"), f"id '{topic_id}' must be lowercase letters, digits and dashes")
        return None
    kind_text = reader.text(obj, at, "kind", required=False) or "topic"
    if kind_text not in {k.value for k in TopicKind}:
        reader.report((*at, "kind"), f"kind must be one of: {', '.join(k.value for k in TopicKind)}")
    examples = reader.text_list(obj, at, "examples")
    if isinstance(obj.get("examples"), list) and len(examples) < MIN_EXAMPLES:
        reader.report((*at, "examples"), f"topic '{topic_id}' has {len(examples)} examples; "
                      f"at least {MIN_EXAMPLES} are needed")
    buttons = _read_buttons(reader, obj, at)
    details = reader.text(obj, at, "details", required=False)
    review_by = evidence.review_by(reader, obj, at, f"topic '{topic_id}'")
    citations = evidence.citations(reader, obj, at)
    stated = [((*at, key), obj[key]) for key in ("title", "answer", "details") if isinstance(obj.get(key), str)]
    evidence.unbacked(reader, stated, citations, f"topic '{topic_id}'")
    if topic_id is None or title is None or answer is None:
        return None
    return Topic(
        id=topic_id, title=title, answer=answer, details=details, examples=examples,
        keywords=reader.text_list(obj, at, "keywords", required=False),
        related=reader.text_list(obj, at, "related", required=False),
        buttons=buttons,
        kind=TopicKind(kind_text) if kind_text in {k.value for k in TopicKind} else TopicKind.TOPIC,
        review_by=review_by, sources=citations,
        concepts=reader.text_list(obj, at, "concepts", required=False),
    )


def _read_buttons(reader: FieldReader, obj: dict[str, Any], at: Path_) -> tuple[Button, ...]:
    buttons = []
    raw_buttons = obj.get("buttons") or []
    if not isinstance(raw_buttons, list):
        reader.report((*at, "buttons"), "'buttons' must be a list")
        raw_buttons = []
    for i, raw in enumerate(raw_buttons):
        b_at = (*at, "buttons", i)
        button = reader.mapping(raw, b_at, "a button")
        if button is None:
            continue
        label, payload = reader.text(button, b_at, "label"), reader.text(button, b_at, "payload")
        if label and payload:
            if not PAYLOAD_PATTERN.match(payload):
                reader.report(b_at, f"payload '{payload}' must look like topic:<id>, more:<id>, flow:<id> "
                                    "or cmd:<name>")
            else:
                buttons.append(Button(label, payload))
    return tuple(buttons)


def read_tips(reader: FieldReader, topics: set[str], platforms: set[str], evidence: Evidence) -> tuple[Tip, ...]:
    """The tips of tips.yaml: each names a known topic and, optionally, catalog platform ids."""
    obj = reader.mapping(reader.file.data, (), "tips.yaml") or {}
    raw = obj.get("tips")
    if not isinstance(raw, list):
        reader.report((), "tips.yaml needs a list under 'tips'")
        return ()
    tips: list[Tip] = []
    seen: set[str] = set()
    for i, data in enumerate(raw):
        at: Path_ = ("tips", i)
        item = reader.mapping(data, at, "a tip")
        if item is None:
            continue
        reader.unknown_fields(item, at, TIP_FIELDS)
        tip_id, topic, text = (reader.text(item, at, k) for k in ("id", "topic", "text"))
        tip_platforms = reader.text_list(item, at, "platforms", required=False)
        for j, platform in enumerate(tip_platforms):
            if platform not in platforms:
                reader.report((*at, "platforms", j), f"unknown platform id '{platform}' "
                              f"(catalog: {', '.join(sorted(platforms)) or 'none'})")
        citations = evidence.citations(reader, item, at)
        review_by = evidence.review_by(reader, item, at, f"tip '{tip_id}'", required=False)
        if isinstance(item.get("text"), str):
            evidence.unbacked(reader, [((*at, "text"), item["text"])], citations, f"tip '{tip_id}'")
        if tip_id is None or topic is None or text is None:
            continue
        if tip_id in seen:
            reader.report((*at, "id"), f"duplicate tip id '{tip_id}'")
            continue
        if topic not in topics:
            reader.report((*at, "topic"), f"unknown topic id '{topic}'")
        seen.add(tip_id)
        tips.append(Tip(tip_id, topic, text, tuple(p for p in tip_platforms if p in platforms), citations,
                        review_by))
    return tuple(tips)
