"""What a message says about the asker's own business is its market, not its subject: out-of-scope
phrases found only there do not count against the message."""

from __future__ import annotations

import pytest

from bot.knowledge.model import Chatter, Concept, ConceptScope, Lexicon
from bot.matching.cleanup import Cleaner
from bot.matching.lexicon import PhraseIndex
from bot.matching.reading import Reader
from bot.matching.self_description import MAX_WORDS, SelfDescriptions
from bot.matching.typos import TypoCorrector

LEXICON = Lexicon(concepts={
    "photos": Concept("photos", ("post photos", "photos of customers")),
    "errands": Concept("errands", ("accounting software", "kids", "tax return"), ConceptScope.OUT),
    "support": Concept("support", ("hacked", "get our page back"), ConceptScope.OUT),
})
ASKS = ("how", "do", "can", "should", "what", "can you")
DESCRIPTIONS = ("i run a", "we sell", "we re a", "as a")


@pytest.fixture
def reader() -> Reader:
    index = PhraseIndex(LEXICON)
    return Reader(Cleaner(Chatter(asks=ASKS)), TypoCorrector(set(index.words)), index,
                  self_descriptions=DESCRIPTIONS, asks=ASKS)


@pytest.mark.parametrize(
    ("words", "described"),
    [
        ("i run a kids party business can i post photos", "kids party business"),
        ("we sell accounting software to small firms but our posts are dull", "accounting software to small firms"),
        ("we re a bakery and we sell cakes how do we grow", "bakery cakes"),
        ("we were hacked how do we get our page back", ""),
        ("how do i run a contest", ""),
        ("should we sell tax software", ""),
        ("i run a " + " ".join(f"w{i}" for i in range(12)), " ".join(f"w{i}" for i in range(MAX_WORDS))),
    ],
)
def test_a_description_runs_from_its_opener_to_a_question_word_a_conjunction_or_its_length(
        words: str, described: str) -> None:
    split = words.split()
    found = SelfDescriptions(DESCRIPTIONS, ("how", "do", "can", "should", "what")).words(split)
    assert " ".join(split[i] for i in sorted(found)) == described


def test_out_of_scope_words_in_the_askers_business_do_not_count_against_the_message(reader: Reader) -> None:
    reading = reader.read("I run a kids' party business, can I post photos from the parties?")
    assert reading.out_evidence == 0.0
    assert reading.strong_evidence == 1.0
    market = reader.read("We sell accounting software to small firms. How do we post photos of customers?")
    assert market.out_evidence == 0.0


def test_out_of_scope_words_outside_a_description_still_count(reader: Reader) -> None:
    assert reader.read("we were hacked, how do we get our page back?").out_evidence == 1.0
    assert reader.read("I run a bakery, can you do my tax return?").out_evidence == 1.0
    assert reader.read("can my kids post photos").out_evidence == 1.0
