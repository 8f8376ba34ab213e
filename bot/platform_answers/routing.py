"""When a question that names a platform is really about a topic: "how often should we use hashtags on
Instagram?" is the hashtags topic, while "how often should we post on Instagram?" is a platform answer.

The sign is a *subject*: a concept of the lexicon (concepts.yaml) found with a strong hit in the message
that is not one of the concepts a platform question's own words express (aspects.yaml,
`question_concepts`: "worth it", "how often", "what to post"...). "Hashtags", "a crisis", "influencers",
"our target audience" are subjects; "how often" is the question asked of the platform. A hit made only
of the words that ask the platform question (aspect phrases: "how much time should we spend on") or
describe the asker (the walk-through's market and age phrases: "a law firm", "students") is no subject
either (asking.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from enum import Enum

from bot.knowledge.model import Aspect, ConceptScope, Knowledge, TopicKind
from bot.matching import FLOW_PREFIX, Match
from bot.matching.lexicon import PLATFORM_PREFIX
from bot.matching.reading import Sentence
from bot.normalize import stem
from bot.platform_answers.asking import AskingWords
from bot.platform_answers.compose import WRITE_TOPIC
from bot.platform_answers.question import PlatformQuestion

__all__ = ["Route", "TopicPreference"]

_SURE = 0.9
"""An implicit question the matcher answers this confidently with a topic that is no platform-free form
of a platform question (not in `topic_aspects`) is left to that topic."""


_REFERS = frozenset(("it", "there"))
"""Words by which a sentence that asks refers back to a platform named before it ("customers keep messaging
me on whatsapp. should i make it a proper business channel?", "we've never been on reddit. should we set up
an account there?")."""
_POINTS_BACK = _REFERS | {"that", "this", "them", "those", "these"}
"""Words by which a sentence that asks nothing of a platform may still point back to what the sentences before it
say about one ("my boss wants 10 minute monologues on tiktok. is that even allowed length-wise?")."""


def _refers_back(words: list[str], refers: frozenset[str]) -> bool:
    """The sentence holds a word of `refers`, not as the "it" of "worth it" ("is this even worth it?" weighs what
    the asker does; "is it worth it?" still refers with its first "it")."""
    return any(w in refers and not (w == "it" and i and words[i - 1] == "worth") for i, w in enumerate(words))


class Route(Enum):
    """How a platform question is answered."""

    PLATFORM = "platform"
    TOPIC = "topic"
    """The matcher's answer: its topic, or its own "did you mean"."""
    ASK = "ask"
    """A "did you mean" offering both: the matcher's topic and the platform answer. For a topic the
    message names only weakly (one weak phrase of its subjects, or only subjects of other topics):
    "Our tourism office wants to post on Reddit. I've heard redditors roast anything that smells like an
    ad. How should an official account behave on Reddit?" names a crisis only in passing."""


class TopicPreference:
    """Built once per pack; read-only after.

    - An explicit platform question (it says what it asks) keeps the platform answer when the matcher
      offers a "did you mean", unless it asks how to do something there and a subject of one of the
      topics offered is hit strongly ("how can we keep track of what our competitors post on
      Pinterest?": the "did you mean"), or a subject of a topic offered is hit strongly twice ("a process
      for handling Instagram comments and DMs? how often we check": the "did you mean"). Otherwise it
      keeps the platform answer unless the matcher is confident about a topic, the message hits one of
      that topic's own concepts (a subject) in a sentence that asks or names a platform (not in a side
      remark: "What should our bakery post on Instagram? ... Not even our own staff like them." is no
      employee-advocacy question), and some concept of the domain is hit strongly ("is boosting our
      Facebook posts worth the money?": "boosting" alone is a weak hit on paid social, "worth the money" a
      strong one). Then the topic is given outright when one of its subjects is hit strongly or by two
      phrases before the platform's name, in the sentence that names it and asks ("how many hashtags on
      Instagram?"), else the offer of both ("what should we post on Reddit, only ads or an AMA?"). Never
      when the topic is the platform-free form of the question asked (aspects.yaml `topic_aspects`:
      "posting-frequency" for "how often"; this holds for a question about several platforms too, unless
      it asks no `fit` and names a subject of that topic strongly: "we post on Facebook and Instagram,
      what's a healthy mix of helpful vs promotional posts?" is the content topic) or when a platform
      opens the question as what it weighs (`subject`: "is LinkedIn video worth doing for an IT
      consultancy?"), unless it asks how to do something and names that topic's subject strongly or with
      two of its phrases ("how do we get more followers on TikTok for our bakery?" asks for growth
      tactics, not whether TikTok suits a bakery).
    - An implicit one (it only names the platform) goes to the matcher's topic when it asks for a service
      ("can you audit our tiktok"), asks how to do something there ("how do we plan our instagram posts
      for next month?": the matcher's topic, or its "did you mean"; not how to reach a goal of the
      walk-through when it names no subject and that goal is a concept of the matcher's topic hit strongly:
      "how to generate leads with linkedin" gets the platform answer, which gives the goal's fit), signals
      something out of scope (account support, platform news), or names one of the topic's own subjects
      strongly (or by two phrases) in a sentence that asks or names a platform. It gets the offer of both
      (`Route.ASK`) when the message only names a subject of another topic strongly, hits a concept of the
      topic weakly or in a side remark, or the matcher is sure (`_SURE`) of a topic that is no platform-free form of a
      platform question and whose concepts the message hits (not only with the asker's words: "would
      Pinterest suit a law firm?"; a matcher sure of kpis for "our agency's LinkedIn engagement is great,
      does it mean anything for leads?", which hits none of its concepts, rests on the wording and the
      platform's name alone: the platform answer). It gets the offer of both too when it asks nothing of the
      platform (no aspect) and its asking sentences neither name a platform nor point back to one: "We
      discovered that an employee has posted false statements about us on his Facebook page. What can we
      do?" names Facebook as the place of the trouble, not as what it asks about. So does an implicit question in
      a message of several sentences (`story`; counted once greetings and sign-offs are removed, a sentence ending
      at a ".", "!" or "?" before a space, not after "e.g.", "i.e." or "vs."): "Our Facebook page has 2,000
      likes. Is that good?" may ask about the page or about what a like is worth. On the held real questions the
      platform answer to such a message was wrong more often than right (benchmarks/README.md, round 22); the
      offer keeps it one tap away. When the matcher has neither a topic nor a "did you mean" to offer, the engine
      still gives the platform answer (`Dialogue._platform`). A request to write a post the matcher recognises
      is that request (`as_write_request`, applied first).
    - An explicit question whose asking sentences name no platform nor refer back to one (`_REFERS`: "it", "there";
      "it" only to one platform: "We've posted on Facebook and Instagram for 8 months and see no sales. Is it even
      worth continuing?" asks whether social media pays, even though the platform-free form of a fit question;
      so does a fit question about several platforms not compared that names that topic's subject strongly:
      "been posting on fb and ig for 6 months and literally zero sales from it, is this even worth it";
      the platforms only in the sentences around them: "People message our cafe's Instagram at 9pm... Should we
      offer customer service through social at all?") goes to the topic whose subject it names there, strongly or
      twice, or to the offer of both when weakly (`_asked_of_platform`); an implicit one so placed goes to the
      matcher's topic when the matcher is sure of it or the message hits one of its subjects, and so does an
      implicit one naming platforms only by ambiguous names ("blog", "threads") when the matcher is sure of its
      topic.
    - A comparison, a request to write a post and an explicit question about a platform's limits ("how
      long can a YouTube video be? we want our webinars there for SEO") always keep the platform answer.
    - `names_only`: a topic answer to a message whose only evidence is platform names is offered in a
      "did you mean", never given (the engine applies it to every topic answer it gives)."""

    def __init__(self, knowledge: Knowledge) -> None:
        phrases = knowledge.platform_phrases
        self._question_concepts = phrases.question_concepts if phrases else frozenset()
        self._topical = frozenset(c.id for c in knowledge.lexicon.concepts.values()
                                  if c.scope is ConceptScope.TOPIC)
        self._concepts = {t.id: frozenset(t.concepts) for t in knowledge.topics.values() if t.kind is TopicKind.TOPIC}
        self._concepts |= {f"{FLOW_PREFIX}{f.id}": frozenset(f.concepts) for f in knowledge.flows.values()}
        self._asking = AskingWords(knowledge)
        flow = knowledge.platform_walkthrough()
        goals = flow.step("goals") if flow else None
        self._goals = frozenset(c.value for c in goals.choices) if goals else frozenset()
        """The walk-through's goals (leads, traffic...): "how to generate leads with LinkedIn" asks how to reach
        one on the platform, which its answer tells (the goal's fit and post ideas)."""
        self._channel = frozenset(stem(w) for w in (phrases.channel_words if phrases else ()))
        self._heads = frozenset(stem(w) for w in (phrases.subject_heads if phrases else ()))
        aspects = {a.value for a in Aspect}
        self._asks = {topic: ({i for i in items if i in aspects}, {i for i in items if i not in aspects})
                      for topic, items in (phrases.topic_aspects.items() if phrases else ())}
        """topic -> (the aspects, the values) its question asks of a platform."""

    def route(self, question: PlatformQuestion, match: Match) -> Route:
        if question.write or question.compare or (question.explicit and Aspect.LIMITS in question.aspects):
            return Route.PLATFORM
        reading = match.reading
        fit_only = set(question.aspects) <= {Aspect.FIT}  # "are reddit ads worth it?" asks nothing else
        hits, placed_hits, headed, asking = self._split_hits(match, fit_only)
        several = len(question.platforms) > 1  # not compared: "we post on Facebook and Instagram but..."
        asked = frozenset() if several else self._question_concepts
        subjects = {c for c, _ in hits if c in self._topical and c not in asked}
        strong = any(not weak for c, weak in hits if c in subjects)
        topic = match.best.intent if match.best else None
        concepts = self._concepts.get(topic or "", frozenset())
        own = bool(subjects & concepts)
        if not several and own and match.confidence >= _SURE and self._named_as_channel(match):
            return Route.TOPIC  # "should we run customer support through our X DMs?": X is the channel
        if not question.explicit or several:
            names_subject = (several or Aspect.FIT not in question.aspects) and any(
                not weak and c in concepts for c, weak in hits if c in subjects)
            if (question.explicit and not question.how_to and topic and not names_subject
                    and self._same_question(question, topic)
                    and (not several or self._asked_of_platform(question, match))):
                return Route.PLATFORM  # "who is Threads' audience? ex-Instagram people?": persona's question
            if (question.how_to and not question.request and not subjects and self._goals.intersection(question.values)
                    and (reading is None or not reading.out_evidence)
                    and any(not weak and c in concepts and c in self._question_concepts for c, weak in hits)):
                return Route.PLATFORM  # "how can we get more website traffic from pinterest?": a goal, no subject
            named = {h.concept for s in (reading.sentences if reading is not None else ()) for h in s.hits}
            sure = (topic is not None and topic not in self._asks and match.confidence >= _SURE
                    and not asking & concepts and bool(named & concepts))
            if (question.request or question.how_to or (reading is not None and reading.out_evidence > 0)
                    or self._named_strongly(placed_hits, subjects & concepts)
                    or ((sure or own) and not self._asked_of_platform(question, match))
                    or (sure and self._names_weakly(match))):
                return Route.TOPIC
            if topic is None and match.choices and self._named_strongly(
                    placed_hits, subjects & self._concepts.get(match.choices[0].intent, frozenset())):
                return Route.TOPIC  # "what KPIs should we track on X?": "X" is too short to count, the offer stands
            story = not question.explicit and reading is not None and len(reading.sentences) > 1
            if own or strong or sure or story or (not question.aspects
                                                  and not self._asked_of_platform(question, match, _POINTS_BACK)):
                return Route.ASK  # a subject of its own, a story, or it asks nothing of a platform it does not name
            return Route.PLATFORM
        if topic is None:
            offered = {c for choice in match.choices for c in self._concepts.get(choice.intent, ())}
            if not question.how_to:
                named_twice = any(self._named_twice(hits, subjects & self._concepts.get(choice.intent, frozenset()))
                                  for choice in match.choices)
            else:
                named_twice = any(not weak and c in offered for c, weak in hits if c in subjects)
            if not named_twice and fit_only:  # "are reddit ads any good for b2b?": the ads head it
                named_twice = any(not weak and c in offered and c in subjects for c, weak in self._head_hits(match))
            return Route.TOPIC if named_twice else Route.PLATFORM
        if question.how_to and self._named_strongly(hits, subjects & concepts):
            return Route.TOPIC  # "how do we get more followers on instagram for our shop?": the method is the topic's
        if not self._asked_of_platform(question, match) and any(c in subjects & concepts for c, _ in placed_hits):
            # "We post 5 times a day across Facebook and Instagram. Is there such a thing as posting too
            # much?": the platforms are context, the question is asked in general
            return Route.TOPIC if self._named_strongly(placed_hits, subjects & concepts) else Route.ASK
        if self._same_question(question, topic) or question.subject or Aspect.LIMITS in question.aspects:
            return Route.PLATFORM  # a limit ("how long can a YouTube video be? for SEO") is a fact of the platform
        topical = any(not weak for c, weak in hits if c in self._topical)  # "worth the money" counts here
        if not (own and topical and any(c in subjects & concepts for c, _ in placed_hits)):
            return Route.PLATFORM
        return Route.TOPIC if self._named_strongly(headed, subjects & concepts) else Route.ASK

    def names_a_platform(self, sentence: Sentence) -> bool:
        """The sentence names a platform of the catalog: found by the reading, or by a one-word name too short for
        the lexicon ("x", "ig")."""
        return (self._asking.names_a_platform(sentence.stems)
                or any(h.concept.startswith(PLATFORM_PREFIX) for h in sentence.hits))

    def _head_hits(self, match: Match) -> list[tuple[str, bool]]:
        """The (concept, weak) hits that start right after a platform's name with a subject head (aspects.yaml
        `subject_heads`: "reddit ads", "linkedin hashtags"), or whose own phrase is a platform's name and a subject
        head ("facebook ads", a phrase of paid social: "are facebook ads good value for money?")."""
        out: list[tuple[str, bool]] = []
        for sentence in match.reading.sentences if match.reading is not None else ():
            stems = sentence.stems
            ends = {h.end for h in sentence.hits if h.concept.startswith(PLATFORM_PREFIX)}
            out.extend((h.concept, h.weak) for h in sentence.hits
                       if self._heads_after(stems, h.start, ends)
                       or (h.end - h.start > 1 and not h.concept.startswith(PLATFORM_PREFIX)
                           and self._asking.is_a_name(stems[h.start]) and stems[h.start + 1] in self._heads))
        return out

    def _heads_after(self, stems: tuple[str, ...], start: int, ends: set[int]) -> bool:
        """A hit starting at `start` opens with a subject head right after a platform's name (`ends`)."""
        return start in ends and stems[start] in self._heads

    def _named_as_channel(self, match: Match) -> bool:
        """The message holds a channel word (aspects.yaml `channel_words`: "instagram DMs", "facebook
        messenger"), and every platform name the reading finds is followed by one or ends with one (a
        name inside a concept's phrase, "instagram DMs" in a customer-service phrase, or too short for the
        lexicon, "x DMs", is not found)."""
        reading = match.reading
        sentences = reading.sentences if reading is not None else ()
        if not any(not self._channel.isdisjoint(s.stems) for s in sentences):
            return False
        return all(stems[h.end - 1] in self._channel or (h.end < len(stems) and stems[h.end] in self._channel)
                   for stems, h in ((s.stems, h) for s in sentences for h in s.hits)
                   if h.concept.startswith(PLATFORM_PREFIX))

    @staticmethod
    def _names_weakly(match: Match) -> bool:
        """The message names platforms only by ambiguous names ("blog", "threads"), each a word of its own."""
        found = [h for s in (match.reading.sentences if match.reading is not None else ()) for h in s.hits
                 if h.concept.startswith(PLATFORM_PREFIX)]
        return bool(found) and all(h.weak for h in found)

    def _asked_of_platform(self, question: PlatformQuestion, match: Match,
                           refers: frozenset[str] = _REFERS) -> bool:
        """A sentence that asks names a platform or points back to one (`refers`); or none asks, or the reading
        cannot place a platform of the question (described: "meta's text app"; too short: "x"): nothing to tell
        the context from."""
        reading = match.reading
        if reading is None or not set(question.platforms) <= set(reading.platforms):
            return True
        asking = [s for s in reading.sentences if s.asks]
        if len(question.platforms) > 1:
            refers = refers - {"it"}  # "it" is one platform at most
        return not asking or any(self.names_a_platform(s) or _refers_back(s.text.split(), refers) for s in asking)

    @staticmethod
    def _named_strongly(hits: list[tuple[str, bool]], concepts: set[str]) -> bool:
        """One of the concepts is hit strongly, or by two phrases ("which tiktok creators should we partner
        with": "creators" and "partner with" are each weak, together they name influencer deals)."""
        counts = Counter(c for c, _ in hits if c in concepts)
        return any(not weak for c, weak in hits if c in concepts) or any(n > 1 for n in counts.values())

    @staticmethod
    def _named_twice(hits: list[tuple[str, bool]], concepts: set[str]) -> bool:
        """The concepts are hit strongly twice or more ("handling Instagram comments and DMs": two strong
        hits on community management)."""
        return sum(not weak for c, weak in hits if c in concepts) > 1

    @staticmethod
    def names_only(match: Match) -> bool:
        """The message names platforms and hits no concept of a topic, and nothing else strongly
        ("facebook marketplace keeps removing my listing", "what is tiktok better at than instagram?"):
        a topic the matcher finds for it rests on the wording of its examples alone, worth a "did you
        mean" at most. A list of platforms that asks about them ("facebook, instagram, tiktok, linkedin
        and youtube?") hits the overview concept of a topic."""
        reading = match.reading
        if reading is None or not reading.platforms:
            return False
        return not any(hit.scope is ConceptScope.TOPIC or not (hit.weak or hit.concept.startswith(PLATFORM_PREFIX))
                       for sentence in reading.sentences for hit in sentence.hits)

    def _split_hits(self, match: Match, fit_only: bool = False) -> tuple[list[tuple[str, bool]],
                                                                      list[tuple[str, bool]],
                                                                      list[tuple[str, bool]], frozenset[str]]:
        """The (concept, weak) hits that may name a subject; those of them *placed* in a sentence that asks
        or names a platform, not in a side remark ("A guest's post about our hotel blew up, half brutal.
        Can a brand be on Reddit without getting roasted?" names a crisis strongly only in passing); of
        these, the ones *heading* a sentence that asks (or any sentence when none asks), not after its last
        platform name unless, in a question asking only whether a platform fits (`fit_only`), a subject head
        follows the name ("are reddit ads worth it?": aspects.yaml `subject_heads`) ("how many hashtags on
        Instagram?" heads; "what to post on Reddit, only ads?" trails;
        "customers keep messaging me on whatsapp." only gives context); and the concepts hit only with the
        words of the platform question itself or of the asker's description (asking.py): a matcher sure of
        a topic because "law firm" hits the legal concept is no reason to leave the platform question."""
        hits: list[tuple[str, bool]] = []
        placed: list[tuple[str, bool]] = []
        headed: list[tuple[str, bool]] = []
        asking: set[str] = set()
        sentences = match.reading.sentences if match.reading is not None else ()
        any_asks = any(s.asks for s in sentences)
        for sentence in sentences:
            covered = self._asking.covered(sentence.stems)
            at_home = sentence.asks or self._asking.names_a_platform(sentence.stems)
            named_at = [h.end for h in sentence.hits if h.concept.startswith(PLATFORM_PREFIX)]
            ends = set(named_at)
            for hit in sentence.hits:
                if self._asking.names_only(sentence.stems, hit):
                    continue  # says nothing the platform question does not
                if self._asking.own_words(sentence.stems, hit, covered):
                    asking.add(hit.concept)
                else:
                    hits.append((hit.concept, hit.weak))
                    if at_home:
                        placed.append((hit.concept, hit.weak))
                        heads = fit_only and self._heads_after(sentence.stems, hit.start, ends)
                        if (not named_at or hit.start < max(named_at) or heads) and (sentence.asks or not any_asks):
                            headed.append((hit.concept, hit.weak))  # "reddit ads": the ads head it
        return hits, placed, headed, frozenset(asking - {c for c, _ in hits})

    def focus(self, question: PlatformQuestion, match: Match) -> PlatformQuestion:
        """A question is about the platforms its asking sentences name, when they name some: "The sales
        team swears by LinkedIn. Is Instagram sensible for us?" asks about Instagram; LinkedIn is context.
        So does a comparison whose asking sentences name two platforms or more ("We've been on Facebook
        forever. Instagram or TikTok for a boutique like ours?"). A platform the reading cannot place
        (its name is too short for the lexicon: "x", "ig") is kept; when the asking sentences name no
        platform the reading places, every platform is kept ("We do well on Facebook. Is X any good for
        a law firm?" keeps both: the reading cannot tell where "X" is). A comparison whose asking
        sentences name fewer than two keeps every platform ("The agency pitches TikTok, our founder prefers Instagram.
        Which of the two?", "They have a Facebook page. Should I revive that or start fresh on
        Instagram?")."""
        reading = match.reading
        if len(question.platforms) < 2 or reading is None:
            return question
        asked = {h.concept[len(PLATFORM_PREFIX):] for s in reading.sentences if s.weight >= 1.0
                 for h in s.hits if h.concept.startswith(PLATFORM_PREFIX)}
        unseen = set(question.platforms) - set(reading.platforms)  # "x", "ig": names too short for the lexicon
        kept = tuple(p for p in question.platforms if p in asked or p in unseen)
        if not asked or not kept or len(kept) == len(question.platforms) or (question.compare and len(kept) < 2):
            return question  # "revive the Facebook page or start fresh on Instagram?" compares the two; and
            # asking sentences naming only platforms the detector set aside leave it all the platforms it kept
        return replace(question, platforms=kept)

    def as_write_request(self, question: PlatformQuestion, match: Match) -> PlatformQuestion:
        """An implicit request to the advisor that the matcher reads as a request to write a post ("can u
        writ a tweet") is that request, for the platform named ("how do I write a good LinkedIn post?"
        asks no one to write)."""
        if question.explicit or not question.request or match.best is None or match.best.intent != WRITE_TOPIC:
            return question
        return replace(question, aspects=(Aspect.IDEAS,), write=True)

    def _same_question(self, question: PlatformQuestion, topic: str) -> bool:
        """The topic is this question without the platform: it asks one of the aspects asked, and the
        values it implies are all named ("is LinkedIn good for SEO?" and the seo topic)."""
        aspects, values = self._asks.get(topic, (set(), set()))
        return bool(aspects & {a.value for a in question.aspects}) and values <= set(question.values)
