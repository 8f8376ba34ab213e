"""Starting, stopping and restarting: settings errors, conversations surviving a restart, secrets in logs."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from telegram.error import InvalidToken

from adapters.console.cli import main
from adapters.telegram.app import TelegramBot
from adapters.telegram.config import TelegramSettings, WebhookOptions
from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore
from tests.telegram import factory
from tests.telegram.fake_bot_api import FLOOD, PARSE_ERROR, FakeBotApi
from tests.telegram.harness import CORE, TOKEN, WEBHOOK_SECRET, Person, running_bot, texts

DANA = factory.user(401, "Dana")
OTHER_TOKEN = "5550001112:AAotherTokenThatTheServerRejects0000"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """cli.main configures the root logger; put pytest's handlers back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


async def test_restart_continues_conversations_and_their_buttons(
        fake_api: FakeBotApi, db_path: Path, bundled: Knowledge) -> None:
    store = SQLiteStore(db_path)
    async with running_bot(fake_api, store, bundled) as run:
        dana = Person(run, DANA, factory.private_chat(DANA))
        await dana.say("/platforms")
        assert "2/5" in texts(await dana.say("visibility and leads"))
    await store.close()

    store = SQLiteStore(db_path)  # a new process: nothing but the database file is shared
    try:
        async with running_bot(fake_api, store, bundled) as run:
            dana.run = run
            assert "3/5" in texts(await dana.press("Businesses"))  # a button sent before the restart
            assert "4/5" in texts(await dana.say("25 to 45"))
    finally:
        await store.close()


@pytest.mark.parametrize(("env", "variable"), [
    ({}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "   "}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "12345:short"}, "TELEGRAM_BOT_TOKEN is malformed"),
    ({"TELEGRAM_BOT_TOKEN": "not a token at all, but a long sentence"}, "TELEGRAM_BOT_TOKEN is malformed"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x/bot"}, "TELEGRAM_API_BASE_URL"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:1"}, "TELEGRAM_API_BASE_URL"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "has spaces"}, "TELEGRAM_WEBHOOK_SECRET"),
])
def test_bad_settings_exit_2_with_one_line(env: dict[str, str], variable: str, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], restore_logging: None) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "telegram"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"advisor: {variable}") and err.count("\n") == 1
    assert "Traceback" not in err
    for value in env.values():
        assert value.strip() in ("", TOKEN) or value not in err  # a bad value is described, not echoed


def test_bad_webhook_url_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                 restore_logging: None) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert main(["serve", "telegram", "--webhook-url", "bot.example.com/hook"]) == 2
    assert capsys.readouterr().err.startswith("advisor: --webhook-url")


def test_the_advisor_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["XDG_STATE_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "adapters.console", "serve", "telegram"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "TELEGRAM_BOT_TOKEN" in done.stderr and "Traceback" not in done.stderr


async def test_rejected_token_exits_2_without_showing_it(fake_api: FakeBotApi, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str],
                                                         restore_logging: None) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", OTHER_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake_api.base_url)
    monkeypatch.setenv("ADVISOR_STORE", f"sqlite:///{tmp_path}/advisor.db")
    assert await asyncio.to_thread(main, ["serve", "telegram"]) == 2
    out, err = capsys.readouterr()
    assert "advisor: TELEGRAM_BOT_TOKEN was rejected" in err and "Traceback" not in err
    assert OTHER_TOKEN not in out + err and OTHER_TOKEN.split(":")[1] not in out + err


async def test_the_token_never_reaches_a_log_record(fake_api: FakeBotApi, store: SQLiteStore, bundled: Knowledge,
                                                    caplog: pytest.LogCaptureFixture,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    async with running_bot(fake_api, store, bundled) as run:
        dana = Person(run, DANA, factory.private_chat(DANA))
        fake_api.fail_next("sendMessage", FLOOD)
        await dana.say("/start")
        fake_api.fail_next("sendMessage", PARSE_ERROR)
        await dana.press("Give me a tip")
    async with running_bot(fake_api, store, bundled, webhook=True) as run:
        status, _ = await run.post(factory.text_update(dana.chat, DANA, "hi"), secret="wrong")
        assert status == 403
    rejected = TelegramBot(Advisor(bundled, MemoryStore()), TelegramSettings(OTHER_TOKEN, fake_api.base_url), CORE)
    with pytest.raises(InvalidToken):
        await rejected.run(asyncio.Event())

    messages = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert any("/bot***/getUpdates" in m for m in messages)  # the URL logs were there (httpx), redacted
    for secret in (TOKEN, TOKEN.split(":")[1], OTHER_TOKEN.split(":")[1], WEBHOOK_SECRET):
        assert secret not in caplog.text
        assert not any(secret in m for m in messages)
        assert secret not in "".join(capsys.readouterr())


async def test_advisor_serve_telegram_runs_until_sigterm(fake_api: FakeBotApi, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADVISOR_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_api.base_url, XDG_STATE_HOME=str(tmp_path),
               ADVISOR_STORE=f"sqlite:///{tmp_path}/advisor.db")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.console", "serve", "telegram", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await until(lambda: fake_api.calls_to("getUpdates"), 20)
        fake_api.push(factory.text_update(factory.private_chat(DANA), DANA, "/start"))
        await until(lambda: fake_api.sent(DANA["id"]), 10)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, err.decode()
    assert "Social Media Advisor" in fake_api.sent(DANA["id"])[0].visible
    log = err.decode()
    assert "telegram bot started" in log and "telegram bot stopped" in log
    assert TOKEN.split(":")[1] not in log + out.decode()


async def until(condition: Callable[[], object], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_a_missing_webhook_secret_is_generated_and_never_shown() -> None:
    settings = TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    options = WebhookOptions.build("https://bot.example.com/tg", "0.0.0.0", 8443, settings)
    assert options.secret_generated and re.fullmatch(r"[A-Za-z0-9_-]{32,256}", options.secret)
    assert options.path == "/tg"
    assert options.secret not in repr(options) and TOKEN not in repr(settings)
