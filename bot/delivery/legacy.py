"""Events recorded by the previous version of the inbox, read so that an upgrade in the middle of traffic
loses nothing.

That version kept, per platform `kind`: the set `inbox:<kind>` of unfinished event ids, each event's
record `inbox:<kind>:<id>` (its body), a per-event lease `lease:<kind>:<id>` held by the worker handling
it, and `seen:<kind>:<id>` once finished. New events never enter `inbox:<kind>`; the events still listed
there are handed over here once their old lease has run out (their worker stopped, or was upgraded),
then moved into their lane like new ones.
"""

from __future__ import annotations

from bot.delivery.backend import Legacy
from bot.store.base import Store


def index_key(kind: str) -> str:
    return f"inbox:{kind}"


def lease_key(kind: str, event_id: str) -> str:
    return f"lease:{kind}:{event_id}"


async def take_legacy(store: Store, kind: str, owner: str, lease: float) -> list[Legacy]:
    """The old inbox's unfinished events whose lease ran out, now leased to `owner`, oldest id first.
    Forgets index entries whose event was finished or whose record expired."""
    found: list[Legacy] = []
    index = index_key(kind)
    for event_id in sorted(await store.members(index), key=_id_order):
        record = await store.get(f"inbox:{kind}:{event_id}")
        if record is None or await store.get(f"seen:{kind}:{event_id}") is not None:
            await store.remove_member(index, event_id)
            continue
        if await store.put(lease_key(kind, event_id), owner, 0, lease):
            found.append(Legacy(event_id, record.value))
    return found


async def forget_legacy(store: Store, kind: str, event_id: str) -> None:
    """The event now lives in its lane (or was dropped): no longer listed under the old keys."""
    await store.remove_member(index_key(kind), event_id)
    await store.delete(lease_key(kind, event_id))


def _id_order(event_id: str) -> tuple[int, int, str]:
    """Numeric ids (Telegram update_ids) in numeric order, before the others in text order."""
    return (0, int(event_id), "") if event_id.isdigit() else (1, 0, event_id)
