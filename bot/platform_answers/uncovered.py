"""Platforms the catalog does not cover (catalog.yaml `not_covered`: Mastodon, Bluesky, Discord...).

A question about one of them, naming no platform of the catalog (or naming those only in the sentences that do not
ask: "There's a Twitter account already. Should we have a Bluesky account too?"), gets an honest "not in my
catalog" with the ways to choose a platform, instead of a guess: "should we be on Mastodon?" otherwise reads like the
overview of the main platforms. A question that also names a subject strongly ("how do we use hashtags on
Bluesky?") is answered as usual: see `Dialogue._uncovered_platform`.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.normalize import normalize

__all__ = ["UncoveredPlatforms"]


class UncoveredPlatforms:
    """Finds the name of a platform the catalog does not cover in a message. Built once per pack."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)
        """Normalised name or alias -> the platform's name."""
        self._longest = max((n.count(" ") + 1 for n in self._names), default=0)

    def names(self, words: str) -> bool:
        """The words (normalised, or the stems of a concept's hit) are the name or an alias of a platform not
        covered: "mastodon" is a phrase of the platforms' overview, no subject of its own."""
        return words in self._names

    def find(self, text: str) -> str | None:
        """The first platform not covered that the message names (as whole words), or None."""
        if not self._names:
            return None
        words = normalize(text).split()
        for start in range(len(words)):
            for size in range(min(self._longest, len(words) - start), 0, -1):
                name = self._names.get(" ".join(words[start:start + size]))
                if name is not None:
                    return name
        return None
