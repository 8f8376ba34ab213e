"""`advisor serve slack` as a process: one-line errors with exit code 2, and a clean run and shutdown."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.slack.fake_web_api import FakeSlackAPI
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, dm_channel, signature

GOOD = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


def _env(tmp_path: Path, slack: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return env | {"ADVISOR_STORE": "memory://", "XDG_STATE_HOME": str(tmp_path), "ADVISOR_LOG_LEVEL": "DEBUG"} | slack


async def _start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.console", "serve", "slack", *args,
                                                env=env, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)


@pytest.mark.parametrize(("slack_env", "variable"), [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
    (GOOD | {"SLACK_APP_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
    (GOOD | {"SLACK_API_URL": "ftp://slack.example"}, "SLACK_API_URL"),
])
async def test_bad_settings_exit_2_with_one_line(tmp_path: Path, slack_env: dict[str, str], variable: str) -> None:
    process = await _start(_env(tmp_path, slack_env))
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1 and lines[0].startswith(f"advisor: {variable}"), lines
    assert "Traceback" not in stderr.decode() and BOT_TOKEN not in stderr.decode()


async def test_a_token_slack_refuses_exits_2(tmp_path: Path, api: FakeSlackAPI) -> None:
    api.bot_token = "xoxb-the-one-slack-knows"
    process = await _start(_env(tmp_path, GOOD | {"SLACK_API_URL": api.api_url}), "--listen", "127.0.0.1")
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 2
    assert stderr.decode().strip().splitlines()[-1] == "advisor: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"
    assert BOT_TOKEN not in stderr.decode()


async def test_serve_answers_and_stops_cleanly(tmp_path: Path, api: FakeSlackAPI) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await _start(_env(tmp_path, GOOD | {"SLACK_API_URL": api.api_url}),
                           "--listen", "127.0.0.1", "--port", str(port))
    try:
        body = json.dumps({"type": "event_callback", "team_id": "T0ACME", "api_app_id": "A0ADVISOR",
                           "event_id": "Ev0CLI", "event_time": int(time.time()),
                           "event": {"type": "message", "channel_type": "im", "channel": dm_channel("U0ANN"),
                                     "user": "U0ANN", "text": "what is a persona?", "ts": "1800000000.000001"}})
        async with aiohttp.ClientSession() as session:
            for _ in range(200):  # until the server listens
                try:
                    ts = str(int(time.time()))
                    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
                               "X-Slack-Signature": signature(body, ts)}
                    async with session.post(f"http://127.0.0.1:{port}/slack/events", data=body,
                                            headers=headers) as response:
                        assert response.status == 200
                        break
                except aiohttp.ClientConnectorError:
                    await asyncio.sleep(0.05)
        await api.wait_for(lambda: api.messages(dm_channel("U0ANN")), timeout=10)
        assert "persona" in api.messages(dm_channel("U0ANN"))[0].text.lower()
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "HTTP mode: listening" in log and "Traceback" not in log and " WARNING " not in log
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in log
