"""Webhook mode: the secret header, malformed bodies, and no acknowledged update ever lost."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot

from adapters.telegram.delivery import DurableQueue
from adapters.telegram.webhook import WebhookIntake
from bot.delivery import Event, Outcome, Pipeline, Turn
from bot.knowledge.model import Knowledge
from bot.store.base import Store
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore
from tests.telegram import factory
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import (
    CORE,
    TOKEN,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    BotRun,
    Person,
    recorded,
    running_bot,
    sends,
    texts,
)

CAROL = factory.user(301, "Carol")


async def unfinished(store: Store) -> set[str]:
    """The update_ids recorded and not finished."""
    return await recorded(store).unfinished()


class Dies:
    """A worker's part that never gets to apply anything: it stands for a process that dies right after
    acknowledging."""

    def decode(self, event_id: str, body: str) -> Event | None:
        return None

    async def apply(self, turn: Turn) -> Outcome:
        await asyncio.Event().wait()
        return Outcome.DONE


@pytest.fixture
async def run(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> AsyncIterator[BotRun]:
    async with running_bot(fake_api, store, bundled, webhook=True) as running:
        yield running


async def test_webhook_is_registered_with_a_secret_and_no_polling(run: BotRun, fake_api: FakeBotApi) -> None:
    registered, = fake_api.calls_to("setWebhook")
    assert registered.params["url"] == WEBHOOK_URL
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    assert registered.params["allowed_updates"] == ["message", "callback_query"]
    assert fake_api.calls_to("getUpdates") == [] and fake_api.calls_to("deleteWebhook") == []


async def test_right_secret_is_answered(run: BotRun) -> None:
    carol = Person(run, CAROL, factory.private_chat(CAROL))
    greeting, = await carol.say("/start")
    assert "<b>Social Media Advisor</b>" in greeting.params["text"]
    assert "1/5" in texts(await carol.press("Choose my platforms"))
    assert "2/5" in texts(await carol.say("visibility and leads"))


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", WEBHOOK_SECRET[:-1], WEBHOOK_SECRET + "x"])
async def test_wrong_or_missing_secret_is_refused(run: BotRun, store: SQLiteStore, secret: str | None) -> None:
    update = factory.text_update(factory.private_chat(CAROL), CAROL, "what is seo")
    status, _ = await run.post(update, secret=secret)
    assert status == 403
    assert await unfinished(store) == set()
    await Person(run, CAROL, factory.private_chat(CAROL)).say("hi")  # handled after the refused one
    assert all("SEO" not in c.visible for c in run.fake.sent())


@pytest.mark.parametrize("body", [b"", b"not json", b"{\"update_id\": ", b"[1, 2]", b"{\"message\": {}}",
                                  b"{\"update_id\": \"12\"}", b"\xff\xfe", b"{\"update_id\": 5, \"message\": 7}"])
async def test_malformed_body_is_a_400(run: BotRun, store: SQLiteStore, body: bytes) -> None:
    status, _ = await run.post(body, raw=True)
    assert status == 400
    assert await unfinished(store) == set()


async def test_duplicate_delivery_is_answered_once(run: BotRun) -> None:
    update = factory.text_update(factory.private_chat(CAROL), CAROL, "what is seo")
    for _ in range(3):
        status, _ = await run.post(update)
        assert status == 200
    await run.handled(update["update_id"])
    await Person(run, CAROL, factory.private_chat(CAROL)).say("thanks")  # a barrier in the same chat
    assert len([c for c in run.fake.sent() if "SEO" in c.visible]) == 1


async def test_acknowledged_update_is_recorded_first_and_finished_after_a_crash(
        fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> None:
    # The webhook answers 200 only once the update is in the store.
    doomed = Pipeline(recorded(store), Dies())
    intake = WebhookIntake(WEBHOOK_SECRET, DurableQueue(doomed), Bot(TOKEN, base_url=fake_api.base_url))
    update = factory.text_update(factory.private_chat(CAROL), CAROL, "what is seo")
    assert await intake.receive(WEBHOOK_SECRET, json.dumps(update).encode()) == 200
    assert await unfinished(store) == {str(update["update_id"])}
    for task in doomed.lanes.values():  # the process dies
        task.cancel()

    async with running_bot(fake_api, store, bundled, webhook=True) as run:  # the restart, after the lease
        await run.handled(update["update_id"], timeout=CORE.inbox_lease + 5)
        status, _ = await run.post(update)  # Telegram re-sends it too: acknowledged, not answered again
        assert status == 200
        await Person(run, CAROL, factory.private_chat(CAROL)).say("thanks")
    answers = [c for c in sends(fake_api.calls) if "SEO" in c.visible]
    assert len(answers) == 1
    assert await unfinished(store) == set()


async def test_an_update_recorded_by_the_previous_version_is_answered_after_the_upgrade(
        fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge) -> None:
    # What the previous inbox left when its worker was stopped for the upgrade: the update listed in
    # `inbox:telegram`, its record, and a lease that ran out.
    update = factory.text_update(factory.private_chat(CAROL), CAROL, "what is seo")
    update_id = str(update["update_id"])
    await store.add_member("inbox:telegram", update_id)
    assert await store.put(f"inbox:telegram:{update_id}", json.dumps(update), 0, 3600)
    async with running_bot(fake_api, store, bundled, webhook=True) as run:
        await run.handled(update["update_id"], timeout=5)
        await Person(run, CAROL, factory.private_chat(CAROL)).say("thanks")
    assert len([c for c in sends(fake_api.calls) if "SEO" in c.visible]) == 1
    assert await unfinished(store) == set()
    assert await store.members("inbox:telegram") == set()


async def get_health(run: BotRun) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{run.webhook_port}/healthz") as response:
        return response.status, await response.text()


class FlakyStore(MemoryStore):
    """A store whose server can be taken away (ping fails)."""

    reachable = True

    async def ping(self) -> bool:
        return self.reachable


async def test_healthz_follows_the_store_and_shows_no_secret(fake_api: FakeBotApi, bundled: Knowledge) -> None:
    store = FlakyStore()
    async with running_bot(fake_api, store, bundled, webhook=True) as run:
        assert await get_health(run) == (200, "ok\n")  # no secret header needed
        store.reachable = False
        status, body = await get_health(run)
        assert (status, body) == (503, "store unreachable\n")
        store.reachable = True
        assert (await get_health(run))[0] == 200
        assert TOKEN not in body and WEBHOOK_SECRET not in body
