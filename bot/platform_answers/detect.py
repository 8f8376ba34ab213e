"""Recognising a platform question: which platforms are named (ids, names, aliases of the catalog,
with one typo forgiven), what is asked (aspects.yaml), and which walk-through values (flows).

Everything the detector knows is data; it is built once per knowledge pack and is read-only after.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import OSA

from bot.knowledge.model import Aspect, Knowledge, PlatformPhrases
from bot.matching.typos import REAL_WORDS
from bot.normalize import content_stems, normalize, stem, undot_abbreviations
from bot.platform_answers.question import MAX_PLATFORMS, PlatformQuestion

__all__ = ["PlatformDetector"]

_TYPO_MIN = 6
"""Aliases of at least this many letters forgive one missing, extra or swapped letter ("facebok")."""
_POSSESSIVE_MIN = 5
"""A one-word alias of at least this many letters followed by an "s" is the same name ("TikTok's")."""
_NEAR_WORDS = 6
"""At most this many words between two platforms joined by a `compare_near` connector, itself included."""
_THAN_WORDS = 8
"""The same for "than", which reaches further ("is Reddit a better place to reach engineers than LinkedIn?")."""
_DESCRIBED = 4
"""A platform described ("the suit and tie network") opens with "the" at most this many words before the
described word."""
_DESCRIBED_NEAR = 6
"""...and stands at most this many words from the "or" or "vs" that offers the choice."""
_NOT_DESCRIBING = frozenset(("wrong", "right", "same", "other", "best", "main", "new", "one",
                             "a", "an", "for", "to", "of", "on", "in"))
"""Words that make "the ... app" no description of a platform ("or am I on the wrong app?", "worth the effort
for a one-chair salon")."""
_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")
"""Where a message's sentences end (its questions, `_story`; an out-of-scope phrase counts within one)."""
_HOW_TO_NOUN = re.compile(r"\bhow-to\b", re.IGNORECASE)
"""A hyphenated "how-to" names content ("how-to clips"), it asks nothing."""
_COMPARING = frozenset(("than", "vs", "versus", "both", "either", "instead"))
"""Words that make a question compare platforms named before it ("is it better than Instagram?")."""
_OWN_OBJECTS = 5
"""Words after a comparison cue where the things it compares are named ("difference between reach and impressions")."""
_REFERRING_BACK = frozenset(("two", "three", "them", "these", "those", "both", "each", "one"))
"""Last words of a comparison cue that points back at what was named before it ("which of the two", "on each"):
it has no objects of its own after it ("which of the two fits us better, and what would we post?")."""
_OWN_JOINS = frozenset(("and", "or", "vs", "versus"))
_CHOICE_JOINS = frozenset(("or", "vs", "versus"))
"""The words that offer a choice between a platform named and one described."""
_FEATURE_REACH = 4
"""Words at most between a feature's name and the platform it is posted on, named after it ("reels or just photos
on facebook")."""
_POSTED_ON = frozenset(("on", "in"))
"""Words right before that platform's name that say the feature is posted there."""
_CONTEXT_REACH = 3
"""How many words before a platform's name a context word ("from") may stand: "crosspost from our insta"."""
_CONTEXT_FAR_REACH = 5
"""The same for the far-reaching context words ("already"): "already have 8k followers on instagram"."""
_CONTEXT_CLOSERS = frozenset(("it", "them", "would", "should", "could", "how", "what", "which", "why", "who"))
"""Pronouns that a context word before them belongs to, not to a name after them, and words that open a new
question ("mostly consumers, not businesses. Would LinkedIn suit us?" asks about LinkedIn)."""
_LIST_JOINS = frozenset(("and", "or", "plus", "&"))
"""Words that join a list of platforms: a name listed right after a context name is context too."""
_PLACE_BEFORE = frozenset(("to", "onto", "on", "or", "vs", "versus", "and", "than", "is", "does", "has", "was"))
"""Words before a platform's own id that make it the platform, not another's feature ("over to threads", "is threads
a real replacement?": a verb in the singular; "are threads sensible?" asks about posts)."""
_OF_JOINS = frozenset(("of", "from", "the", "to"))
"""Words between a name that ends with a platform's own context word and that platform ("spinoff of the gram")."""
_CROWD_JOINS = frozenset(("and", "or", "vs", "versus"))
"""A platform named right after one of these shares the crowd word of the next ("the Pinterest and Snapchat
crowds")."""
_FOR_WORDS = 3
"""At most this many other words after "<platform> for" in a short question: "TikTok for a dog groomer?"."""
_YES_NO = frozenset(("does", "do", "is", "are", "would", "could", "can", "will", "should"))
"""Words that open a yes-or-no question: "Does Snapchat have any value for student recruitment?"."""
_YES_NO_OPENING = re.compile(r"(?:^|[.!?\n])\s*(?:(?:<@\w+>|@\w+)\W*)?\W*"
                             r"(?:does|do|is|are|would|could|can|will|should)\b", re.IGNORECASE)
"""A sentence opening with one of `_YES_NO` as typed, after a mention at most (a quick look before the sentences
are normalised)."""
_SUBJECT_ARTICLES = frozenset(("a", "an", "the", "our", "my"))
_QUESTION = re.compile(r"\?|^\s*(is|are|should|can|could|would|does|do|will|how|what|which|who|when|why)\b",
                       re.IGNORECASE)
_VALUE_STEPS = ("market", "ages", "goals", "content")
_ASKER_STEPS = ("market", "ages")
"""Steps whose values say who asks or whom they address (b2b, a bakery, teens): enough to put a message
that only names a platform in a business's mouth; one format or goal word ("stories", "watch") is not,
two are ("long articles or short updates, what does LinkedIn favour?")."""
_MEASURE = re.compile(r"\b\d[\d,.]*\s*(?:seconds?|secs?|minutes?|mins?|characters?|chars?|hours?|hrs?|h|posts?|"
                      r"times?|x|k|m|%|percent|days?|weeks?|months?|followers?|views?|words?|images?|photos?)\b",
                      re.IGNORECASE)
"""Numbers with a unit ("60 seconds") are not ages: they are removed before looking for age groups."""
_FILLERS = frozenset(("so", "but", "and", "ok", "okay", "honestly", "hey", "also", "then", "well", "hmm", "now"))
"""Words a clause may open with before its question word ("so is TikTok worth it?")."""
_FILLERS_INSIDE = frozenset(("even", "any", "really", "actually", "honestly", "realistically", "literally",
                             "seriously", "genuinely", "truly", "ever"))
"""Words that may sit inside an aspect phrase without changing it: "does YouTube make any sense", "who's
even on Pinterest"."""
_CLAUSES = re.compile(r"[,;:.!?]|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
"""Where a message's clauses part: a question's aspect phrase asks about the platforms of its clause."""
_DESCRIBED_REACH = 3
"""Words at most between a possessive platform name and the term it opens ("instagram's text-first sister
app")."""
_CUE_BEFORE = 4
"""Words at most between a cue and the described word it precedes ("the big google owned video site")."""
_CUE_AFTER = 8
"""Words at most after the opener of a description's tail ("the app with the endless vertical dance clips")."""
_CUE_TAIL_OPENERS = frozenset(("with", "where", "that", "which", "whose", "full"))
"""Words after the described word that open what describes it ("the site where people save ideas on boards")."""
_CUE_BREAKS = frozenset(("the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "this", "that",
                         "these", "those", "of", "on", "in", "for", "to", "and", "or", "with", "is", "are",
                         "was", "be", "it"))
"""Words a description does not reach back across: "the blue tick on the app" describes no app."""
_HEADING = re.compile(r"^(\s*(?:\S+\s+){0,3}\S+?)\s*:(?!/)")
"""A heading of one to four words before a colon opening the message ("Threads: worth it for us?", "quick q
about LinkedIn: how often?"): part of the clause it introduces."""


class _Phrases:
    """Phrases (normalised) indexed by their first word: which of them a text's words contain, as
    `f" {phrase} " in f" {text} "` would say, without scanning every phrase for every message."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for phrase in dict.fromkeys(phrases):
            words = tuple(phrase.split())
            if words:
                self._by_first[words[0]].append((words, phrase))

    def found(self, tokens: list[str]) -> list[str]:
        return list(self._found(tokens))

    def any(self, tokens: list[str]) -> bool:
        return next(self._found(tokens), None) is not None

    def at(self, tokens: list[str]) -> Iterator[tuple[int, str]]:
        """Where each phrase found starts, and the phrase."""
        by_first = self._by_first
        return ((i, phrase) for i, token in enumerate(tokens) for words, phrase in by_first.get(token, ())
                if len(words) == 1 or tuple(tokens[i:i + len(words)]) == words)

    def _found(self, tokens: list[str]) -> Iterator[str]:
        return (phrase for _, phrase in self.at(tokens))


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    platform: str
    described: bool = False
    """Named by a description (a term of two words or more, or a cue), not by a name."""


@dataclass(frozen=True, slots=True)
class _Story:
    """A message read as sentences (`_SENTENCES`): how many there are, and its questions, each with its
    normalised words and where it names platforms (`_named`)."""

    sentences: int
    questions: tuple[tuple[list[str], list[_Span]], ...]
    """The sentences that end with "?", then the last sentence when it ends with no mark."""
    marked: int
    """How many of `questions` end with "?" (they come first)."""


_Clause = tuple[list[str], list[_Span]]
"""A clause's normalised words and where it names platforms."""


class PlatformDetector:
    """`detect(text)` -> PlatformQuestion, or None when the message is not a platform question."""

    def __init__(self, knowledge: Knowledge, corrector: Callable[[str], str] | None = None) -> None:
        self.phrases: PlatformPhrases | None = knowledge.platform_phrases if knowledge.platforms else None
        self._corrector = corrector
        """Typos corrected to the knowledge's words (the matcher's `correct`): "is pinterest even usefull for
        hiring" asks what "useful for" asks."""
        known = self.phrases or PlatformPhrases({}, (), (), (), (), ())
        self._aspect_phrases = _Phrases(known.aspect_phrases())
        self._aspects_of: dict[str, list[Aspect]] = defaultdict(list)
        for aspect, words in known.aspects.items():
            for phrase in words:
                self._aspects_of[phrase].append(aspect)
        self._not_about_marketing, self._compare_cues, self._write, self._write_exclusions = (
            _Phrases(known.not_about_marketing), _Phrases(known.compare_cues), _Phrases(known.write),
            _Phrases(known.write_exclusions))
        self._business_words, self._requests = _Phrases(known.business_words), _Phrases(known.requests)
        self._how_to = _Phrases(known.how_to)
        self._in_general = _Phrases(known.in_general)
        self._subject_heads = frozenset(known.subject_heads)
        self._what_counts = _Phrases(known.what_counts)
        self._subject_openers = frozenset(known.subject_openers)
        self._choice_words = _Phrases(known.choice_words)
        self._crowd_words = frozenset(known.crowd_words)
        self._context_words = frozenset(known.context_words)
        self._context_words_far = frozenset(known.context_words_far)
        self._spellings = dict(known.spellings)
        self._context_words_of = {p.id: frozenset(p.context_words) for p in knowledge.platforms.values()
                                  if p.context_words}
        """A platform's own context words (catalog `context_words`): "pins a day for my blog", "is threads
        like twitter?"."""
        self._own_context_words = frozenset(w for words in self._context_words_of.values() for w in words)
        self._features_of = {p.id: frozenset(p.features) for p in knowledge.platforms.values()}
        self._feature_stems_of = {p.id: frozenset(stem(w) for feature in p.features for w in feature.split())
                                  for p in knowledge.platforms.values()}
        """The stems of a platform's own features (catalog `features`): "whatsapp channels vs broadcast lists?"
        names nothing but WhatsApp and two of its features."""
        self._compare_before = frozenset(known.compare_before)
        self._compare_words = frozenset(known.compare)
        """The comparison connectors, which a message of names and features may hold ("channels vs lists?")."""
        self._described_words = frozenset(known.described_words)
        self._aliases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._typos: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        self._terms: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._exclusions: dict[str, tuple[str, ...]] = {}
        self._cues: dict[str, str] = {}
        for platform in knowledge.platforms.values():
            self._exclusions[platform.id] = platform.alias_exclusions
            for alias in dict.fromkeys((platform.id, normalize(platform.name), *platform.aliases)):
                words = tuple(alias.split())
                self._aliases[words[0]].append((words, platform.id))
                if len(words) == 1 and len(alias) >= _TYPO_MIN and alias.isalpha():
                    for length in (len(alias) - 1, len(alias), len(alias) + 1):
                        self._typos[(alias[0], length)].append((alias, platform.id))
            for term in platform.terms:
                self._terms[term.split()[0]].append((tuple(term.split()), platform.id))
            self._cues.update(dict.fromkeys(platform.cues, platform.id))
        for table in (self._aliases, self._terms):
            for candidates in table.values():
                candidates.sort(key=lambda c: -len(c[0]))
        flow = knowledge.platform_walkthrough()
        steps = tuple(s for s in (flow.step(name) if flow else None for name in _VALUE_STEPS) if s is not None)
        self._values_by_stem: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for step in steps:
            for choice in step.choices:
                if choice.value == "both":
                    continue
                for phrase in (choice.value, choice.label, *choice.synonyms):
                    stems = tuple(stem(w) for w in normalize(phrase).split())
                    if stems:
                        self._values_by_stem[stems[0]].append((stems, choice.value))
        for phrases in self._values_by_stem.values():
            phrases.sort(key=lambda c: -len(c[0]))
        self._asker_values = frozenset(c.value for s in steps if s.id in _ASKER_STEPS for c in s.choices)
        self._value_stems = frozenset(w for phrases in self._values_by_stem.values() for s, _ in phrases for w in s)
        """Words of the walk-through's choices: what "TikTok for B2B?" is made of besides the platform."""

    def platforms_in(self, normalized: str) -> tuple[str, ...]:
        """The catalog ids a normalised text names, in order, each once."""
        return _platforms_of(self._spans(normalized.split(), normalized))

    def half_named_choice(self, text: str) -> bool:
        """The message offers a choice between one platform named and one only described ("the big tube site
        or the clock app?"): `detect` sees no platform question in it, and no answer about a topic is
        sure either."""
        normalized = self._normalize(text, corrected=False)
        tokens = normalized.split()
        if self._described_words.isdisjoint(tokens):
            return False  # most messages: nothing is described
        spans = self._named(tokens, normalized)
        return len({s.platform for s in spans}) == 1 and self._described_choice(tokens, spans)

    def detect(self, text: str, implicit: bool = False) -> PlatformQuestion | None:
        """The platform question a message asks, or None. With `implicit`, a message that names one
        platform (or compares two or three) without saying what it asks is an implicit question
        (`explicit` False, no aspect): whether it is about the platform is the router's call."""
        phrases = self.phrases
        if phrases is None:
            return None
        text = undot_abbreviations(text)
        normalized = self._normalize(text, corrected=False)
        tokens = normalized.split()
        spans = self._named(tokens, normalized, text)
        if not spans:
            return None  # most messages: no platform named
        if self._corrector is not None:  # word for word: the spans stay where they are
            normalized = self._corrector(normalized)
            tokens = normalized.split()
        platforms = _platforms_of(spans)
        if len(platforms) > MAX_PLATFORMS:  # "been on Facebook and Instagram; torn between Pinterest and YouTube"
            fewer = self._without_context(tokens, spans, compared=True, text=text)
            if len({s.platform for s in fewer}) <= MAX_PLATFORMS:
                spans = fewer
                platforms = _platforms_of(spans)
        story = self._story(text) if len(platforms) > 1 else None  # read once, for the rules below
        if story is not None and len(platforms) > MAX_PLATFORMS:
            platforms = self._asked_among_many(platforms, story)
        if len(platforms) > MAX_PLATFORMS and (offered := _one_choice(tokens, spans)):
            platforms, spans = offered, [s for s in spans if s.platform in offered]
        if not platforms or len(platforms) > MAX_PLATFORMS:
            return None
        if story is not None and (questioned := self._asked_in_questions(story, platforms)):
            platforms, spans = questioned, [s for s in spans if s.platform in questioned]
        if len(platforms) == 1 and self._described_choice(tokens, spans):
            return None  # "the photo app or the clock app?": half of a comparison is no question
        padded = f" {normalized} "
        unnamed = _unnamed(tokens, spans)
        plain = [t for t in tokens if t not in _FILLERS_INSIDE]  # "does it make any sense", "who's even on"
        found = list(dict.fromkeys([*self._aspect_phrases.found(tokens), *self._aspect_phrases.found(unnamed),
                                    *self._aspect_phrases.found(plain)]))
        without = _without(padded, tokens, spans, found).split()
        if self._outside(without) and any(self._outside_sentence(sentence) for sentence in _SENTENCES.findall(text)):
            return None
        if self._what_counts.any(tokens):
            return None  # "what counts as social media? is a blog or youtube part of it?" asks the definition
        asked = {a for phrase in found for a in self._aspects_of[phrase]}
        aspects = tuple(a for a in phrases.aspects if a in asked)
        outside = " ".join(unnamed)
        values = self._values(_MEASURE.sub(" ", outside))
        said = {stem(w) for phrase in (*found, *phrases.ignore) for w in phrase.split()}
        others = tuple(s for s in content_stems(outside) if s not in self._value_stems and s not in said)
        if aspects == (Aspect.OVERVIEW,) and others:
            aspects = ()  # "tell me about TikTok" is the platform; "what about hashtags on TikTok" is hashtags
        clauses = list(self._clauses(text)) if found or len(platforms) > 1 else []  # walked once, read below
        joined = len(platforms) > 1 and self._joined(tokens, spans, phrases.compare, phrases.compare_near,
                                                     phrases.where_words)
        if not joined and len(platforms) > 1 and ((aspects and self._platforms_asked(clauses, found))
                                                   or self._choice_words.any(tokens)):
            joined = self._joined(tokens, spans, phrases.compare, phrases.compare_near)  # "be on X or Y?"
        compare = joined or (story is not None and len(platforms) > 1 and (
            self._compares_platforms(story, tokens, spans)
            or any(s.start and tokens[s.start - 1] in self._compare_before for s in spans)))
        if compare and len(platforms) > 2:  # "already active on LinkedIn... add either Instagram or Threads?"
            fewer = self._without_context(tokens, spans, compared=True, text=text)
            kept = _platforms_of(fewer)
            if 1 < len(kept) < len(platforms) and self._joined(tokens, fewer, phrases.compare):
                platforms, spans = kept, fewer
        if aspects and not compare and len(platforms) > 1:
            in_asking = self._platforms_asked(clauses, found)
            platforms = tuple(p for p in platforms if p in in_asking) or platforms
        if self._write.any(tokens) and not self._write_exclusions.any(tokens):
            return PlatformQuestion(platforms, (Aspect.IDEAS,), values, compare, write=True, others=others)
        if aspects and not compare and (self._asked_in_general(clauses) or self._last_question_in_general(text)):
            return None  # "I handle our Facebook, what's the point of social for a charity?"
        if aspects or compare:
            return PlatformQuestion(platforms, aspects, values, compare, others=others,
                                    how_to=self._asks_how(text, tokens), subject=self._asked_first(clauses))
        short_for = ((" for " in padded and len(others) <= 1) or self._named_for(tokens, spans, others)
                     or self._opens_named_for(text))
        weighed = not short_for and len(platforms) == 1 and self._weighed_for(text)
        if (short_for or weighed) and _QUESTION.search(text):
            return PlatformQuestion(platforms, (Aspect.FIT,), values, others=others,  # "TikTok for B2B?"
                                    how_to=self._asks_how(text, tokens))
        features = frozenset().union(*(self._feature_stems_of.get(p, frozenset()) for p in platforms))
        if not set(content_stems(outside)) - features - self._compare_words:
            return PlatformQuestion(platforms, (Aspect.OVERVIEW,))  # "LinkedIn?", "whatsapp channels vs lists?"
        asker = len(values) > 1 or any(v in self._asker_values for v in values)
        if implicit and len(platforms) == 1 and (asker or self._business_words.any(tokens)):
            return PlatformQuestion(platforms, (), values, others=others, explicit=False,
                                    request=self._requests.any(tokens), how_to=self._asks_how(text, tokens))
        return None

    def _normalize(self, text: str, corrected: bool = True) -> str:
        """The text normalised (bot.normalize), with chat spellings written out (aspects.yaml `spellings`:
        "how long shuld blog posts be" asks what "how long should" asks), then, when `corrected`, its typos
        corrected as the matcher corrects them (platform names are looked for before: "insta" stays)."""
        normalized = normalize(text)
        if self._spellings and not self._spellings.keys().isdisjoint(normalized.split()):
            normalized = " ".join(self._spellings.get(word, word) for word in normalized.split())
        if corrected and self._corrector is not None:
            normalized = self._corrector(normalized)
        return normalized

    def _asks_how(self, text: str, tokens: list[str]) -> bool:
        """The message asks how to do something (aspects.yaml `how_to`), not only names "how-to" content:
        "would how-to clips on the big video site bring a plumber any work?" asks whether YouTube fits."""
        if not self._how_to.any(tokens):
            return False
        if "how-to" not in text.lower():
            return True
        return self._how_to.any(self._normalize(_HOW_TO_NOUN.sub(" ", text)).split())

    # -- platforms ---------------------------------------------------------------------------------

    def _named(self, tokens: list[str], normalized: str, text: str = "") -> list[_Span]:
        """Where the message (`text`, when the tokens are all of it) names platforms, less the names that describe
        people (`_without_crowds`), say where the asker stands (`_without_context`) or are a feature of another
        platform (`_without_features`)."""
        spans = self._without_context(tokens, self._without_crowds(tokens, self._spans(tokens, normalized)), text=text)
        return self._without_features(tokens, spans)

    def _without_features(self, tokens: list[str], spans: list[_Span]) -> list[_Span]:
        """The spans less the names that are, word for word, a feature (catalog `features`) of a platform
        named before them: "our FB reach is dead... what works there? groups? reels?" asks about Facebook's
        reels, not about Instagram; or of the platform named next, a few words on, where it is posted "on" or
        "in" ("reels or just photos on facebook for a barber?")."""
        if len(spans) < 2:
            return spans
        features = [s for i, s in enumerate(spans) if not s.described and not self._named_as_itself(tokens, s) and any(
            " ".join(tokens[s.start:s.end]) in self._features_of.get(other.platform, frozenset())
            for other in (*spans[:i], *self._posted_on(tokens, spans[i + 1:i + 2], s)) if other.platform != s.platform)]
        return _less(spans, features)

    @staticmethod
    def _posted_on(tokens: list[str], after: list[_Span], span: _Span) -> list[_Span]:
        """The next span when it comes at most `_FEATURE_REACH` words after `span`, right after "on" or "in"."""
        return [a for a in after if a.start - span.end <= _FEATURE_REACH and tokens[a.start - 1] in _POSTED_ON]

    @staticmethod
    def _named_as_itself(tokens: list[str], span: _Span) -> bool:
        """A platform's own id that is a feature of another ("threads" of X and Reddit) names the platform
        where it is a place to go, an option or the subject of a verb in the singular (`_PLACE_BEFORE`): "move
        our posts from x over to threads", "x or threads?", "is threads a real replacement?"."""
        return (span.end - span.start == 1 and tokens[span.start] == span.platform and span.start > 0
                and tokens[span.start - 1] in _PLACE_BEFORE)

    def _without_crowds(self, tokens: list[str], spans: list[_Span]) -> list[_Span]:
        """The spans less the platform names that describe people (`crowd_words`: "Instagram people"),
        when another platform is named: that one is asked about. Not a description ending with a
        `described_words` word: in "the pinboard site people use", people use the site; nor a description
        ("meta's twitter lookalike": the crowd word goes on describing Threads)."""
        crowds = [s for s in spans if s.end < len(tokens) and tokens[s.end] in self._crowd_words and not s.described
                  and tokens[s.end - 1] not in self._described_words  # "the pinboard site people use"
                  and not (s.start and tokens[s.start - 1] in _CROWD_JOINS)]  # "the pinterest and snapchat crowds"
        return _less(spans, crowds)

    def _without_context(self, tokens: list[str], spans: list[_Span], compared: bool = False,
                         text: str = "") -> list[_Span]:
        """The spans less the platform names that say where the asker already is (`context_words` at most
        `_CONTEXT_REACH` words before the name, `context_words_far` at most `_CONTEXT_FAR_REACH`: "we
        already post on insta every day, is threads worth it?"), when another platform is named: that one
        is asked about. A context word belongs to the nearest name after it ("can u cross post from ig to
        threads?" asks about Threads), unless "it" or "them" comes first (`_CONTEXT_CLOSERS`) or a sentence of the
        message (`text`) ends between them ("video is where everyone is now. YouTube or a blog for him?"); a name that
        ends with a platform's own context word points to that platform ("spinoff of the gram"). Not in a
        message with a comparison cue, unless `compared`: it names more platforms than a comparison weighs."""
        if (self._context_words.isdisjoint(tokens) and self._context_words_far.isdisjoint(tokens)
                and self._own_context_words.isdisjoint(tokens)):
            return spans  # most messages
        if not compared and self._compare_cues.any(tokens):
            return spans  # "revive the page we already have or start fresh on Instagram? the difference
            # between the two" compares them
        dropped: list[_Span] = []
        starts = self._sentence_starts(text, len(tokens))
        for i, span in enumerate(spans):
            after_last = spans[i - 1].end if i else 0  # "from ig to threads": "from" is ig's, not threads'
            closed = [j + 1 for j in range(after_last, span.start) if tokens[j] in _CONTEXT_CLOSERS or j + 1 in starts]
            reach_from = max([after_last, *closed])  # "no leads from it. Would LinkedIn...": "from" is it's
            near = tokens[max(reach_from, span.start - _CONTEXT_REACH):span.start]
            far = tokens[max(reach_from, span.start - _CONTEXT_FAR_REACH):span.start]
            between = set(tokens[after_last:span.start])
            listed = bool(between) and between <= _LIST_JOINS and bool(dropped) and dropped[-1] == spans[i - 1]
            own = self._context_words_of.get(span.platform, frozenset())
            previous_end = tokens[max(spans[i - 1].start, spans[i - 1].end - 2):spans[i - 1].end] if i else []
            if between <= _OF_JOINS and not own.isdisjoint(previous_end):
                dropped.append(span)  # "meta's text-only spinoff of the gram": where the previous one comes from
                continue
            if listed or not (self._context_words.isdisjoint(near) and self._context_words_far.isdisjoint(far)
                              and own.isdisjoint(near)):
                dropped.append(span)  # "already on instagram and facebook": both are context
        return _less(spans, dropped)

    def _sentence_starts(self, text: str, size: int) -> frozenset[int]:
        """Where the sentences of `text` start among its `size` normalised words (none when they do not add up)."""
        sentences = _SENTENCES.findall(text)
        if len(sentences) < 2:
            return frozenset()  # one sentence: no end to stop at
        starts: list[int] = []
        for sentence in sentences:
            starts.append((starts[-1] if starts else 0) + len(self._normalize(sentence, corrected=False).split()))
        return frozenset(starts) if starts and starts[-1] == size else frozenset()

    def _asked_among_many(self, platforms: tuple[str, ...], story: _Story) -> tuple[str, ...]:
        """Of more platforms than a question compares, those named in the message's questions (its
        sentences ending with "?": "...Instagram stories push lineups, TikTok gets the clips, a WhatsApp
        group for promoters. Does Snapchat make sense for a club like ours?" asks about Snapchat); all of
        them when its questions name none or too many ("should we be on Facebook, Instagram, LinkedIn and
        TikTok all at once?" weighs them all: the question is which platforms to be on)."""
        asked = {s.platform: None for _, spans in story.questions[:story.marked] for s in spans}
        return tuple(asked) if 0 < len(asked) <= MAX_PLATFORMS else platforms

    def _story(self, text: str) -> _Story:
        """The message's sentences, its questions read once for `_asked_among_many`, `_asked_in_questions` and
        `_compares_platforms`."""
        sentences = _SENTENCES.findall(text)
        marked = [s for s in sentences if s.rstrip().endswith("?")]
        unmarked_last = [sentences[-1]] if sentences and sentences[-1].rstrip()[-1:].isalnum() else []
        questions = []
        for sentence in (*marked, *unmarked_last):  # "...all over again? which one should we pick"
            normalized = self._normalize(sentence)
            words = normalized.split()
            questions.append((words, self._named(words, normalized)))
        return _Story(len(sentences), tuple(questions), len(marked))

    def _compares_platforms(self, story: _Story, tokens: list[str], spans: list[_Span]) -> bool:
        """The message holds a comparison cue that is not about other things it names: "what's the difference
        between reach and impressions?" compares two metrics (a cue followed within `_OWN_OBJECTS` words by
        "and", "or" or "vs" with no platform named there), "which of the two?" or "torn between Pinterest and
        YouTube" compare platforms; so does a cue pointing back at the platforms named ("which of the two fits
        us better, and what would we post?": its "and" joins no objects of its own). In a message of
        statements and questions (a last sentence with no mark counts as a question here), only the
        questions' cues count: "our numbers differ by a factor of 3" tells a story."""
        parts = [(tokens, spans)]
        if story.questions and len(story.questions) < story.sentences:
            parts = list(story.questions)
        for words, named_in in parts:
            named = _named(named_in)
            for start, phrase in self._compare_cues.at(words):
                end = start + len(phrase.split())
                after = range(end, min(len(words), end + _OWN_OBJECTS))
                if phrase.split()[-1] in _REFERRING_BACK or not (
                        any(words[i] in _OWN_JOINS for i in after) and named.isdisjoint(after)):
                    return True
        return False

    def _asked_in_questions(self, story: _Story, platforms: tuple[str, ...]) -> tuple[str, ...]:
        """In a message of statements and questions, the platforms its questions (sentences ending with "?")
        name, when they are fewer than the message names: the others are named in what tells the asker's
        story. Two or more are compared ("We're on Facebook, Instagram and TikTok. Between Facebook and
        TikTok, which has the stronger case?"); one is asked about when the questions compare nothing
        ("Someone swore Pinterest drives more traffic than Instagram ever did. Who is using Pinterest?").
        Empty when that does not apply."""
        questions = story.questions[:story.marked]
        if not questions or len(questions) == story.sentences:
            return ()
        named: dict[str, None] = {}
        comparing = False
        for tokens, spans in questions:
            comparing = comparing or self._compare_cues.any(tokens) or not _COMPARING.isdisjoint(tokens)
            named.update(dict.fromkeys(s.platform for s in spans))
        asked = tuple(p for p in platforms if p in named)
        if (len(asked) == 1 and comparing) or len(asked) == len(platforms):
            return ()
        return asked

    def _outside(self, without: list[str]) -> bool:
        """The words of a message less its platform names and aspect phrases (`_without`) hold a phrase of
        `not_about_marketing`, with the names or without them ("my whatsapp family group" is "my family group";
        an aspect phrase stays a gap: "for teens learning english" holds no "for learning")."""
        return self._not_about_marketing.any(without) or self._not_about_marketing.any([t for t in without if t != "|"])

    def _outside_sentence(self, sentence: str) -> bool:
        """`_outside` within one sentence: "...just me and my son. Is it even worth being on Facebook?" holds
        no "my son is" (a parent's question)."""
        normalized = self._normalize(sentence)
        tokens = normalized.split()
        spans = self._spans(tokens, normalized)
        return self._outside(_without(f" {normalized} ", tokens, spans, self._aspect_phrases.found(tokens)).split())

    def _described_choice(self, tokens: list[str], spans: list[_Span]) -> bool:
        """The message offers a choice ("or", "vs") next to a platform only described (`described_words`
        after "the": "the suit-and-tie network or the bird site?"), or next to the description that is all
        it says of its one platform ("zuck's original blue app vs the gossip one?")."""
        named = {i for s in spans for i in range(s.start, s.end)}
        joins = [i for i, t in enumerate(tokens) if t in _CHOICE_JOINS]
        if joins and all(s.described for s in spans) and any(
                self._other_side(tokens, s, j) for s in spans for j in joins):
            return True
        return any(t in self._described_words and i not in named and _described_at(tokens, i)
                   and any(abs(i - j) <= _DESCRIBED_NEAR for j in joins) for i, t in enumerate(tokens))

    def _other_side(self, tokens: list[str], span: _Span, join: int) -> bool:
        """The choice word at `join` stands at most `_DESCRIBED_NEAR` words from the description `span`, with
        another app, site or "one" on its far side ("the blue app vs the photo one"), not a question of its
        own ("the mood-board site: does it work for nonprofits or is it all wedding inspo?")."""
        if span.start - _DESCRIBED_NEAR <= join < span.start:
            far = tokens[max(0, join - _DESCRIBED_NEAR):join]
        elif span.end <= join < span.end + _DESCRIBED_NEAR:
            far = tokens[join + 1:join + 1 + _DESCRIBED_NEAR]
        else:
            return False
        return not self._described_words.isdisjoint(far)  # aspects.yaml lists "one" among them

    def _asked_in_general(self, clauses: list[_Clause]) -> bool:
        """The last clause that holds an aspect phrase names no platform and names social media in
        general (aspects.yaml `in_general`): the question is asked of social media, the platform named
        elsewhere is context."""
        for tokens, spans in reversed(clauses):
            if self._aspect_phrases.any(tokens):
                return not spans and self._in_general.any(tokens)
        return False

    def _last_question_in_general(self, text: str) -> bool:
        """The message's last sentence is a question ("?") that names no platform and names social media in
        general: "...messaging us on Facebook when a box is late. I'm not sure that's the right place for it.
        Should we be doing customer service on social media, and how?" asks it of social media."""
        sentences = [s for s in _SENTENCES.findall(text) if s.strip()]
        if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?"):
            return False
        normalized = self._normalize(sentences[-1])
        tokens = normalized.split()
        return not self._spans(tokens, normalized) and self._in_general.any(tokens)

    def _asked_first(self, clauses: list[_Clause]) -> bool:
        """Some clause opens with a question word followed by a platform's name (aspects.yaml
        `subject_openers`: "is", "what is"...), after a filler word or two ("so", "honestly"), unless a
        subject head follows the name ("are reddit ads worth it?": `subject_heads`)."""
        openers = self._subject_openers
        for tokens, spans in clauses:
            named_at = {s.start: s for s in spans}
            i = 0
            while i < len(tokens) and tokens[i] in _FILLERS:
                i += 1
            for size in (2, 1):
                if " ".join(tokens[i:i + size]) in openers and (span := named_at.get(i + size)) is not None:
                    if span.end < len(tokens) and tokens[span.end] in self._subject_heads:
                        continue  # "are reddit ads worth it?": the ads are the subject
                    return True
        return False

    @staticmethod
    def _platforms_asked(clauses: list[_Clause], found: list[str]) -> dict[str, None]:
        """The platforms named in the clauses that hold the question's aspect phrases. None asks of the
        platforms when it is empty ("alert us when someone mentions us on Reddit or X, what do people
        use?"); of several platforms named without a comparison, those it holds are the ones asked about
        ("we do well on Instagram but nothing on Facebook, is Facebook a dead end for fashion?"). A clause that
        asks and ends with a platform's name goes on in the clauses that open with one: "should we be on
        Facebook, YouTube or our own site?" lists its platforms apart with commas."""
        asked: dict[str, None] = {}
        listing = False
        for tokens, spans in clauses:
            padded = f" {' '.join(tokens)} ", f" {' '.join(_unnamed(tokens, spans))} "
            if any(f" {phrase} " in side for phrase in found for side in padded) or (
                    listing and spans and spans[0].start == 0):
                asked.update(dict.fromkeys(s.platform for s in spans))
                listing = bool(spans) and spans[-1].end == len(tokens)
            else:
                listing = False
        return asked

    def _clauses(self, text: str) -> Iterator[_Clause]:
        """Each clause of the message (`_CLAUSES`): its normalised words and where it names platforms."""
        for clause in _CLAUSES.split(_HEADING.sub(r"\1 ", text, count=1)):
            normalized = self._normalize(clause)
            tokens = normalized.split()
            yield tokens, self._spans(tokens, normalized)

    def _spans(self, tokens: list[str], normalized: str) -> list[_Span]:
        """Where platforms are named: by id, name, alias (one typo forgiven); in a message that names
        none that way, by one of their `terms` ("pins"); beside names, by a term of two words or more
        (`_described_by_names`) or a description with a cue (`_cue_descriptions`)."""
        spans = self._find(tokens, normalized, lambda i: self._alias_at(tokens, i) or self._typo_at(tokens, i))
        terms = [_Span(t.start, t.end, t.platform, described=t.end - t.start > 1)
                 for t in self._find(tokens, normalized, lambda i: _phrase_at(self._terms, tokens, i))]
        if self._cues and not self._described_words.isdisjoint(tokens):
            terms = sorted([*terms, *self._cue_descriptions(tokens, [*spans, *terms])], key=lambda s: s.start)
        if not spans:
            return terms
        described = [t for t in terms if t.end - t.start > 1]
        named = {s.platform for s in spans}
        spans = sorted([*spans, *(t for t in described if t.platform not in named)], key=lambda s: s.start)
        return self._described_by_names(tokens, spans, described)

    def _cue_descriptions(self, tokens: list[str], taken: list[_Span]) -> list[_Span]:
        """Platforms described by one of their `cues` (catalog.yaml) around a described word (aspects.yaml
        `described_words`): up to `_CUE_BEFORE` words before it ("the yellow app", "the big google owned
        site"), or up to `_CUE_AFTER` words into a tail that opens right after it ("the app with the endless
        vertical dance clips", "the site where people save ideas on boards"). The cue nearest the described
        word tells the platform ("the blue bird app" is X); two at the same distance tell none. Words
        already naming a platform (`taken`) are no description."""
        covered = {i for s in taken for i in range(s.start, s.end)}
        found: list[_Span] = []
        for j, word in enumerate(tokens):
            if word not in self._described_words or j in covered:
                continue
            cues: list[tuple[int, int, str]] = []  # distance from the described word, position, platform
            for i in range(j - 1, max(-1, j - 1 - _CUE_BEFORE), -1):
                if tokens[i] in _CUE_BREAKS:
                    break
                if tokens[i] in self._cues:
                    cues.append((j - i, i, self._cues[tokens[i]]))
            if j + 1 < len(tokens) and tokens[j + 1] in _CUE_TAIL_OPENERS:
                cues += [(i - j, i, self._cues[tokens[i]]) for i in range(j + 2, min(len(tokens), j + 2 + _CUE_AFTER))
                         if tokens[i] in self._cues]
            if not cues:
                continue
            distance = min(c[0] for c in cues)
            nearest = [c for c in cues if c[0] == distance]
            start, end = min(nearest[0][1], j), max(nearest[0][1], j) + 1
            if len({c[2] for c in nearest}) == 1 and covered.isdisjoint(range(start, end)):
                found.append(_Span(start, end, nearest[0][2], described=True))
                covered.update(range(start, end))
        return found

    def _described_by_names(self, tokens: list[str], spans: list[_Span], described: list[_Span]) -> list[_Span]:
        """The spans, where a platform described by one of its terms of two words or more ("meta's text
        app that spun off from insta") counts as named beside the names, less the names that only describe
        it: a possessive name at most `_DESCRIBED_REACH` words before the term ("instagram's text-first
        sister app", "zuck's answer to the bird app") or a name inside it ("a version of twitter", "the
        bird app")."""
        for term in described:
            describing = [s for s in spans if s.platform != term.platform and (term.start <= s.start < term.end or (
                s.end <= term.start and term.start - s.end <= _DESCRIBED_REACH
                and tokens[s.end - 1] not in self._aliases and tokens[s.end - 1].endswith("s")))]
            spans = [s for s in spans if s not in describing]
        return spans

    def _find(self, tokens: list[str], normalized: str,
              at: Callable[[int], tuple[int, str] | None]) -> list[_Span]:
        spans: list[_Span] = []
        i = 0
        while i < len(tokens):
            found = at(i)
            if found is None:
                i += 1
                continue
            end, platform = found
            if not self._excluded(platform, tokens, i, end, normalized):
                spans.append(_Span(i, end, platform))
            i = end
        return spans

    def _alias_at(self, tokens: list[str], i: int) -> tuple[int, str] | None:
        for words, platform in self._aliases.get(tokens[i], ()):
            found = tuple(tokens[i:i + len(words)])
            if found == words:
                if len(words[0]) == 1 and len(words) == 1 and i and tokens[i - 1].isdigit():
                    continue  # "3 x a week" is not X
                return i + len(words), platform
            if len(words) > 1 and found[:-1] == words[:-1] and found[-1:] == (f"{words[-1]}s",):
                return i + len(words), platform  # "the gram's" normalised: "the grams"
        word = tokens[i]
        if len(word) >= _POSSESSIVE_MIN and word.endswith("s"):  # "linkedin's" normalised: "linkedins"
            for words, platform in self._aliases.get(word[:-1], ()):
                if len(words) == 1:
                    return i + 1, platform
        return None

    def _typo_at(self, tokens: list[str], i: int) -> tuple[int, str] | None:
        word = tokens[i]
        if len(word) < _TYPO_MIN - 1 or not word.isalpha() or word in REAL_WORDS:
            return None  # "devlog" is a word of its own, not "devblog" less a letter
        for alias, platform in self._typos.get((word[0], len(word)), ()):
            if stem(word) == stem(alias):
                continue  # "thread" is a word of its own, not a typo of "Threads"
            if OSA.distance(word, alias, score_cutoff=1) <= 1 and (len(word) != len(alias)
                                                                    or sorted(word) == sorted(alias)):
                return i + 1, platform  # one letter missing, extra or swapped; never a substitution
        return None

    def _excluded(self, platform: str, tokens: list[str], start: int, end: int, normalized: str) -> bool:
        """An alias inside one of the platform's exclusion phrases ("twitter threads") names another thing."""
        for phrase in self._exclusions.get(platform, ()):
            words = phrase.split()
            for offset in range(len(words)):
                first = start - offset
                if first >= 0 and tokens[first:first + len(words)] == words and first + len(words) >= end:
                    return True
        return False

    @staticmethod
    def _named_for(tokens: list[str], spans: list[_Span], others: tuple[str, ...]) -> bool:
        """A short question that opens with the platforms and "for", followed by a few words of who asks:
        "TikTok for a dog groomer?", "LinkedIn or X for an insurance broker??" (the asker's trade need not
        be a walk-through value)."""
        if not spans or spans[0].start != 0 or len(others) > _FOR_WORDS:
            return False
        after = spans[-1].end
        return after < len(tokens) and tokens[after] == "for"

    def _opens_named_for(self, text: str) -> bool:
        """The message opens with a short "<platform> for <who>" clause that more follows: "Pinterest for a
        plant nursery? who's on it these days", "Snapchat for a car dealership - am I crazy?" (a message of
        one clause is `_named_for`'s)."""
        clauses = [c for c in self._clauses(text.replace("\u2014", ",").replace(" - ", ", ")) if c[0]]
        if len(clauses) < 2:
            return False
        tokens, spans = clauses[0]
        after = spans[-1].end if spans else 0
        words = [w for w in content_stems(" ".join(tokens[after + 1:])) if w not in self._value_stems]
        return self._named_for(tokens, spans, tuple(words))

    def _weighed_for(self, text: str) -> bool:
        """A question that opens with a yes-or-no word and a platform as what it weighs, for someone:
        "Does Snapchat have any value for undergraduate recruitment?", "would pinterest bring any enrolments
        for a montessori nursery?", "is TikTok interesting for a notary office?"."""
        if "?" not in text or not _YES_NO_OPENING.search(text):
            return False  # most messages: no sentence opens with a yes-or-no word
        for sentence in _SENTENCES.findall(text):
            if "?" not in sentence or not _YES_NO_OPENING.match(sentence):
                continue
            normalized = self._normalize(sentence)
            tokens = normalized.split()
            spans = self._spans(tokens, normalized)
            if not spans or not tokens or tokens[0] not in _YES_NO:
                continue
            start = spans[0].start
            if (start == 1 or (start == 2 and tokens[1] in _SUBJECT_ARTICLES)) and "for" in tokens[spans[0].end:]:
                return True
        return False

    @staticmethod
    def _joined(tokens: list[str], spans: list[_Span], connectors: tuple[str, ...],
                near: tuple[str, ...] = (), where: tuple[str, ...] = ()) -> bool:
        """Two platforms joined by a connector: "instagram or tiktok", "linkedin vs facebook"; or by a
        `near` connector among a few words ("clips on YT or written pieces on my blog"). A pair right
        after one of the `where` words ("mentions us on reddit or x") is a place, not joined."""
        for left, right in pairwise(spans):
            words = tokens[left.end:right.start]
            if left.platform == right.platform or (left.start and tokens[left.start - 1] in where):
                continue
            reach = _THAN_WORDS if "than" in words else _NEAR_WORDS
            after_it = len(words) - words[::-1].index("it") if "it" in words else 0
            if "than" in words[after_it:]:
                words = words[after_it:]  # "...good for, and is it a better fit than TikTok": "it" is the left one
            if " ".join(words) in connectors or (len(words) <= reach and any(w in near for w in words)):
                return True
        return False

    # -- values ------------------------------------------------------------------------------------

    def _values(self, text: str) -> tuple[str, ...]:
        """Walk-through values the question names (b2b, 13-17, leads, short-video), longest phrase first,
        in the text outside the platform names (so "tweets" or "TikToks" are not a format asked about)."""
        stems = [stem(w) for w in text.split()]
        out: list[str] = []
        i = 0
        while i < len(stems):
            match = next((c for c in self._values_by_stem.get(stems[i], ())
                          if tuple(stems[i:i + len(c[0])]) == c[0]), None)
            if match is None:
                i += 1
                continue
            if match[1] not in out:
                out.append(match[1])
            i += len(match[0])
        return tuple(out)


def _phrase_at(table: dict[str, list[tuple[tuple[str, ...], str]]], tokens: list[str],
               i: int) -> tuple[int, str] | None:
    for words, platform in table.get(tokens[i], ()):
        if tuple(tokens[i:i + len(words)]) == words:
            return i + len(words), platform
    return None


def _described_at(tokens: list[str], i: int) -> bool:
    """The word at `i` ends a description that opens with "the" a few words before ("the big tube site"),
    with words between that describe ("the wrong app" does not)."""
    before = tokens[max(0, i - _DESCRIBED):i]
    if "the" not in before:
        return False
    words = before[len(before) - before[::-1].index("the"):]
    return bool(words) and not _NOT_DESCRIBING & set(words)


def _less(spans: list[_Span], dropped: list[_Span]) -> list[_Span]:
    """The spans less `dropped` (names that describe people, or where the asker already is), when the rest
    names a platform the dropped ones do not: that one is asked about. Otherwise every span."""
    if not dropped:
        return spans
    rest = [s for s in spans if s not in dropped]
    return rest if {s.platform for s in rest} - {s.platform for s in dropped} else spans


def _one_choice(tokens: list[str], spans: list[_Span]) -> tuple[str, ...]:
    """Of more platforms than a question weighs, the two of the one choice it offers between names side by side
    ("we're only on FB and IG and it's not enough, do we add YouTube or TikTok?": the others are where the asker
    is); () when it offers none or several, or the choice ends a list ("instagram, tiktok, youtube or facebook?"
    weighs them all: the walk-through's question)."""
    def listed(i: int) -> bool:  # the spans i and i + 1 are two items of a list ("instagram, tiktok")
        return 0 <= i < len(spans) - 1 and set(tokens[spans[i].end:spans[i + 1].start]) <= _LIST_JOINS

    pairs = {(left.platform, right.platform) for i, (left, right) in enumerate(pairwise(spans))
             if left.platform != right.platform and " ".join(tokens[left.end:right.start]) in _CHOICE_JOINS
             and not listed(i - 1) and not listed(i + 1)}
    return next(iter(pairs)) if len(pairs) == 1 else ()


def _unnamed(tokens: list[str], spans: list[_Span]) -> list[str]:
    """The words without the platform names: an aspect phrase the name sits inside ("what kind of
    reddit posts", "how many linkedin posts a week") is still that phrase."""
    named = _named(spans)
    return [t for i, t in enumerate(tokens) if i not in named]


def _platforms_of(spans: list[_Span]) -> tuple[str, ...]:
    """The catalog ids the spans name, in order, each once."""
    return tuple(dict.fromkeys(s.platform for s in spans))


def _named(spans: list[_Span]) -> set[int]:
    """The positions of the words that name platforms."""
    return {i for s in spans for i in range(s.start, s.end)}


def _without(padded: str, tokens: list[str], spans: list[_Span], found: list[str]) -> str:
    """The text with the platform names ("|") and the aspect phrases found ("||") blanked out: an out-of-scope
    word inside a longer phrase that names a platform ("facebook messenger") or asks something of it ("will
    we get banned") is that phrase's, as in the concept lexicon."""
    if not spans and not found:
        return padded
    named = _named(spans)
    text = " " + " ".join("|" if i in named else t for i, t in enumerate(tokens)) + " "
    for phrase in sorted(found, key=len, reverse=True):
        text = text.replace(f" {phrase} ", " || ")
    return text
