from bot.matching import Intent, Matcher
from bot.matching.matcher import MatchSettings

INTENTS = [
    Intent("rule", ("what is the 90 9 1 rule", "participation inequality rule", "why do most followers stay silent"),
           ("lurkers",)),
    Intent("seo", ("does social media help seo", "backlinks from social networks", "search ranking and social"),
           ("seo", "ranking")),
    Intent("calendar", ("how do i plan posts", "editorial calendar", "content schedule"), ("calendar",)),
]


def test_exact_example_is_confident() -> None:
    match = Matcher(INTENTS).match("Editorial calendar?")
    assert match.best is not None and match.best.intent == "calendar" and match.best.score == 1.0


def test_typos_are_corrected() -> None:
    matcher = Matcher(INTENTS)
    assert matcher.correct("editoral calender") == "editorial calendar"
    match = matcher.match("editoral calender")
    assert match.best is not None and match.best.intent == "calendar"


def test_paraphrase_matches() -> None:
    match = Matcher(INTENTS).match("is social media good for my search ranking")
    assert match.best is not None and match.best.intent == "seo"


def test_unrelated_question_gets_no_answer() -> None:
    match = Matcher(INTENTS).match("what's the weather like in paris tomorrow")
    assert match.best is None and not match.choices


def test_empty_and_meaningless_input_never_raise() -> None:
    matcher = Matcher(INTENTS)
    for text in ("", "   ", "🙂", "???", "the a an", "\x00\x01", "x" * 100_000, "социальные сети 社交媒体"):
        match = matcher.match(text)
        assert match.best is None


def test_close_candidates_give_choices() -> None:
    settings = MatchSettings(answer_threshold=0.99, clarify_threshold=0.1, margin=0.5)
    match = Matcher(INTENTS, settings).match("social ranking rule")
    assert match.best is None
    assert len(match.choices) >= 2
