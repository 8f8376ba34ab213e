"""Where a message describes the asker's own business: "I run a kids' party business, can I post
photos?", "we sell accounting software to small firms but our posts...".

What such a clause names is the asker's market, not the subject of the question: "kids", "accounting
software" or "keyboards" there are no sign that the message is about something else than social media
(the reader drops the out-of-scope phrases found entirely inside it). A clause starts with one of the
`self_descriptions` of knowledge/chatter.yaml ("i run a", "we sell", "we're a") that does not follow a
word that asks ("how do i run a contest" asks about running one) or "to", and it ends before the first
word that asks (the single-word `asks`: "can", "should", "how"), a conjunction, or after MAX_WORDS
words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["CONJUNCTIONS", "MAX_WORDS", "SelfDescriptions"]

MAX_WORDS = 8
"""The longest description read after its opener ("we sell custom mechanical keyboards to gamers")."""
CONJUNCTIONS = frozenset(("and", "but", "so", "because", "yet", "though", "although", "while", "or"))
"""Words that end a description: what follows them is the message again."""


class SelfDescriptions:
    """Built once per knowledge pack from canonical phrases (the words the reader compares)."""

    def __init__(self, openers: Iterable[str], ends: Iterable[str]) -> None:
        self._openers: dict[str, list[tuple[str, ...]]] = {}
        for opener in openers:
            words = tuple(opener.split())
            if words:
                self._openers.setdefault(words[0], []).append(words)
        for found in self._openers.values():
            found.sort(key=len, reverse=True)
        asking = frozenset(ends)
        self._asking = asking | {"to"}
        self._ends = asking | CONJUNCTIONS

    def __bool__(self) -> bool:
        return bool(self._openers)

    def words(self, words: Sequence[str]) -> frozenset[int]:
        """The indexes in `words` (a sentence's canonical words) of the words that describe the asker,
        openers left out."""
        described: set[int] = set()
        position = 0
        while position < len(words):
            opener = self._opener_at(words, position)
            if opener and position and words[position - 1] in self._asking:
                opener = 0
            if not opener:
                position += 1
                continue
            position += opener
            start = position
            while position < len(words) and position - start < MAX_WORDS and words[position] not in self._ends:
                described.add(position)
                position += 1
        return frozenset(described)

    def _opener_at(self, words: Sequence[str], position: int) -> int:
        """The length of the longest opener starting at `position` (0 when none does)."""
        for opener in self._openers.get(words[position], ()):
            if tuple(words[position:position + len(opener)]) == opener:
                return len(opener)
        return 0
