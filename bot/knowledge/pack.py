"""Loading a knowledge folder: every file is read, validated and turned into typed objects."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from bot.gc_pause import paused_collection
from bot.knowledge.aspects import read_aspects
from bot.knowledge.catalog import Catalog, read_catalog
from bot.knowledge.evidence import Evidence, read_sources
from bot.knowledge.fields import FieldReader, Problem
from bot.knowledge.flows import read_flow
from bot.knowledge.language import check_declared, read_chatter, read_follow_ups, read_lexicon, unused_concepts
from bot.knowledge.model import Chatter, Command, FollowUps, Knowledge, Lexicon, Source, Tip, TipWords, Topic
from bot.knowledge.scoring_file import read_scoring
from bot.knowledge.topics import ID_PATTERN, MIN_EXAMPLES, PAYLOAD_PATTERN, read_tips, read_topic
from bot.knowledge.yamlfile import YamlError, YamlFile, read_yaml
from bot.normalize import normalize

__all__ = ["ID_PATTERN", "MIN_EXAMPLES", "OPTIONAL_MESSAGES", "PAYLOAD_PATTERN", "REQUIRED_MESSAGES", "REQUIRED_TOPICS",
           "KnowledgeError", "bundled_knowledge_dir", "load_knowledge", "read_pack"]

REQUIRED_MESSAGES = (
    "fallback", "clarify", "empty", "too_long", "expired", "nothing_to_cancel", "nothing_to_go_back",
    "cancelled", "restarted", "first_step", "cannot_skip", "no_details", "more_button", "tip",
    "selected", "nothing_selected", "done_button", "flow_resume", "not_understood", "error", "rate_limited",
    "nothing_to_skip", "no_topic_yet", "understood", "assumed",
)
OPTIONAL_MESSAGES = {
    "tip_about": "**Tip about {subject}:** {text}",
    "another_tip_about": "Another tip about {subject}",
    "tip_no_subject": "I have no tips about \u201c{subject}\u201d yet. Here is a general one.",
    "feedback_thanks": "Thanks for your feedback.",
    "feedback_ask": "Sorry that didn't help. What were you looking for?",
    "feedback_something_else": "Something else",
    "feedback_other": "Thanks, noted. Ask me again in other words, or type **help** to see what I can do.",
    "clarify_platform": "Did you mean the general question, or {platforms} in particular?",
    "platform_button": "About {platforms}",
    "uncovered_platform": "{platform} is not in my platform catalog, so I can't tell you how well it would work for "
                          "you. I cover {covered}. I can explain how to judge whether any platform fits you, or walk "
                          "you through choosing yours.",
}
"""Sentences a pack may override; these are used when it does not."""
REQUIRED_TOPICS = ("greeting", "help")
"""Topics the advisor itself answers with (/start, help, start over): every pack needs them."""


class KnowledgeError(Exception):
    """The pack has errors; `problems` lists them with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.error]
        super().__init__("knowledge pack has errors:\n" + "\n".join(str(p) for p in errors[:20]))
        self.problems = problems


def bundled_knowledge_dir() -> Path:
    """The knowledge pack shipped with the advisor."""
    import knowledge

    return Path(knowledge.__file__).resolve().parent


def load_knowledge(directory: Path | None = None) -> Knowledge:
    """Load and validate a pack. Raises KnowledgeError when it has errors (warnings are fine)."""
    with paused_collection():
        knowledge, problems = read_pack(directory or bundled_knowledge_dir())
    if knowledge is None or any(p.error for p in problems):
        raise KnowledgeError(problems)
    return knowledge


def read_pack(directory: Path, today: date | None = None) -> tuple[Knowledge | None, list[Problem]]:
    """Read a pack, returning it (None when unusable) and every problem found.

    `today` (default: the current date) decides which review dates have passed (warnings)."""
    today = today or date.today()
    problems: list[Problem] = []
    if not directory.is_dir():
        return None, [Problem(directory, 0, "not a folder")]

    unreadable: set[Path] = set()

    loaded: dict[Path, YamlFile] = {}

    def load(path: Path) -> YamlFile | None:
        """The parsed file (parsed once), or None when unreadable (reported once)."""
        if path in loaded:
            return loaded[path]
        if path in unreadable:
            return None
        try:
            loaded[path] = read_yaml(path)
            return loaded[path]
        except YamlError as exc:
            problems.append(Problem(exc.path, exc.line, f"invalid YAML: {exc.message}"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path, 0, f"cannot read: {exc}"))
        unreadable.add(path)
        return None

    sources: dict[str, Source] = {}
    sources_path = directory / "sources.yaml"
    if sources_path.exists() and (file := load(sources_path)) is not None:
        sources = read_sources(FieldReader(file, problems), today)
    evidence = Evidence(sources, today)

    topics: dict[str, Topic] = {}
    topic_files: dict[str, tuple[FieldReader, tuple[str | int, ...]]] = {}
    for path in sorted((directory / "topics").glob("*.yaml")):
        file = load(path)
        if file is None:
            continue
        reader = FieldReader(file, problems)
        entries = file.data.get("topics") if isinstance(file.data, dict) and "topics" in file.data else None
        items: list[tuple[Any, tuple[str | int, ...]]] = (
            [(e, ("topics", i)) for i, e in enumerate(entries)] if isinstance(entries, list) else [(file.data, ())])
        for data, at in items:
            topic = read_topic(reader, data, at, evidence)
            if topic is None:
                continue
            if topic.id in topics:
                reader.report((*at, "id"), f"duplicate topic id '{topic.id}'")
                continue
            topics[topic.id] = topic
            topic_files[topic.id] = (reader, at)
    if not topics:
        problems.append(Problem(directory / "topics", 0, "no topics found"))
    def broken_ids() -> set[str]:
        """Ids an unreadable file probably defines: its error is reported once, and references to them
        are not reported again as unknown (they are the consequence, not the mistake)."""
        return {i for path in unreadable for i in _ids_in(path)}

    known_topics = set(topics) | broken_ids()
    for required in REQUIRED_TOPICS:
        if topics and required not in known_topics:
            problems.append(Problem(directory / "topics", 0, f"missing the topic '{required}' (every pack needs it)"))

    commands, tip_requests, tip_words = _read_commands(load, directory / "commands.yaml", problems)
    messages = _read_messages(load, directory / "messages.yaml", problems)
    synonyms = _read_synonyms(load, directory / "synonyms.yaml", problems)

    lexicon, chatter, follow_ups = Lexicon(), Chatter(), FollowUps()
    concepts_reader = None
    if (path := directory / "concepts.yaml").exists() and (file := load(path)) is not None:
        concepts_reader = FieldReader(file, problems)
        lexicon = read_lexicon(concepts_reader, synonyms, duplicates=directory / "synonyms.yaml" not in unreadable)
    if (path := directory / "chatter.yaml").exists() and (file := load(path)) is not None:
        chatter = read_chatter(FieldReader(file, problems))
    if (path := directory / "followups.yaml").exists() and (file := load(path)) is not None:
        follow_ups = read_follow_ups(FieldReader(file, problems))

    flows = {}
    for path in sorted((directory / "flows").glob("*.yaml")):
        file = load(path)
        if file is not None:
            flow_reader = FieldReader(file, problems)
            flow = read_flow(flow_reader)
            if flow is not None:
                flows[flow.id] = flow
                check_declared(flow_reader, (), flow.concepts, lexicon, f"flow '{flow.id}'")

    catalog, scoring = Catalog(), None
    catalog_path = directory / "platforms" / "catalog.yaml"
    if catalog_path.exists():
        file = load(catalog_path)
        if file is not None:
            catalog = read_catalog(FieldReader(file, problems), evidence)
    scoring_path = directory / "platforms" / "scoring.yaml"
    if scoring_path.exists():
        file = load(scoring_path)
        if file is not None:
            scoring = read_scoring(FieldReader(file, problems))

    phrases = None
    aspects_path = directory / "platforms" / "aspects.yaml"
    if aspects_path.exists() and (file := load(aspects_path)) is not None:
        phrases = read_aspects(FieldReader(file, problems), known_topics, set(lexicon.concepts) or None)

    tips_path = directory / "tips.yaml"
    tips: tuple[Tip, ...] = ()
    if tips_path.exists() and (file := load(tips_path)) is not None:
        tips = read_tips(FieldReader(file, problems), known_topics, set(catalog.platforms) | broken_ids(), evidence)

    known_flows = set(flows) | broken_ids()
    for topic_id, (reader, at) in topic_files.items():
        topic = topics[topic_id]
        check_declared(reader, at, topic.concepts, lexicon, f"topic '{topic_id}'")
        for i, rel in enumerate(topic.related):
            if rel not in known_topics:
                reader.report((*at, "related", i), f"unknown related topic id '{rel}'")
        for i, button in enumerate(topic.buttons):
            kind, _, target = button.payload.partition(":")
            known: set[str] = {"topic": known_topics, "more": known_topics, "flow": known_flows,
                               "cmd": {c.value for c in Command}}[kind]
            if target not in known:
                reader.report((*at, "buttons", i), f"button payload '{button.payload}' points nowhere")

    tip_concepts: tuple[str, ...] = ()
    if (path := directory / "commands.yaml").exists() and (file := load(path)) is not None:
        commands_reader = FieldReader(file, problems)
        if isinstance(file.data, dict):
            tip_concepts = commands_reader.text_list(file.data, (), "tip_concepts", required=False)
        check_declared(commands_reader, (), tip_concepts, lexicon, "tip requests")
    if concepts_reader is not None:
        declared = {c for t in topics.values() for c in t.concepts} | {c for f in flows.values() for c in f.concepts}
        declared |= set(tip_concepts)
        unused_concepts(concepts_reader, lexicon, declared)

    knowledge = Knowledge(
        topics=topics, tips=tips, commands=commands, tip_requests=tip_requests, tip_words=tip_words,
        messages=messages, flows=flows, platforms=catalog.platforms, scoring=scoring, synonyms=synonyms,
        sources=sources, catalog_review_by=catalog.review_by, catalog_sources=catalog.sources,
        minors_note=catalog.minors_note, uncovered_platforms=catalog.not_covered, platform_phrases=phrases,
        lexicon=lexicon, tip_concepts=tip_concepts, chatter=chatter, follow_ups=follow_ups,
    )
    return knowledge, problems


_ID_LINE = re.compile(r"^\s*(?:-\s+)?id:\s*[\"']?([a-z0-9][a-z0-9-]*)", re.MULTILINE)


def _ids_in(path: Path) -> set[str]:
    """The ids an unparsable file seems to define: its name, and every `id:` line in it."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return {path.stem, *_ID_LINE.findall(text)}


def _read_commands(
    load: Any, path: Path, problems: list[Problem]
) -> tuple[dict[Command, tuple[str, ...]], tuple[str, ...], TipWords]:
    file = load(path) if path.exists() else None
    if file is None:
        if not path.exists():
            problems.append(Problem(path, 0, "missing file"))
        return {}, (), TipWords()
    reader = FieldReader(file, problems)
    obj = reader.mapping(file.data, (), "commands.yaml") or {}
    reader.unknown_fields(obj, (), {c.value for c in Command} | {"tip_requests", "tip_subjects", "tip_concepts"})
    commands = {c: reader.text_list(obj, (), c.value) for c in Command}
    return commands, reader.text_list(obj, (), "tip_requests"), _read_tip_words(reader, obj)


def _read_tip_words(reader: FieldReader, obj: dict[str, Any]) -> TipWords:
    """`tip_subjects: {words: [...], fillers: [...]}`: what asks for a tip on a subject ("a tip about
    LinkedIn") and the words around the subject that are not part of it."""
    raw = obj.get("tip_subjects")
    if raw is None:
        return TipWords()
    section = reader.mapping(raw, ("tip_subjects",), "'tip_subjects'") or {}
    reader.unknown_fields(section, ("tip_subjects",), {"words", "fillers"})
    words, fillers = (tuple(normalize(w) for w in reader.text_list(section, ("tip_subjects",), key))
                      for key in ("words", "fillers"))
    return TipWords(frozenset(w for w in words if w), frozenset(w for w in fillers if w))


def _read_messages(load: Any, path: Path, problems: list[Problem]) -> dict[str, str]:
    file = load(path) if path.exists() else None
    if file is None:
        if not path.exists():
            problems.append(Problem(path, 0, "missing file"))
        return {}
    reader = FieldReader(file, problems)
    obj = reader.mapping(file.data, (), "messages.yaml") or {}
    messages = {}
    for name in REQUIRED_MESSAGES:
        text = reader.text(obj, (), name)
        if text is not None:
            messages[name] = text
    for name, default in OPTIONAL_MESSAGES.items():
        messages[name] = reader.text(obj, (), name, required=False) or default
    reader.unknown_fields(obj, (), {*REQUIRED_MESSAGES, *OPTIONAL_MESSAGES})
    return messages


def _read_synonyms(load: Any, path: Path, problems: list[Problem]) -> dict[str, str]:
    file = load(path) if path.exists() else None
    if file is None:
        return {}
    reader = FieldReader(file, problems)
    obj = reader.mapping(file.data, (), "synonyms.yaml") or {}
    reader.unknown_fields(obj, (), {"groups"})
    groups = obj.get("groups")
    if not isinstance(groups, list):
        reader.report((), "synonyms.yaml needs a list of word lists under 'groups'")
        return {}
    synonyms: dict[str, str] = {}
    for i, group in enumerate(groups):
        if not isinstance(group, list) or len(group) < 2:
            reader.report(("groups", i), "each group is a list of at least two words")
            continue
        words = [normalize(str(w)) for w in group]
        for j, word in enumerate(words):
            if not word or " " in word:
                reader.report(("groups", i, j), f"{group[j]!r} must be one word")
            elif word in synonyms and synonyms[word] != words[0]:
                reader.report(("groups", i, j), f"'{word}' is already in the group of '{synonyms[word]}'")
            else:
                synonyms[word] = words[0]
    return {w: c for w, c in synonyms.items() if w != c}
