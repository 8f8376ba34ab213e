"""Question matching: an inverted word index picks candidates, then rapidfuzz and word coverage rank them.

Scoring, per candidate intent:
- coverage: the share of the question's meaningful words (weighted by rarity, unknown words weigh the
  most) that the intent's examples and keywords contain;
- similarity: the best rapidfuzz score between the question and one of the intent's examples.
score = COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * similarity, in 0..1.
The thresholds in MatchSettings were tuned on tests/data/heldout.yaml (see README, "Matching").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.normalize import STOPWORDS, content_stems, normalize, stem


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
    clarify_threshold: float = 0.45
    margin: float = 0.02
    coverage_weight: float = 0.4
    candidates: int = 24
    max_clarify: int = 3
    scorer: str = "token_set_ratio"
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

    def __init__(self, intents: Iterable[Intent], settings: MatchSettings | None = None) -> None:
        self.settings = settings or MatchSettings()
        self._scorer = _mean_set_sort if self.settings.scorer == "set_sort_mean" else getattr(fuzz, self.settings.scorer)
        self._ids: list[str] = []
        self._examples: list[list[str]] = []
        self._vocab: list[frozenset[str]] = []
        self._exact: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        words: set[str] = set()
        for index, intent in enumerate(intents):
            normalized = [n for n in (normalize(e) for e in intent.examples) if n]
            stems: set[str] = set()
            for text in (*normalized, *(normalize(k) for k in intent.keywords)):
                words.update(text.split())
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
        self._unknown_idf = math.log(1 + count)
        words.update(STOPWORDS)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(words):
            by_length[len(word)].append(word)
        self._words = frozenset(words)
        self._words_by_length = dict(by_length)

    @property
    def intent_ids(self) -> list[str]:
        return list(self._ids)

    def correct(self, normalized: str) -> str:
        """Replace unknown words by the nearest known word (one typo or two), when one is close."""
        out = []
        for word in normalized.split():
            if word in self._words or len(word) < 4 or not word.isalpha():
                out.append(word)
                continue
            pool = [w for n in (len(word) - 1, len(word), len(word) + 1) for w in self._words_by_length.get(n, ())]
            found = process.extractOne(word, pool, scorer=OSA.distance,
                                       score_cutoff=1 if len(word) < 7 else 2)
            out.append(found[0] if found else word)
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
        corrected = self.correct(normalized)
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
        ranked = []
        for index in shortlist:
            vocab = self._vocab[index]
            coverage = sum(w for s, w in weights.items() if s in vocab) / total
            best = process.extractOne(corrected, self._examples[index], scorer=self._scorer)
            similarity = best[1] / 100 if best else 0.0
            score = settings.coverage_weight * coverage + (1 - settings.coverage_weight) * similarity
            ranked.append(Candidate(self._ids[index], round(score, 4)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked

    def _decide(self, ranked: list[Candidate]) -> Match:
        settings = self.settings
        if not ranked or ranked[0].score < settings.clarify_threshold:
            return Match(None, (), tuple(ranked))
        top = ranked[0]
        close = [c for c in ranked[1:] if top.score - c.score < settings.margin]
        if top.score >= settings.answer_threshold and not close:
            return Match(top, (), tuple(ranked))
        choices = [top, *(c for c in close if c.score >= settings.clarify_threshold)]
        if len(choices) == 1:
            return Match(None, (top,), tuple(ranked))
        return Match(None, tuple(choices[: settings.max_clarify]), tuple(ranked))


def _mean_set_sort(a: str, b: str, score_cutoff: float | None = None, **_: object) -> float:
    """token_set_ratio rewards a question that contains an example; token_sort_ratio penalises the
    extra words. Their mean keeps the first without the blind spot of "subset means 100"."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def stems_of(text: str) -> list[str]:
    """The content stems of a raw text (exposed for the slot parsers)."""
    return [stem(w) for w in normalize(text).split() if w not in STOPWORDS]
