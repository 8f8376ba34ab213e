"""Platforms the catalog does not cover (catalog.yaml `not_covered`): an honest "not in my catalog" with the ways
to choose a platform, instead of the overview of the main platforms or a guess."""

from __future__ import annotations

import pytest

from bot.dialogue.engine import Dialogue
from bot.platform_answers.uncovered import UncoveredPlatforms
from bot.types import ReplyKind
from tests.conftest import first_reply


def test_names_are_found_as_whole_words_longest_first() -> None:
    found = UncoveredPlatforms({"product hunt": "Product Hunt", "bsky": "Bluesky", "medium": "Medium"})
    assert found.find("Launching on Product Hunt next week, worth it?") == "Product Hunt"
    assert found.find("is BSKY any good for us") == "Bluesky"
    assert found.find("a medium-sized bakery") == "Medium"   # hyphens split words, as in every phrase match
    assert found.find("mediums and bskyline") is None
    assert UncoveredPlatforms({}).find("anything") is None


@pytest.mark.parametrize(("text", "name"), [
    ("Should I be on Mastodon?", "Mastodon"),
    ("Would a Mastodon account for this project be possible?", "Mastodon"),
    ("is discord good for a gaming cafe community?", "Discord"),
    ("Can Bluesky help a small bookshop?", "Bluesky"),
])
def test_a_question_about_a_platform_not_covered_says_so_and_offers_the_ways_to_choose(
        dialogue: Dialogue, text: str, name: str) -> None:
    reply = first_reply(dialogue, text)
    assert reply.kind is ReplyKind.FALLBACK and reply.topic is None
    assert reply.text.startswith(f"{name} is not in my platform catalog")
    assert "I cover Facebook, Instagram, " in reply.text and " and Blog (" in reply.text   # what it does cover
    assert [b.payload for b in reply.buttons] == ["topic:choose-platforms", "flow:platforms"]


@pytest.mark.parametrize("text", [
    "how many hashtags should we use on Bluesky?",     # a subject of its own: hashtags
    "Should we move from X to Bluesky?",               # a platform the catalog covers is named
    "our medium-sized bakery wants more followers",    # "medium" is a word: the list leaves Medium out
])
def test_a_subject_or_a_covered_platform_keeps_the_usual_answer(dialogue: Dialogue, text: str) -> None:
    assert "is not in my platform catalog" not in first_reply(dialogue, text).text


@pytest.mark.parametrize(("text", "name"), [
    ("There's a Twitter account for the project already. Should we have a Bluesky account too?", "Bluesky"),
    ("We post on Facebook and Instagram every week. Is Mastodon worth a try for a bookshop?", "Mastodon"),
])
def test_a_platform_not_covered_asked_about_beside_covered_ones_in_the_context_says_so(
        dialogue: Dialogue, text: str, name: str) -> None:
    """The sentence that asks names only the platform not covered: the ones of the catalog are the context."""
    reply = first_reply(dialogue, text)
    assert reply.kind is ReplyKind.FALLBACK and reply.text.startswith(f"{name} is not in my platform catalog")


@pytest.mark.parametrize("text", [
    "We're on Mastodon already. Should we be on LinkedIn too?",             # the covered one is asked about
    "should we be on mastodon or linkedin?",                                # both asked: the covered one answered
    # Pinterest described: the reading cannot tell where it is named, so nothing tells the context from the question
    "does the mood-board pin site send anyone to a substack, or is it just people saving wedding ideas?",
])
def test_a_covered_platform_asked_about_keeps_its_answer(dialogue: Dialogue, text: str) -> None:
    reply = first_reply(dialogue, text)
    assert (reply.kind, reply.topic) == (ReplyKind.ANSWER, "platform")
