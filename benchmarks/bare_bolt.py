"""The floor of the Slack load benchmark: a bare slack-bolt app, served the way the advisor is (aiohttp,
bolt's asyncio App, the signature check, one keep-alive Web API session), that answers every message
with a fixed reply. With --redis URL it also records each event with one Redis `SET NX` before the
acknowledgement: the least a bot that answers each event once needs.

Usage (the benchmark starts it): python benchmarks/bare_bolt.py --port 3000 [--redis redis://...]
Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web
from redis.asyncio import Redis
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

REPLY = "Thanks, noted."


async def build(redis: Redis | None, session: aiohttp.ClientSession) -> AsyncApp:
    token, api_url = os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_API_URL"]
    client = AsyncWebClient(token=token, base_url=api_url, session=session)
    identity = AuthorizeResult.from_auth_test_response(auth_test_response=await client.auth_test(), bot_token=token)

    async def authorize() -> AuthorizeResult:
        return identity

    app = AsyncApp(client=AsyncWebClient(base_url=api_url, session=session), authorize=authorize,
                   signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    if redis is not None:
        @app.middleware
        async def record(req: AsyncBoltRequest, body: dict[str, Any],
                         next: Callable[[], Awaitable[BoltResponse | None]]) -> BoltResponse | None:
            event_id = body.get("event_id")
            if event_id and not await redis.set(f"seen:bare:{event_id}", "1", nx=True, ex=3600):
                return BoltResponse(status=200, body="")
            return await next()

    @app.event("message")
    async def answer(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=event["channel"], text=REPLY)

    return app


async def main(port: int, redis_url: str | None) -> None:
    redis = Redis.from_url(redis_url) if redis_url else None
    async with aiohttp.ClientSession() as session:
        app = await build(redis, session)

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

        async def healthz(request: web.Request) -> web.Response:
            return web.Response(text="ok\n")

        application = web.Application()
        application.router.add_post("/slack/events", events)
        application.router.add_get("/healthz", healthz)
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        await stop.wait()
        await runner.cleanup()
    if redis is not None:
        await redis.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis", help="record each event with SET NX in this Redis first")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.port, arguments.redis))
