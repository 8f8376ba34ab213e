"""Picking the next tip of a pool with no repeat until the pool is used up."""

from __future__ import annotations

import random

from bot.knowledge.model import Tip


def next_tip(pool: tuple[Tip, ...], used: tuple[str, ...],
             rng: random.Random | None = None) -> tuple[Tip, tuple[str, ...]] | None:
    """A tip of `pool` not in `used`, and `used` with it. Once every tip of the pool was used, a new round
    starts (the tip given last is not given first again). Ids in `used` that left the pool (the subject
    changed, the knowledge changed) do not count. None when the pool is empty."""
    if not pool:
        return None
    ids = {t.id for t in pool}
    done = tuple(u for u in used if u in ids)
    fresh = [t for t in pool if t.id not in done]
    if not fresh:  # the round is over: start another, avoiding the last one given
        last = done[-1] if done else None
        fresh = [t for t in pool if t.id != last] or list(pool)
        done = ()
    tip = (rng or random).choice(fresh)
    return tip, (*done, tip.id)
