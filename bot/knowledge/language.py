"""Reading how people talk: the concept lexicon (concepts.yaml), chatter around questions (chatter.yaml)
and follow-ups (followups.yaml). Problems are reported with file and line, never raised.

Concept rules checked here (knowledge/README.md, "The concept lexicon"):
- ids are lowercase letters, digits and dashes; `scope` is topic (default), domain or out; `weight`
  (optional, 0.1 to 3, default 1) how much the concept counts when ranking topics;
- a phrase must keep at least one word once articles and possessives are dropped, and a phrase of one
  or two words may not be made only of common words (what, it, with...);
- a phrase may belong to one concept only (compared after synonyms and stemming: "lurker" = "lurkers");
- a topic or flow may only declare known concepts of scope topic (`check_declared`);
- a topic-scope concept that no topic or flow declares is reported as a warning (`unused_concepts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.knowledge.fields import FieldReader
from bot.knowledge.model import Chatter, Concept, ConceptScope, FollowUps, Lexicon
from bot.knowledge.yamlfile import Path_
from bot.normalize import STOPWORDS, normalize, phrase_stems, stem

__all__ = ["check_declared", "read_chatter", "read_follow_ups", "read_lexicon", "unused_concepts"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CONCEPT_FIELDS = {"phrases", "scope", "weight"}
_COMMON = frozenset(stem(w) for w in STOPWORDS)


def read_lexicon(reader: FieldReader, synonyms: dict[str, str], duplicates: bool = True) -> Lexicon:
    """The lexicon; `duplicates` False skips the phrase-claimed-twice check (synonyms.yaml is broken,
    so phrases cannot be compared the way they are matched: that file's error is enough)."""
    obj = reader.mapping(reader.file.data, (), "concepts.yaml") or {}
    reader.unknown_fields(obj, (), {"concepts", "ambiguous", "distinctive"})
    ambiguous, distinctive = (tuple(p for p in (normalize(a) for a in reader.text_list(obj, (), key, required=False))
                                    if p) for key in ("ambiguous", "distinctive"))
    raw = obj.get("concepts")
    if not isinstance(raw, dict) or not raw:
        reader.report(("concepts",), "concepts.yaml needs a mapping 'concepts' of concept ids to their phrases")
        return Lexicon({}, ambiguous, distinctive)
    owners: dict[tuple[str, ...], str] = {}
    concepts: dict[str, Concept] = {}
    for concept_id, body in raw.items():
        at: Path_ = ("concepts", str(concept_id))
        if not isinstance(concept_id, str) or not _ID.match(concept_id):
            reader.report(at, f"concept id '{concept_id}' must be lowercase letters, digits and dashes")
            continue
        entry = reader.mapping(body, at, f"concept '{concept_id}'")
        if entry is None:
            continue
        reader.unknown_fields(entry, at, _CONCEPT_FIELDS)
        scope_text = reader.text(entry, at, "scope", required=False) or ConceptScope.TOPIC.value
        if scope_text not in {s.value for s in ConceptScope}:
            reader.report((*at, "scope"), f"scope must be one of: {', '.join(s.value for s in ConceptScope)}")
            continue
        phrases = []
        for i, phrase in enumerate(reader.text_list(entry, at, "phrases")):
            key = phrase_stems(normalize(phrase), synonyms)
            if not key:
                reader.report((*at, "phrases", i), f"phrase {phrase!r} has no word left once articles are dropped")
                continue
            if len(key) < 3 and all(word in _COMMON for word in key):
                reader.report((*at, "phrases", i), f"phrase {phrase!r} is too common (one or two words such as "
                                                    "what, it, with): it would match almost any message")
                continue
            owner = owners.setdefault(key, concept_id)
            if owner != concept_id and duplicates:
                reader.report((*at, "phrases", i), f"phrase {phrase!r} of '{concept_id}' is already a phrase "
                                                    f"of '{owner}' (a phrase signals one concept)")
                continue
            phrases.append(phrase)
        weight = reader.number(entry, at, "weight", required=False, low=0.1, high=3)
        concepts[concept_id] = Concept(concept_id, tuple(phrases), ConceptScope(scope_text),
                                       1.0 if weight is None else weight)
    return Lexicon(concepts, ambiguous, distinctive)


def check_declared(reader: FieldReader, at: Path_, declared: Iterable[str], lexicon: Lexicon, owner: str) -> None:
    """Report the concepts a topic or flow declares that the lexicon does not have (or that are not
    of scope topic), at the line of each."""
    for i, concept_id in enumerate(declared):
        concept = lexicon.concepts.get(concept_id)
        if concept is None:
            reader.report((*at, "concepts", i), f"{owner} declares the unknown concept '{concept_id}'")
        elif concept.scope is not ConceptScope.TOPIC:
            reader.report((*at, "concepts", i), f"{owner} declares '{concept_id}', a concept of scope "
                                                f"'{concept.scope.value}' (only scope 'topic' answers questions)")


def unused_concepts(reader: FieldReader, lexicon: Lexicon, declared: set[str]) -> None:
    """Warn about topic-scope concepts that no topic or flow declares: they can never pick an answer."""
    for concept in lexicon.concepts.values():
        if concept.scope is ConceptScope.TOPIC and concept.id not in declared:
            reader.report(("concepts", concept.id), f"concept '{concept.id}' is declared by no topic or flow",
                          error=False)


def read_chatter(reader: FieldReader) -> Chatter:
    obj = reader.mapping(reader.file.data, (), "chatter.yaml") or {}
    reader.unknown_fields(obj, (), {"openers", "closers", "asks", "self_descriptions"})
    openers, closers, asks = (_phrases(reader, obj, key) for key in ("openers", "closers", "asks"))
    described = _phrases(reader, obj, "self_descriptions") if "self_descriptions" in obj else ()
    return Chatter(openers, closers, asks, self_descriptions=described)


def read_follow_ups(reader: FieldReader) -> FollowUps:
    obj = reader.mapping(reader.file.data, (), "followups.yaml") or {}
    reader.unknown_fields(obj, (), {"phrases", "leads", "references"})
    return FollowUps(*(_phrases(reader, obj, key) for key in ("phrases", "leads", "references")))


def _phrases(reader: FieldReader, obj: dict[str, Any], key: str) -> tuple[str, ...]:
    """Normalised phrases, each once; one that normalises to nothing is reported."""
    out: dict[str, None] = {}
    for i, phrase in enumerate(reader.text_list(obj, (), key)):
        normalized = normalize(phrase)
        if not normalized:
            reader.report((key, i), f"{key} item {phrase!r} has no letters or digits")
        out.setdefault(normalized, None)
    return tuple(p for p in out if p)
