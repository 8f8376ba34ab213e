"""The rule that keeps question sets apart (tests/near_copies.py) finds what it must: the leak tests that use
it only ever see clean sets."""

from __future__ import annotations

from tests.near_copies import near_copies

THEIRS = ["how many hashtags should we use on each post", "is tiktok good for b2b", "what is ugc"]


def test_same_text_and_long_near_copies_are_found_in_order() -> None:
    mine = ["what is ugc",                                  # the same text, however short
            "how many hashtags should we use on every post",  # long and nearly the same
            "what is ugcc",                                 # short: only the same text counts
            "how do we handle a flood of angry comments",   # nothing like theirs
            "is tiktok good for b2b"]
    assert near_copies(mine, THEIRS) == [0, 1, 4]


def test_a_length_far_from_theirs_is_no_copy() -> None:
    """Only texts of lengths that allow a ratio of 90 are compared: a long text holding one of theirs is none."""
    longer = "how many hashtags should we use on each post, and where do they go: caption or first comment?"
    assert near_copies([longer], THEIRS) == []
