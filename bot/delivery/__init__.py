"""The delivery pipeline every platform shares: record before the ack, order per lane, one owner per lane
with a lease, the sweep that takes over a dead worker's lanes, finish after the replies went out.
See docs/architecture.md."""

from typing import TYPE_CHECKING

from bot.lazy import lazy_exports

if TYPE_CHECKING:
    from bot.delivery.backend import DEFAULT_LEASE, DeliveryBackend, Recorded, Status, Stop, Taken
    from bot.delivery.backends import backend_for
    from bot.delivery.event import Event, Loaded, Outcome, Preload, Superseded, Turn, Write
    from bot.delivery.generic import StoreBackend
    from bot.delivery.pipeline import Pipeline, Platform, waiting_for_the_platform
    from bot.delivery.turnstore import TurnStore

__all__ = ["DEFAULT_LEASE", "DeliveryBackend", "Event", "Loaded", "Outcome", "Pipeline", "Platform", "Preload",
           "Recorded", "Status", "Stop", "StoreBackend", "Superseded", "Taken", "Turn", "TurnStore", "Write",
           "backend_for", "waiting_for_the_platform"]

__getattr__ = lazy_exports(__name__, {
    "bot.delivery.backend": ("DEFAULT_LEASE", "DeliveryBackend", "Recorded", "Status", "Stop", "Taken",),
    "bot.delivery.backends": ("backend_for",),
    "bot.delivery.event": ("Event", "Loaded", "Outcome", "Preload", "Superseded", "Turn", "Write",),
    "bot.delivery.generic": ("StoreBackend",),
    "bot.delivery.pipeline": ("Pipeline", "Platform", "waiting_for_the_platform",),
    "bot.delivery.turnstore": ("TurnStore",),
})
