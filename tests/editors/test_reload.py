"""Reloading the pack without a restart: only a pack that passes kb check is taken, a request through the
store reaches the watcher, and conversations under way go on through the reload."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.config import CoreSettings
from bot.editors.reload import PackReloader, current_request, request_reload
from bot.knowledge.pack import load_knowledge
from bot.store.base import Store
from bot.store.memory import MemoryStore
from bot.types import ConversationKey, ReplyKind
from tests.chat_harness import Chat
from tests.editors.packs import add_example, break_pack, copy_pack

NEW_PHRASE = "how do we organise a zorblax webinar for customers"
SETTINGS = CoreSettings(store_url=None, knowledge_dir=None, idle_timeout=3600)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path / "pack")


def advisor_on(pack: Path, store: Store | None = None) -> tuple[Advisor, PackReloader]:
    store = store or MemoryStore()
    advisor = Advisor(load_knowledge(pack), store)
    return advisor, PackReloader(advisor, pack, SETTINGS.dialogue)


async def test_a_reload_answers_with_the_new_pack(pack: Path) -> None:
    advisor, reloader = advisor_on(pack)
    chat = Chat(advisor)
    assert (await chat.send(NEW_PHRASE))[0].kind is ReplyKind.FALLBACK
    add_example(pack, "topics/content-ideas.yaml", NEW_PHRASE)
    assert (await chat.send(NEW_PHRASE))[0].kind is ReplyKind.FALLBACK, "nothing changes before the reload"
    assert await reloader.reload("test")
    [answer] = await chat.send(NEW_PHRASE)
    assert answer.topic == "content-ideas" and advisor.dialogue.knowledge is advisor.knowledge


async def test_a_pack_with_errors_is_refused_and_the_old_one_kept(pack: Path, caplog: pytest.LogCaptureFixture) -> None:
    advisor, reloader = advisor_on(pack)
    before = advisor.dialogue
    break_pack(pack)
    with caplog.at_level(logging.ERROR, logger="advisor.editors"):
        assert not await reloader.reload("test")
    assert advisor.dialogue is before
    [record] = [r for r in caplog.records if "reload refused" in r.getMessage()]
    assert "seo.yaml" in record.getMessage() and "answer" in record.getMessage()
    assert (await Chat(advisor).send("what is seo"))[0].topic == "seo"
    shutil.rmtree(pack)
    assert not await reloader.reload("test"), "a folder gone is refused too"


SURVEY = """id: survey
title: Team survey
intro: "Two questions about your team."
on_complete: summary
triggers: [start the team survey]
steps:
  - id: size
    type: number
    prompt: "How many people post for you?"
    hint: "A number, please."
  - id: {second}
    type: choice
    prompt: "Which channel matters most?"
    hint: "Pick one."
    choices:
      - {{value: email, label: Email, synonyms: []}}
      - {{value: social, label: Social, synonyms: []}}
"""


async def test_conversations_under_way_go_on_through_a_reload(pack: Path) -> None:
    """A walk-through goes on through a reload; a flow that loses the step a user is on starts again at its
    first step; a flow that is gone is dropped. Answers keep coming all along."""
    (pack / "flows" / "survey.yaml").write_text(SURVEY.format(second="channel"))
    advisor, reloader = advisor_on(pack)
    walker = Chat(advisor, ConversationKey("test", "c", "", "walker"))
    surveyed = Chat(advisor, ConversationKey("test", "c", "", "surveyed"))
    await walker.send("help me choose platforms")
    await walker.send("visibility and leads")
    await surveyed.send("start the team survey")
    await surveyed.send("3")
    assert (await walker.step(), await surveyed.step()) == ("market", "channel")

    add_example(pack, "topics/content-ideas.yaml", NEW_PHRASE)
    (pack / "flows" / "survey.yaml").write_text(SURVEY.format(second="focus"))
    assert await reloader.reload("test")
    await walker.send("mostly B2B")
    assert await walker.step() == "ages" and "3/5" in walker.text, "the walk-through goes on"
    assert await surveyed.step() == "size", "its step is gone: back to the first"
    await surveyed.send("4")
    await surveyed.press("Social")
    assert "social" in surveyed.text and await surveyed.step() is None

    await surveyed.send("start the team survey")
    (pack / "flows" / "survey.yaml").unlink()
    assert await reloader.reload("test")
    assert await surveyed.step() is None, "the flow is gone: dropped"
    assert (await surveyed.send("what is seo"))[0].topic == "seo"
    assert (await walker.send(NEW_PHRASE))[0].topic == "content-ideas"
    assert await walker.step() == "ages", "a question on the side, then the walk-through again"


async def test_a_request_in_the_store_reaches_the_watcher(pack: Path) -> None:
    store = MemoryStore()
    await request_reload(store)  # made before the worker started: not for it
    advisor, reloader = advisor_on(pack, store)
    stop = asyncio.Event()
    reloaded = asyncio.Event()
    calls: list[str] = []

    async def counted(knowledge: object) -> None:
        calls.append("reloaded")
        reloaded.set()

    reloader.listeners.append(counted)
    watcher = asyncio.create_task(reloader.watch(store, 0.05, stop))
    await asyncio.sleep(0.2)
    assert calls == []
    add_example(pack, "topics/content-ideas.yaml", NEW_PHRASE)
    token = await request_reload(store)
    assert await current_request(store) == token
    await asyncio.wait_for(reloaded.wait(), 2)
    assert (await Chat(advisor).send(NEW_PHRASE))[0].topic == "content-ideas"
    stop.set()
    await asyncio.wait_for(watcher, 1)
    assert calls == ["reloaded"]


async def test_sighup_reloads(pack: Path) -> None:
    import os
    import signal

    advisor, reloader = advisor_on(pack)
    done = asyncio.Event()

    async def mark(knowledge: object) -> None:
        done.set()

    reloader.listeners.append(mark)
    reloader.reload_on_sighup()
    try:
        add_example(pack, "topics/content-ideas.yaml", NEW_PHRASE)
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.wait_for(done.wait(), 5)
    finally:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
    assert (await Chat(advisor).send(NEW_PHRASE))[0].topic == "content-ideas"


async def test_what_keeps_a_pack_of_its_own_follows_and_the_adapters_link_stays(pack: Path) -> None:
    from bot.editors.reload import updates
    from bot.schedule import TipSettings

    advisor, reloader = advisor_on(pack)
    tips = TipSettings(advisor.store, advisor.knowledge)
    reloader.listeners.append(updates(tips, None))
    advisor.dialogue.topic_link = lambda topic: f"https://t.me/advisor_bot?start={topic}"
    assert await reloader.reload("test")
    assert tips.knowledge is advisor.knowledge and advisor.dialogue.topic_link("seo") == \
        "https://t.me/advisor_bot?start=seo"
