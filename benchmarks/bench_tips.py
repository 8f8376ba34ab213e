"""Scheduled tips at scale: N channels subscribed to the same minute, sent through the real scheduler and
the real adapters' senders (PTB with its AIORateLimiter for Telegram, slack-sdk with its 429 retry
handler for Slack) to stand-in APIs that enforce the platforms' limits, on a real redis-server.

The stand-ins answer 429 (with retry_after / Retry-After) past the limits: Telegram about 30 messages a
second overall (a token bucket of 30, refilled at 30/s) and 20 a minute per group; Slack about one
message a second per channel. Drain time is from the slot's minute to the last tip received.

    flock /tmp/advisor-bench.lock .venv/bin/python benchmarks/bench_tips.py --platform telegram --runs 3
    flock /tmp/advisor-bench.lock .venv/bin/python benchmarks/bench_tips.py --platform slack --runs 3 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import math
import platform as host
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from local_redis import start_redis  # noqa: E402

from bot.knowledge.pack import load_knowledge  # noqa: E402
from bot.schedule import Cadence, ChannelKey, Schedule, Subscription, Subscriptions, TipScheduler  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.store.redis import RedisStore  # noqa: E402

TOKEN = "4839574812:AAFq0bx7ZTeStT0kenNeverLogItPlease12345"
SLACK_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
TELEGRAM_RATE = 30.0
GROUP_PER_MINUTE = 20
TICK = 1.0


@dataclass
class Limits:
    """What the stand-in saw: arrivals per channel, 429s given, the busiest second."""

    arrivals: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    refused: int = 0
    tokens: float = TELEGRAM_RATE
    refilled: float = field(default_factory=time.monotonic)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int = 0
    received: int = 0

    def arrive(self, channel: str) -> None:
        self.arrivals[channel].append(time.time())
        self.received += 1
        if self.received >= self.expected:
            self.done.set()

    def busiest_second(self) -> int:
        times = sorted(t for ts in self.arrivals.values() for t in ts)
        best, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


def telegram_app(limits: Limits) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if method == "getme":
            return web.json_response({"ok": True, "result": {"id": 7000001, "is_bot": True, "first_name": "Advisor",
                                                             "username": "advisor_bench_bot"}})
        if method != "sendmessage":
            return web.json_response({"ok": True, "result": True})
        params = dict(await request.post())
        chat = str(params["chat_id"])
        now = time.monotonic()
        limits.tokens = min(TELEGRAM_RATE, limits.tokens + (now - limits.refilled) * TELEGRAM_RATE)
        limits.refilled = now
        recent = [t for t in limits.arrivals.get(chat, ()) if time.time() - t < 60]
        if limits.tokens < 1 or len(recent) >= GROUP_PER_MINUTE:
            limits.refused += 1
            return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                      "parameters": {"retry_after": 1}}, status=429)
        limits.tokens -= 1
        limits.arrive(chat)
        return web.json_response({"ok": True, "result": {
            "message_id": limits.received, "date": int(time.time()), "text": "tip",
            "chat": {"id": int(chat), "type": "supergroup", "title": "Team"}}})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", handle)
    return app


def slack_app(limits: Limits) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        args = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        channel = str(args["channel"])
        last = limits.arrivals.get(channel)
        if last and time.time() - last[-1] < 1.0:
            limits.refused += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        limits.arrive(channel)
        return web.json_response({"ok": True, "channel": channel, "ts": f"{time.time():.6f}"})

    app = web.Application()
    app.router.add_post("/api/chat.postMessage", handle)
    return app


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, runner.addresses[0][1]


async def seed(url: str, platform: str, channels: list[str], slot: datetime) -> float:
    """Subscribe every channel to a daily tip at the slot's minute (UTC); returns the seconds it took."""
    store = open_store(url)
    started = time.perf_counter()
    try:
        subscriptions = Subscriptions(store)
        schedule = Schedule(Cadence.DAILY, clock_time(slot.hour, slot.minute), "UTC")
        now = time.time()

        async def one(chat: str) -> None:
            await subscriptions.save(Subscription(ChannelKey(platform, chat), schedule, None, "bench", "explicit",
                                                  now, schedule.next_slot(now)))

        for start in range(0, len(channels), 200):
            await asyncio.gather(*(one(c) for c in channels[start:start + 200]))
    finally:
        await store.close()
    return time.perf_counter() - started


async def telegram_sender(store: RedisStore, port: int, rate: float):  # type: ignore[no-untyped-def]
    from telegram.ext import ExtBot

    from adapters.telegram.app import default_rate_limiter
    from adapters.telegram.callbacks import CallbackRegistry
    from adapters.telegram.http import bot_api_request
    from adapters.telegram.tips import TelegramTipSender

    bot = ExtBot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=bot_api_request(),
                 rate_limiter=default_rate_limiter(rate))  # as `advisor serve telegram` with TELEGRAM_SEND_RATE
    await bot.initialize()
    return TelegramTipSender(bot, CallbackRegistry(store), Subscriptions(store)), bot.shutdown


async def slack_sender(store: RedisStore, port: int, rate: float):  # type: ignore[no-untyped-def]
    import aiohttp
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.slack.tips import SlackTipSender

    session = aiohttp.ClientSession()
    client = AsyncWebClient(token=SLACK_TOKEN, base_url=f"http://127.0.0.1:{port}/api/", session=session,
                            retry_handlers=[*async_default_handlers(), AsyncRateLimitErrorRetryHandler(3)])
    return SlackTipSender(client, Subscriptions(store)), session.close


async def one_run(args: argparse.Namespace, url: str, run: int) -> dict[str, float]:
    knowledge = load_knowledge()
    limits = Limits(expected=args.channels)
    runner, port = await serve(telegram_app(limits) if args.platform == "telegram" else slack_app(limits))
    prefix = f"-100{run}" if args.platform == "telegram" else f"C{run}"
    channels = [f"{prefix}{n:06d}" for n in range(args.channels)]
    now = datetime.now(UTC)
    slot = datetime.fromtimestamp(math.ceil((now.timestamp() + args.lead) / 60) * 60, UTC)
    seeding = await seed(url, args.platform, channels, slot)
    assert time.time() < slot.timestamp(), "seeding took longer than --lead: raise it"
    stores, closers, schedulers = [], [], []
    for _ in range(args.workers):
        store = open_store(url)
        assert isinstance(store, RedisStore)
        make = telegram_sender if args.platform == "telegram" else slack_sender
        sender, close = await make(store, port, TELEGRAM_RATE / args.workers)
        stores.append(store)
        closers.append(close)
        schedulers.append(TipScheduler(store, knowledge, sender, args.platform, lease=30.0))
    stop = asyncio.Event()
    tasks = [asyncio.create_task(s.run(stop, TICK)) for s in schedulers]
    try:
        await asyncio.wait_for(limits.done.wait(), timeout=args.channels / 5 + 600)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        for close in closers:
            await close()
        for store in stores:
            await store.close()
        await runner.cleanup()
    arrivals = sorted(t for ts in limits.arrivals.values() for t in ts)
    per_channel = collections.Counter({c: len(ts) for c, ts in limits.arrivals.items()})
    return {"drain_s": arrivals[-1] - slot.timestamp(), "first_s": arrivals[0] - slot.timestamp(),
            "sent": len(arrivals), "channels_served": len(per_channel), "max_per_channel": max(per_channel.values()),
            "refused_429": limits.refused, "busiest_second": limits.busiest_second(), "seed_s": seeding,
            "rate_per_s": len(arrivals) / (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--platform", choices=("telegram", "slack"), required=True)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lead", type=float, default=60.0, help="seconds ahead of now for the slot (seeding time)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_redis(Path(folder), "everysec")
        try:
            results = []
            for run in range(args.runs):
                result = await one_run(args, url, run)
                results.append(result)
                print(json.dumps({"run": run + 1, **{k: round(v, 3) for k, v in result.items()}}), flush=True)
        finally:
            process.terminate()
            process.wait(10)
    drains = [r["drain_s"] for r in results]
    once = all(r["max_per_channel"] == 1 and r["channels_served"] == args.channels for r in results)
    refused = sum(int(r["refused_429"]) for r in results)
    busiest = max(int(r["busiest_second"]) for r in results)
    print(f"{args.platform}: {args.channels} channels due at the same minute, {args.workers} worker(s), Redis; "
          f"drain median {statistics.median(drains):.1f} s over {len(drains)} runs "
          f"({', '.join(f'{d:.1f}' for d in drains)}); 429s {refused}; busiest second {busiest}; "
          f"each channel once: {once}; {datetime.now(UTC):%Y-%m-%d}, {host.processor() or host.machine()}, "
          f"Python {host.python_version()}")

if __name__ == "__main__":
    asyncio.run(main())
