"""Typo correction against the words the knowledge uses."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.normalize import stem

__all__ = ["EVERYDAY", "REAL_WORDS", "TypoCorrector"]

_SHORT = 5
_EVERYDAY_WORDS = """
here there where when then than were wear went want wants wanted what whom whose while with without within
your yours ours their theirs them they these those this that thus though through thru also always almost
just only even ever never every each either neither both some same such much many more most less least
very well good great nice fine bad best better worse worst big small large little long short high low
make made makes take took takes give gave gives come came comes goes gone going done doing said says tell
told know knew known think thought seem seems look looks looked feel felt find found keep kept put puts
need needs used uses work works worked working help helps call calls ask asks try tries tried start
started stop stops open close closed show shows shown turn turns move moves live lives play plays
day days week weeks month months year years time times today tomorrow yesterday morning evening night
home house office shop store team boss staff people person family friend friends kids child children
money price cost costs paid sale sales free cheap new old next last first second third other others
thing things stuff something nothing anything everything someone anyone everyone nobody somebody
yes okay sure maybe really still again once twice already soon later early late often sometimes
about above after before below between during into onto over under until upon around across along
because since unless whether while although however instead otherwise rather quite pretty enough
part place point case fact line word words name names page pages book books mail email phone call
hear heard hears hearing unlock unlocks unlocked
"""
EVERYDAY = frozenset(_EVERYDAY_WORDS.split())
"""Everyday words that are never typos of a knowledge word ("here" is not "her"), whatever the pack."""
_REAL_WORDS_TEXT = """
context contexts latte lattes hostel hostels farm farms farmer farmers cleaner cleaners cheat chase cease bind
tired waiter waiters resort resorts massage massages formal raise cold property properties likely brunch tough
easter brother brothers teas plant plants guess band bands tablet tablets painter painters grandpa grandfather
diner diners novice spring currently identity identities funding grants donuts spell smell wash wink pine lend
wide lean whine sigh dine trip shave tricky sack niece thick remain rain nest neat suck stroke pure prick
prevent pray lonely loose mild float fasten fade clap drown mentoring investor investors tradition traditions
photography concert multiply strengthen water rinse mend heat cute tease pass makers consulting stare note notes
lazy depend concern concerns given smarter convention leaving joint winning washing leaking routing rant hiding
planting fright feet bean tech sent timers movie movies stale sole passes analyst analysts supplier suppliers partly
void acct spamming spammed sitting tons prop props hunting tend tends coast intro chair chairs buried east fried
prep repeating shoots pastel aged sports bottles chore collars camp pain grain shopping intrusive scammed scamming
distraction plane possibly replacing seats seat confession tied metal dusty splitting stripe scares hiking host
pinned settling flooring production storey cars bath faking shirts boxing harsh died lies shed linen bingo indeed
reworking barn pest shaming police states commuters submitted tree terribly tack sneaking pasta tile sealing
invoicing committing cones lied clover pints lunches hats drivers wary flour pink math restarting biased earrings
slick tradesmen lawn moaning tire vent shouts parsing perm shaking pots tray dripping unloading hoax cult pecking
aids broker brokers brokerage devlog devlogs
theyre theyve youre weve whod itll thatll asap
"""
REAL_WORDS = frozenset(_REAL_WORDS_TEXT.split())
"""Real words one letter away from a knowledge word ("tired" and "tried", "director" and "directory", "aids"
and "ads"), and contractions typed without an apostrophe ("theyre" is not "there"): never corrected, and
never what another word is corrected to."""
_REAL_STEMS = frozenset(stem(w) for w in REAL_WORDS)
_ENDINGS = frozenset((
    "", "r", "er", "ers", "d", "ed", "s", "es", "ing", "ings", "ly", "al", "ion", "ions", "y", "ry", "ory", "ies",
    "ant", "ants", "ance", "ancy", "ent", "ence", "ency", "cy", "ive", "ist", "ists", "ism", "ity", "ment", "ments",
    "ness", "or", "ors", "ship", "able", "ful"))
_STEM = 4
"""The shortest common start that makes two words forms of one word ("consult-ant", "consult-ing")."""
_REMEMBERED = 1024
"""Unknown words whose correction a corrector keeps (as many as the reader keeps readings): the reader and the
platform detector correct the same message, and a word costs a fuzzy search of its pool the first time only."""


def _other_form(word: str, known: str) -> bool:
    """Both are one start plus word endings: "influence" and "influencer", "director" and "directory",
    "accountant" and "accounting" are different words, not a typo of each other."""
    common = 0
    for a, b in zip(word, known, strict=False):
        if a != b:
            break
        common += 1
    return any(word[k:] in _ENDINGS and known[k:] in _ENDINGS and not _misspelt(word[k:], known[k:])
               for k in range(_STEM, common + 1))


def _misspelt(ending: str, other: str) -> bool:
    """Endings one vowel apart ("-ers" for "-ors") or one with a letter dropped before its end ("-y" for
    "-ly", "-r" for "-or") are a spelling slip, not another form of the word."""
    if len(ending) == len(other):
        apart = [(a, b) for a, b in zip(ending, other, strict=True) if a != b]
        return len(apart) == 1 and all(c in "aeiou" for c in apart[0])
    shorter, longer = sorted((ending, other), key=len)
    return len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1:] == shorter
                                                   for i in range(len(longer) - 1))


class TypoCorrector:
    """Replaces an unknown word by the nearest known word of about the same length and the same first
    letter: one typo, two in words of 9 letters or more; a swap of two letters counts as one. Among
    equally close words, the one the knowledge uses most. In words of 5 letters or fewer, a letter
    replaced by another is not taken for a typo (too many real words are one letter apart: wifi, wiki);
    nor is a word that is another form of a known one (its stem is known: "followed"), or the same start
    with other word endings ("influence", "influencer"; "accountant", "accounting"); two typos keep the
    first two letters and the last one. Real words a letter away from knowledge words ("tired") are
    left alone, and so are words under 4 letters and words with digits."""

    def __init__(self, words: Iterable[str], frequency: Mapping[str, int] | None = None) -> None:
        self._words = frozenset(words) | EVERYDAY
        self._stems = frozenset(stem(w) for w in self._words)
        self._frequency = dict(frequency or {})
        pools: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(self._words):
            for length in (len(word) - 1, len(word), len(word) + 1):
                pools[(word[0], length)].append(word)
        self._pools = dict(pools)
        """Known words by (first letter, length +-1): a typo's candidates, prepared once."""
        self._corrected: OrderedDict[str, str] = OrderedDict()
        """The last `_REMEMBERED` unknown words looked up, and what they were corrected to (or themselves)."""

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def word(self, word: str) -> str:
        if word in self._words or word in REAL_WORDS or len(word) < 4 or not word.isalpha():
            return word
        corrected = self._corrected.get(word)
        if corrected is None:
            known_form = stem(word) in self._stems or stem(word) in _REAL_STEMS
            corrected = word if known_form else self._nearest(word)
            self._corrected[word] = corrected
            if len(self._corrected) > _REMEMBERED:
                self._corrected.popitem(last=False)  # one call: safe beside another thread's lookup
        return corrected

    def _nearest(self, word: str) -> str:
        """The known word an unknown one is a typo of, or the word itself."""
        pool = self._pools.get((word[0], len(word)), ())
        found = process.extract(word, pool, scorer=OSA.distance, limit=8, score_cutoff=1 if len(word) < 9 else 2)
        if len(word) <= _SHORT:  # "wifi" is not a typo of "wiki": short words only lose, gain or swap letters
            found = [f for f in found if len(f[0]) != len(word) or sorted(f[0]) == sorted(word)]
        # "influence" is not a typo of "influencer": another form of a word ("heyy" is one of "hey")
        found = [f for f in found if not _other_form(word, f[0])]
        # two typos keep the word's first two letters and its last one ("mentoring" is not "monitoring")
        found = [f for f in found if f[1] < 2 or (f[0][:2] == word[:2] and f[0][-1] == word[-1])]
        if not found:
            return word
        # Several words equally close ("waht": what, want): the one the knowledge uses most.
        nearest = min(distance for _, distance, _ in found)
        return max((w for w, d, _ in found if d == nearest), key=lambda w: self._frequency.get(w, 0))

    def correct(self, normalized: str) -> str:
        return " ".join(self.word(w) for w in normalized.split())
