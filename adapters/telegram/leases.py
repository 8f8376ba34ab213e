"""This worker's share of the shared inbox (`bot.inbox.Inbox`): the updates it holds and their leases.

`WorkerInbox` keeps, in memory, which updates this worker holds, so the sweep renews their leases (an
update waiting behind others of its chat keeps belonging to this worker) and does not hand this
worker's own updates back to it. A taken-over update is not applied twice to its
conversation: the engine journals the update_id with the state it saves (`Advisor.handle(delivery=)`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.inbox import Inbox


class WorkerInbox:
    """The updates this worker accepted and has not finished, by update_id."""

    def __init__(self, inbox: Inbox, clock: Callable[[], float] = time.monotonic) -> None:
        self.inbox = inbox
        self.held: dict[int, float] = {}
        """update_id -> when its lease was last taken or renewed (monotonic seconds)."""
        self._clock = clock

    async def accept(self, update_id: int, body: str) -> bool:
        """Raises StoreError (then the update must not be acknowledged)."""
        if update_id in self.held or not await self.inbox.accept(str(update_id), body):
            return False
        self.held[update_id] = self._clock()
        return True

    async def finish(self, update_id: int) -> None:
        """Handled: remembered as seen. Updates released for a retry are left to the sweep."""
        if self.held.pop(update_id, None) is not None:
            await self.inbox.finish(str(update_id))

    def release(self, update_id: int) -> None:
        """Stop holding the update without finishing it: once its lease runs out, a sweep (of any
        worker) hands it over again. For failures that a retry can cure (the store was unreachable)."""
        self.held.pop(update_id, None)

    async def renew_due(self) -> list[int]:
        """Renew the leases taken more than a third of a lease ago; returns the updates lost to
        another worker (they are no longer held here). Raises StoreError."""
        due = self._clock() - self.inbox.lease / 3
        lost = []
        for update_id, since in list(self.held.items()):
            if since <= due and update_id in self.held:
                if await self.inbox.renew(str(update_id)):
                    self.held[update_id] = self._clock()
                else:
                    lost.append(update_id)
                    self.held.pop(update_id, None)
        return lost

    async def take_orphans(self) -> list[tuple[int, str]]:
        """Updates a dead worker accepted and never finished, now held here, oldest first, as
        (update_id, update JSON). Raises StoreError."""
        taken = []
        for pending in await self.inbox.orphans():
            update_id = int(pending.event_id)
            if update_id not in self.held:  # else: ours, waiting its turn, and orphans() just renewed it
                taken.append((update_id, pending.body))
            self.held[update_id] = self._clock()
        return sorted(taken)
