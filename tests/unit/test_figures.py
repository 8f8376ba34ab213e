"""The figure detector on the strings that trip naive regexes."""

from __future__ import annotations

import pytest

from bot.knowledge.figures import find_figures, normalise_figure


def figures(text: str) -> list[str]:
    return [f for f, _ in find_figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("**90%** listen, **9 %** join in, 1% create", ["90%", "9 %", "1%"]),
    ("growth of 12.5 percent and 3,5 %", ["12.5 percent", "3,5 %"]),
    ("over 3 billion people, 200 million creators", ["3 billion", "200 million"]),
    ("1.5bn users and 400M posts, 2 bn views", ["1.5bn", "400M", "2 bn"]),
    ("captions up to 2,200 characters, 3000 chars on LinkedIn", ["2,200 characters", "3000 chars"]),
    ("videos up to 60 seconds, or 10 minutes, 15 mins, 90 secs", ["60 seconds", "10 minutes", "15 mins", "90 secs"]),
    ("users must be aged 13, a minimum age of 16 applies", ["aged 13", "minimum age of 16"]),
    ("adults over 55.", ["over 55"]),
    ("at least 13 years old", ["at least 13"]),
    ("teens 13+ and adults 55+", ["13+", "55+"]),
    ("reach share 45%.", ["45%"]),
])
def test_figures_are_found(text: str, expected: list[str]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "LinkedIn is the network for B2B, and B2B2C brands too",
    "post 3 posts a week, reply within an hour, 5 hours a week",
    "post at least 3 posts a week",
    "spend over 2 hours on it",
    "export as MP4 or H264, Web 3 and 5G",
    "a 3 MB image",
    "at 9 am or 12 pm",
    "the 90/9/1 rule",
    "10 min read",
])
def test_advice_and_names_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_offsets_point_at_the_figure() -> None:
    text = "first line\nwe saw 25% growth"
    [(figure, offset)] = find_figures(text)
    assert text[offset:offset + 3] == "25%" and figure == "25%"


def test_normalisation_collapses_spaces_and_nbsp() -> None:
    assert normalise_figure(" 3\u00a0billion ") == "3 billion"
    assert normalise_figure("9  %") == "9 %"
    assert figures("9\u00a0%") == ["9 %"]
