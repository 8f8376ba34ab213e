"""What a deployer meets when starting the advisor: one-line errors with exit code 2, --version, help.

Every command that opens the store checks it can reach it first; `serve telegram` checks its webhook
flags before anything else; all as real processes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge.catalog import AGES, FORMATS, GOALS

TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"
SLACK_ENV = {"SLACK_BOT_TOKEN": "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx",
             "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99fe3a17d2c5"}


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def advisor(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "ADVISOR_"))}
    return subprocess.run([sys.executable, "-m", "adapters.console", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=base | env)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# -- 9. A store that cannot be reached ---------------------------------------------------------------

COMMANDS = {
    "chat": (["chat"], {}),
    "serve telegram": (["serve", "telegram"], {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                                               "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}),
    "serve telegram webhook": (["serve", "telegram", "--webhook-url", "https://bot.example.com/telegram",
                                "--port", "0", "--listen", "127.0.0.1"],
                               {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}),
    "serve slack": (["serve", "slack", "--port", "0", "--listen", "127.0.0.1"], SLACK_ENV),
    "tips --list": (["tips", "--list"], {}),
    "tips --once": (["tips", "--once"], {}),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_redis_is_one_line_naming_the_variable_and_the_address(command: str, tmp_path: Path) -> None:
    args, env = COMMANDS[command]
    port = closed_port()
    result = advisor(*args, env=env | {"ADVISOR_STORE": f"redis://:hunter2@127.0.0.1:{port}/0",
                                       "XDG_STATE_HOME": str(tmp_path)})
    line = one_line(result)
    assert result.returncode == 2, result.stderr
    assert line.startswith("advisor: ADVISOR_STORE") and f"127.0.0.1:{port}" in line, line
    assert "hunter2" not in result.stderr + result.stdout, "the password is never shown"


@pytest.mark.parametrize("command", ["serve telegram", "serve slack"])
def test_serve_check_validates_settings_and_store_without_serving(command: str, tmp_path: Path) -> None:
    args, env = COMMANDS[command]
    ok = advisor(*args, "--check", env=env | {"ADVISOR_STORE": "memory://", "XDG_STATE_HOME": str(tmp_path)})
    assert ok.returncode == 0 and "settings are complete" in ok.stdout, ok.stdout + ok.stderr
    missing = advisor(*args, "--check", env={"ADVISOR_STORE": "memory://", "XDG_STATE_HOME": str(tmp_path)})
    assert missing.returncode == 2 and one_line(missing).startswith("advisor: ")
    no_redis = advisor(*args, "--check", env=env | {"ADVISOR_STORE": f"redis://127.0.0.1:{closed_port()}/0"})
    assert no_redis.returncode == 2 and "ADVISOR_STORE" in one_line(no_redis)


# -- 10. --version, and recommend --help lists the vocabulary ----------------------------------------

def test_version() -> None:
    from importlib.metadata import version

    result = advisor("--version", env={})
    assert result.returncode == 0 and result.stdout.strip() == f"advisor {version('social-media-advisor')}"


def test_recommend_help_lists_every_valid_value() -> None:
    result = advisor("recommend", "--help", env={})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for value in (*GOALS, "b2b", "b2c", "both", *AGES, *FORMATS):
        assert value in text, value
    assert "hours" in text


# -- 16. Telegram's webhook flags, checked before anything else ---------------------------------------

TELEGRAM = {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "ADVISOR_STORE": "memory://",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}


@pytest.mark.parametrize(("args", "words"), [
    (["--webhook-url", "http://bot.example.com/telegram"], ["--webhook-url", "https"]),
    (["--webhook-url", "https://bot.example.com:8080/telegram"], ["--webhook-url", "443, 80, 88 or 8443"]),
    (["--webhook-url", "bot.example.com/telegram"], ["--webhook-url"]),
    (["--port", "9000"], ["--port", "--webhook-url"]),
    (["--listen", "127.0.0.1"], ["--listen", "--webhook-url"]),
])
def test_bad_webhook_flags_are_one_line_and_exit_2(args: list[str], words: list[str], tmp_path: Path) -> None:
    result = advisor("serve", "telegram", *args, env=TELEGRAM | {"XDG_STATE_HOME": str(tmp_path)})
    line = one_line(result)
    assert result.returncode == 2 and line.startswith("advisor: "), line
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("url", ["https://bot.example.com/telegram", "https://bot.example.com:8443/tg",
                                 "https://bot.example.com:88/tg", "https://bot.example.com:443/tg"])
def test_good_webhook_urls_pass_the_check(url: str, tmp_path: Path) -> None:
    result = advisor("serve", "telegram", "--webhook-url", url, "--check",
                     env=TELEGRAM | {"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_a_network_failure_leaves_no_unclosed_session_message(tmp_path: Path) -> None:
    env = TELEGRAM | {"TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{closed_port()}/bot",
                      "XDG_STATE_HOME": str(tmp_path)}
    result = advisor("serve", "telegram", env=env)
    assert result.returncode == 1, result.stderr
    assert "Unclosed" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert "the Bot API failed" in result.stderr
