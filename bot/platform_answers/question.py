"""A question about one to three platforms, as the detector (or a follow-up) understood it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import Aspect, Knowledge

__all__ = ["MAX_PLATFORMS", "PlatformQuestion", "question_for_topic"]

MAX_PLATFORMS = 3
"""More platforms than this in one question is a request for the walk-through, not a comparison."""


@dataclass(frozen=True, slots=True)
class PlatformQuestion:
    """`platforms`: catalog ids in the order named. `aspects`: what is asked, empty for a general
    question ("tell me about TikTok"). `values`: walk-through values named (b2b, 13-17, leads,
    short-video...). `compare`: two or more platforms set against each other. `write`: a request to
    write a post ("write me a LinkedIn post"). `others`: the stems of the other content words, besides
    platforms, aspect phrases and values ("hashtag" in "how often should we use hashtags on Instagram?"):
    a sign the question may be about a topic rather than the platform. `explicit`: the question says
    what it asks (an aspect phrase, a comparison, "<platform> for <value>?"); an implicit one only names
    a platform ("our tiktok gets views but no sales, why?") and is answered with the platform's card
    unless the message names a subject of its own (bot/platform_answers/routing.py)."""

    platforms: tuple[str, ...]
    aspects: tuple[Aspect, ...] = ()
    values: tuple[str, ...] = ()
    compare: bool = False
    write: bool = False
    others: tuple[str, ...] = ()
    explicit: bool = True
    request: bool = False
    """An implicit question phrased as a request to the advisor ("can you audit our tiktok")."""
    how_to: bool = False
    """The question asks how to do something ("how do we plan our instagram posts?", "how can we keep
    track of what competitors post on Pinterest?")."""
    subject: bool = False
    """A platform is what a clause asks about, named right after its question word ("is LinkedIn video
    worth doing for an IT consultancy?", "what is X good for in B2B?"): the question weighs the platform,
    whatever topic words it uses to say for what."""


def question_for_topic(knowledge: Knowledge, topic_id: str, platforms: tuple[str, ...]) -> PlatformQuestion | None:
    """The platform question a topic's question becomes when asked of platforms: "how often should we
    post?" then "what about TikTok?" is the frequency and timing of TikTok (aspects.yaml, topic_aspects).
    None when a platform is unknown or the topic has no mapping."""
    phrases = knowledge.platform_phrases
    if phrases is None or not platforms or any(p not in knowledge.platforms for p in platforms):
        return None
    items = phrases.topic_aspects.get(topic_id)
    if items is None:
        return None
    names = {a.value for a in Aspect}
    aspects = tuple(Aspect(i) for i in items if i in names)
    values = tuple(i for i in items if i not in names)
    return PlatformQuestion(platforms[:MAX_PLATFORMS], aspects, values, compare=len(platforms) > 1)
