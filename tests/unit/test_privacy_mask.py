"""What the questions log keeps of a message: email addresses and phone numbers masked, in the usual
international and national formats; numbers that are marketing talk (ratios, ranges, years, amounts)
kept as typed."""

from __future__ import annotations

import pytest

from bot.editors.privacy import MAX_KEPT_CHARS, mask


@pytest.mark.parametrize(("typed", "kept"), [
    ("call +33 6 12 34 56 78 now", "call [phone] now"),
    ("ring (555) 123-4567", "ring [phone]"),
    ("06.12.34.56.78", "[phone]"),
    ("+1-202-555-0143 after 5", "[phone] after 5"),
    ("phone: 020 7946 0958.", "phone: [phone]."),
    ("ping 0612345678", "ping [phone]"),
    ("mail me at j.o+x@sub.example.co.uk!", "mail me at [email]!"),
    ("JANE@ACME.COM or café.owner@exemple.fr", "[email] or [email]"),
    ("jane@acme.com, +44 20 7946 0958", "[email], [phone]"),
])
def test_emails_and_phone_numbers_are_masked(typed: str, kept: str) -> None:
    assert mask(typed) == kept


@pytest.mark.parametrize("typed", [
    "post 25 to 45 times", "the 90/9/1 rule", "in 2024 and 2025", "3-4 hours a week", "budget 10000 euros",
    "1,000,000 followers", "on 12/05/2024 at 10:30", "what is seo?", "@advisor help", "",
])
def test_numbers_that_are_no_phone_and_plain_text_are_kept(typed: str) -> None:
    assert mask(typed) == typed


def test_any_string_is_masked_without_raising_and_cut_to_what_is_matched() -> None:
    long = "x" * (MAX_KEPT_CHARS * 3) + " jane@acme.com"
    assert mask(long) == "x" * MAX_KEPT_CHARS
    assert mask("\x00\ud800 +33 6 12 34 56 78 \u202e") == "\x00\ud800 [phone] \u202e"


@pytest.mark.parametrize("secret", ["jane.doe@acme.com", "+44 20 7946 0958"])
def test_an_address_or_number_across_the_cut_leaves_no_part_behind(secret: str) -> None:
    for cut_at in range(1, len(secret)):
        kept = mask("x" * (MAX_KEPT_CHARS - cut_at - 1) + " " + secret)
        assert len(kept) <= MAX_KEPT_CHARS and secret[:cut_at] not in kept, cut_at
