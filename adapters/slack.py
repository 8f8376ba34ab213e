"""`advisor serve slack`: the advisor as a Slack app on slack-bolt's asyncio App.

HTTP mode (default) serves events, interactivity and the slash command on one path, /slack/events,
verifying every request with SLACK_SIGNING_SECRET. Socket Mode (SLACK_APP_TOKEN set) needs no public URL.
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

from aiohttp import ClientError, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_config import SlackSettings
from adapters.slack_handlers import SlackHandlers
from adapters.slack_memory import SlackMemory
from bot.advisor import Advisor
from bot.config import ConfigError, CoreSettings
from bot.knowledge.model import Knowledge
from bot.store import StoreError, open_store
from bot.store.base import Store

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

log = logging.getLogger("advisor.slack")

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 3


@dataclass(frozen=True, slots=True)
class SlackService:
    """A ready app: bolt's AsyncApp with the advisor's listeners, and who the bot is."""

    app: AsyncApp
    handlers: SlackHandlers
    identity: AuthorizeResult


def web_client(settings: SlackSettings, token: str | None) -> AsyncWebClient:
    """A Web API client on SLACK_API_URL that waits out 429s (Retry-After) before giving up."""
    handlers = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]
    return AsyncWebClient(token=token, base_url=settings.api_url, retry_handlers=handlers,
                          logger=logging.getLogger("advisor.slack.web"))


async def create_service(advisor: Advisor, settings: SlackSettings) -> SlackService:
    """Check the bot token with auth.test (once, at start-up, never on the request path) and build the app.

    Raises ConfigError when Slack refuses the token.
    """
    try:
        auth = await web_client(settings, settings.bot_token).auth_test()
    except SlackApiError as exc:
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error', 'error')})") from None
    identity = AuthorizeResult.from_auth_test_response(auth_test_response=auth, bot_token=settings.bot_token)

    async def authorize() -> AuthorizeResult:
        return identity

    bolt_log = logging.getLogger("slack_bolt")
    with _filtered(bolt_log, _TOKEN_UNUSED):
        app = AsyncApp(name="social-media-advisor", client=web_client(settings, None), authorize=authorize,
                       signing_secret=settings.signing_secret or "", logger=bolt_log)
    handlers = SlackHandlers(advisor, SlackMemory(advisor.store, advisor.idle_timeout), identity.bot_user_id)
    handlers.register(app)
    return SlackService(app, handlers, identity)


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


def web_application(app: AsyncApp) -> web.Application:
    """The HTTP-mode server: one POST route, translated to and from bolt."""

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    application = web.Application()
    application.router.add_post(EVENTS_PATH, events)
    return application


async def start_http(service: SlackService, host: str, port: int) -> web.AppRunner:
    """Listen on host:port (port 0 picks a free one: see `runner.addresses`). Stop with `runner.cleanup()`."""
    runner = web.AppRunner(web_application(service.app), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def serve(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM. Raises ConfigError for missing or malformed settings (exit code 2)."""
    slack_settings = SlackSettings.from_env()
    try:
        store = open_store(settings.store_url)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None
    advisor = settings.advisor(knowledge, store)
    return asyncio.run(_run(advisor, store, slack_settings, args.listen, args.port))


async def _run(advisor: Advisor, store: Store, settings: SlackSettings, host: str, port: int) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        service = await create_service(advisor, settings)
        log.info("connected", extra={"team": service.identity.team, "bot_user": service.identity.bot_user_id})
        if settings.socket_mode:
            await _socket_mode(service, settings, stop)
        else:
            await _http_mode(service, host, port, stop)
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
        await runner.cleanup()
        await service.handlers.drain()


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
        await service.handlers.drain()
