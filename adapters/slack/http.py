"""The HTTP-mode server: Slack's requests on /slack/events (translated to and from bolt), and /healthz.

Several identical workers can run behind a load balancer: /healthz tells it which ones can reach the
shared store, so it sends Slack's requests only there.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.store.base import Store

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT = 0.8
"""Seconds the store has to answer a ping; a load balancer's health check usually waits 1 to 5."""
SHUTDOWN_TIMEOUT = 10.0
"""Seconds requests under way at shutdown have to finish (each is acknowledged in milliseconds)."""


def web_application(app: AsyncApp, store: Store) -> web.Application:
    """One POST route translated to and from bolt, and a GET health check of the store."""

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        """200 when the store answers a ping in time; 503 otherwise."""
        try:
            healthy = await asyncio.wait_for(store.ping(), HEALTH_TIMEOUT)
        except (TimeoutError, OSError):
            healthy = False
        if healthy:
            return web.Response(text="ok\n")
        return web.Response(status=503, text="store unreachable\n")

    application = web.Application()
    application.router.add_post(EVENTS_PATH, events)
    application.router.add_get(HEALTH_PATH, healthz)
    return application


async def start_http(app: AsyncApp, store: Store, host: str, port: int) -> web.AppRunner:
    """Listen on host:port (port 0 picks a free one: see `runner.addresses`). Stop with `runner.cleanup()`:
    it stops listening, closes idle connections and lets requests under way finish."""
    runner = web.AppRunner(web_application(app, store), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
