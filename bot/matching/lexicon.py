"""Finding concept phrases (knowledge/concepts.yaml) and platform names (the catalog) in a sentence.

A phrase matches when its words (stems, synonyms folded, articles dropped: `bot.normalize.phrase_stems`)
appear in the sentence in order, with at most `GAP` other words between two of them (none for a phrase
of two words; a negation is never skipped), and not right after a negation ("not a crisis"). A phrase
written with someone else's possessive ("share their photos") needs one at the same place in the sentence. When a phrase
lies inside a longer phrase that matched ("community" inside "community management"), only the longer
one counts (unless the longer one is weak and the shorter one is not); a platform's name inside a phrase
that names several ("facebook, instagram and" lists platforms) counts too.

A hit is weak (on its own no evidence that the message is about the domain) when its phrase is a
single word not listed as distinctive ("engagement": a party?), a phrase of two words with one
meaningful word that is not distinctive ("which platform", "how often"), a phrase listed as ambiguous
("best practices"), or a phrase of a concept that weighs less than 1 (it frames a question, "define
...", rather than naming its subject). Platform names are strong unless listed as ambiguous ("blog"),
and so are the phrases of out-of-scope concepts ("password").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.model import ConceptScope, Lexicon, Platform
from bot.normalize import STOPWORDS, normalize, phrase_stems, stem, theirs_marks

__all__ = ["GAP", "NEGATIONS", "PLATFORM_PREFIX", "Hit", "PhraseIndex", "platform_names"]

GAP = 2
PLATFORM_PREFIX = "platform:"
"""Hits on a platform name carry the concept id "platform:<catalog id>"."""
_COMMON = frozenset(stem(w) for w in STOPWORDS)
NEGATIONS = frozenset(("not", "no", "never", "without", "isnt", "arent", "wasnt", "dont", "doesnt", "didnt", "cant",
                       "cannot", "wont", "nor"))
"""A phrase right after one of these is not taken ("not a crisis"); a gap never skips one."""


@dataclass(frozen=True, slots=True)
class Hit:
    concept: str
    scope: ConceptScope
    start: int
    end: int
    """The matched words are stems[start:end] (other words may sit between them)."""
    words: int
    """How many words the phrase has."""
    weak: bool
    positions: tuple[int, ...] = ()
    """Where the phrase's words are in the stems (the words skipped in between are not among them)."""


@dataclass(frozen=True, slots=True)
class _Phrase:
    stems: tuple[str, ...]
    concept: str
    scope: ConceptScope
    weak: bool
    rest: frozenset[str]
    """The stems after the first: all must be in the sentence before the order is checked."""
    theirs: frozenset[int] = frozenset()
    """Where the phrase has someone else's possessive ("share their photos"): see `theirs_marks`."""


def platform_names(platforms: Mapping[str, Platform]) -> dict[str, tuple[str, ...]]:
    """The names a catalog platform goes by: its id (3 letters or more), its name ("X (Twitter)" gives
    "x" and "twitter"), and the catalog's aliases when it has them."""
    names: dict[str, tuple[str, ...]] = {}
    for platform in platforms.values():
        main, _, inside = platform.name.partition("(")
        found = [platform.id if len(platform.id) >= 3 else "", normalize(main)]
        inside = normalize(inside)
        if inside and " " not in inside:
            found.append(inside)
        found += [normalize(a) for a in getattr(platform, "aliases", ())]
        names[platform.id] = tuple(dict.fromkeys(n for n in found if len(n) >= 3 or " " in n))
    return names


class PhraseIndex:
    """Concept phrases and platform names, indexed by their first stem. Read-only once built."""

    def __init__(self, lexicon: Lexicon, synonyms: Mapping[str, str] | None = None,
                 platforms: Mapping[str, Iterable[str]] | None = None) -> None:
        synonyms = synonyms or {}
        ambiguous = {phrase_stems(a, synonyms) for a in lexicon.ambiguous}
        distinctive = {stems[0] for d in lexicon.distinctive if len(stems := phrase_stems(d, synonyms)) == 1}
        by_first: dict[str, list[_Phrase]] = defaultdict(list)
        words: set[str] = set()
        seen: set[tuple[tuple[str, ...], str]] = set()
        rests: dict[frozenset[str], frozenset[str]] = {}
        """Equal `rest` sets, shared: most are one or two common words ("post", "our page")."""

        def add(text: str, concept: str, scope: ConceptScope, framing: bool = False, name: bool = False) -> None:
            normalized = normalize(text)
            stems = phrase_stems(normalized, synonyms)
            if stems and (stems, concept) not in seen:
                seen.add((stems, concept))
                content = [s for s in stems if s not in _COMMON]
                lone = len(stems) <= 2 and len(content) <= 1 and not distinctive.issuperset(content or ("",))
                lone = lone and not name and scope is not ConceptScope.OUT
                weak = framing or stems in ambiguous or lone
                theirs = theirs_marks([synonyms.get(w, w) for w in normalized.split()])
                rest = rests.setdefault(frozenset(stems[1:]), frozenset(stems[1:]))
                by_first[stems[0]].append(_Phrase(stems, concept, scope, weak, rest, theirs))
                words.update(synonyms.get(w, w) for w in normalized.split())

        for concept in lexicon.concepts.values():
            for phrase in concept.phrases:
                add(phrase, concept.id, concept.scope, framing=concept.weight < 1)
        for platform_id, names in (platforms or {}).items():
            for name in names:
                add(name, PLATFORM_PREFIX + platform_id, ConceptScope.DOMAIN, name=True)
        for phrases in by_first.values():
            phrases.sort(key=lambda p: len(p.stems), reverse=True)
        self._by_first = dict(by_first)
        self._names = frozenset(p.stems[0] for phrases in by_first.values() for p in phrases
                                if len(p.stems) == 1 and p.concept.startswith(PLATFORM_PREFIX))
        """Platform names of one word: a phrase's words may have one between them ("a customer's
        Instagram photo" is a customer photo, "boost our TikTok posts" boosts posts)."""
        self.words = frozenset(words)
        """The words of every phrase (synonyms folded): typo correction must know them."""

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, stems: Sequence[str], theirs: frozenset[int] = frozenset()) -> list[Hit]:
        """The phrases found in a sentence's stems, longest first, none inside a longer one. `theirs`:
        where the sentence had someone else's possessive (`theirs_marks`); a phrase written with one
        matches only there."""
        found: list[tuple[Hit, frozenset[int]]] = []
        present = frozenset(stems)
        names = frozenset(i for i, s in enumerate(stems) if s in self._names)
        for start, first in enumerate(stems):
            if start and stems[start - 1] in NEGATIONS and first not in NEGATIONS:
                continue  # "not a crisis", "isn't bringing in business"
            for phrase in self._by_first.get(first, ()):
                if not phrase.rest <= present:
                    continue
                matched = _match(stems, start, phrase.stems, phrase.scope is ConceptScope.OUT, names)
                if matched and phrase.theirs and not _theirs_at(matched, phrase.theirs, theirs):
                    continue
                if matched:
                    hit = Hit(phrase.concept, phrase.scope, start, matched[-1] + 1, len(phrase.stems), phrase.weak,
                              matched)
                    found.append((hit, frozenset(matched)))
        if len(found) < 2:
            return [hit for hit, _ in found]
        found.sort(key=lambda f: (f[0].words, f[0].end - f[0].start), reverse=True)
        kept: list[tuple[Hit, frozenset[int]]] = []
        for hit, covered in found:
            if not any(covered <= other and k.words > hit.words and k.weak <= hit.weak
                       and not (hit.concept.startswith(PLATFORM_PREFIX) and len(other & names) > 1)
                       for k, other in kept):
                kept.append((hit, covered))
        return [hit for hit, _ in kept]


def _theirs_at(matched: tuple[int, ...], wanted: frozenset[int], theirs: frozenset[int]) -> bool:
    """Each possessive of the phrase (before its k-th word, or after its last) is in the sentence too."""
    return all((matched[k] if k < len(matched) else matched[-1] + 1) in theirs for k in wanted)


def _match(stems: Sequence[str], start: int, phrase: tuple[str, ...], out: bool = False,
           names: frozenset[int] = frozenset()) -> tuple[int, ...]:
    """The positions of `phrase`'s words matched from `stems[start]`, or () when it does not match.
    A phrase of two words must be matched side by side (unless it is out of scope: "download a tiktok
    video"); longer ones may skip up to GAP words, but never a negation ("social media plan" is not in
    "social media without a plan"). A platform name (at a position in `names`) between two words is
    not counted: it only says where ("customer instagram photo" holds "customer photo")."""
    positions = [start]
    gap = GAP if len(phrase) > 2 or out else 0
    for word in phrase[1:]:
        candidate, skipped = positions[-1] + 1, 0
        while candidate < len(stems):
            if stems[candidate] == word:
                positions.append(candidate)
                break
            if stems[candidate] in NEGATIONS:
                return ()
            if candidate not in names:
                skipped += 1
                if skipped > gap:
                    return ()
            candidate += 1
        else:
            return ()
    return tuple(positions)
