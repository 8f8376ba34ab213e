"""Asking for a tip on a subject in a conversation: "a tip about LinkedIn", "tip for engagement",
"hashtag tips", "/tip linkedin" (Telegram), "/advisor tip linkedin" (Slack).

The words that ask for a tip and the fillers around a subject are data (commands.yaml, tip_subjects);
the subject is a platform or a topic with tips (bot.tips.subjects)."""

from __future__ import annotations

from collections.abc import Callable

from bot.knowledge.model import Knowledge
from bot.matching import Match
from bot.normalize import STOPWORDS, normalize
from bot.tips.subjects import Subject, resolve_subject, subject_by_id

__all__ = ["MAX_GUESSED_WORDS", "MAX_REQUEST_WORDS", "find_subject", "subject_words"]

MAX_REQUEST_WORDS = 10
"""A longer message with "tip" in it is a question, not a request for a tip."""
MAX_GUESSED_WORDS = 2
"""A subject named in more words than this must name a platform or a topic outright: "tips for
winning at Settlers of Catan" is not a request for a strategy tip."""


def subject_words(knowledge: Knowledge, text: str) -> str | None:
    """The words naming the subject of a tip request ("a tip about LinkedIn" -> "linkedin"), "" when it
    names none ("any tips?"), None when the text is not a request for a tip."""
    tip = knowledge.tip_words
    words = normalize(text).split()
    if not words or len(words) > MAX_REQUEST_WORDS or not tip.words.intersection(words):
        return None
    return " ".join(w for w in words if w not in tip.words and w not in tip.fillers and w not in STOPWORDS)


def find_subject(knowledge: Knowledge, words: str, platforms_in: Callable[[str], tuple[str, ...]],
                 match: Callable[[str], Match]) -> Subject | None:
    """The subject with tips that `words` name: a platform or topic by id, name or alias; else a
    platform named inside them, among at most MAX_GUESSED_WORDS other words; else, for a subject of at
    most MAX_GUESSED_WORDS words, the topic the matcher is confident about. None when none has tips."""
    found = resolve_subject(knowledge, words)
    if found is not None:
        return found
    for platform in platforms_in(words):
        if _besides(knowledge, platform, words) > MAX_GUESSED_WORDS:
            return None  # "youtube shorts or long-form for pharmacy health tips?" asks about YouTube
        if (subject := subject_by_id(knowledge, platform)) is not None:
            return subject
    if len(words.split()) > MAX_GUESSED_WORDS:
        return None
    best = match(words).best
    return subject_by_id(knowledge, best.intent) if best is not None else None


def _besides(knowledge: Knowledge, platform: str, words: str) -> int:
    """How many of the words do not name the platform (its id, name or an alias)."""
    entry = knowledge.platforms[platform]
    naming = {w for alias in (entry.id, normalize(entry.name), *entry.aliases) for w in alias.split()}
    return sum(w not in naming for w in words.split())
