"""The one rule the tests use to keep question sets apart: a text copies a question when it is the same
(normalized) text, or nearly: 25 characters or more at a `fuzz.ratio` of 90 or above."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz, process

__all__ = ["near_copies"]


def near_copies(mine: Sequence[str], theirs: Sequence[str]) -> list[int]:
    """Indexes, in order, of my texts that copy one of theirs (both normalized by the caller).

    A ratio of 90 needs the shorter text to be at least 9/11 of the longer, so only those are compared."""
    exact = set(theirs)
    by_length = sorted(theirs, key=len)
    lengths = [len(t) for t in by_length]
    found = []
    for i, text in enumerate(mine):
        if text in exact:
            found.append(i)
        elif len(text) >= 25:
            near = by_length[bisect_left(lengths, len(text) * 9 // 11):bisect_right(lengths, len(text) * 11 // 9 + 1)]
            if process.extractOne(text, near, scorer=fuzz.ratio, score_cutoff=90) is not None:
                found.append(i)
    return found
