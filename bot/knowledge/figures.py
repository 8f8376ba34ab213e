"""The figure detector: which parts of a text the advisor states are figures that need a source.

A figure (knowledge/README.md, "Sources, figures and review dates") is
- a percentage: "90%", "9 %", "12.5 percent";
- a count in millions or billions: "3 billion", "200 million", "1.5bn", "400M";
- a platform limit in characters or duration: "3,000 characters", "60 seconds", "10 minutes";
- an age: "aged 13", "minimum age of 13", "at least 13 years", "over 55", "13+".

Advice ("3 posts a week", "within an hour", "5 hours a week") is not a figure, nor are product
names with digits ("B2B", "B2B2C", "Web 3"). A number glued to a preceding letter or digit never
starts a figure, so "B2B" and "MP4" stay words.
"""

from __future__ import annotations

import re

__all__ = ["find_figures", "normalise_figure"]

_START = r"(?<![\w.,])"
"""A figure's number starts a word: not "B2B" (2 after B), not the "5" of "1.5" on its own."""
_NUMBER = r"\d+(?:[.,]\d+)?"

_PATTERNS = (
    rf"{_START}{_NUMBER}\s?(?:%|percent\b)",
    rf"{_START}{_NUMBER}\s?(?:million|billion|[mb]n?)\b",
    rf"{_START}\d[\d,]*\s?(?:characters|chars|seconds|secs|minutes|mins)\b",
    r"\b(?:aged?|minimum age(?: of)?)\s\d+",
    r"\b(?:at least|over)\s\d+(?=\s*(?:years?|yrs?|y/?o)\b|\s*[.,;:!?)]|\s*$)",
    rf"{_START}\d+\+",
)
"""The schema's regexes, anchored at a word start. "at least N" and "over N" are ages only when
followed by "years" or by the end of a clause ("adults over 35."), not "at least 3 posts"."""

_FIGURE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalise_figure(text: str) -> str:
    """A figure as `backs` lists it: whitespace runs (no-break spaces too) become one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def find_figures(text: str) -> list[tuple[str, int]]:
    """The figures in `text`, in order, each normalised, with the offset where it starts."""
    return [(normalise_figure(m.group()), m.start()) for m in _FIGURE.finditer(text)]
