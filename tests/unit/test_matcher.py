from bot.knowledge.model import Concept, ConceptScope, Lexicon
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


def test_a_keyword_alone_is_exact_but_not_as_the_question_of_a_longer_message() -> None:
    matcher = Matcher(INTENTS)
    match = matcher.match("lurkers")
    assert match.best is not None and match.best.intent == "rule" and match.best.score == 1.0
    match = matcher.match("We plan our posts in an editorial calendar every month. lurkers?")
    assert match.best is None or match.best.score < 1.0  # the one-word question points back to the context


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
    settings = MatchSettings(answer_confidence=1.01, lexical_evidence=0.0, clarify_ratio=0.1)
    match = Matcher(INTENTS, settings).match("social ranking rule")
    assert match.best is None
    assert len(match.choices) >= 2


LEXICON = Lexicon(
    concepts={
        "rule": Concept("rule", ("silent readers", "lurkers", "nobody comments")),
        "seo": Concept("seo", ("seo", "climb higher on google", "show up when people search")),
        "calendar": Concept("calendar", ("plan our posts", "editorial calendar")),
        "domain": Concept("domain", ("social media", "instagram"), ConceptScope.DOMAIN),
        "support": Concept("support", ("password", "hacked"), ConceptScope.OUT),
    },
    distinctive=("seo", "lurkers"),
)
CONCEPT_INTENTS = [
    Intent("rule", INTENTS[0].examples, INTENTS[0].keywords, ("rule",)),
    Intent("seo", INTENTS[1].examples, INTENTS[1].keywords, ("seo",)),
    Intent("calendar", INTENTS[2].examples, INTENTS[2].keywords, ("calendar",)),
]


def test_a_concept_finds_a_topic_that_shares_no_word_with_the_question() -> None:
    match = Matcher(CONCEPT_INTENTS, lexicon=LEXICON).match("how do we climb higher on google?")
    assert match.candidates[0].intent == "seo" and match.candidates[0].concepts == 1.0


def test_unknown_words_are_neutral() -> None:
    """A bakery, a founder and a team of three do not push an in-domain question to the fallback."""
    matcher = Matcher(CONCEPT_INTENTS, lexicon=LEXICON)
    plain = matcher.match("how do we climb higher on google")
    busy = matcher.match("bakery founder here: how do we climb higher on google")
    assert busy.candidates[0].intent == plain.candidates[0].intent == "seo"
    assert busy.candidates[0].score == plain.candidates[0].score


def test_no_domain_evidence_gives_no_answer_and_no_choices() -> None:
    matcher = Matcher(CONCEPT_INTENTS, lexicon=LEXICON)
    for text in ("what is the best calendar app for my phone", "how do I plan a party", "i forgot my password"):
        match = matcher.match(text)
        assert match.best is None and match.choices == (), text


def test_out_of_scope_outweighs_a_platform_name() -> None:
    match = Matcher(CONCEPT_INTENTS, lexicon=LEXICON).match("our instagram got hacked, what do we do")
    assert match.best is None and match.choices == ()


def test_a_question_that_asks_only_something_out_of_scope_gets_no_answer_whatever_its_context() -> None:
    matcher = Matcher(CONCEPT_INTENTS, lexicon=LEXICON)
    text = "We plan our posts in an editorial calendar and read about seo. Our instagram got hacked, what do we do?"
    match = matcher.match(text)   # the context names two concepts of the domain, the question only "hacked"
    assert match.best is None and match.choices == ()
    match = matcher.match("Our instagram got hacked last week. How do we plan our posts now?")   # asks the domain
    assert (match.best or match.choices[0]).intent == "calendar"   # as much against as for: offered


def test_a_plausible_but_uncertain_question_gets_choices() -> None:
    settings = MatchSettings(answer_confidence=1.01)
    match = Matcher(CONCEPT_INTENTS, settings, lexicon=LEXICON).match("lurkers and seo on social media")
    assert match.best is None
    assert {c.intent for c in match.choices} == {"rule", "seo"}


def test_an_answer_can_be_turned_into_a_did_you_mean() -> None:
    matcher = Matcher(INTENTS)
    match = matcher.match("is social media good for my search ranking")
    offered = matcher.offered(match)
    assert offered.best is None and offered.choices and offered.choices[0].intent == "seo"
    assert offered.candidates == match.candidates
    nothing = matcher.match("what's the weather like in paris tomorrow")
    assert matcher.offered(nothing) == nothing


def test_a_question_that_is_an_example_still_asks_about_a_context_its_intent_does_not_declare() -> None:
    """The question sentence "how do i plan posts" is an example of "calendar"; a context about seo makes
    the message more than that example, so it is ranked, not taken as the example; a context the intent
    declares ("editorial calendar") keeps the shortcut."""
    matcher = Matcher(CONCEPT_INTENTS, lexicon=LEXICON)
    match = matcher.match("We want to climb higher on google this year. How do I plan posts?")
    assert match.best is None or match.best.score < 1.0
    assert {c.intent for c in match.candidates[:2]} == {"seo", "calendar"}
    match = matcher.match("We keep an editorial calendar. How do I plan posts?")
    assert match.best is not None and match.best.intent == "calendar" and match.best.score == 1.0
