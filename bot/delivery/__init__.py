"""The delivery pipeline every platform shares: record before the ack, order per lane, one owner per lane
with a lease, the sweep that takes over a dead worker's lanes, finish after the replies went out.
See docs/architecture.md."""

from bot.delivery.backend import DEFAULT_LEASE, DeliveryBackend, Recorded, Status, Stop, Taken
from bot.delivery.backends import backend_for
from bot.delivery.event import Event, Loaded, Outcome, Preload, Superseded, Turn, Write
from bot.delivery.generic import StoreBackend
from bot.delivery.pipeline import Pipeline, Platform
from bot.delivery.turnstore import TurnStore

__all__ = ["DEFAULT_LEASE", "DeliveryBackend", "Event", "Loaded", "Outcome", "Pipeline", "Platform", "Preload",
           "Recorded", "Status", "Stop", "StoreBackend", "Superseded", "Taken", "Turn", "TurnStore", "Write",
           "backend_for"]
