"""Understanding free-text answers to flow steps: choices ("mostly B2B", "teens and young adults")
and numbers ("about 5 hours", "1 hour a day")."""

from __future__ import annotations

import functools
import re

from rapidfuzz.distance import Levenshtein

from bot.knowledge.model import Choice, Step, StepType
from bot.normalize import clean, normalize, stem

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to|or)\s*(\d+(?:[.,]\d+)?))?")
_WORD_NUMBERS = {
    "half an": 0.5, "half a": 0.5, "an": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "a couple of": 2, "a couple": 2, "a few": 3, "several": 4,
}
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\s+(?:hours?|hrs?|h)\b"
)
_PER_DAY = re.compile(r"\b(?:a|per|each|every)\s+(?:work\s*)?day\b|\bdaily\b")
_DAYS = re.compile(r"\b(\d+(?:[.,]\d+)?|half an?|an?|one|two|three|four|five)\s+(?:work(?:ing)?\s*)?days?\b")
_HOURS_WORD = re.compile(r"\d\s*h\b|\b(?:hours?|hrs?)\b")
HOURS_PER_DAY = 8
"""A day of work, for answers in days ("half a day a week" is 4 hours)."""
_PER_MONTH = re.compile(r"\b(?:a|per|each|every)\s+month\b|\bmonthly\b")
_WORK_DAYS = 5
_WEEKS_PER_MONTH = 4.33


def parse_number(text: str) -> float | None:
    """The number of hours per week in a free-text answer, or None when there is none.

    A range ("3-4 hours") gives its middle; "a day" multiplies by five working days and
    "a month" divides by 4.33 weeks. An answer in days with no hours ("half a day a week") counts
    HOURS_PER_DAY a day.
    """
    lowered = clean(text[:500]).casefold()
    days = None if _HOURS_WORD.search(lowered) else _DAYS.search(lowered)
    if days is not None:
        amount = days.group(1).replace(",", ".")
        count = float(amount) if amount[0].isdigit() else float(_WORD_NUMBERS[amount])
        return round(count * HOURS_PER_DAY, 2)
    value: float | None = None
    found = _NUMBER.search(lowered)
    if found:
        low = float(found.group(1).replace(",", "."))
        high = float(found.group(2).replace(",", ".")) if found.group(2) else low
        value = (low + high) / 2
    else:
        word = _WORD_NUMBER.search(lowered)
        if word:
            value = float(_WORD_NUMBERS[word.group(1)])
    if value is None:
        return None
    if _PER_DAY.search(lowered):
        value *= _WORK_DAYS
    elif _PER_MONTH.search(lowered):
        value /= _WEEKS_PER_MONTH
    return round(value, 2)


@functools.lru_cache(maxsize=4096)
def _phrases(choice: Choice) -> tuple[tuple[str, ...], ...]:
    """The choice's value, label and synonyms as stemmed words (computed once per choice)."""
    out = []
    for phrase in (choice.value, choice.label, *choice.synonyms):
        tokens = tuple(stem(w) for w in normalize(phrase).split())
        if tokens:
            out.append(tokens)
    return tuple(out)


def _same(word: str, expected: str) -> bool:
    if word == expected:
        return True
    return len(expected) >= 5 and word.isalpha() and Levenshtein.distance(word, expected, score_cutoff=1) <= 1


def parse_choices(step: Step, text: str) -> tuple[str, ...]:
    """The choice values a free-text answer names, in the step's order; () when it names none.

    Longer phrases win over the shorter ones inside them ("long videos" is not also "videos"); for a
    single choice the longest phrase found wins ("b2b and b2c" means both). A `select_all` phrase of
    the step ("all ages") names every choice.
    """
    normalized = normalize(text)
    if any(f" {normalize(phrase)} " in f" {normalized} " for phrase in step.select_all):
        return tuple(c.value for c in step.choices)
    tokens = [stem(w) for w in normalized.split()]
    spans: list[tuple[int, int, int, str]] = []  # (-length, start, end, value)
    for choice in step.choices:
        for phrase in _phrases(choice):
            n = len(phrase)
            for start in range(len(tokens) - n + 1):
                if all(_same(tokens[start + i], phrase[i]) for i in range(n)):
                    spans.append((-n, start, start + n, choice.value))
    taken: list[tuple[int, int]] = []
    chosen: dict[str, int] = {}
    for neg_len, start, end, value in sorted(spans):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.setdefault(value, -neg_len)
    for value in _ranged_choices(step, text):
        chosen.setdefault(value, 1)
    if not chosen:
        return ()
    if step.type is StepType.CHOICE:
        return (max(chosen, key=chosen.__getitem__),)
    order = [c.value for c in step.choices]
    return tuple(sorted(chosen, key=order.index))


def _ranged_choices(step: Step, text: str) -> list[str]:
    """Choices whose numeric range overlaps the numbers or the range typed ("25 to 45", "30")."""
    ranged = [c for c in step.choices if c.range is not None]
    if not ranged:
        return []
    found = _NUMBER.findall(clean(text[:500]))
    values: list[str] = []
    for low_text, high_text in found:
        low = float(low_text.replace(",", "."))
        high = float(high_text.replace(",", ".")) if high_text else low
        if "+" in text and not high_text:
            high = 200
        for choice in ranged:
            assert choice.range is not None
            if low <= choice.range[1] and choice.range[0] <= high and choice.value not in values:
                values.append(choice.value)
    return values
