"""Reading a message: chatter out, sentences weighed, concept phrases found, domain evidence."""

from __future__ import annotations

import pytest

from bot.knowledge.model import Chatter, Concept, ConceptScope, Lexicon
from bot.matching.cleanup import CONTEXT_WEIGHT, REFERRED_WEIGHT, Cleaner
from bot.matching.lexicon import PhraseIndex
from bot.matching.reading import WEAK, Reader
from bot.matching.typos import TypoCorrector
from bot.normalize import phrase_stems, theirs_marks

CHATTER = Chatter(openers=("hey team", "hi", "quick question", "sorry to bother you but", "great"),
                  closers=("thanks", "thanks in advance", "cheers"), asks=("how", "what", "can you", "any tips"))
LEXICON = Lexicon(
    concepts={
        "seo": Concept("seo", ("seo", "climb in search results", "rank higher on google")),
        "community": Concept("community", ("online community", "community", "community management")),
        "plan": Concept("plan", ("social media plan", "without a plan")),
        "domain": Concept("domain", ("social media", "followers"), ConceptScope.DOMAIN),
        "support": Concept("support", ("password", "log in"), ConceptScope.OUT),
        "hello": Concept("hello", ("hello", "hi")),
        "define": Concept("define", ("define",), weight=0.5),
        "reuse": Concept("reuse", ("share their photos", "repost their")),
        "metrics": Concept("metrics", ("metrics", "report", "numbers")),
    },
    ambiguous=("best practices", "blog"),
    distinctive=("seo",),
)


@pytest.fixture
def cleaner() -> Cleaner:
    return Cleaner(CHATTER, references=("that", "it"))


@pytest.fixture
def reader(cleaner: Cleaner) -> Reader:
    index = PhraseIndex(LEXICON, platforms={"linkedin": ("linkedin",), "blog": ("blog",)})
    words = {"seo", "search", "results", "community", "social", "media", "password", "linkedin", *index.words}
    return Reader(cleaner, TypoCorrector(words), index, chat_concepts=frozenset({"hello"}))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<@U07ABC123> what is seo? thanks!", ["what is seo"]),
        ("hey team, quick question: what is seo? 🙏", ["what is seo"]),
        ("hi what is seo", ["what is seo"]),
        ("sorry to bother you but what is seo", ["what is seo"]),
        ("@advisor what is seo :) cheers", ["what is seo"]),
        ("what is seo <https://example.com|our site>, thanks in advance", ["what is seo our site"]),
        ("what is seo thanks", ["what is seo thanks"]),
        ("hi!", ["hi"]),
        ("thanks a lot 🙏", ["thanks a lot"]),
        ("hi hi 👋 great, what is seo? thanks, cheers", ["what is seo"]),
        ("hi hi", ["hi hi"]),
        ("e.g. 2.4 GHz or 5 GHz?", ["eg 2 4 ghz or 5 ghz"]),  # no sentence ends at "e.g." nor at "2."
    ],
)
def test_chatter_mentions_and_emoji_are_removed(cleaner: Cleaner, raw: str, expected: list[str]) -> None:
    """Closers go only when set apart (punctuation, emoji): "what is seo thanks" keeps its last word."""
    assert [s.text for s in cleaner.segments(raw)] == expected


def test_an_opener_glued_to_words_that_are_not_a_question_stays(cleaner: Cleaner) -> None:
    """"hi" directly followed by a question is chatter; "great ideas" is not "great" + "ideas"."""
    assert [s.text for s in cleaner.segments("great ideas for posts")] == ["great ideas for posts"]


def test_the_question_sentence_weighs_more_than_the_context(cleaner: Cleaner) -> None:
    segments = cleaner.segments("We run a bakery with 3 people. We post every day. How do we get more reach?")
    assert [(s.weight, s.asks) for s in segments] == [(CONTEXT_WEIGHT, False), (CONTEXT_WEIGHT, False), (1.0, True)]
    referring = cleaner.segments("Our forum has 2,000 members and 20 of them post. Is that normal?")
    assert [s.weight for s in referring] == [REFERRED_WEIGHT, 1.0]
    plain = cleaner.segments("We post every day. Nobody reacts.")
    assert [s.weight for s in plain] == [1.0, 1.0]


def test_a_bare_question_weighs_its_context_as_if_it_pointed_back(reader: Reader) -> None:
    """"Is she right?" names nothing: the sentence before it is what it asks about."""
    bare = reader.read("My partner says our online community is dying. Is she right?")
    assert [s.weight for s in bare.sentences] == [REFERRED_WEIGHT, 1.0]
    naming = reader.read("My partner says our online community is dying. Is seo better?")
    assert [s.weight for s in naming.sentences] == [CONTEXT_WEIGHT, 1.0]


def test_someone_elses_possessive_is_kept_apart_from_ours() -> None:
    """"share their photos" (customers') is not "share our photos"; a phrase without a possessive
    matches either way."""
    index = PhraseIndex(LEXICON)

    def concepts(text: str) -> set[str]:
        return {h.concept for h in index.find(phrase_stems(text), theirs_marks(text.split()))}

    assert concepts("can we share their photos") == {"reuse"}
    assert concepts("can we share her photos") == {"reuse"}
    assert concepts("can we share our photos") == set()
    assert concepts("can we share photos") == set()
    assert concepts("should we repost their") == {"reuse"}
    assert concepts("should we repost our stories") == set()
    assert concepts("their social media plan") == {"plan"}


def test_phrases_match_in_order_with_small_gaps(reader: Reader) -> None:
    reading = reader.read("how do we climb higher in the google search results")
    assert [h.concept for s in reading.sentences for h in s.hits] == ["seo"]
    assert not reader.read("search results climb").sentences[0].hits


def test_a_two_word_phrase_needs_its_words_side_by_side(reader: Reader) -> None:
    apart = reader.read("online world community").sentences[0].hits
    assert [(h.concept, h.words) for h in apart] == [("community", 1)]


def test_a_platform_name_between_the_words_of_a_phrase_is_not_counted(reader: Reader) -> None:
    between = reader.read("our online linkedin community").sentences[0].hits
    assert [(h.concept, h.words) for h in between if h.concept == "community"] == [("community", 2)]
    assert [h.concept for h in between if h.concept.startswith("platform:")] == ["platform:linkedin"]
    beyond = reader.read("how do we climb higher in the linkedin and fancy google search results").sentences[0].hits
    assert [h.concept for h in beyond] == ["platform:linkedin"]  # the other words still count: 3 > 2


def test_a_longer_phrase_hides_the_phrase_inside_it() -> None:
    index = PhraseIndex(LEXICON)
    hits = index.find(phrase_stems("community management tips"))
    assert [(h.concept, h.words) for h in hits] == [("community", 2)]


def test_platform_names_listed_inside_a_longer_phrase_still_name_the_platforms() -> None:
    lexicon = Lexicon(concepts={"overview": Concept("overview", ("linkedin or blog",))})
    index = PhraseIndex(lexicon, platforms={"linkedin": ("linkedin",), "blog": ("blog",)})
    hits = index.find(phrase_stems("linkedin or blog which one"))
    assert sorted(h.concept for h in hits) == ["overview", "platform:blog", "platform:linkedin"]


def test_negations_are_respected() -> None:
    index = PhraseIndex(LEXICON)
    assert {h.concept for h in index.find(phrase_stems("social media without a plan"))} == {"plan", "domain"}
    negated = index.find(phrase_stems("it is not an online community"))
    assert [(h.concept, h.words) for h in negated] == [("community", 1)]  # only the word after "online"


def test_evidence_strong_weak_and_out_of_scope(reader: Reader) -> None:
    assert reader.read("what is seo").evidence == 1.0
    assert reader.read("how do I enrol at the community college").evidence == WEAK
    assert reader.read("is a blog fun").evidence == WEAK  # an ambiguous platform name
    assert reader.read("should we be on linkedin").evidence == 1.0
    support = reader.read("i forgot my linkedin password")
    assert support.out_evidence == 1.0 and support.strong_evidence == 0.0


def test_weak_phrases_of_one_concept_add_up(reader: Reader) -> None:
    """One word of a concept is weak; two add up, three count as a strong sign ("which metrics should
    our quarterly report show? leadership wants numbers")."""
    assert reader.read("which metrics for our wool shop").evidence == WEAK
    assert reader.read("which metrics for our wool shop report").evidence == pytest.approx(2 * WEAK)
    three = reader.read("which metrics for our wool shop report, leadership wants numbers")
    assert three.evidence == 1.0 and three.strong_evidence == 1.0


def test_a_message_made_only_of_domain_words_is_evidence(reader: Reader) -> None:
    """"community?" points nowhere else; "community college" does."""
    assert reader.read("community?").evidence == 1.0
    assert reader.read("community college").evidence == WEAK


def test_words_that_only_ask_how_good_something_is_name_no_other_subject(reader: Reader) -> None:
    """"is our community any good?" is all domain words but for the framing; "wool" is a subject."""
    assert reader.read("is our community any good?").evidence == 1.0
    assert reader.read("how important is community").evidence == 1.0
    assert reader.read("how important is community for wool").evidence == WEAK


def test_small_talk_is_evidence_only_when_it_is_most_of_a_sentence(reader: Reader) -> None:
    assert reader.read("hello").evidence >= 1.0
    assert reader.read("translate hello into spanish for me").evidence < 1.0


def test_framing_concepts_are_weak(reader: Reader) -> None:
    assert reader.read("define compound interest").evidence == WEAK


def test_typos_are_corrected_but_not_other_forms_or_short_swaps() -> None:
    corrector = TypoCorrector({"social", "wiki", "influencer", "follower", "hashtags"})
    assert corrector.correct("socail hastags") == "social hashtags"
    assert corrector.correct("wifi") == "wifi"
    assert corrector.correct("influence") == "influence"


def test_everyday_words_are_never_corrected_to_a_knowledge_word() -> None:
    corrector = TypoCorrector({"hard", "social", "unblock"})
    assert corrector.correct("heard about social") == "heard about social"
    assert corrector.correct("unlock social") == "unlock social"   # not the account-support "unblock"
    everyday = TypoCorrector({"content", "late"})
    assert everyday.correct("bit of context") == "bit of context"
    assert everyday.correct("latte art") == "latte art"


def test_real_words_a_letter_from_knowledge_words_keep_their_meaning() -> None:
    corrector = TypoCorrector({"ads", "meta", "hiring", "shorts", "shipping", "there", "ill", "broken"})
    assert corrector.correct("hearing aids") == "hearing aids"        # not an ad
    assert corrector.correct("insurance broker") == "insurance broker"  # not "broken"
    assert corrector.correct("metal sports hiking") == "metal sports hiking"
    assert corrector.correct("shopping theyre itll") == "shopping theyre itll"
    assert corrector.correct("shiping") == "shipping"                 # a real typo still is one


def test_other_forms_of_a_word_are_not_typos_but_slips_in_the_ending_are() -> None:
    """"director" is not "directory" nor "accountant" "accounting"; "competiters" (a vowel) and "usualy"
    (a letter dropped) are typos of "competitors" and "usually"."""
    corrector = TypoCorrector({"directory", "accounting", "competitors", "usually", "advisor", "monitoring"})
    assert corrector.correct("director accountant") == "director accountant"
    assert corrector.correct("competiters usualy advisr") == "competitors usually advisor"
    assert corrector.correct("mentoring") == "mentoring"   # two typos keep the first two letters


def test_the_corrector_remembers_a_bounded_number_of_unknown_words() -> None:
    from bot.matching import typos

    corrector = TypoCorrector({"social", "hashtags"})
    assert corrector.correct("socail hastags") == "social hashtags"
    assert corrector.correct("socail hastags") == "social hashtags"    # the second time from memory
    for i in range(typos._REMEMBERED + 50):
        corrector.word(f"zzq{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}x")
    assert len(corrector._corrected) == typos._REMEMBERED
    assert corrector.correct("socail") == "social"
