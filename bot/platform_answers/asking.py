"""The words of a message naming a platform that say what is asked of the platform, or who is asking:
they express the platform question itself, never a subject of its own.

- the aspect phrases of aspects.yaml ("how much time", "spend on", "get started on", "be active on"):
  "how much time should we spend on TikTok?" hits the paid-social phrase "how much should we spend",
  but its words are the effort question asked of TikTok;
- the asker's market and target: the phrases of the walk-through's market and age choices
  (flows/platforms.yaml: "law firm", "restaurant", "bakery", "students", "retirees"). "Is TikTok any
  good for a law firm?" hits the legal concept with "law", but the law firm is who asks, not what;
  and the words that introduce whom the asker addresses (aspects.yaml `asker_words`: "is tiktok too
  young for a brand targeting moms in their 30s?" hits paid-social's "targeting", but asks no ads question);
  so do up to three words after an opener (`asker_openers`: "as", "just for"): "what do people post on
  Snap as a personal brand?" asks for post ideas, not for employee advocacy ("such as", "as well as" open
  nothing); "is instagram worth it or just for gyms and influencers?" describes Instagram's crowd;
- the catalog's terms, how people name a platform without its name ("the green chat app" hits the
  conversation-medium concept with "chat app", but names WhatsApp), and its features ("whatsapp channel or a
  whatsapp group for our regulars?" hits the community concept with "group", but asks about WhatsApp's groups).

A concept hit made only of such words (and platform names) is no subject (routing.py). The phrases are
compared as the lexicon compares them (`phrase_stems`: synonyms folded, articles dropped, stemmed), on
whole runs of words. Built once per pack; read-only after.
"""

from __future__ import annotations

from collections import defaultdict

from bot.knowledge.model import Knowledge
from bot.matching.lexicon import Hit, platform_names
from bot.normalize import STOPWORDS, normalize, phrase_stems, stem

__all__ = ["AskingWords"]

_ASKER_STEPS = ("market", "ages")
"""Walk-through steps whose choices describe who asks (their market) or whom they address."""
_FUNCTION_STEMS = frozenset(stem(w) for w in STOPWORDS)
_DESCRIPTION = 3
"""Words after an asker opener ("as") that describe the asker: "as a small personal brand"."""
_JOINING = frozenset(("and", "or"))
_NOT_OPENING = frozenset(("such", "well", "soon", "long", "much", "many", "far", "same", "as"))
"""Words before "as" that make it no description of the asker: "such as", "as well as", "as soon as"."""


class AskingWords:
    """`own_words(stems, hit, covered)`: whether a concept hit in a sentence (its stems, as the reading gives
    them) is made only of platform names and of words that ask the platform question or describe the
    asker. Function words ("how", "should", "we") count for neither side; a hit of function words only
    is left alone."""

    def __init__(self, knowledge: Knowledge) -> None:
        synonyms = knowledge.synonyms
        phrases: list[str] = []
        if knowledge.platform_phrases is not None:
            phrases += knowledge.platform_phrases.aspect_phrases()
            phrases += knowledge.platform_phrases.asker_words
        phrases += [term for p in knowledge.platforms.values() for term in p.terms]  # "the green chat app" names
        phrases += [feature for p in knowledge.platforms.values() for feature in p.features]  # "a whatsapp group"
        flow = knowledge.platform_walkthrough()
        for name in _ASKER_STEPS:
            step = flow.step(name) if flow is not None else None
            for choice in step.choices if step is not None else ():
                phrases += [choice.label, *choice.synonyms]
        self._by_first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for phrase in phrases:
            stems = phrase_stems(normalize(phrase), synonyms)
            if stems and any(s not in _FUNCTION_STEMS for s in stems):
                self._by_first[stems[0]].add(stems)
        self._lengths = {first: sorted({len(s) for s in found}, reverse=True)
                         for first, found in self._by_first.items()}
        self._names = frozenset(stem(w) for p in knowledge.platforms.values()
                                for name in (p.id, p.name, *p.aliases) for w in normalize(name).split())
        """Every word of every name ("business" of "whatsapp business"): what a hit made of names is."""
        short = {normalize(a) for p in knowledge.platforms.values() for a in p.aliases if len(normalize(a)) == 2}
        self._whole_names = frozenset(stem(n) for names in platform_names(knowledge.platforms).values()
                                      for n in names if " " not in n) | short
        """The one-word names themselves, two-letter aliases included ("fb", "ig"; not "x": a letter too):
        what names a platform in a sentence."""
        openers = knowledge.platform_phrases.asker_openers if knowledge.platform_phrases is not None else ()
        self._openers = frozenset(tuple(stem(w) for w in normalize(o).split()) for o in openers)

    def is_a_name(self, stem_: str) -> bool:
        """The stem is a platform's one-word name ("facebook", "insta", "fb")."""
        return stem_ in self._whole_names

    def names_a_platform(self, stems: tuple[str, ...]) -> bool:
        """A sentence (its stems) names a platform by a one-word name ("we post on insta", "our fb page")."""
        return not self._whole_names.isdisjoint(stems)

    def names_only(self, stems: tuple[str, ...], hit: Hit) -> bool:
        """The hit is made only of platform names ("blogging" on other forms of social media)."""
        return all(stems[p] in self._names for p in _positions(hit))

    def covered(self, stems: tuple[str, ...]) -> frozenset[int]:
        """Positions of a sentence's stems that lie in an asking phrase or a platform name."""
        out: set[int] = {i for i, s in enumerate(stems) if s in self._names}
        for i in range(len(stems)):
            for opener in self._openers:
                if stems[i:i + len(opener)] == opener and (i == 0 or stems[i - 1] not in _NOT_OPENING):
                    out.update(_described(stems, i + len(opener)))  # "as (a) personal brand": who asks
        for i, first in enumerate(stems):
            found = self._by_first.get(first)
            if found is None:
                continue
            for length in self._lengths[first]:
                if stems[i:i + length] in found:
                    out.update(range(i, i + length))
                    break
        return frozenset(out)

    def own_words(self, stems: tuple[str, ...], hit: Hit, covered: frozenset[int]) -> bool:
        """The hit's meaningful words all lie in `covered` (from `covered(stems)`)."""
        meaningful = [p for p in _positions(hit) if stems[p] not in _FUNCTION_STEMS]
        return bool(meaningful) and all(p in covered for p in meaningful)


def _described(stems: tuple[str, ...], start: int) -> list[int]:
    """Positions of up to `_DESCRIPTION` content words from `start`, across "and"/"or" ("just for gyms
    and influencers"), up to the first other function word."""
    found: list[int] = []
    for p in range(start, len(stems)):
        if len(found) == _DESCRIPTION or (stems[p] in _FUNCTION_STEMS and stems[p] not in _JOINING):
            break
        if stems[p] not in _JOINING:
            found.append(p)
    return found


def _positions(hit: Hit) -> tuple[int, ...]:
    return hit.positions or tuple(range(hit.start, hit.end))
