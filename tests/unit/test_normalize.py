import pytest

from bot.normalize import MAX_MATCH_CHARS, clean, content_stems, normalize, stem, undot_abbreviations


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("What IS Social Media?!", "what is social media"),
        ("Héllo, qu'est-ce que c'est", "hello quest ce que cest"),
        ("helloooo", "hello"),
        ("heyyyy there", "hey there"),
        ("@advisor what is seo", "what is seo"),
        ("<@U12345> what is seo", "what is seo"),
        ("<@U12345|advisor>: tips?", "tips"),
        ("the 90/9/1 rule", "the 90 9 1 rule"),
        ("   \t\n  ", ""),
        ("🙂🎉🔥", ""),
        ("tab\tand\nnew\rline", "tab and new line"),
        ("zero\u200bwidth", "zerowidth"),
        # a "#" standing alone names the sign; one glued to a word or a number is dropped
        ("those # tags under posts", "those hashtag tags under posts"),
        ("the words with the # sign", "the words with the hashtag sign"),
        ("our #1 goal: #ad or not?", "our 1 goal ad or not"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_bounds_huge_input() -> None:
    assert len(normalize("social media " * 10_000)) <= MAX_MATCH_CHARS


def test_clean_drops_control_characters() -> None:
    assert clean("a\x00b\x07c\x1bd") == "abcd"


def test_stem_meets_plurals_and_ing_forms() -> None:
    assert stem("communities") == stem("community")
    assert stem("personas") == stem("persona")
    assert stem("posting") == stem("post") == stem("posts")
    assert stem("business") == "business"
    assert stem("evenings") == stem("evening") == "evening"  # not "even"
    assert stem("mornings") == "morning"


def test_content_stems_drop_stopwords_and_duplicates() -> None:
    assert content_stems("what is the community and the communities") == ["community"]


def test_digits_are_not_taken_for_stretched_letters() -> None:
    assert normalize("1000 followers in 2022") == "1000 followers in 2022"


def test_casual_spellings_of_two_words_are_those_words() -> None:
    assert normalize("What KINDA posts do u wanna see?") == "what kind of posts do u want to see"
    assert normalize("kindas and sortation stay") == "kindas and sortation stay"  # whole words only


@pytest.mark.parametrize(("raw", "expected"), [
    ("Instagram vs. TikTok for a bakery?", "Instagram vs TikTok for a bakery?"),
    ("we use e.g. Facebook, i.e. the page", "we use eg Facebook, ie the page"),
    ("E.G. this", "EG this"),
    ("the canvas.vs. nothing", "the canvas.vs. nothing"),  # inside a word: kept
    ("that was all. Thanks.", "that was all. Thanks."),  # a real sentence end: kept
    ("ends with vs.", "ends with vs"),
])
def test_abbreviations_lose_their_dots(raw: str, expected: str) -> None:
    assert undot_abbreviations(raw) == expected
