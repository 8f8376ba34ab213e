"""Reading a message: sentences (chatter removed, weighed), typos corrected, synonyms folded, concept
phrases and platform names found, and the evidence that the message is about the domain.

Evidence (`Reading.evidence`): each concept found counts once, 1.0 for a strong hit and `WEAK` for a
weak one (an ambiguous word alone: "engagement", "network"); platform names count the same way. One
weak hit alone is no evidence; two are enough for a "did you mean", three for an answer (see
MatchSettings). A message whose every meaningful word belongs to a phrase of the domain ("what are the
good practices?"), words that only ask how good or important something is aside ("is our strategy any
good?"), counts as one strong hit: nothing in it points anywhere else. A message made only of chatter
("hi!", "thanks a lot"), or with a sentence at least half made of small talk (the concepts of the
small-talk topics: "cheers, that helps a lot"), is evidence by itself: it is talking to the advisor.
A question that names nothing ("is she right?") while its context does gets its context weighed as
referred to (`Cleaner.referred_weight`). When nothing in a message asks and its evidence is only in the
chatter removed ("That's what I needed. Thanks so much!"), it is read with its chatter.
`Reading.out_evidence` sums the out-of-scope concepts found ("password", "who owns"); a message whose
out-of-scope evidence is more than its strong evidence on concepts (platform names and weak hits do not
count against it) is not for the advisor, and one where both are equal is at most offered a "did you
mean". Unknown words ("bakery", "founder") count for nothing either way.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from bot.knowledge.model import ConceptScope
from bot.matching.cleanup import Cleaner, Segment
from bot.matching.lexicon import PLATFORM_PREFIX, Hit, PhraseIndex
from bot.matching.self_description import SelfDescriptions
from bot.matching.typos import TypoCorrector
from bot.normalize import FRAMING, SKIPPABLE, STOPWORDS, stem, theirs_marks

__all__ = ["WEAK", "Reader", "Reading", "Sentence"]

WEAK = 0.4
"""The evidence of a weak hit (an ambiguous word or phrase alone)."""
_CACHE = 1024
_COMMON = frozenset(stem(w) for w in STOPWORDS)
_FRAMING = frozenset(stem(w) for w in FRAMING)
"""`bot.normalize.FRAMING`: "is our strategy any good?", "how important is consistency?" are all domain
words but for them."""


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    """Normalised, typos corrected, synonyms folded."""
    weight: float
    asks: bool
    stems: tuple[str, ...]
    """The stems of its words (articles and possessives dropped), as phrases are matched."""
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Reading:
    sentences: tuple[Sentence, ...]
    evidence: float
    out_evidence: float
    strong_evidence: float
    """The part of `evidence` made of strong hits on concepts (platform names and chatter left out)."""
    platforms: tuple[str, ...]
    """Catalog ids of the platforms named, in order of appearance."""

    @property
    def question(self) -> str:
        """The text of the sentences that ask (all of them when none does)."""
        asking = [s.text for s in self.sentences if s.weight >= 1.0]
        return " ".join(asking or [s.text for s in self.sentences])

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def concepts(self, *scopes: ConceptScope) -> dict[str, float]:
        """Concepts found (of the given scopes), each with the weight of its heaviest sentence."""
        found: dict[str, float] = {}
        for sentence in self.sentences:
            for hit in sentence.hits:
                if hit.scope in scopes and not hit.concept.startswith(PLATFORM_PREFIX):
                    found[hit.concept] = max(found.get(hit.concept, 0.0), sentence.weight)
        return found


class Reader:
    """Built once per knowledge pack; `read` is a pure function of the text (cached)."""

    def __init__(self, cleaner: Cleaner, corrector: TypoCorrector, index: PhraseIndex,
                 synonyms: Mapping[str, str] | None = None, chat_concepts: frozenset[str] = frozenset(),
                 self_descriptions: Iterable[str] = (), asks: Iterable[str] = ()) -> None:
        """`self_descriptions` and `asks` are chatter.yaml's normalised phrases: where a description of
        the asker's business starts, and (single words) where it ends (see bot.matching.self_description)."""
        self._chat = chat_concepts
        self._cleaner = cleaner
        self._corrector = corrector
        self._index = index
        self._synonyms = dict(synonyms or {})
        self._described = SelfDescriptions((self.canonical(d) for d in self_descriptions),
                                           (self.canonical(a) for a in asks if " " not in a))
        self._cache: OrderedDict[str, Reading] = OrderedDict()

    def canonical(self, normalized: str) -> str:
        """Typos corrected and synonyms folded."""
        words = (self._corrector.word(w) for w in normalized.split())
        return " ".join(self._synonyms.get(w, w) for w in words)

    def read(self, text: str) -> Reading:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        reading = self._read(text)
        self._cache[text] = reading
        if len(self._cache) > _CACHE:
            self._cache.popitem(last=False)
        return reading

    def _read(self, text: str) -> Reading:
        reading = self._reading(self._cleaner.segments(text))
        if reading.evidence < 1.0 and not any(s.asks for s in reading.sentences):
            whole = self._reading(self._cleaner.segments(text, keep_chatter=True))
            if whole.evidence >= 1.0:
                return whole
        return self._bare_question(reading)

    def _bare_question(self, reading: Reading) -> Reading:
        """A question that names nothing ("is she right?", "where do I even begin?") asks about its
        context: the context then weighs as when the question points back to it."""
        sentences = reading.sentences
        asking = [s for s in sentences if s.weight >= 1.0]
        if len(asking) == len(sentences) or any(s.hits for s in asking) or not any(s.hits for s in sentences):
            return reading
        weight = self._cleaner.referred_weight
        heavier = tuple(s if s.weight >= weight else replace(s, weight=weight) for s in sentences)
        return replace(reading, sentences=heavier)

    def _reading(self, segments: list[Segment]) -> Reading:
        sentences = []
        for segment in segments:
            canonical = self.canonical(segment.text)
            words = canonical.split()
            kept = [i for i, w in enumerate(words) if w not in SKIPPABLE]
            stems = tuple(stem(words[i]) for i in kept)
            hits = tuple(self._index.find(stems, theirs_marks(words))) if self._index else ()
            if hits and self._described:
                described = self._described.words(words)
                hits = self._market_out(hits, frozenset(n for n, i in enumerate(kept) if i in described))
            sentences.append(Sentence(canonical, segment.weight, segment.asks, stems, hits))
        strength: dict[str, float] = {}
        platforms: dict[str, None] = {}
        for sentence in sentences:
            for hit in sentence.hits:
                add = WEAK if hit.weak else 1.0  # weak phrases of one concept add up: "which metrics... report"
                strength[hit.concept] = min(1.0, strength.get(hit.concept, 0.0) + add)
                if hit.concept.startswith(PLATFORM_PREFIX):
                    platforms.setdefault(hit.concept[len(PLATFORM_PREFIX):], None)
        scopes = {h.concept: h.scope for s in sentences for h in s.hits}
        inside = [v for c, v in strength.items() if scopes[c] is not ConceptScope.OUT]
        evidence = sum(inside)
        if any(s.chatter for s in segments) or any(self._mostly_chat(s) for s in sentences):
            evidence += 1.0
        elif 0 < evidence < 1.0 and all(self._only_domain(s) for s in sentences):
            evidence = 1.0
        out = sum(v for c, v in strength.items() if scopes[c] is ConceptScope.OUT)
        strong = sum(v for c, v in strength.items() if v >= 1.0 and scopes[c] is not ConceptScope.OUT
                     and not c.startswith(PLATFORM_PREFIX))
        return Reading(tuple(sentences), evidence, out, strong, tuple(platforms))

    @staticmethod
    def _market_out(hits: tuple[Hit, ...], described: frozenset[int]) -> tuple[Hit, ...]:
        """Out-of-scope phrases found only in what describes the asker's business are its market, not
        the question's subject: "we sell accounting software" does not make a message about accounting."""
        if not described:
            return hits
        return tuple(h for h in hits if h.scope is not ConceptScope.OUT or not described.issuperset(h.positions))

    @staticmethod
    def _only_domain(sentence: Sentence) -> bool:
        """Every meaningful word of the sentence but the framing ones is part of a phrase found in it:
        "what are the good practices?" and "is our strategy any good?" are all domain words, "good
        practices for washing a wool sweater" is not."""
        covered: set[int] = set()
        for hit in sentence.hits:
            if hit.scope is not ConceptScope.OUT:
                covered.update(hit.positions)
        return all(i in covered for i, s in enumerate(sentence.stems) if s not in _COMMON and s not in _FRAMING)

    def _mostly_chat(self, sentence: Sentence) -> bool:
        """At least half of the sentence's words are small talk ("cheers, that helps a lot")."""
        covered: set[int] = set()
        for hit in sentence.hits:
            if hit.concept in self._chat:
                covered.update(hit.positions)
        return bool(covered) and 2 * len(covered) >= len(sentence.stems)
