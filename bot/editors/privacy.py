"""What the questions log may keep of a message: the text as typed, with what looks like an email
address or a phone number masked. Pure functions, never raising on any string."""

from __future__ import annotations

import re

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
MAX_KEPT_CHARS = 500
"""Longer messages are cut: only this much is ever matched (bot/normalize.MAX_MATCH_CHARS)."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{5,}\d(?![\w/])")
_MIN_PHONE_DIGITS = 7
"""A run of digits and separators counts as a phone number from 7 digits: "25 to 45", "90/9/1",
"2024" or "3-4 hours" do not."""


def mask(text: str) -> str:
    """`text` with email addresses and phone numbers replaced by [email] and [phone], then cut to
    MAX_KEPT_CHARS (masked before the cut, so an address or number across it leaves no part behind)."""
    masked = _EMAIL.sub(EMAIL_MASK, text[:2 * MAX_KEPT_CHARS])  # bounded work, and room past the cut

    def phone(match: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in match.group(0))
        return PHONE_MASK if digits >= _MIN_PHONE_DIGITS else match.group(0)

    return _PHONE.sub(phone, masked)[:MAX_KEPT_CHARS]
