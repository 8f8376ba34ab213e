"""The Telegram bot: a python-telegram-bot Application over the advisor, run by polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import os

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from adapters.telegram.callbacks import CallbackRegistry
from adapters.telegram.config import DEFAULT_SEND_RATE, TelegramSettings, WebhookOptions
from adapters.telegram.delivery import KIND, DurableQueue, InFlight, TelegramDeliveries
from adapters.telegram.handlers import AdvisorHandlers
from adapters.telegram.http import bot_api_request
from adapters.telegram.redact import install_redaction
from adapters.telegram.tips import TelegramTips, TelegramTipSender
from adapters.telegram.updates import PLATFORM
from adapters.telegram.webhook import WebhookIntake, WebhookServer
from bot.advisor import Advisor
from bot.config import CoreSettings
from bot.delivery import Pipeline
from bot.knowledge.model import Knowledge
from bot.schedule import Subscriptions, TipScheduler, TipSettings

log = logging.getLogger("advisor.telegram")

DRAIN_TIMEOUT = 20.0
"""Seconds at shutdown for the turns under way; what is left stays recorded for another worker."""
SWEEP_STOP_TIMEOUT = 5.0
TIPS_STOP_TIMEOUT = 10.0
"""Seconds at shutdown for the tips under way."""

ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
COMMANDS = (
    ("start", "What I can do, with buttons"),
    ("help", "What I can do"),
    ("tip", "A quick social media tip"),
    ("tips", "Scheduled tips for this chat: /tips daily 09:00"),
    ("cancel", "Stop the current questions"),
    ("restart", "Start over"),
)
"""Command menu entries; each guided flow with a `command` in its YAML is added after /help."""


def bot_commands(knowledge: Knowledge) -> list[BotCommand]:
    flows = [BotCommand(f.command, f.title) for f in knowledge.flows.values() if f.command]
    fixed = [BotCommand(name, description) for name, description in COMMANDS]
    return [*fixed[:2], *flows, *fixed[2:]]


def default_rate_limiter(send_rate: float | None = DEFAULT_SEND_RATE) -> BaseRateLimiter:
    """Telegram's own limits (`send_rate` messages/s, 20/min per group; None: no pacing); 429s are
    retried after retry_after."""
    if send_rate is None:
        return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    # One message every 1/send_rate seconds rather than bursts of `send_rate` at once: a leaky bucket of
    # 30 lets up to ~60 through in one second, and Telegram answers that with 429 (benchmarks/bench_tips.py).
    return AIORateLimiter(overall_max_rate=1, overall_time_period=1 / send_rate, max_retries=3)


class TelegramBot:
    """Polling when `webhook` is None, otherwise a webhook server. `run` does the whole life cycle.
    `core` gives the lease (ADVISOR_INBOX_LEASE) and sweep interval (ADVISOR_INBOX_SWEEP) of the delivery
    pipeline, which records each update, orders it in its chat and applies it through the Application."""

    def __init__(self, advisor: Advisor, settings: TelegramSettings, core: CoreSettings,
                 webhook: WebhookOptions | None = None, rate_limiter: BaseRateLimiter | None = None,
                 poll_timeout: int = 30) -> None:
        install_redaction(settings.secret_values() + ((webhook.secret,) if webhook else ()))
        # PTB 22 warns on every 429 unless durations are opted in to timedelta; nothing here reads them.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self.advisor = advisor
        self.webhook = webhook
        self.poll_timeout = poll_timeout
        self.sweep_interval = core.inbox_sweep
        self.queue = DurableQueue()
        in_flight = InFlight()
        callbacks = CallbackRegistry(advisor.store)
        self.handlers = AdvisorHandlers(advisor, callbacks, in_flight,
                                        TelegramTips(TipSettings(advisor.store, advisor.knowledge, "chat"), callbacks))
        builder = (ApplicationBuilder().token(settings.token).base_url(settings.api_base_url)
                   .rate_limiter(rate_limiter or default_rate_limiter(settings.send_rate))
                   .update_queue(self.queue).job_queue(None))
        self._request = bot_api_request()
        if self._request is not None:
            builder = builder.request(self._request)
        if webhook is not None:
            builder = builder.updater(None)
        self.application: Application = builder.build()
        self.pipeline = Pipeline(core.delivery_backend(advisor.store, KIND),
                                 TelegramDeliveries(self.application, in_flight), advisor.preload)
        self.queue.pipeline = self.pipeline
        self.tips: TipScheduler = core.tip_scheduler(
            advisor, TelegramTipSender(self.application.bot, callbacks, Subscriptions(advisor.store)), PLATFORM)
        advisor.dialogue.topic_link = self.deep_link
        self.application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT,
                                                    self.handlers.on_message))
        self.application.add_handler(CallbackQueryHandler(self.handlers.on_button))
        self.application.add_error_handler(self.handlers.on_error)
        self.server: WebhookServer | None = None

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Run until `stop` is set; then take no new updates, finish those accepted, and return.

        Raises telegram.error.InvalidToken when the Bot API rejects the token (its message quotes
        the token: do not show it), other TelegramErrors when the Bot API cannot be reached."""
        try:
            await self._run(stop, ready)
        finally:  # PTB leaves the HTTP client open when it fails to start (Bot API unreachable)
            if self._request is not None:
                await self._request.shutdown()

    async def _run(self, stop: asyncio.Event, ready: asyncio.Event | None) -> None:
        app = self.application
        async with app:
            await app.bot.set_my_commands(bot_commands(self.advisor.knowledge))
            await app.start()
            sweeping = asyncio.Event()
            sweeper = asyncio.create_task(self.pipeline.sweep_forever(self.sweep_interval, sweeping),
                                          name="telegram-delivery-sweep")  # at once: what a dead worker left
            tips_stop = asyncio.Event()
            tips = asyncio.create_task(self.tips.run(tips_stop, self.sweep_interval), name="telegram-tips")
            try:
                await self._receive()
                if ready is not None:
                    ready.set()
                await stop.wait()
                log.info("telegram bot stopping: finishing the turns under way",
                         extra={"lanes": len(self.pipeline.lanes)})
            finally:
                tips_stop.set()
                if not (await asyncio.wait({tips}, timeout=TIPS_STOP_TIMEOUT))[0]:
                    tips.cancel()  # a tip under way keeps its lease: another worker sends it after it
                await self._stop_receiving()
                if not await self.pipeline.drain(DRAIN_TIMEOUT):  # leases are still renewed meanwhile
                    log.warning("turns still under way after %ss: left for another worker", DRAIN_TIMEOUT)
                sweeping.set()
                if not (await asyncio.wait({sweeper}, timeout=SWEEP_STOP_TIMEOUT))[0]:
                    sweeper.cancel()
                await app.stop()
                await self._close_server()

    def deep_link(self, topic: str) -> str | None:
        """https://t.me/<bot>?start=<topic>: opens the bot and answers the topic (/start <topic>)."""
        try:
            username = self.application.bot.username
        except RuntimeError:  # not initialised yet
            return None
        return f"https://t.me/{username}?start={topic}" if username else None

    async def register_commands(self, knowledge: Knowledge) -> None:
        """Show `knowledge`'s commands in Telegram's menu (after a knowledge reload)."""
        if self.application.running:
            await self.application.bot.set_my_commands(bot_commands(knowledge))

    async def _receive(self) -> None:
        app = self.application
        if self.webhook is None:
            assert app.updater is not None
            await app.updater.start_polling(timeout=self.poll_timeout, allowed_updates=list(ALLOWED_UPDATES),
                                            drop_pending_updates=False)
            log.info("telegram bot started", extra={"bot": app.bot.username, "mode": "polling"})
            return
        hook = self.webhook
        self.server = WebhookServer(WebhookIntake(hook.secret, self.queue, app.bot), hook.path, self.advisor.store)
        port = self.server.listen(hook.listen, hook.port)
        await app.bot.set_webhook(hook.url, secret_token=hook.secret, allowed_updates=list(ALLOWED_UPDATES),
                                  drop_pending_updates=False)
        log.info("telegram bot started", extra={"bot": app.bot.username, "mode": "webhook", "listen": hook.listen,
                                                "port": port, "path": hook.path,
                                                "secret": "generated" if hook.secret_generated else "set"})

    async def _stop_receiving(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.server is not None:
            await self.server.stop_accepting()

    async def _close_server(self) -> None:
        if self.server is not None:
            await self.server.close()
            self.server = None
