"""Fixtures for the Slack adapter tests: a stand-in Web API and the real HTTP-mode app, both on 127.0.0.1.

The network is off: any connection to an address other than loopback fails the test.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from adapters.slack import create_service, start_http
from adapters.slack.config import SlackSettings
from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore
from tests.slack.fake_web_api import FakeSlackAPI
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, SlackHarness


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def check(address: Any) -> None:
        if isinstance(address, tuple):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise ConnectionRefusedError(f"tests/slack: network is off ({host})")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackAPI]:
    fake = FakeSlackAPI(BOT_TOKEN)
    await fake.start()
    yield fake
    await fake.stop()


def slack_settings(api: FakeSlackAPI, **overrides: Any) -> SlackSettings:
    values: dict[str, Any] = {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "app_token": None,
                              "api_url": api.api_url} | overrides
    return SlackSettings(**values)


async def running_app(api: FakeSlackAPI, advisor: Advisor) -> AsyncIterator[SlackHarness]:
    """The real HTTP-mode app on 127.0.0.1, as `advisor serve slack` runs it."""
    service = await create_service(advisor, slack_settings(api))
    runner = await start_http(service, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    async with aiohttp.ClientSession() as session:
        yield SlackHarness(f"http://{host}:{port}", api, service, session)
        await service.drain()
    await runner.cleanup()
    await service.aclose()
    await advisor.store.close()


@pytest.fixture
async def slack(api: FakeSlackAPI, knowledge: Knowledge) -> AsyncIterator[SlackHarness]:
    """The app on an in-memory store."""
    async for harness in running_app(api, Advisor(knowledge, MemoryStore())):
        yield harness


@pytest.fixture
async def slack_sqlite(api: FakeSlackAPI, knowledge: Knowledge, tmp_path: Path) -> AsyncIterator[SlackHarness]:
    """The app on the default SQLite store."""
    async for harness in running_app(api, Advisor(knowledge, SQLiteStore(tmp_path / "advisor.db"))):
        yield harness
