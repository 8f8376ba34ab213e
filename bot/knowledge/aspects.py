"""Reading platforms/aspects.yaml: the phrases that make a message a platform question and say what
it asks about (fit, audience, frequency...), compare two platforms, ask for a written post, or rule
the question out (account support, app problems, platform news).

Phrases are normalised like questions (bot.normalize.normalize) and matched as whole words.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from bot.knowledge.fields import FieldReader
from bot.knowledge.model import Aspect, PlatformPhrases
from bot.knowledge.vocabulary import AGES, FORMATS, GOALS, MARKETS
from bot.knowledge.yamlfile import Path_
from bot.normalize import normalize

__all__ = ["read_aspects"]

_LISTS = ("compare", "compare_cues", "write", "write_exclusions", "not_about_marketing", "ignore")
_OPTIONAL = ("business_words", "requests", "how_to", "in_general", "channel_words", "subject_heads", "compare_near",
             "where_words", "subject_openers", "choice_words", "crowd_words", "compare_before", "described_words",
             "context_words", "context_words_far", "asker_words", "asker_openers", "what_counts")
_VALUES = frozenset((*MARKETS, *AGES, *FORMATS, *GOALS))


def read_aspects(reader: FieldReader, topics: set[str], concepts: set[str] | None = None) -> PlatformPhrases | None:
    """`concepts`: the lexicon's concept ids, to check `question_concepts` against (None: not checked)."""
    obj = reader.mapping(reader.file.data, (), "aspects.yaml")
    if obj is None:
        return None
    reader.unknown_fields(obj, (), {"aspects", *_LISTS, *_OPTIONAL, "topic_aspects", "question_concepts",
                                    "spellings"})
    raw = reader.mapping(obj.get("aspects"), ("aspects",), "'aspects'") or {}
    aspects: dict[Aspect, tuple[str, ...]] = {}
    for name in raw:
        if str(name) not in {a.value for a in Aspect}:
            reader.report(("aspects", str(name)), f"unknown aspect '{name}' "
                          f"(valid: {', '.join(a.value for a in Aspect)})")
            continue
        aspects[Aspect(str(name))] = _phrases(reader, raw, ("aspects",), str(name))
    lists = {key: _phrases(reader, obj, (), key) for key in _LISTS}
    topic_aspects = _topic_aspects(reader, obj.get("topic_aspects"), topics)
    phrases = PlatformPhrases(aspects=aspects, compare=lists["compare"], compare_cues=lists["compare_cues"],
                              write=lists["write"], write_exclusions=lists["write_exclusions"],
                              not_about_marketing=lists["not_about_marketing"], ignore=lists["ignore"],
                              topic_aspects=topic_aspects,
                              business_words=_phrases(reader, obj, (), "business_words", required=False),
                              requests=_phrases(reader, obj, (), "requests", required=False),
                              how_to=_phrases(reader, obj, (), "how_to", required=False),
                              in_general=_phrases(reader, obj, (), "in_general", required=False),
                              channel_words=_words(reader, obj, "channel_words"),
                              subject_heads=_words(reader, obj, "subject_heads"),
                              what_counts=_phrases(reader, obj, (), "what_counts", required=False),
                              compare_near=_phrases(reader, obj, (), "compare_near", required=False),
                              where_words=_phrases(reader, obj, (), "where_words", required=False),
                              subject_openers=_phrases(reader, obj, (), "subject_openers", required=False),
                              choice_words=_phrases(reader, obj, (), "choice_words", required=False),
                              crowd_words=_phrases(reader, obj, (), "crowd_words", required=False),
                              compare_before=_phrases(reader, obj, (), "compare_before", required=False),
                              described_words=_phrases(reader, obj, (), "described_words", required=False),
                              context_words=_phrases(reader, obj, (), "context_words", required=False),
                              context_words_far=_phrases(reader, obj, (), "context_words_far", required=False),
                              asker_words=_phrases(reader, obj, (), "asker_words", required=False),
                              asker_openers=_phrases(reader, obj, (), "asker_openers", required=False),
                              question_concepts=_question_concepts(reader, obj, concepts),
                              spellings=_spellings(reader, obj.get("spellings")))
    _check_spelled(reader, phrases)
    return phrases


def _check_spelled(reader: FieldReader, phrases: PlatformPhrases) -> None:
    """A phrase holding a chat spelling never matches: messages have it written out before phrases are looked
    for ("how shud we" is "how should we")."""
    lists: list[tuple[str, ...]] = list(phrases.aspects.values())
    for field_ in fields(phrases):
        value = getattr(phrases, field_.name)
        if isinstance(value, tuple):
            lists.append(tuple(x for x in value if isinstance(x, str)))
    for phrase in dict.fromkeys(p for items in lists for p in items):
        spelled = [w for w in phrase.split() if w in phrases.spellings]
        if spelled:
            reader.report(("spellings",), f"phrase '{phrase}' holds '{spelled[0]}', which `spellings` writes out as "
                          f"'{phrases.spellings[spelled[0]]}': write that")


def _spellings(reader: FieldReader, raw: Any) -> dict[str, str]:
    """`spellings: [[should, shud, shuld], ...]`: each group's first word is the one its others spell."""
    if raw is None:
        return {}
    if not isinstance(raw, list):
        reader.report(("spellings",), "'spellings' must be a list of word groups ([should, shud, shuld])")
        return {}
    out: dict[str, str] = {}
    for i, group in enumerate(raw):
        words = [normalize(str(w)) for w in group] if isinstance(group, list) else []
        if len(words) < 2 or any(not w or " " in w for w in words):
            reader.report(("spellings", i), "a spelling group is a list of two single words or more")
            continue
        for j, word in enumerate(words[1:], 1):
            if out.setdefault(word, words[0]) != words[0]:
                reader.report(("spellings", i, j), f"'{word}' already spells '{out[word]}'")
    return out


def _question_concepts(reader: FieldReader, obj: dict[str, Any], concepts: set[str] | None) -> frozenset[str]:
    items = reader.text_list(obj, (), "question_concepts", required=False)
    if concepts is not None:
        for i, item in enumerate(items):
            if item not in concepts:
                reader.report(("question_concepts", i), f"unknown concept id '{item}' (knowledge/concepts.yaml)")
    return frozenset(items)


def _phrases(reader: FieldReader, obj: dict[str, Any], at: Path_, key: str, *,
             required: bool = True) -> tuple[str, ...]:
    out: list[str] = []
    for i, raw in enumerate(reader.text_list(obj, at, key, required=required)):
        phrase = normalize(raw)
        if not phrase:
            reader.report((*at, key, i), f"{raw!r} has no letters or digits")
        elif phrase not in out:
            out.append(phrase)
    return tuple(out)


def _words(reader: FieldReader, obj: dict[str, Any], key: str) -> tuple[str, ...]:
    """An optional list of single words (`channel_words`, `subject_heads`: they are looked up one token after
    a platform's name, so a phrase of two words could never match)."""
    words = _phrases(reader, obj, (), key, required=False)
    for i, word in enumerate(words):
        if " " in word:
            reader.report((key, i), f"'{word}' in '{key}' is more than one word")
    return tuple(w for w in words if " " not in w)


def _topic_aspects(reader: FieldReader, raw: Any, topics: set[str]) -> dict[str, tuple[str, ...]]:
    """topic id -> aspects and walk-through values its question asks of a platform."""
    if raw is None:
        return {}
    mapping = reader.mapping(raw, ("topic_aspects",), "'topic_aspects'")
    if mapping is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    valid = {a.value for a in Aspect} | _VALUES
    for topic in mapping:
        at: Path_ = ("topic_aspects", str(topic))
        if str(topic) not in topics:
            reader.report(at, f"unknown topic id '{topic}'")
            continue
        items = reader.text_list(mapping, ("topic_aspects",), str(topic))
        for i, item in enumerate(items):
            if item not in valid:
                reader.report((*at, i), f"'{item}' is neither an aspect nor a walk-through value")
        out[str(topic)] = tuple(i for i in items if i in valid)
    return out
