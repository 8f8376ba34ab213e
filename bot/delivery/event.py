"""What a platform hands to the delivery pipeline, and what the pipeline hands back to apply.

An `Event` is one delivery from a platform (a Telegram update, a Slack event, click or command), already
checked and parsed by its adapter. The pipeline records it, orders it among the events of its `lane`
(one conversation, as the platform sees it) and, when its turn comes, gives it back to the adapter as a
`Turn`, with the store values its turn will read already loaded (`Loaded`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from bot.store.base import Store, Versioned
from bot.types import ConversationKey

ALIAS_TTL = 3600.0
"""Default life of an alias claim: platforms retry a delivery within minutes."""


@dataclass(frozen=True, slots=True)
class Event:
    """One delivery, as its platform's adapter identifies and orders it.

    - `id`: the platform's id of the delivery; the same id twice is one event (retries, two workers).
    - `lane`: the events applied one at a time, in `order` (a conversation, or a whole chat).
    - `order`: the platform's order within the lane (Telegram update_id, Slack message ts or arrival
      time). Lower first; equal orders are applied in `id` order.
    - `body`: what is recorded, for whichever worker applies it (the adapter can read it back).
    - `aliases`: store keys naming the same message under another id (Slack's channel + ts of a
      mention delivered twice); the first event claims them, later ones are duplicates.
    - `not_before`: wall-clock seconds before which the event is not applied (a reorder wait that lets
      an earlier message delivered late overtake it); 0 for none.
    - `conversation`: the engine conversation the event most likely belongs to, so its state is loaded
      with the event (a guess: the engine reads the store itself when the guess was wrong).
    - `reads`: other store keys the adapter will read while applying it (loaded with the event).
    """

    id: str
    lane: str
    order: float
    body: str
    aliases: tuple[str, ...] = ()
    alias_ttl: float = ALIAS_TTL
    not_before: float = 0.0
    conversation: ConversationKey | None = None
    reads: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Preload:
    """What to read in the same trip as taking an event: `reads` (keys), and one fixed-window counter
    to count (`counter` + the window number of `window` seconds, as `Store.incr` would, living
    `window` + 1 seconds)."""

    reads: tuple[str, ...] = ()
    counter: str | None = None
    window: float = 0.0

    def counter_key(self, now: float) -> str | None:
        return f"{self.counter}{int(now // self.window)}" if self.counter is not None and self.window > 0 else None

    def merged(self, reads: tuple[str, ...]) -> Preload:
        return Preload(tuple(dict.fromkeys((*self.reads, *reads))), self.counter, self.window)


NO_PRELOAD = Preload()


@dataclass(frozen=True, slots=True)
class Loaded:
    """Store values read when the event was taken. `values[key]` is what `Store.get(key)` returned then
    (None: absent); `counts[key]` is a counter's value after counting this event. A key missing from
    either mapping was not loaded: read the store."""

    values: Mapping[str, Versioned | None] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)


NOTHING_LOADED = Loaded()


@dataclass(frozen=True, slots=True)
class Write:
    """A value written when the event is finished (with its finish, in one trip where the store allows):
    as `Store.put(key, value, 0, ttl)`, overwriting whatever is there."""

    key: str
    value: str
    ttl: float


@dataclass(slots=True)
class Turn:
    """An event whose turn has come, held by this worker until it is finished.

    `payload` is the adapter's own parsed form when this worker received the event (None after a
    takeover: parse `body`). `attempt` counts the times it was taken (above 1: a worker stopped before
    finishing it, or an earlier event overtook it; the engine's journal keeps it from being applied
    twice). `store` is the store as this turn sees it: what was loaded with the event is read from
    memory, and a write to a loaded key is made only while the event is still first in its lane (else
    `Superseded` is raised). Writes added with `defer` are made when the event is finished."""

    event_id: str
    lane: str
    body: str
    attempt: int = 1
    loaded: Loaded = NOTHING_LOADED
    payload: object | None = None
    writes: list[Write] = field(default_factory=list)
    store: Store | None = None

    def defer(self, key: str, value: str, ttl: float) -> None:
        self.writes.append(Write(key, value, ttl))


class Superseded(Exception):
    """The turn's event is no longer first in its lane (an earlier event arrived while it waited for its
    `not_before`), or the lane is no longer this worker's. Nothing of the turn was written: say nothing,
    drop the turn; the lane goes on with its first event."""


class Outcome(Enum):
    """How applying a turn ended. DONE: finish it (handled, or failed for good). RETRY: the store was
    unavailable; leave it first in its lane for a later try. SUPERSEDED: see `Superseded`."""

    DONE = "done"
    RETRY = "retry"
    SUPERSEDED = "superseded"
