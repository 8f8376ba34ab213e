"""When a question that names a platform is really about a topic: "how often should we use hashtags on
Instagram?" is the hashtags topic, while "how often should we post on Instagram?" is a platform answer."""

from __future__ import annotations

from collections import Counter

from bot.knowledge.model import Aspect, Knowledge, TopicKind
from bot.normalize import content_stems, normalize
from bot.platform_answers.question import PlatformQuestion

__all__ = ["TopicPreference"]

_SPECIFIC = 8


class TopicPreference:
    """Built once per pack. A topic the matcher is confident about wins over the platform answer when
    the question's other words (besides platforms, aspect phrases and values) are that topic's words,
    unless the topic is the platform-free form of the aspect asked (aspects.yaml, topic_aspects:
    "posting-frequency" for "how often")."""

    def __init__(self, knowledge: Knowledge) -> None:
        words = {t.id: {s for text in (t.title, *t.examples, *t.keywords) for s in content_stems(normalize(text))}
                 for t in knowledge.topics.values() if t.kind is TopicKind.TOPIC}
        spread = Counter(w for topic_words in words.values() for w in topic_words)
        self._words = {t: frozenset(w for w in ws if spread[w] <= _SPECIFIC) for t, ws in words.items()}
        """Each topic's own words: those of at most _SPECIFIC topics ("people", "post" say nothing)."""
        aspects = {a.value for a in Aspect}
        phrases = knowledge.platform_phrases
        self._asks = {topic: ({i for i in items if i in aspects}, {i for i in items if i not in aspects})
                      for topic, items in (phrases.topic_aspects.items() if phrases else ())}
        """topic -> (the aspects, the values) its question asks of a platform."""

    def prefers_topic(self, question: PlatformQuestion, topic: str | None) -> bool:
        if topic is None or topic not in self._words or question.write or question.compare:
            return False
        if self._same_question(question, topic):
            return False
        return bool(set(question.others) & self._words[topic])

    def _same_question(self, question: PlatformQuestion, topic: str) -> bool:
        """The topic is this question without the platform: it asks one of the aspects asked, and the
        values it implies are all named ("is LinkedIn good for SEO?" and the seo topic)."""
        aspects, values = self._asks.get(topic, (set(), set()))
        return bool(aspects & {a.value for a in question.aspects}) and values <= set(question.values)
