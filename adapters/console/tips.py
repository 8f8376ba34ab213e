"""`advisor tips`: the next scheduled tip of a named channel, printed now (`--once`, for trying a
subject), and the list of channels with scheduled tips (`--list`)."""

from __future__ import annotations

import json
import sys

from adapters.console.render import render_reply
from bot.knowledge.model import Knowledge
from bot.schedule import ChannelKey, list_subscriptions
from bot.schedule.replies import scheduled_tip
from bot.schedule.subscriptions import FOREVER
from bot.store.base import Store
from bot.tips import next_tip, resolve_subject, subjects, tips_about

EXIT_USAGE = 2
PLATFORM = "console"


async def print_next_tip(knowledge: Knowledge, store: Store, channel: str, about: str | None) -> int:
    """The tip the channel would get next, with no repeat across calls until the pool is used up."""
    subject = None
    if about is not None:
        subject = resolve_subject(knowledge, about)
        if subject is None:
            names = ", ".join(s.id for s in subjects(knowledge))
            print(f"advisor tips: no tips about {about!r} (subjects: {names})", file=sys.stderr)
            return EXIT_USAGE
    key = f"tips:once:{ChannelKey(PLATFORM, channel).as_str()}"
    for _ in range(8):
        record = await store.get(key)
        used = tuple(json.loads(record.value)) if record else ()
        picked = next_tip(tips_about(knowledge, subject.id if subject else None), used)
        if picked is None:
            print("advisor tips: this knowledge pack has no tips", file=sys.stderr)
            return 1
        tip, used = picked
        if await store.put(key, json.dumps(list(used)), record.version if record else 0, FOREVER):
            print(render_reply(scheduled_tip(knowledge, tip, subject.id if subject else None)))
            return 0
    print("advisor tips: the store kept changing; try again", file=sys.stderr)
    return 1


async def print_subscriptions(knowledge: Knowledge, store: Store) -> int:
    """One line per channel with scheduled tips: where, when, about what, next, who set it."""
    subs = await list_subscriptions(store)
    if not subs:
        print("No channel has scheduled tips.")
    for sub in subs:
        about = f" about {sub.about}" if sub.about else ""
        title = f" ({sub.title})" if sub.title else ""
        topic = f" topic {sub.channel.thread}" if sub.channel.thread else ""
        where = f"{sub.channel.platform} {sub.channel.chat}{topic}"
        print(f"{where}{title}: {sub.schedule.describe()}{about}; next {sub.next.id.replace('T', ' ')}; "
              f"set by {sub.set_by}")
    return 0
