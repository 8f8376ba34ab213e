"""`advisor kb gaps`: the questions the advisor did not answer well, grouped, each group with the
nearest topic and what an editor could do about it.

Taken from the questions log: questions that got the fallback, "did you mean" offers (with what was
picked), answers that got 👎 (with what the user was looking for instead). Questions are grouped by
similarity of their meaningful words (rapidfuzz `token_set_ratio` on content stems), largest groups
first. Each group's first question is asked again of the pack *in use now* (the whole dialogue, platform
answers included, in a fresh conversation), so a gap an editor already closed shows as answered.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.editors.questions import LoggedQuestion, LogKind
from bot.knowledge.model import Knowledge
from bot.matching import FLOW_PREFIX, TIP_INTENT, Candidate
from bot.normalize import content_stems, normalize
from bot.platform_answers import PLATFORM_TOPIC
from bot.types import ConversationKey, Incoming, ReplyKind

SIMILAR = 70
"""Two questions whose meaningful words score this much (0-100) are one group."""
NEAR_TOPIC = 0.48
"""A fallback whose nearest topic scores this much is probably a phrasing that topic lacks; below, it is
probably something no topic covers. Chosen on the dev sets' questions that got the fallback: the
suggestion is right for 54% of them at 0.48 (47% at 0.42, 48% at 0.58)."""


class Advice(StrEnum):
    ADD_EXAMPLE = "add-example"
    """Add the phrasing to a topic's examples (or a flow's triggers, or the tip requests)."""
    REVIEW_ANSWER = "review-answer"
    """The question was answered, and the answer did not help."""
    NEW_TOPIC = "new-topic"
    ANSWERED = "answered"
    """The pack in use now answers it."""


@dataclass(frozen=True, slots=True)
class Gap:
    texts: tuple[str, ...]
    """The distinct questions as typed, most frequent first."""
    count: int
    kinds: dict[str, int]
    """How many of the group's log entries are fallbacks, offers, dislikes."""
    nearest: Candidate | None
    """The nearest intent for the group's first question, by the pack in use now."""
    chosen: tuple[str, ...]
    """Topics the users themselves picked ("did you mean") or said they were looking for (after a 👎)."""
    advice: Advice
    target: str | None
    """The intent the advice is about (a topic id, "flow:<id>", "tip"); None for a new topic."""
    file: str | None
    """The pack file to edit, relative to the pack folder."""
    suggestion: str
    disliked: tuple[str, ...] = field(default=())
    """Topics whose answers got 👎 in this group."""


@dataclass(frozen=True, slots=True)
class _Question:
    text: str
    kind: LogKind
    chosen: str | None
    disliked: str | None


def find_gaps(entries: list[LoggedQuestion], dialogue: Dialogue, files: dict[str, str] | None = None) -> list[Gap]:
    """The groups of unanswered or disliked questions in `entries`, largest first. `files` maps intents to
    their pack file (see `intent_files`); entries without text are left out (see `untyped_dislikes`)."""
    questions = _questions(entries)
    groups: list[list[_Question]] = []
    keys: list[str] = []
    for question in sorted(questions, key=lambda q: _count(questions, q.text), reverse=True):
        key = " ".join(sorted(content_stems(normalize(question.text)))) or normalize(question.text)
        index = next((i for i, k in enumerate(keys) if fuzz.token_set_ratio(key, k) >= SIMILAR), None)
        if index is None:
            groups.append([question])
            keys.append(key)
        else:
            groups[index].append(question)
    gaps = [_gap(group, dialogue, files or {}) for group in groups]
    return sorted(gaps, key=lambda g: (-g.count, g.texts[0]))


def _count(questions: list[_Question], text: str) -> int:
    return sum(1 for q in questions if q.text == text)


def _questions(entries: list[LoggedQuestion]) -> list[_Question]:
    """The typed questions of the log, each with what the user chose (a pick, or what they wanted)."""
    chosen = {e.ref: e.topic for e in entries if e.kind in (LogKind.PICKED, LogKind.WANTED) and e.ref}
    out = []
    for entry in entries:
        if entry.text is None or entry.kind not in (LogKind.FALLBACK, LogKind.OFFER, LogKind.DISLIKED):
            continue
        pick = chosen.get(entry.id)
        out.append(_Question(entry.text, entry.kind, pick, entry.topic if entry.kind is LogKind.DISLIKED else None))
    return out


_KEY = ConversationKey("editors", "gaps", "", "gaps")


def _gap(group: list[_Question], dialogue: Dialogue, files: dict[str, str]) -> Gap:
    texts = tuple(t for t, _ in Counter(q.text for q in group).most_common())
    chosen = [t for t, _ in Counter(q.chosen for q in group if q.chosen).most_common()]
    disliked = tuple(t for t, _ in Counter(q.disliked for q in group if q.disliked).most_common())
    answered, nearest = _ask(dialogue, texts[0])
    kinds = dict(Counter(q.kind.value for q in group))
    advice, target = _advise(answered, nearest, chosen, disliked, dialogue.knowledge)
    file = files.get(target) if target else None
    return Gap(texts, len(group), kinds, nearest, tuple(chosen), advice, target, file,
               _sentence(advice, target, file, dialogue.knowledge), disliked)


def _ask(dialogue: Dialogue, text: str) -> tuple[str | None, Candidate | None]:
    """What answers `text` now (a topic id, "platform", "tip", "flow:<id>"; None when nothing does) and
    the matcher's nearest intent with its score (the answer's own when it answers)."""
    match = dialogue.matcher.match(text)
    nearest = match.best or (match.candidates[0] if match.candidates else None)
    _, replies = dialogue.respond(ConversationState(), Incoming(_KEY, text=text))
    first = replies[0] if replies else None
    if first is not None and first.kind is ReplyKind.ANSWER and first.topic is not None:
        if nearest is None or nearest.intent != first.topic:
            nearest = Candidate(first.topic, first.confidence)
        return first.topic, nearest
    if first is not None and first.kind is ReplyKind.FLOW and match.best is not None:
        return match.best.intent, nearest
    return None, nearest


def _advise(answered: str | None, nearest: Candidate | None, chosen: list[str], disliked: tuple[str, ...],
            knowledge: Knowledge) -> tuple[Advice, str | None]:
    if chosen:
        return Advice.ADD_EXAMPLE, chosen[0]
    if disliked:
        if answered is not None and answered not in disliked:
            return Advice.ANSWERED, answered
        return Advice.REVIEW_ANSWER, disliked[0]
    if answered is not None:
        return Advice.ANSWERED, answered
    if nearest is not None and nearest.score >= NEAR_TOPIC and _known(nearest.intent, knowledge):
        return Advice.ADD_EXAMPLE, nearest.intent
    return Advice.NEW_TOPIC, None


def _known(intent: str, knowledge: Knowledge) -> bool:
    return (intent in knowledge.topics or intent == TIP_INTENT
            or (intent == PLATFORM_TOPIC and bool(knowledge.platforms))
            or (intent.startswith(FLOW_PREFIX) and intent[len(FLOW_PREFIX):] in knowledge.flows))


def _sentence(advice: Advice, target: str | None, file: str | None, knowledge: Knowledge) -> str:
    where = file or (f"the topic '{target}'" if target else "")
    match advice:
        case Advice.NEW_TOPIC:
            return "no topic covers this: consider a new topic"
        case Advice.ANSWERED:
            return f"answered now by '{target}': nothing to do"
        case Advice.REVIEW_ANSWER:
            return f"the answer of {where} did not help: review it, or add a topic for this"
    if target == TIP_INTENT:
        return f"add this phrasing to {file or 'commands.yaml'} tip_requests"
    if target is not None and target.startswith(FLOW_PREFIX):
        return f"add this phrasing to {where} triggers"
    return f"add this phrasing to {where} examples"


def intent_files(directory: Path, knowledge: Knowledge) -> dict[str, str]:
    """Where each topic and flow of a pack is written, relative to the pack folder (files that cannot be
    read are skipped: the pack loaded, so they are only missing if it changed since)."""
    files: dict[str, str] = {TIP_INTENT: "commands.yaml", PLATFORM_TOPIC: "platforms/catalog.yaml"}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for folder, prefix in (("topics", ""), ("flows", FLOW_PREFIX)):
        for path in sorted((directory / folder).glob("*.yaml")):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                continue
            listed = data.get("topics") if isinstance(data, dict) else None
            for item in listed if isinstance(listed, list) else [data]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    files.setdefault(prefix + item["id"], f"{folder}/{path.name}")
    known = set(knowledge.topics) | {FLOW_PREFIX + f for f in knowledge.flows} | {TIP_INTENT, PLATFORM_TOPIC}
    return {intent: file for intent, file in files.items() if intent in known}


def untyped_dislikes(entries: list[LoggedQuestion]) -> dict[str, int]:
    """Dislikes logged without a question text (text storage off, or an answer reached by a button), by
    topic, most first."""
    counts = Counter(e.topic for e in entries if e.kind is LogKind.DISLIKED and e.text is None and e.topic)
    return dict(counts.most_common())


def export_yaml(gaps: list[Gap], header: str) -> str:
    """The gaps in the dev-set format (tests/data/dev.yaml), ready to label: the questions of a group with
    a topic to add them to (or that answers them now) under `in_domain` with that topic, the others under
    `out_of_domain`; each group introduced by a comment with its suggestion."""
    inside: list[str] = []
    outside: list[str] = []
    for n, gap in enumerate(gaps, start=1):
        label = _label(gap)
        comment = f"  # group {n}: {gap.count} in the log; {gap.suggestion}"
        if label is None:
            outside += [comment, *(f"  - {_quoted(t)}" for t in gap.texts)]
        else:
            inside += [comment, *(f"  - {{q: {_quoted(t)}, topic: {label}}}" for t in gap.texts)]
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["in_domain:" if inside else "in_domain: []", *inside]
    lines += ["out_of_domain:" if outside else "out_of_domain: []", *outside]
    return "\n".join(lines) + "\n"


def _label(gap: Gap) -> str | None:
    """The dev-set label a group's questions probably have: a topic id, "flow" or "tip"; None for
    questions no topic answers yet."""
    if gap.target is None or gap.advice not in (Advice.ADD_EXAMPLE, Advice.ANSWERED):
        return None
    return "flow" if gap.target.startswith(FLOW_PREFIX) else gap.target


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line (JSON's escapes are YAML's)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)
