"""What the matcher matches against, built from a knowledge pack."""

from __future__ import annotations

from bot.knowledge.model import Knowledge, TopicKind
from bot.matching.calibration import Calibration
from bot.matching.lexicon import platform_names
from bot.matching.matcher import Intent, Matcher, MatchSettings

TIP_INTENT = "tip"
FLOW_PREFIX = "flow:"


def intents_of(knowledge: Knowledge) -> list[Intent]:
    """Every topic, every flow's triggers (as "flow:<id>") and the tip requests (as "tip")."""
    intents = [Intent(t.id, (t.title, *t.examples), t.keywords, t.concepts) for t in knowledge.topics.values()]
    intents += [Intent(f"{FLOW_PREFIX}{f.id}", f.triggers, (), f.concepts)
                for f in knowledge.flows.values() if f.triggers]
    if knowledge.tip_requests:
        intents.append(Intent(TIP_INTENT, knowledge.tip_requests, (), knowledge.tip_concepts))
    return intents


def build_matcher(knowledge: Knowledge, settings: MatchSettings | None = None,
                  calibration: Calibration | None = None) -> Matcher:
    chat = {c for t in knowledge.topics.values() if t.kind is TopicKind.SMALLTALK for c in t.concepts}
    return Matcher(intents_of(knowledge), settings, knowledge.synonyms, knowledge.lexicon, knowledge.chatter,
                   platform_names(knowledge.platforms), calibration, references=knowledge.follow_ups.references,
                   chat_concepts=chat, spelled=_platform_question_words(knowledge))


def _platform_question_words(knowledge: Knowledge) -> set[str]:
    """The words of the phrases that ask something of a platform (platforms/aspects.yaml)."""
    phrases = knowledge.platform_phrases
    if phrases is None:
        return set()
    found = [*phrases.aspect_phrases(), *phrases.compare, *phrases.compare_cues, *phrases.business_words]
    return {w for p in found for w in p.split()}
