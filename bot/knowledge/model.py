"""Typed knowledge: what the YAML pack becomes after validation. The engine only sees these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.types import Button


@dataclass(frozen=True, slots=True)
class Source:
    """An entry of knowledge/sources.yaml: where figures come from, and the date of those figures."""

    id: str
    title: str
    url: str
    as_of: date


@dataclass(frozen=True, slots=True)
class Citation:
    """A topic's, tip's or platform's reference to a source, with the figures (as written) it backs."""

    source: str
    backs: tuple[str, ...] = ()


class Aspect(StrEnum):
    """What a platform question asks about (knowledge/platforms/aspects.yaml)."""

    FIT = "fit"
    AUDIENCE = "audience"
    FREQUENCY = "frequency"
    TIMING = "timing"
    IDEAS = "ideas"
    LIMITS = "limits"
    STRENGTHS = "strengths"
    WEAKNESSES = "weaknesses"
    EFFORT = "effort"
    OVERVIEW = "overview"


@dataclass(frozen=True, slots=True)
class PlatformPhrases:
    """The phrases of aspects.yaml, normalised: what makes a message a platform question."""

    aspects: dict[Aspect, tuple[str, ...]]
    compare: tuple[str, ...]
    compare_cues: tuple[str, ...]
    write: tuple[str, ...]
    write_exclusions: tuple[str, ...]
    not_about_marketing: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    """Words that never make a question about something else ("now", "still")."""
    spellings: dict[str, str] = field(default_factory=dict)
    """Chat spellings -> the word they spell ("shud" -> "should"), written out before phrases are looked for."""
    topic_aspects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """topic id -> aspect names and walk-through values (for follow-ups after that topic)."""
    business_words: tuple[str, ...] = ()
    """Words that put a message naming a platform in a business's mouth ("our", "brand", "customers"):
    without one (or a walk-through value), a message that only names a platform is no platform question."""
    requests: tuple[str, ...] = ()
    """Phrases that ask the advisor to do something ("can you audit our tiktok"): a message that only
    names a platform and asks for a service is no implicit platform question."""
    how_to: tuple[str, ...] = ()
    """Phrases that ask how to do something ("how do we", "how can I"): a message that only names a
    platform and asks how to do something there ("how do we plan our instagram posts?") asks a topic's
    question, not what the platform is like; so does an explicit one that names a subject of a topic the
    matcher offers ("how can we keep track of what competitors post on Pinterest?")."""
    what_counts: tuple[str, ...] = ()
    """Phrases that ask what counts as social media ("does a podcast count as social media?", "is a blog or
    youtube part of it?"): a message holding one asks the definition, never a platform question."""
    in_general: tuple[str, ...] = ()
    """Words for social media in general ("social", "social media"): a question asked of them in a clause
    that names no platform ("I handle our Facebook, what's the point of social for a charity?") is about
    social media, not about the platform named elsewhere in the message."""
    channel_words: tuple[str, ...] = ()
    """Single words that, right after a platform's name or ending it, make the platform a channel for
    something else ("instagram DMs", "facebook messenger", "our x inbox"): a message that names one
    platform only so, and that the matcher is sure is a topic of its own ("should we run customer support
    through our X DMs?"), is that topic."""
    subject_heads: tuple[str, ...] = ()
    """Single words that, right after a platform's name, make the name a modifier of a subject ("reddit
    ads", "instagram hashtags", "tiktok creators"): such a name opening a question ("are reddit ads worth
    it?") does not make the platform what the question weighs, and the subject word counts as heading
    the question for the router."""
    compare_near: tuple[str, ...] = ()
    """Connectors of one word ("or", "vs") that join two platforms with a few other words around them
    ("a blog on our site or posts on LinkedIn"): a comparison too."""
    choice_words: tuple[str, ...] = ()
    """Words that ask for a choice ("should", "which"): two platforms named as a place ("run ads on
    Facebook or Instagram") are still compared in a message that holds one."""
    subject_openers: tuple[str, ...] = ()
    """Question words that, right before a platform's name at the start of a clause, make the platform
    what the clause asks about ("is LinkedIn video worth it...", "what is X good for..."): such an explicit
    question keeps the platform answer, whatever topic words it uses."""
    where_words: tuple[str, ...] = ()
    """Words that put two platforms joined by a connector in a place ("on", "across"): "alerts when someone
    mentions us on Reddit or X" compares nothing. Such a pair compares the platforms only when the message
    also asks something of them (an aspect phrase in a clause naming a platform: "should we be on
    Instagram or TikTok?"), asks for a choice (`choice_words`) or has a comparison cue."""
    compare_before: tuple[str, ...] = ()
    """Words that compare two platforms when the first is named right after them ("between LinkedIn and
    X, where do CFOs pay attention?"); not alone ("a balance between helpful posts and promo")."""
    crowd_words: tuple[str, ...] = ()
    """Words that, right after a platform's name, describe people ("Instagram people", "the Twitter
    crowd"): in a message that names another platform, such a name is no platform asked about ("is
    Threads worth it or just ex-Twitter people talking to each other?" is about Threads)."""
    context_words: tuple[str, ...] = ()
    """Words that, a few words before a platform's name, make it the asker's context ("we already post
    on insta every day, is threads worth the extra effort?"): in a message that names another platform,
    such a name is no platform asked about."""
    context_words_far: tuple[str, ...] = ()
    """Context words that reach further, five words before the name ("we already have 8k followers on
    instagram, will they follow us on threads?")."""
    asker_words: tuple[str, ...] = ()
    """Words that introduce whom the asker addresses ("a brand targeting moms in their 30s"): in a
    platform question they describe the asker, never a subject of a topic."""
    asker_openers: tuple[str, ...] = ()
    """Openers of a description of the asker or of a platform's crowd ("as a personal brand", "just for
    gyms and influencers"): the few words after one are no subject."""
    described_words: tuple[str, ...] = ()
    """Words that end a description of a platform instead of its name ("the photo app", "the big tube
    site"): a choice between a platform named and one only described ("the photo app's short videos or
    the clock app?") is no question about the named one alone."""
    question_concepts: frozenset[str] = frozenset()
    """Concepts (concepts.yaml) a platform question's own words express ("worth it", "how often", "who
    uses"): a strong hit on any other concept names a subject, a sign the question is about a topic."""

    def aspect_phrases(self) -> list[str]:
        """Every aspect's phrases, in one list (a phrase of two aspects appears twice)."""
        return [phrase for words in self.aspects.values() for phrase in words]


class TopicKind(StrEnum):
    TOPIC = "topic"
    SMALLTALK = "smalltalk"


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    answer: str
    details: str | None
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    buttons: tuple[Button, ...] = ()
    kind: TopicKind = TopicKind.TOPIC
    review_by: date | None = None
    """When the content should be checked again (required in YAML; None only for generated packs)."""
    sources: tuple[Citation, ...] = ()
    concepts: tuple[str, ...] = ()
    """Ids of the concepts (knowledge/concepts.yaml) this topic answers."""


@dataclass(frozen=True, slots=True)
class Tip:
    id: str
    topic: str
    text: str
    platforms: tuple[str, ...] = ()
    """Catalog platform ids the tip is about (may be empty)."""
    sources: tuple[Citation, ...] = ()
    review_by: date | None = None


@dataclass(frozen=True, slots=True)
class TipWords:
    """commands.yaml, tip_subjects: the words that ask for a tip ("tip", "tips") and the fillers around
    a subject ("give", "any", "about"), normalised."""

    words: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()


class Command(StrEnum):
    """Global commands: they work in any state."""

    HELP = "help"
    RESTART = "restart"
    CANCEL = "cancel"
    BACK = "back"
    SKIP = "skip"
    MORE = "more"
    TIP = "tip"


class StepType(StrEnum):
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    synonyms: tuple[str, ...]
    range: tuple[float, float] | None = None
    """For choices that stand for a numeric range (age groups): numbers typed in it select it."""


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    type: StepType
    prompt: str
    hint: str
    choices: tuple[Choice, ...] = ()
    skippable: bool = False
    default: tuple[str, ...] | float | None = None
    minimum: float | None = None
    maximum: float | None = None
    quick_answers: tuple[float, ...] = ()
    next: str | None = None
    """The id of the next step; None means the step after it in the file."""
    help: str | None = None
    """Help with the step itself, given when the user asks about it (see `asks`, `Flow.step_asks`)."""
    asks: tuple[str, ...] = ()
    """Ways of asking about this step ("how old should they be?" at the age step)."""
    select_all: tuple[str, ...] = ()
    """Phrases that pick every choice of a multiple-choice step ("all ages")."""

    def labels(self, values: tuple[str, ...]) -> list[str]:
        """The labels of `values`, in the step's order."""
        return [c.label for c in self.choices if c.value in values]

    def describe(self, values: tuple[str, ...]) -> str:
        """`values` in few words: ranged choices next to each other become one span ("25-54", "18+")."""
        chosen = [c for c in self.choices if c.value in values]
        if not chosen or any(c.range is None for c in chosen):
            return ", ".join(c.label for c in chosen)
        chosen.sort(key=lambda c: c.range or (0.0, 0.0))
        runs: list[list[Choice]] = [[chosen[0]]]
        for choice in chosen[1:]:
            assert choice.range is not None and runs[-1][-1].range is not None
            if choice.range[0] <= runs[-1][-1].range[1] + 1:
                runs[-1].append(choice)
            else:
                runs.append([choice])
        return ", ".join(_span(run) for run in runs)


def _span(run: list[Choice]) -> str:
    if len(run) == 1:
        return run[0].label
    first, last = run[0].range, run[-1].range
    assert first is not None and last is not None
    return f"{first[0]:g}+" if run[-1].label.endswith("+") else f"{first[0]:g}-{last[1]:g}"


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    title: str
    intro: str
    triggers: tuple[str, ...]
    steps: tuple[Step, ...]
    on_complete: str
    command: str | None = None
    step_asks: tuple[str, ...] = ()
    """Ways of asking about whatever step is current ("why do you ask?"): answered with its `help`."""
    concepts: tuple[str, ...] = ()
    """Ids of the concepts (knowledge/concepts.yaml) that ask for this flow."""

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def next_step(self, step: Step) -> Step | None:
        if step.next:
            return self.step(step.next)
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None


@dataclass(frozen=True, slots=True)
class Effort:
    posts_per_week: float
    hours_per_post: float
    production: str
    monitoring_hours: float = 0.0
    """Hours a week of watching and replying that the platform needs besides posting (X: real time)."""

    @property
    def hours_per_week(self) -> float:
        """What running the platform well takes: the posts plus the monitoring."""
        return self.posts_per_week * self.hours_per_post + self.monitoring_hours


@dataclass(frozen=True, slots=True)
class Platform:
    id: str
    name: str
    family: str
    markets: dict[str, float]
    ages: dict[str, float]
    formats: dict[str, float]
    goals: dict[str, float]
    effort: Effort
    best_days: tuple[str, ...]
    post_ideas: tuple[str, ...]
    note: str
    sources: tuple[Citation, ...] = ()
    aliases: tuple[str, ...] = ()
    """Normalised names people use for it ("insta", "the gram"), matched as whole words."""
    alias_exclusions: tuple[str, ...] = ()
    """Normalised phrases in which an alias (or a term) does not name the platform ("twitter threads")."""
    terms: tuple[str, ...] = ()
    """Normalised words of the platform's own world ("pins", "retweets"): they name the platform in a
    message that names no platform by its name or an alias ("how many pins a day?")."""
    cues: tuple[str, ...] = ()
    """Normalised single words that tell the platform in a description of an app or a site (aspects.yaml
    `described_words`): "the yellow app with the little ghost", "the site where people save ideas on boards"."""
    context_words: tuple[str, ...] = ()
    """Single words that, at most three words before this platform's name, make it context in a message naming
    another platform, like aspects.yaml `context_words` but for this platform only: the blog's "for" and
    "traffic" ("how many pins a day for my blog?" asks about Pinterest), Instagram's "like" and "same" ("is
    threads like insta?" asks about Threads)."""
    features: tuple[str, ...] = ()
    """Normalised names of the platform's own features ("broadcast list", "group", "reels"): in a message
    naming a platform they say what is asked about there, not a subject of their own ("whatsapp channel or a
    whatsapp group for our regulars?" asks about WhatsApp, not about building a community)."""
    audience: str = ""
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    limits: tuple[str, ...] = ()
    """Format limits as short texts ("Reels up to 3 minutes")."""
    min_age: int | None = None
    best_time: str | None = None
    """The time of day that tends to work best ("9 am to noon"), None when no source says."""
    why: dict[str, str] = field(default_factory=dict)
    """One-line reasons by vocabulary value (b2b, 13-17, short-video, leads...)."""
    requires_goals: tuple[str, ...] = ()
    """When set, recommended only to profiles with one of these goals (WhatsApp: customer care)."""


@dataclass(frozen=True, slots=True)
class CapacityRule:
    max_hours: float | None
    platforms: int


@dataclass(frozen=True, slots=True)
class Scoring:
    weights: dict[str, float]
    capacity: tuple[CapacityRule, ...]
    left_out: int = 2
    min_reason_score: float = 3

    def cap_for(self, hours: float) -> int:
        for rule in self.capacity:
            if rule.max_hours is None or hours < rule.max_hours:
                return rule.platforms
        return self.capacity[-1].platforms


class ConceptScope(StrEnum):
    """What finding a concept in a message says about it."""

    TOPIC = "topic"
    """About the domain, and answered by the topics that declare it (the default)."""
    DOMAIN = "domain"
    """About the domain (social media, marketing), but no topic answers it by itself."""
    OUT = "out"
    """Outside the domain although it shares its words (account support, platform trivia)."""


@dataclass(frozen=True, slots=True)
class Concept:
    """An idea of the domain and the words and phrases people use for it (knowledge/concepts.yaml)."""

    id: str
    phrases: tuple[str, ...]
    scope: ConceptScope = ConceptScope.TOPIC
    weight: float = 1.0
    """How much finding it counts when ranking topics: below 1 for a concept that frames a question
    rather than names its subject ("define ..."), so that "define a community" goes to community."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The concept lexicon: concepts by id; the single words that are strong evidence of the domain on
    their own ("hashtags"; any other single word is weak: "engagement" may be a party); the phrases of
    several words that are weak evidence all the same ("best practices")."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    ambiguous: tuple[str, ...] = ()
    distinctive: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chatter:
    """What people put around a question (knowledge/chatter.yaml): removed before matching."""

    openers: tuple[str, ...] = ()
    """Greetings and preambles removed at the start ("hey team", "sorry to bother you but")."""
    closers: tuple[str, ...] = ()
    """Sign-offs removed at the end ("thanks in advance", "cheers")."""
    asks: tuple[str, ...] = ()
    """How a sentence that asks something starts ("how", "can you", "any tips"): in a long message,
    such sentences (and those with a question mark) carry the question; the others are context."""
    self_descriptions: tuple[str, ...] = ()
    """How people start describing their own business ("i run a", "we sell"): out-of-scope words in
    what follows are the asker's market, not the question's subject (bot.matching.self_description)."""


@dataclass(frozen=True, slots=True)
class FollowUps:
    """Short messages that refer to the last answer (knowledge/followups.yaml)."""

    phrases: tuple[str, ...] = ()
    """Whole messages that ask more about the last answer ("why?", "give me an example")."""
    leads: tuple[str, ...] = ()
    """How a follow-up starts ("and for", "what about"): "and for B2B?", "what about LinkedIn?"."""
    references: tuple[str, ...] = ()
    """Words that point back to the last answer ("that", "it", "ours")."""


@dataclass(frozen=True, slots=True)
class Knowledge:
    """A validated knowledge pack."""

    topics: dict[str, Topic]
    tips: tuple[Tip, ...]
    commands: dict[Command, tuple[str, ...]]
    tip_requests: tuple[str, ...]
    messages: dict[str, str]
    flows: dict[str, Flow]
    platforms: dict[str, Platform] = field(default_factory=dict)
    scoring: Scoring | None = None
    synonyms: dict[str, str] = field(default_factory=dict)
    """Normalised word -> the word of its group that matching keeps."""
    sources: dict[str, Source] = field(default_factory=dict)
    catalog_review_by: date | None = None
    catalog_sources: tuple[Citation, ...] = ()
    """Sources cited at the top of the catalog (they back figures of any platform)."""
    minors_note: str | None = None
    """The catalog's one-line caution about reaching and advertising to minors."""
    uncovered_platforms: dict[str, str] = field(default_factory=dict)
    """Normalised name or alias of a platform the catalog does not cover -> its name (catalog `not_covered`)."""
    tip_words: TipWords = field(default_factory=TipWords)
    platform_phrases: PlatformPhrases | None = None
    """platforms/aspects.yaml; None when the pack has none (platform questions are then not answered)."""
    lexicon: Lexicon = field(default_factory=Lexicon)
    tip_concepts: tuple[str, ...] = ()
    """Concepts that ask for a tip (commands.yaml `tip_concepts`)."""
    chatter: Chatter = field(default_factory=Chatter)
    follow_ups: FollowUps = field(default_factory=FollowUps)

    def cited(self, citations: tuple[Citation, ...]) -> list[Source]:
        """The registry entries of some citations, in order, each once (unknown ids skipped)."""
        seen: dict[str, Source] = {}
        for citation in citations:
            source = self.sources.get(citation.source)
            if source is not None:
                seen.setdefault(source.id, source)
        return list(seen.values())

    def platform_walkthrough(self) -> Flow | None:
        """The guided flow that ends in a platform recommendation (`on_complete: recommend_platforms`)."""
        return next((f for f in self.flows.values() if f.on_complete == "recommend_platforms"), None)

    def message(self, name: str, **values: object) -> str:
        """A sentence from messages.yaml with {placeholders} filled in."""
        return self.messages[name].format(**values)
