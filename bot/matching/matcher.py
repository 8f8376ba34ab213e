"""Question matching: an inverted word index picks candidates, then rapidfuzz and word coverage rank them.

Scoring, per candidate intent:
- coverage: the share of the question's meaningful words (weighted by rarity, unknown words weigh the
  most) that the intent's examples and keywords contain;
- similarity: the best rapidfuzz score between the question and one of the intent's examples.
score = COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * similarity, in 0..1.
The thresholds in MatchSettings were tuned on the dev sets (tests/data/dev*.yaml) (see README, "Matching").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.normalize import STOPWORDS, content_stems, normalize


@dataclass(frozen=True, slots=True)
class Intent:
    """Something a question can be about: a topic, a flow trigger or a tip request."""

    id: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True, slots=True)
class MatchSettings:
    answer_threshold: float = 0.64
    clarify_threshold: float = 0.6
    margin: float = 0.01
    coverage_weight: float = 0.5
    candidates: int = 8
    max_clarify: int = 3
    scorer: str = "token_set_ratio"
    unknown_weight: float = 1.0
    length_power: float = 0.5
    """A question much shorter than the example it matches scores (q/e words) ** length_power of the
    fuzzy score: "lots" is not the example "lots of people see our posts but few react"."""
    """How much a word the knowledge never uses weighs, relative to the rarest known word."""
    """The rapidfuzz.fuzz scorer comparing a question with one example."""


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome: `best` is set for a confident answer; `choices` for a "did you mean"; neither
    for a fallback. `candidates` are the ranked scores, best first."""

    best: Candidate | None
    choices: tuple[Candidate, ...]
    candidates: tuple[Candidate, ...]


_NO_MATCH = Match(None, (), ())


class Matcher:
    """Matches normalised questions to intents. Built once per knowledge pack; read-only after."""

    def __init__(self, intents: Iterable[Intent], settings: MatchSettings | None = None,
                 synonyms: dict[str, str] | None = None) -> None:
        self.settings = settings or MatchSettings()
        self._synonyms = synonyms or {}
        self._scorer = getattr(fuzz, self.settings.scorer)
        self._ids: list[str] = []
        self._examples: list[list[str]] = []
        self._vocab: list[frozenset[str]] = []
        self._exact: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        words: set[str] = set()
        frequency: dict[str, int] = defaultdict(int)
        for index, intent in enumerate(intents):
            normalized = [n for n in (self._canonical(normalize(e)) for e in intent.examples) if n]
            stems: set[str] = set()
            for text in (*normalized, *(self._canonical(normalize(k)) for k in intent.keywords)):
                for word in text.split():
                    words.add(word)
                    frequency[word] += 1
                stems.update(content_stems(text))
                self._exact.setdefault(text, index)
            self._ids.append(intent.id)
            self._examples.append(normalized)
            self._vocab.append(frozenset(stems))
            for s in stems:
                postings[s].append(index)
        count = max(len(self._ids), 1)
        self._postings = dict(postings)
        self._idf = {s: math.log(1 + count / len(p)) for s, p in postings.items()}
        self._unknown_idf = math.log(1 + count) * self.settings.unknown_weight
        words.update(STOPWORDS)
        words.update(self._synonyms)
        pools: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(words):
            for length in (len(word) - 1, len(word), len(word) + 1):
                pools[(word[0], length)].append(word)
        self._words = frozenset(words)
        self._frequency = dict(frequency)
        self._typo_pools = dict(pools)
        """Known words by (first letter, length +-1): a typo's candidates, prepared once."""

    def _canonical(self, normalized: str) -> str:
        if not self._synonyms:
            return normalized
        return " ".join(self._synonyms.get(w, w) for w in normalized.split())

    def correct(self, normalized: str) -> str:
        """Replace unknown words by the nearest known word of about the same length and the same first
        letter (one typo, two in words of 9 letters or more; a swap of two letters counts as one)."""
        out = []
        for word in normalized.split():
            if word in self._words or len(word) < 4 or not word.isalpha():
                out.append(word)
                continue
            pool = self._typo_pools.get((word[0], len(word)), ())
            found = process.extract(word, pool, scorer=OSA.distance, limit=8,
                                    score_cutoff=1 if len(word) < 9 else 2)
            if not found:
                out.append(word)
                continue
            # Several words equally close ("waht": what, want): the one the knowledge uses most.
            nearest = min(distance for _, distance, _ in found)
            out.append(max((w for w, d, _ in found if d == nearest), key=lambda w: self._frequency.get(w, 0)))
        return " ".join(out)

    def match(self, text: str) -> Match:
        """Rank intents for a question. Never raises; an empty or meaningless question gives no match."""
        normalized = normalize(text)
        if not normalized:
            return _NO_MATCH
        exact = self._exact.get(normalized)
        if exact is not None:
            best = Candidate(self._ids[exact], 1.0)
            return Match(best, (), (best,))
        corrected = self._canonical(self.correct(normalized))
        exact = self._exact.get(corrected)
        if exact is not None:
            best = Candidate(self._ids[exact], 0.95)
            return Match(best, (), (best,))
        query = content_stems(corrected)
        if not query:
            return _NO_MATCH
        ranked = self._rank(corrected, query)
        return self._decide(ranked)

    def _rank(self, corrected: str, query: list[str]) -> list[Candidate]:
        settings = self.settings
        weights = {s: self._idf.get(s, self._unknown_idf) for s in query}
        total = sum(weights.values())
        partial: dict[int, float] = defaultdict(float)
        for s in sorted((s for s in query if s in self._postings), key=lambda s: len(self._postings[s])):
            postings = self._postings[s]
            if len(partial) >= settings.candidates and len(postings) > 4 * settings.candidates:
                break
            for index in postings:
                partial[index] += weights[s]
        if not partial:
            return []
        shortlist = sorted(partial, key=partial.__getitem__, reverse=True)[: settings.candidates]
        words = corrected.count(" ") + 1
        ranked = []
        for index in shortlist:
            vocab = self._vocab[index]
            coverage = sum(w for s, w in weights.items() if s in vocab) / total
            best = process.extractOne(corrected, self._examples[index], scorer=self._scorer)
            similarity = 0.0
            if best:
                shortness = min(1.0, (words + 1) / (best[0].count(" ") + 2)) ** settings.length_power
                similarity = best[1] / 100 * shortness
            score = settings.coverage_weight * coverage + (1 - settings.coverage_weight) * similarity
            ranked.append(Candidate(self._ids[index], round(score, 4)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked

    def _decide(self, ranked: list[Candidate]) -> Match:
        """Answer when the best is good enough and clearly ahead; "did you mean" when two or more
        good candidates are close; otherwise nothing (the fallback)."""
        settings = self.settings
        if not ranked:
            return Match(None, (), ())
        top = ranked[0]
        close = [c for c in ranked[1:] if top.score - c.score < settings.margin]
        if top.score >= settings.answer_threshold and not close:
            return Match(top, (), tuple(ranked))
        choices = [c for c in (top, *close) if c.score >= settings.clarify_threshold]
        if len(choices) < 2:
            return Match(None, (), tuple(ranked))
        return Match(None, tuple(choices[: settings.max_clarify]), tuple(ranked))
