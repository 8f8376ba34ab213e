"""Several Telegram webhook workers on one Redis: shared conversations, one reply per update, faults.

Real `advisor serve telegram --webhook-url ...` processes, a real redis-server with persistence on,
the stand-in Bot API on 127.0.0.1. What each conversation must get back comes from the engine alone.
"""

from __future__ import annotations

import asyncio
import copy
import random
import signal
import time
from typing import Any

from bot.delivery import backend_for
from bot.store import open_store
from tests.telegram import factory
from tests.telegram.cluster import (
    LEASE,
    SWEEP,
    Cluster,
    Reference,
    cluster_fixture,  # noqa: F401  (the `cluster` fixture)
    new_user,
    same_state,
    stand_in_fixture,  # noqa: F401  (the `stand_in` fixture)
    until,
)
from tests.workers import Worker

WALKTHROUGH = [("say", "/platforms"), ("press", "Visibility"), ("press", "Leads"), ("press", "Done"),
               ("say", "mostly B2B"), ("press", "25-34"), ("press", "Done"), ("say", "what is the 90 9 1 rule?"),
               ("say", "we do blog posts and some photos"), ("say", "about 5 hours")]
"""The platform walk-through by buttons and typing, with a question in the middle."""
TYPED = [
    ["hi", "/platforms", "visibility and leads", "mostly B2B", "25 to 45", "back", "35 to 44",
     "we do blog posts and some photos", "lots", "500 hours"],
    ["what is the 90 9 1 rule?", "what is a persona?", "/platforms", "traffic", "b2c", "skip", "short videos",
     "lots", "back", "photos"],
    ["/platforms", "leads", "start over", "visibility", "both", "18 to 24", "photos", "cancel",
     "what is seo?", "/help"],
]
"""Three ten-message conversations typed at the bot: each message gets one Telegram message back."""


class Chatter:
    """One person in a private chat with the bot; each message goes to the worker given."""

    def __init__(self, cluster: Cluster, name: str = "User") -> None:
        self.cluster = cluster
        self.user = new_user(name)
        self.chat = factory.private_chat(self.user)
        self._reference: Reference | None = None
        self.expected: list[str] = []

    @property
    def reference(self) -> Reference:
        """The same conversation through the engine alone (made when first needed: it takes a while)."""
        if self._reference is None:
            self._reference = Reference(self.cluster.knowledge)
        return self._reference

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    def sent(self) -> list[str]:
        return [c.visible for c in self.cluster.api.sent(self.chat_id)]

    def say_update(self, text: str) -> dict[str, Any]:
        return factory.text_update(self.chat, self.user, text)

    def press_update(self, label: str) -> dict[str, Any]:
        message = self._keyboard()
        return factory.press_update(self.user, message, factory.find_button(message, label))

    async def turn(self, action: str, text: str, worker: Worker, timeout: float = 20,
                   shown: list[str] | None = None) -> list[str]:
        """Send one message (or press) through `worker`; wait for exactly the engine's replies (`shown`:
        those replies, known already; else this chat's reference engine says them)."""
        update = self.say_update(text) if action == "say" else self.press_update(text)
        if shown is None:
            shown = await (self.reference.say(text) if action == "say" else self.reference.press(text))
        before = len(self.expected)
        self.expected.extend(shown)
        await self.cluster.deliver(worker, update)
        await until(lambda: len(self.sent()) >= len(self.expected), timeout, f"replies in chat {self.chat_id}")
        return self.sent()[before:]

    async def check(self, reference: Reference | None = None) -> None:
        """The replies expected, in order, and the state of the same messages applied in order (by
        `reference`, or this chat's own reference engine)."""
        assert self.sent() == self.expected
        assert same_state(await self.cluster.state(self.user), await (reference or self.reference).state())

    def _keyboard(self) -> dict[str, Any]:
        api = self.cluster.api
        for call in reversed(api.sent(self.chat_id)):
            if call.params.get("reply_markup") and call.message_id is not None:
                return copy.deepcopy(api.messages[(self.chat_id, call.message_id)])
        raise AssertionError("no keyboard in this chat")


async def test_a_conversation_alternating_between_two_workers(cluster: Cluster) -> None:
    workers = await cluster.start(2)
    dana = Chatter(cluster, "Dana")
    for i, (action, text) in enumerate(WALKTHROUGH):
        assert await dana.turn(action, text, workers[i % 2])
    assert "LinkedIn" in dana.sent()[-1]
    await dana.check()
    assert (await cluster.state(dana.user)).flow is None  # the walk-through is over


async def test_200_conversations_of_10_messages_across_two_workers(cluster: Cluster) -> None:
    workers = await cluster.start(2)
    # What each of the three conversations gets back, from the engine alone: worked out once here, so
    # this process (which also serves the stand-in Bot API) stays free to answer the workers.
    references = [Reference(cluster.knowledge) for _ in TYPED]
    answers = [[await ref.say(text) for text in texts] for ref, texts in zip(references, TYPED, strict=True)]
    people = [Chatter(cluster, f"P{i}") for i in range(200)]
    shuffle = random.Random(6)

    async def converse(index: int, person: Chatter) -> None:
        for text, shown in zip(TYPED[index % len(TYPED)], answers[index % len(TYPED)], strict=True):
            # Each turn is bounded (a lost or stuck update fails it); the whole run is as fast as the machine.
            assert await person.turn("say", text, workers[shuffle.randrange(2)], timeout=60, shown=shown) == shown

    started = time.monotonic()
    await asyncio.gather(*(converse(i, p) for i, p in enumerate(people)))
    elapsed = time.monotonic() - started
    await asyncio.sleep(SWEEP * 2)  # a late duplicate would show up now
    for index, person in enumerate(people):
        assert len(person.sent()) == 10
        await person.check(references[index % len(TYPED)])
    print(f"2000 messages in {elapsed:.1f}s")


async def test_the_same_update_posted_to_both_workers_at_once_is_answered_once(cluster: Cluster) -> None:
    first, second = await cluster.start(2)
    people = [Chatter(cluster, f"Twice{i}") for i in range(20)]
    updates = [p.say_update("what is seo?") for p in people]
    statuses = await asyncio.gather(*(cluster.post(w, u) for u in updates for w in (first, second)))
    assert set(statuses) == {200}
    await until(lambda: all(p.sent() for p in people), 20, "an answer in every chat")
    await asyncio.sleep(LEASE + SWEEP * 2)  # past a lease and a sweep: no second answer comes
    assert [len(p.sent()) for p in people] == [1] * 20
    assert all("SEO" in p.sent()[0] for p in people)


async def test_a_killed_worker_s_updates_are_finished_by_the_other(cluster: Cluster) -> None:
    doomed, survivor = await cluster.start(2)
    people = [Chatter(cluster, f"Kill{i}") for i in range(3)]
    for person in people:
        for i, text in enumerate(TYPED[0][:3]):
            await person.turn("say", text, (doomed, survivor)[i % 2])

    # Each person sends three more messages to the doomed worker; it acknowledges all three, but the
    # Bot API holds its first answer, so it dies with one reply unsent (the message applied to the
    # conversation already) and two updates not handled at all.
    for person in people:  # the doomed worker must own their chats to die with their updates
        await cluster.idle(person.chat_id)
        cluster.api.delay_next("sendMessage", person.chat_id, 6.0)
    sent_before = {p.chat_id: len(p.sent()) for p in people}
    for person in people:
        for text in TYPED[0][3:6]:
            person.expected.extend(await person.reference.say(text))
            assert await cluster.post(doomed, person.say_update(text)) == 200
    await until(lambda: cluster.api.held >= len(people), 10, "the doomed worker's replies on the wire")
    doomed.kill()

    for person in people:  # the survivor takes them over once their lease is over, in order
        await until(lambda p=person: len(p.sent()) >= sent_before[p.chat_id] + 3, LEASE + 10, "taken-over replies")
        assert person.sent() == person.expected
    for person in people:  # and the conversation goes on there
        for text in TYPED[0][6:]:
            await person.turn("say", text, survivor)
        await person.check()
    await until(lambda: cluster.api.held == 0, 10, "the held calls to end")
    assert cluster.api.dropped == len(people)  # the dead worker's unsent replies never reached Telegram
    # The engine had already applied the first of each three (the state was saved): the survivor sent
    # the replies journaled with that state instead of applying the message a second time.
    assert survivor.log().count("delivery already applied") == len(people)
    store = open_store(cluster.redis.url)
    try:
        assert await backend_for(store, "telegram").unfinished() == set()
    finally:
        await store.close()


async def test_redis_restarted_while_workers_run(cluster: Cluster) -> None:
    workers = await cluster.start(2)
    people = [Chatter(cluster, f"Redis{i}") for i in range(6)]
    script = TYPED[0]
    for n, person in enumerate(people):
        for i, text in enumerate(script[:4]):
            await person.turn("say", text, workers[(n + i) % 2])

    cluster.redis.stop()
    try:
        assert [await cluster.health(w) for w in workers] == [503, 503]
        # A message sent while Redis is down is refused (503) and re-sent until it is recorded.
        late = asyncio.create_task(people[0].turn("say", script[4], workers[0], timeout=40))
        await asyncio.sleep(1.0)
        assert not late.done()
    finally:
        cluster.redis.start()
    await asyncio.wait_for(late, 45)
    await until(lambda: False not in [w.healthy() for w in workers], 20, "healthy workers")
    for n, person in enumerate(people):
        for i, text in enumerate(script[5 if n == 0 else 4:]):
            await person.turn("say", text, workers[(n + i) % 2])
        await person.check()


async def test_sigterm_finishes_the_update_in_flight_then_exits_0(cluster: Cluster) -> None:
    worker, = await cluster.start(1)
    erin = Chatter(cluster, "Erin")
    await erin.turn("say", "/platforms", worker)
    cluster.api.delay_next("sendMessage", erin.chat_id, 1.5)
    for text in ("visibility and leads", "mostly B2B"):
        erin.expected.extend(await erin.reference.say(text))
        assert await cluster.post(worker, erin.say_update(text)) == 200
    await until(lambda: cluster.api.held == 1, 10, "the reply on the wire")

    assert worker.process is not None
    worker.process.send_signal(signal.SIGTERM)
    await until(lambda: not worker.healthy(), 5, "the worker to stop listening")
    assert await cluster.post(worker, erin.say_update("25 to 45")) in (0, 503)  # no new work taken
    code = await asyncio.to_thread(worker.process.wait, 20)
    assert code == 0, worker.log()
    assert erin.sent() == erin.expected  # both in-flight updates answered before the exit
    assert cluster.api.dropped == 0
    assert "telegram bot stopped" in worker.log()
