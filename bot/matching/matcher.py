"""Question matching: read the message, decide whether it is about the domain, rank the intents.

1. Reading (`bot.matching.reading`): chatter out, sentences weighed (the question 1.0, context less),
   typos corrected, synonyms folded, concept phrases and platform names found.
2. Domain: a message is for the advisor when it carries positive evidence (concepts, platform names,
   or a close match with an example) that outweighs what is out of scope, and its asking sentences do not
   ask only about something out of scope (account support whatever the context says about social media).
   Otherwise: no match.
3. Ranking: the features of the message are the concepts it signals and its *known* words (words no
   example uses are neutral: they neither help nor hurt). An inverted index picks candidate intents;
   each gets `score = w * coverage + (1 - w) * similarity`, where coverage is the share of the
   message's features (weighted by rarity and by sentence) that the intent has (its declared concepts,
   the words of its examples, keywords and concepts' phrases), and similarity is rapidfuzz's score between the question
   (its known words) and the intent's best example (scaled down when the question is much shorter).
4. Decision: the calibrated confidence (`bot.matching.calibration`) of the best candidate says how
   often an answer like it is right; at or above `answer_confidence` it is answered, below it the best
   few are offered in a "did you mean". A message that names (strongly) a concept no intent declares
   is never answered: the pack has no topic for it, and a neighbour would be a wrong answer.

MatchSettings were tuned on the dev sets (tests/data/dev*.yaml); the calibration and the answer
threshold are fitted by benchmarks/fit_calibration.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.knowledge.model import Chatter, ConceptScope, Lexicon
from bot.matching import calibration_fit
from bot.matching.calibration import Calibration
from bot.matching.cleanup import Cleaner
from bot.matching.lexicon import PLATFORM_PREFIX, PhraseIndex
from bot.matching.reading import Reader, Reading
from bot.matching.typos import TypoCorrector
from bot.normalize import STOPWORDS, content_stems, normalize

__all__ = ["Candidate", "Intent", "Match", "MatchSettings", "Matcher"]

_CONCEPT = "#"
"""Prefix of a concept feature, apart from word stems."""


@dataclass(frozen=True, slots=True)
class Intent:
    """Something a question can be about: a topic, a flow trigger or a tip request."""

    id: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    intent: str
    score: float
    concepts: float = 0.0
    """The share of the message's concepts (by weight) that this intent declares (0 when none found)."""
    matched: float = 0.0
    """The weight of the message's features this intent has (rarity x sentence weight, summed)."""


@dataclass(frozen=True, slots=True)
class MatchSettings:
    answer_confidence: float = calibration_fit.ANSWER_CONFIDENCE
    """Answer when the calibrated confidence reaches this; otherwise offer the best few (chosen with
    the calibration by benchmarks/fit_calibration.py)."""
    coverage_weight: float = 0.6
    concept_weight: float = 1.5
    """How much a concept found weighs against a known word of the same rarity."""
    candidates: int = 8
    max_clarify: int = 3
    clarify_ratio: float = 0.6
    """A candidate is offered in "did you mean" when it scores this share of the best one's score."""
    scorer: str = "token_set_ratio"
    """The rapidfuzz.fuzz scorer comparing a question with one example."""
    length_power: float = 0.5
    """A question much shorter than the example it matches scores (q/e words) ** length_power of the
    fuzzy score: "lots" is not the example "lots of people see our posts but few react"."""
    min_evidence: float = 1.0
    """Domain evidence a message needs to be answered (see bot.matching.reading): one strong sign, or
    three weak ones."""
    clarify_evidence: float = 0.8
    """Domain evidence a message needs for a "did you mean" (two weak signs); below it, the fallback."""
    example_evidence: float = 0.9
    """A question this close (rapidfuzz ratio, 0..1) to an example is evidence by itself."""
    lexical_evidence: float = 0.6
    """For a pack without a concept lexicon: a message is about the domain when its best candidate
    scores this much."""


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome: `best` is set for a confident answer; `choices` for a "did you mean"; neither
    for a fallback. `candidates` are the ranked scores, best first; `confidence` is the calibrated
    probability that the first candidate is right (0 when the message is not about the domain)."""

    best: Candidate | None
    choices: tuple[Candidate, ...]
    candidates: tuple[Candidate, ...]
    confidence: float = 0.0
    in_domain: bool = False
    reading: Reading | None = None
    features: tuple[float, ...] | None = None
    """The calibration's inputs for the first candidate (None when no confidence was computed)."""


_NO_MATCH = Match(None, (), ())
RECENT_MATCHES = 8
"""Texts whose match a matcher keeps: one turn may ask about the same text several times (follow-up,
platform routing, the answer itself, then the questions log), and the match depends on the text alone."""


class Matcher:
    """Matches messages to intents. Built once per knowledge pack; read-only after."""

    def __init__(self, intents: Iterable[Intent], settings: MatchSettings | None = None,
                 synonyms: dict[str, str] | None = None, lexicon: Lexicon | None = None,
                 chatter: Chatter | None = None, platforms: Mapping[str, Iterable[str]] | None = None,
                 calibration: Calibration | None = None, references: tuple[str, ...] = (),
                 chat_concepts: Iterable[str] = (), spelled: Iterable[str] = ()) -> None:
        """`spelled`: more words of the knowledge that typo correction must keep as they are, although no
        intent uses them (the platform questions' phrases: "sensible" is not a typo of "Sendible")."""
        self.settings = settings or MatchSettings()
        self.calibration = calibration or Calibration()
        self._recent: dict[str, Match] = {}
        self._synonyms = synonyms or {}
        self._scorer = getattr(fuzz, self.settings.scorer)
        lexicon = lexicon or Lexicon()
        phrase_words = {c.id: c.phrases for c in lexicon.concepts.values()}
        index = PhraseIndex(lexicon, self._synonyms, platforms)
        self._concept_weights = {c.id: c.weight for c in lexicon.concepts.values()}
        self._lexical = not lexicon.concepts
        self._ids: list[str] = []
        self._examples: list[list[str]] = []
        self._profiles: list[frozenset[str]] = []
        self._exact: dict[str, int] = {}
        """An example's text -> its intent: a message, or the question of a message, that is an example."""
        self._exact_keywords: dict[str, int] = {}
        """A keyword's text -> its intent: only a whole message that is a keyword ("kpis") is answered so;
        the one-word question of a longer message ("...everyone else just reads. normal?") is no keyword
        question, it points back to the sentences before it."""
        postings: dict[str, list[int]] = defaultdict(list)
        words: set[str] = set(STOPWORDS) | set(self._synonyms) | index.words
        frequency: dict[str, int] = defaultdict(int)
        for position, intent in enumerate(intents):
            normalized = [n for n in (self._fold(normalize(e)) for e in intent.examples) if n]
            profile: set[str] = {_CONCEPT + c for c in intent.concepts}
            for concept in intent.concepts:  # the words of its concepts' phrases are the intent's words too
                for phrase in phrase_words.get(concept, ()):
                    profile.update(content_stems(self._fold(normalize(phrase))))
            keywords = [self._fold(normalize(k)) for k in intent.keywords]
            for text in (*normalized, *keywords):
                for word in text.split():
                    words.add(word)
                    frequency[word] += 1
                profile.update(content_stems(text))
            for text in normalized:
                self._exact.setdefault(text, position)
            for text in keywords:
                self._exact_keywords.setdefault(text, position)
            self._ids.append(intent.id)
            self._examples.append(normalized)
            self._profiles.append(frozenset(profile))
            for feature in profile:
                postings[feature].append(position)
        count = max(len(self._ids), 1)
        self._postings = dict(postings)
        self._idf = {f: math.log(1 + count / len(p)) for f, p in postings.items()}
        self._top_idf = math.log(1 + count)
        """The rarity of a concept no intent declares (as if one intent did)."""
        self._corrector = TypoCorrector(words | {w for w in spelled if w.isalpha()}, frequency)
        self._known = frozenset(words)
        """The words the knowledge uses (examples, keywords, phrases, stopwords): the others are neutral."""
        chatter = chatter or Chatter()
        self.reader = Reader(Cleaner(chatter, references), self._corrector, index, self._synonyms,
                             frozenset(chat_concepts), chatter.self_descriptions, chatter.asks)

    def _fold(self, normalized: str) -> str:
        if not self._synonyms:
            return normalized
        return " ".join(self._synonyms.get(w, w) for w in normalized.split())

    def correct(self, normalized: str) -> str:
        """Typos corrected (see TypoCorrector)."""
        return self._corrector.correct(normalized)

    def match(self, text: str) -> Match:
        """Rank intents for a message. Never raises; an empty or meaningless message gives no match.
        The last RECENT_MATCHES texts' matches are kept, so asking again in the same turn costs nothing."""
        found = self._recent.get(text)
        if found is None:
            found = self._rank_message(text)
            self._recent[text] = found
            if len(self._recent) > RECENT_MATCHES:
                del self._recent[next(iter(self._recent))]
        return found

    def _rank_message(self, text: str) -> Match:
        reading = self.reader.read(text)
        if not reading.sentences:
            return _NO_MATCH
        exact = self._exact.get(reading.text, self._exact_keywords.get(reading.text))
        if exact is None and len(reading.sentences) > 1:
            exact = self._exact.get(reading.question)
            if exact is not None and self._context_elsewhere(reading, exact):
                exact = None
        if exact is not None:
            best = Candidate(self._ids[exact], 1.0)
            return Match(best, (), (best,), 1.0, True, reading)
        features = self._features(reading)
        unclaimed = self._unclaimed(reading)
        ranked, similarity = self._rank(reading, features, unclaimed) if features else ([], 0.0)
        evidence = self._evidence(reading, similarity, ranked[0].score if ranked else 0.0)
        if not ranked or evidence < self.settings.clarify_evidence:
            return Match(None, (), tuple(ranked), 0.0, False, reading)
        answerable = evidence >= self.settings.min_evidence and not any(w >= 1.0 for w in unclaimed.values())
        return self._decide(ranked, reading, answerable)

    def _context_elsewhere(self, reading: Reading, position: int) -> bool:
        """The message's other sentences name strongly a topic concept this intent does not declare: its
        question, although an example of the intent, asks about that context ("I have received a copyright
        claim for music used in a video. What are my options?" is no question about the advisor's menu)."""
        profile = self._profiles[position]
        return any(hit.scope is ConceptScope.TOPIC and not hit.weak and _CONCEPT + hit.concept not in profile
                   for sentence in reading.sentences if sentence.weight < 1.0 for hit in sentence.hits)

    def _unclaimed(self, reading: Reading) -> dict[str, float]:
        """Concepts of scope topic found as strong hits that no intent declares, with their weight as
        features: the message is about something the pack has no answer for ("did you mean" at most)."""
        weight = self.settings.concept_weight * self._top_idf
        out: dict[str, float] = {}
        for sentence in reading.sentences:
            for hit in sentence.hits:
                if hit.scope is ConceptScope.TOPIC and not hit.weak and _CONCEPT + hit.concept not in self._idf:
                    out[hit.concept] = max(out.get(hit.concept, 0.0), sentence.weight * weight)
        return out

    def _features(self, reading: Reading) -> dict[str, float]:
        """Known word stems and concepts of scope topic, each weighted by rarity and by the weight of
        the heaviest sentence it is in."""
        features: dict[str, float] = {}
        for sentence in reading.sentences:
            for feature in content_stems(sentence.text):
                if feature in self._idf:
                    features[feature] = max(features.get(feature, 0.0), sentence.weight * self._idf[feature])
        concept_weight = self.settings.concept_weight
        for concept, weight in reading.concepts(ConceptScope.TOPIC).items():
            feature = _CONCEPT + concept
            if feature in self._idf:
                own = self._concept_weights.get(concept, 1.0)
                features[feature] = weight * self._idf[feature] * concept_weight * own
        return features

    def _rank(self, reading: Reading, features: dict[str, float],
              unclaimed: dict[str, float]) -> tuple[list[Candidate], float]:
        """Candidates best first, and the best example similarity seen (0..1, rapidfuzz ratio)."""
        settings = self.settings
        partial: dict[int, float] = defaultdict(float)
        for feature in sorted(features, key=lambda f: len(self._postings[f])):
            postings = self._postings[feature]
            if len(partial) >= settings.candidates and len(postings) > 4 * settings.candidates:
                break
            for position in postings:
                partial[position] += features[feature]
        shortlist = sorted(partial, key=partial.__getitem__, reverse=True)[: settings.candidates]
        total = sum(features.values())
        concepts = {f: w for f, w in features.items() if f.startswith(_CONCEPT)}
        concept_total = sum(concepts.values()) + sum(unclaimed.values())
        question = " ".join(w for w in reading.question.split() if w in self._known) or reading.question
        words = question.count(" ") + 1
        ranked, closest = [], 0.0
        for position in shortlist:
            profile = self._profiles[position]
            matched = sum(w for f, w in features.items() if f in profile)
            coverage = matched / total
            claimed = sum(w for f, w in concepts.items() if f in profile)
            concept_share = claimed / concept_total if concept_total else 0.0
            best = process.extractOne(question, self._examples[position], scorer=self._scorer)
            similarity = 0.0
            if best:
                shortness = min(1.0, (words + 1) / (best[0].count(" ") + 2)) ** settings.length_power
                similarity = best[1] / 100 * shortness
                closest = max(closest, fuzz.ratio(question, best[0]) / 100)
            score = settings.coverage_weight * coverage + (1 - settings.coverage_weight) * similarity
            ranked.append(Candidate(self._ids[position], round(score, 4), round(concept_share, 3), round(matched, 3)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked, closest

    def _evidence(self, reading: Reading, similarity: float, best: float) -> float:
        """How much the message shows it is about the domain (0 when what is out of scope wins)."""
        if self._lexical:
            return self.settings.min_evidence if best >= self.settings.lexical_evidence else 0.0
        close = 1.0 if similarity >= self.settings.example_evidence else 0.0
        strong = reading.strong_evidence + close
        if reading.out_evidence and reading.out_evidence > strong:
            return 0.0
        if reading.out_evidence and self._asks_only_out_of_scope(reading):
            return 0.0
        if reading.out_evidence and reading.out_evidence == strong:  # as much against as for: at most offer
            return min(reading.evidence + close, self.settings.clarify_evidence)
        return reading.evidence + close

    @staticmethod
    def _asks_only_out_of_scope(reading: Reading) -> bool:
        """The sentences that ask hit something out of scope and no concept of the domain strongly (platform
        names aside): "...only she had the login for the LinkedIn company page. How do we get access back to
        these accounts?" is account support, whatever the context says about social media."""
        asking = [s for s in reading.sentences if s.asks]
        hits = [h for s in asking for h in s.hits if not h.concept.startswith(PLATFORM_PREFIX)]
        return any(h.scope is ConceptScope.OUT for h in hits) and not any(
            h.scope is not ConceptScope.OUT and not h.weak for h in hits)

    def _decide(self, ranked: list[Candidate], reading: Reading, answerable: bool) -> Match:
        """Answer when the evidence allows it and the calibrated confidence is high enough; else offer
        the best few."""
        settings = self.settings
        top = ranked[0]
        second = ranked[1].score if len(ranked) > 1 else 0.0
        features = self.calibration.features(top.score, top.score - second, reading.evidence, top.concepts,
                                             top.matched)
        confidence = self.calibration.confidence(*features)
        if answerable and confidence >= settings.answer_confidence:
            return Match(top, (), tuple(ranked), confidence, True, reading, features)
        return Match(None, self._choices(ranked), tuple(ranked), confidence, answerable, reading, features)

    def offered(self, match: Match) -> Match:
        """The same match with its answer turned into a "did you mean" of the best few candidates (a
        caller that knows the answer rests on too little: bot/platform_answers/routing.py)."""
        if match.best is None or not match.candidates:
            return match
        return replace(match, best=None, choices=self._choices(list(match.candidates)))

    def _choices(self, ranked: list[Candidate]) -> tuple[Candidate, ...]:
        """The candidates a "did you mean" offers: those close to the first, at most `max_clarify`, two
        at least when there are two."""
        top = ranked[0]
        choices = [c for c in ranked if c.score >= self.settings.clarify_ratio * top.score][: self.settings.max_clarify]
        if len(choices) < 2 and len(ranked) > 1:
            choices = ranked[:2]
        return tuple(choices)
