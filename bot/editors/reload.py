"""Loading the knowledge pack again without a restart: `advisor kb reload` and SIGHUP.

`advisor kb reload` writes a new token under the store key `kb:reload`; every worker on that store
looks at the key every ADVISOR_KB_POLL seconds (default 2) and, when the token changed, reads its pack
folder again. SIGHUP makes one worker do it at once. A pack is taken only when it passes `kb check`
(no errors; warnings are fine); otherwise the worker keeps the pack it has and logs why.

Conversations under way go on: a turn that started finishes on the pack it started with, and a stored
conversation in a flow or step the new pack no longer has is moved back as `Dialogue.current` says.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

from bot.advisor import Advisor
from bot.dialogue.engine import Dialogue
from bot.knowledge.check import check_pack
from bot.knowledge.model import Knowledge
from bot.store.base import Store, StoreError

log = logging.getLogger("advisor.editors")

RELOAD_KEY = "kb:reload"
RELOAD_TTL = 10 * 365 * 24 * 3600.0
"""The request token is kept for good (a worker started later takes it as its starting point)."""
_WRITE_ATTEMPTS = 8

Listener = Callable[[Knowledge], Awaitable[None]]


class HoldsKnowledge(Protocol):
    knowledge: Knowledge


def updates(*holders: HoldsKnowledge | None) -> Listener:
    """A listener giving each holder (a tips scheduler, tips settings) the new pack."""
    async def update(knowledge: Knowledge) -> None:
        for holder in holders:
            if holder is not None:
                holder.knowledge = knowledge

    return update


async def request_reload(store: Store) -> str:
    """Ask every worker on `store` to load its pack again; returns the request's token.
    Raises StoreError when the store cannot be written."""
    token = secrets.token_urlsafe(9)
    value = json.dumps({"token": token, "at": time.time()})
    for _ in range(_WRITE_ATTEMPTS):
        record = await store.get(RELOAD_KEY)
        if await store.put(RELOAD_KEY, value, record.version if record else 0, RELOAD_TTL):
            return token
    raise StoreError("the reload request kept changing under this write; try again")


async def current_request(store: Store) -> str | None:
    """The token of the latest reload request, None when there was none."""
    record = await store.get(RELOAD_KEY)
    if record is None:
        return None
    try:
        return str(json.loads(record.value)["token"])
    except (ValueError, KeyError, TypeError):
        return record.value


class PackReloader:
    """Reloads `advisor`'s pack from `directory`, building its rules with `build`. `listeners` are told
    about each new pack (the Telegram adapter registers its commands again; see `updates` for the
    objects that keep a pack of their own, such as the tips scheduler)."""

    def __init__(self, advisor: Advisor, directory: Path, build: Callable[[Knowledge], Dialogue]) -> None:
        self.advisor = advisor
        self.directory = directory
        self.build = build
        self.listeners: list[Listener] = []
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[bool]] = set()

    async def reload(self, why: str) -> bool:
        """Load the pack again if it passes `kb check`; True when the advisor now uses it."""
        async with self._lock:
            knowledge, problems = await asyncio.to_thread(check_pack, self.directory)
            errors = [p for p in problems if p.error]
            if knowledge is None or errors:
                log.error("knowledge reload refused, keeping the pack in use: %d error(s): %s", len(errors),
                          "; ".join(str(p) for p in errors[:5]), extra={"why": why, "folder": str(self.directory)})
                return False
            dialogue = await asyncio.to_thread(self.build, knowledge)
            dialogue.topic_link = self.advisor.dialogue.topic_link  # set by the adapter on the rules it runs
            self.advisor.use(dialogue)
            log.info("knowledge reloaded", extra={"why": why, "folder": str(self.directory),
                                                  "topics": len(knowledge.topics), "warnings": len(problems)})
        for listener in self.listeners:
            try:
                await listener(knowledge)
            except Exception as exc:
                log.warning("after a reload: %s: %s", type(exc).__name__, exc)
        return True

    def reload_soon(self, why: str) -> None:
        """Start a reload from a signal handler (it runs in the event loop, after the handler returns)."""
        task = asyncio.get_running_loop().create_task(self.reload(why))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def reload_on_sighup(self) -> None:
        """Reload on SIGHUP (where the platform has it and this is the main thread)."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.reload_soon, "SIGHUP")

    async def watch(self, store: Store, interval: float, stop: asyncio.Event) -> None:
        """Until `stop` is set: every `interval` seconds, reload when `advisor kb reload` was asked since
        the last look (a request made before this worker started does not count)."""
        seen = await self._request(store)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
            if stop.is_set():
                return
            token = await self._request(store)
            if token is not None and token != seen:
                seen = token
                await self.reload("advisor kb reload")

    @staticmethod
    async def _request(store: Store) -> str | None:
        try:
            return await current_request(store)
        except StoreError as exc:
            log.warning("cannot look for a knowledge reload request: %s", exc)
            return None
