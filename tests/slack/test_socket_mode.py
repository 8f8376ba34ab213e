"""Socket Mode: the same app over a WebSocket (the stand-in serves apps.connections.open and the socket)."""

from __future__ import annotations

import time

from adapters.slack import create_service, start_socket_mode
from bot.advisor import Advisor
from bot.knowledge.model import Knowledge
from bot.store.memory import MemoryStore
from tests.slack.conftest import slack_settings
from tests.slack.fake_web_api import APP_ID, BOT_USER, TEAM, FakeSlackAPI
from tests.slack.harness import APP_TOKEN, dm_channel

ANN = "U0ANN"


def _envelope(envelope_id: str, event_id: str, text: str, ts: str, retry: int = 0) -> dict[str, object]:
    event = {"type": "message", "user": ANN, "text": text, "ts": ts, "event_ts": ts, "team": TEAM,
             "channel": dm_channel(ANN), "channel_type": "im", "client_msg_id": "5a6c1b2e-0000-4000-8000-000000000001"}
    payload = {"token": "legacy-verification-token", "team_id": TEAM, "api_app_id": APP_ID, "event": event,
               "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
               "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
                                   "is_enterprise_install": False}]}
    return {"envelope_id": envelope_id, "payload": payload, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": retry, "retry_reason": "timeout" if retry else ""}


async def test_socket_mode_dm_is_acked_and_answered_once(api: FakeSlackAPI, knowledge: Knowledge) -> None:
    api.app_token = APP_TOKEN
    advisor = Advisor(knowledge, MemoryStore())
    service = await create_service(advisor, slack_settings(api, signing_secret=None, app_token=APP_TOKEN))
    handler = await start_socket_mode(service, APP_TOKEN)
    try:
        await api.push(_envelope("env-1", "Ev0SOCKET", "what is a community?", "1800000001.000100"))
        await api.push(_envelope("env-2", "Ev0SOCKET", "what is a community?", "1800000001.000100", retry=1))
        await api.wait_for(lambda: len(api.socket_acks) == 2 and api.messages(dm_channel(ANN)))
        await service.settle()
    finally:
        await handler.close_async()
        await service.aclose()
    assert [a["envelope_id"] for a in api.socket_acks] == ["env-1", "env-2"]
    assert len(api.messages(dm_channel(ANN))) == 1
    assert "community" in api.messages(dm_channel(ANN))[0].text.lower()
    assert api.calls_to("apps.connections.open")[0].status == 200
