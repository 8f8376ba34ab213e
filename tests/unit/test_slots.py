import pytest

from bot.dialogue.slots import parse_choices, parse_number


@pytest.fixture
def steps(knowledge):
    return {s.id: s for s in knowledge.flows["platforms"].steps}


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        ("goals", "visibility and leads", ("visibility", "leads")),
        ("goals", "more sales and better google ranking", ("seo", "leads")),
        ("goals", "we want to watch competitors", ("monitoring",)),
        ("market", "mostly B2B", ("b2b",)),
        ("market", "consumers", ("b2c",)),
        ("market", "b2b and b2c", ("both",)),
        ("ages", "teens and young adults", ("13-17", "18-24")),
        ("ages", "25 to 45", ("25-34", "35-54")),
        ("ages", "55+", ("55+",)),
        ("content", "we do blog posts and some photos", ("images", "articles")),
        ("content", "long videos", ("long-video",)),
        ("content", "short vidoes and livestreams", ("short-video", "live")),
        ("ages", "all ages", ("13-17", "18-24", "25-34", "35-54", "55+")),
        ("ages", "every age group really", ("13-17", "18-24", "25-34", "35-54", "55+")),
        ("goals", "just be present online", ("visibility",)),
        ("goals", "an online presence", ("visibility",)),
    ],
)
def test_parse_choices(steps, step: str, text: str, expected: tuple[str, ...]) -> None:
    assert parse_choices(steps[step], text) == expected


def test_parse_choices_nothing(steps) -> None:
    assert parse_choices(steps["market"], "no idea what you mean") == ()
    assert parse_choices(steps["content"], "") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 5 hours", 5), ("5h", 5), ("2.5", 2.5), ("3-4 hours", 3.5), ("two hours", 2),
        ("1 hour a day", 5), ("an hour per day", 5), ("20 hours a month", 4.62), ("half an hour", 0.5),
        ("none", None), ("", None), ("lots", None),
        ("about half a day a week", 4), ("half a day", 4), ("a day a week", 8), ("one day a week", 8),
        ("two days a week", 16), ("1.5 days", 12), ("2 hours a day", 10),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected
