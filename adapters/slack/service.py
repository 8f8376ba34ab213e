"""`advisor serve slack`: the advisor as a Slack app on slack-bolt's asyncio App.

HTTP mode (default) serves events, interactivity and the slash command on one path, /slack/events,
verifying every request with SLACK_SIGNING_SECRET, and GET /healthz. Several HTTP-mode workers can share
one Redis store behind a load balancer. Socket Mode (SLACK_APP_TOKEN set) needs no public URL.
See docs/slack.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import ClientError, web
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters import loop
from adapters.slack import http as slack_http
from adapters.slack.config import SlackSettings
from adapters.slack.handlers import SlackHandlers
from adapters.slack.http import EVENTS_PATH
from adapters.slack.intake import SlackDeliveries, SlackIntake
from adapters.slack.memory import SlackMemory
from adapters.slack.tips import SlackTips, SlackTipSender
from adapters.startup import check_store, open_configured_store, require_store
from bot.advisor import Advisor
from bot.config import ConfigError, CoreSettings
from bot.delivery import DeliveryBackend, Pipeline, backend_for
from bot.editors.reload import updates
from bot.knowledge.model import Knowledge
from bot.schedule import Subscriptions, TipSettings

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

__all__ = ["EVENTS_PATH", "SlackService", "create_service", "serve", "start_http", "start_socket_mode"]

log = logging.getLogger("advisor.slack")

RATE_LIMIT_RETRIES = 3
INBOX_KIND = "slack"
DRAIN_TIMEOUT = 20.0
"""Seconds at shutdown for replies under way; what is not done by then stays recorded for another worker."""
SWEEP_STOP_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class SlackService:
    """A ready app: bolt's AsyncApp with the advisor's intake and handlers, and who the bot is."""

    app: AsyncApp
    handlers: SlackHandlers
    intake: SlackIntake
    identity: AuthorizeResult
    session: aiohttp.ClientSession

    @property
    def pipeline(self) -> Pipeline:
        return self.intake.pipeline

    def tip_sender(self) -> SlackTipSender:
        """What the tips scheduler posts through (the bot token's client)."""
        return SlackTipSender(self.handlers.client, Subscriptions(self.handlers.advisor.store))

    async def drain(self, timeout: float = 10.0) -> None:
        """At shutdown: stop taking new turns; wait for those under way (what is left stays recorded)."""
        await self.pipeline.drain(timeout)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every conversation with work here is done (tests, and callers waiting for quiet)."""
        await self.pipeline.settled(timeout)

    async def aclose(self) -> None:
        """Close the Web API connections (the store belongs to the caller)."""
        await self.session.close()


def web_client(settings: SlackSettings, token: str | None, session: aiohttp.ClientSession | None = None
               ) -> AsyncWebClient:
    """A Web API client on SLACK_API_URL that waits out 429s (Retry-After) before giving up. With a
    `session`, connections are kept alive between calls."""
    handlers = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]
    return AsyncWebClient(token=token, base_url=settings.api_url, retry_handlers=handlers, session=session,
                          logger=logging.getLogger("advisor.slack.web"))


async def create_service(advisor: Advisor, settings: SlackSettings,
                         backend: DeliveryBackend | None = None) -> SlackService:
    """Check the bot token with auth.test (once, at start-up, never on the request path) and build the app.
    `backend` records and orders deliveries (default: the advisor's store, default lease).

    Raises ConfigError when Slack refuses the token.
    """
    try:
        auth = await web_client(settings, settings.bot_token).auth_test()
    except SlackApiError as exc:
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error', 'error')})") from None
    identity = AuthorizeResult.from_auth_test_response(auth_test_response=auth, bot_token=settings.bot_token)

    async def authorize() -> AuthorizeResult:
        return identity

    session = aiohttp.ClientSession()
    bolt_log = logging.getLogger("slack_bolt")
    with _filtered(bolt_log, _TOKEN_UNUSED):
        app = AsyncApp(name="social-media-advisor", client=web_client(settings, None, session), authorize=authorize,
                       signing_secret=settings.signing_secret or "", logger=bolt_log)
    memory = SlackMemory(advisor.store, advisor.idle_timeout)
    client = web_client(settings, settings.bot_token, session)
    tips = SlackTips(TipSettings(advisor.store, advisor.knowledge), client)
    handlers = SlackHandlers(advisor, memory, identity.bot_user_id, client, tips)
    pipeline = Pipeline(backend or backend_for(advisor.store, INBOX_KIND), SlackDeliveries(handlers),
                        advisor.preload)
    intake = SlackIntake(handlers, pipeline, settings.reorder_window)
    intake.register(app)
    return SlackService(app, handlers, intake, identity, session)


_TOKEN_UNUSED = ("`token` will be unused", "`token` (or SLACK_BOT_TOKEN env variable) will be ignored")
"""bolt reads SLACK_BOT_TOKEN itself and warns that it is not used: the token reaches it through `authorize`."""


@contextlib.contextmanager
def _filtered(logger: logging.Logger, phrases: tuple[str, ...]) -> Iterator[None]:
    def keep(record: logging.LogRecord) -> bool:
        return not any(p in record.getMessage() for p in phrases)

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


async def start_http(service: SlackService, host: str, port: int) -> web.AppRunner:
    """Listen on host:port (port 0 picks a free one: see `runner.addresses`). Stop with `runner.cleanup()`."""
    return await slack_http.start_http(service.app, service.handlers.advisor.store, host, port)


def serve(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM. Raises ConfigError for missing or malformed settings (exit code 2)."""
    slack_settings = SlackSettings.from_env()
    if getattr(args, "check", False):
        asyncio.run(check_store(settings))
        print(f"slack: settings are complete ({'Socket Mode' if slack_settings.socket_mode else 'HTTP mode'})")
        return 0
    store = open_configured_store(settings)
    advisor = settings.advisor(knowledge, store)
    return loop.run(_run(advisor, settings, slack_settings, args.listen, args.port))


async def _run(advisor: Advisor, core: CoreSettings, settings: SlackSettings, host: str, port: int) -> int:
    await require_store(advisor.store, core)
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            running.add_signal_handler(sig, stop.set)
    store = advisor.store
    try:
        service = await create_service(advisor, settings, core.delivery_backend(store, INBOX_KIND))
        log.info("connected", extra={"team": service.identity.team, "bot_user": service.identity.bot_user_id})
        sweeper = asyncio.create_task(service.pipeline.sweep_forever(core.inbox_sweep, stop), name="slack-sweep")
        tips = core.tip_scheduler(advisor, service.tip_sender(), "slack")
        scheduler = asyncio.create_task(tips.run(stop, core.inbox_sweep), name="slack-tips")
        reloader = core.reloader(advisor)
        reloader.listeners.append(updates(tips, service.handlers.tips.settings if service.handlers.tips else None))
        reloader.reload_on_sighup()
        watcher = asyncio.create_task(reloader.watch(store, core.kb_poll, stop), name="kb-reload")
        try:
            if settings.socket_mode:
                await _socket_mode(service, settings, stop)
            else:
                await _http_mode(service, host, port, stop)
        finally:
            stop.set()  # the sweeper ends its round; then the work under way, its own included, is drained
            for task in (sweeper, scheduler):  # a tip under way keeps its lease if cut short
                if not (await asyncio.wait({task}, timeout=SWEEP_STOP_TIMEOUT))[0]:
                    task.cancel()
            watcher.cancel()
            await service.drain(DRAIN_TIMEOUT)
            await service.aclose()
        log.info("stopped")
        return 0
    except (ClientError, OSError) as exc:
        log.error("cannot serve Slack: %s: %s", type(exc).__name__, exc)
        return 1
    finally:
        await store.close()


async def _http_mode(service: SlackService, host: str, port: int, stop: asyncio.Event) -> None:
    runner = await start_http(service, host, port)
    log.info("HTTP mode: listening", extra={"address": f"http://{host}:{port}{EVENTS_PATH}"})
    try:
        await stop.wait()
    finally:
        log.info("stopping: no new requests, finishing the work under way")
        await runner.cleanup()


async def start_socket_mode(service: SlackService, app_token: str) -> AsyncSocketModeHandler:
    """Open the Socket Mode WebSocket (apps.connections.open with the app-level token). Stop with
    `handler.close_async()`."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(service.app, app_token)
    await handler.connect_async()
    return handler


async def _socket_mode(service: SlackService, settings: SlackSettings, stop: asyncio.Event) -> None:
    handler = await start_socket_mode(service, str(settings.app_token))
    log.info("Socket Mode: connected")
    try:
        await stop.wait()
    finally:
        await handler.close_async()
