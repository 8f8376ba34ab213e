"""Running the real Telegram adapter (PTB Application, engine, store) against the fake Bot API."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlparse

import aiohttp
from telegram.ext import AIORateLimiter

from adapters.telegram.app import TelegramBot
from adapters.telegram.config import TelegramSettings, WebhookOptions
from adapters.telegram.delivery import KIND
from adapters.telegram.webhook import SECRET_HEADER
from bot.advisor import DEFAULT_IDLE_TIMEOUT, Advisor
from bot.config import CoreSettings
from bot.delivery import DeliveryBackend
from bot.knowledge.model import Knowledge
from bot.store.base import Store
from tests.telegram import factory
from tests.telegram.fake_bot_api import ApiCall, FakeBotApi

TOKEN = "4839574812:AAFq0bx7ZTeStT0kenNeverLogItPlease12345"
WEBHOOK_SECRET = "the-webhook-secret_0123456789"
WEBHOOK_URL = "https://bot.example.test/telegram/hook"
CORE = CoreSettings(store_url=None, knowledge_dir=None, idle_timeout=DEFAULT_IDLE_TIMEOUT,
                    inbox_lease=1.0, inbox_sweep=0.2)
"""Short leases, frequent sweeps: an update left by a crashed run is taken over within about a second."""


def recorded(store: Store) -> DeliveryBackend:
    """Where the adapter records Telegram updates in `store`."""
    return CORE.delivery_backend(store, KIND)


class BotRun:
    """A running bot. `deliver` hands updates over (getUpdates or webhook POST) and waits until the
    bot has handled them, returning the API calls made meanwhile."""

    def __init__(self, fake: FakeBotApi, bot: TelegramBot, store: Store) -> None:
        self.fake = fake
        self.bot = bot
        self.store = store

    @property
    def webhook_port(self) -> int:
        assert self.bot.server is not None and self.bot.server.port
        return self.bot.server.port

    async def deliver(self, *updates: dict[str, Any]) -> list[ApiCall]:
        start = len(self.fake.calls)
        if self.bot.webhook is None:
            self.fake.push(*updates)
        else:
            for update in updates:
                status, _ = await self.post(update)
                assert status == 200
        await self.handled(*(u["update_id"] for u in updates))
        return self.fake.calls[start:]

    async def handled(self, *update_ids: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        for update_id in update_ids:
            while not await recorded(self.store).is_finished(str(update_id)):
                assert time.monotonic() < deadline, f"update {update_id} was not handled in time"
                await asyncio.sleep(0.005)

    async def post(self, body: Any, secret: str | None = WEBHOOK_SECRET, raw: bool = False) -> tuple[int, str]:
        """POST to the bot's webhook like Telegram does; returns status and body."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        url = f"http://127.0.0.1:{self.webhook_port}{urlparse(WEBHOOK_URL).path}"
        async with aiohttp.ClientSession() as session, session.post(
                url, data=body if raw else json.dumps(body), headers=headers) as response:
            return response.status, await response.text()

    def keyboard_message(self, chat_id: int, topic: int | None = None) -> dict[str, Any]:
        """The latest bot message in the chat (and topic) that still shows buttons."""
        return self.last_message(chat_id, topic, with_buttons=True)

    def last_message(self, chat_id: int, topic: int | None = None, with_buttons: bool = False) -> dict[str, Any]:
        """A copy of the latest bot message in the chat (and forum topic)."""
        for (chat, _), message in sorted(self.fake.messages.items(), key=lambda kv: -kv[0][1]):
            if (chat == chat_id and message.get("message_thread_id") == topic
                    and (message.get("reply_markup") or not with_buttons)):
                return copy.deepcopy(message)
        raise AssertionError(f"no such bot message in chat {chat_id} topic {topic}")


class Person:
    """One user in one chat (and forum topic): `say` types, `press` taps a button of the latest keyboard."""

    def __init__(self, run: BotRun, sender: dict[str, Any], chat: dict[str, Any], topic: int | None = None) -> None:
        self.run, self.sender, self.chat, self.topic = run, sender, chat, topic
        self.keyboard: tuple[int, int] | None = None

    async def say(self, text: str, reply_to: dict[str, Any] | None = None) -> list[ApiCall]:
        update = factory.text_update(self.chat, self.sender, text, reply_to=reply_to, topic=self.topic)
        return self._seen(await self.run.deliver(update))

    async def press(self, label: str) -> list[ApiCall]:
        """Tap a button of the latest keyboard the bot sent in answer to this person."""
        assert self.keyboard is not None, "no keyboard was offered to this person"
        message = copy.deepcopy(self.run.fake.messages[self.keyboard])
        data = factory.find_button(message, label)
        return self._seen(await self.run.deliver(factory.press_update(self.sender, message, data)))

    def _seen(self, calls: list[ApiCall]) -> list[ApiCall]:
        sent = sends(calls)
        for call in sent:
            if call.params.get("reply_markup") and call.message_id is not None:
                self.keyboard = (self.chat["id"], call.message_id)
        return sent


def sends(calls: list[ApiCall]) -> list[ApiCall]:
    return [c for c in calls if c.method == "sendMessage" and c.status == 200]


def texts(calls: list[ApiCall]) -> str:
    """The visible text of the messages sent, one after the other."""
    return "\n\n".join(c.visible for c in sends(calls))


def labels(call: ApiCall) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def fast_rate_limiter() -> AIORateLimiter:
    """Like production (429s retried) without the 20-per-minute group pacing that would slow tests."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


@asynccontextmanager
async def running_bot(fake: FakeBotApi, store: Store, knowledge: Knowledge,
                      webhook: bool = False) -> AsyncIterator[BotRun]:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url}
    if webhook:
        env["TELEGRAM_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    settings = TelegramSettings.from_env(env)
    hook = WebhookOptions.build(WEBHOOK_URL, "127.0.0.1", 0, settings) if webhook else None
    bot = TelegramBot(Advisor(knowledge, store), settings, CORE, webhook=hook, rate_limiter=fast_rate_limiter(),
                      poll_timeout=5)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(bot.run(stop, ready))
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiter}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if not ready.is_set():
        waiter.cancel()
        stop.set()
        await task  # raises what stopped the start
        raise AssertionError("the bot did not start")
    try:
        yield BotRun(fake, bot, store)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
