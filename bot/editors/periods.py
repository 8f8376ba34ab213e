"""Periods typed on the command line: `--since 30d` (days), `12h` (hours), `2w` (weeks)."""

from __future__ import annotations

import re

_PERIOD = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([hdw])\s*", re.IGNORECASE)
_SECONDS = {"h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}


def parse_period(text: str) -> float:
    """Seconds in a period like "30d", "12h" or "2w". Raises ValueError with a readable message."""
    found = _PERIOD.fullmatch(text or "")
    if not found or float(found.group(1)) <= 0:
        raise ValueError(f"expected a period such as 7d, 12h or 2w, not {text!r}")
    return float(found.group(1)) * _SECONDS[found.group(2).lower()]
