"""Talking to the running Slack app the way Slack does: signed requests with documented payload shapes."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

from adapters.slack import EVENTS_PATH, SlackService
from tests.slack.fake_web_api import APP_ID, BOT_ID, BOT_USER, TEAM, FakeSlackAPI, Posted

BOT_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
SIGNING_SECRET = "8f742231b10e8888abcd99fe3a17d2c5"
APP_TOKEN = "xapp-1-A0ADVISOR-3333333333-0123456789abcdef0123456789abcdef"
CHANNEL = "C0MARKETING"


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: str
    seconds: float


def signature(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    """v0= + hex HMAC-SHA256(secret, "v0:{timestamp}:{body}"), as Slack signs requests."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def dm_channel(user: str) -> str:
    return "D" + user.lstrip("U")


class SlackHarness:
    """Signed requests to the app at `url`. `service` is the in-process app (None when the app runs in
    other processes: then `settle` is not available)."""

    def __init__(self, url: str, api: FakeSlackAPI, service: SlackService | None,
                 session: aiohttp.ClientSession) -> None:
        self.url = url
        self.api = api
        self.service = service
        self.session = session
        self._ts = itertools.count(1)

    # -- transport -----------------------------------------------------------------------------

    async def send(self, body: str, content_type: str, *, timestamp: int | None = None,
                   secret: str = SIGNING_SECRET, headers: dict[str, str] | None = None,
                   url: str | None = None) -> HttpResult:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
                       "X-Slack-Signature": signature(body, ts, secret), "User-Agent": "Slackbot 1.0"}
        all_headers |= headers or {}
        started = time.perf_counter()
        async with self.session.post((url or self.url) + EVENTS_PATH, data=body.encode(),
                                     headers=all_headers) as response:
            text = await response.text()
        return HttpResult(response.status, text, time.perf_counter() - started)

    async def settle(self) -> None:
        """Wait until the app has finished the work the requests so far started."""
        assert self.service is not None, "settle needs the in-process app"
        for _ in range(3):
            await asyncio.sleep(0.02)
            await self.service.settle()

    # -- Events API ----------------------------------------------------------------------------

    def new_ts(self) -> str:
        n = next(self._ts)
        return f"{1800000000 + n}.{n:06d}"

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        """An Events API callback as Slack posts it (a new event_id unless one is given)."""
        return json.dumps({
            "token": "legacy-verification-token", "team_id": TEAM, "context_team_id": TEAM,
            "context_enterprise_id": None, "api_app_id": APP_ID, "event": event, "type": "event_callback",
            "event_id": event_id or "Ev" + secrets.token_hex(5).upper(), "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False, "event_context": "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMEFDTUUifQ",
        })

    async def event(self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None,
                    **send: Any) -> HttpResult:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return await self.send(self.event_body(event, event_id), "application/json", headers=headers, **send)

    def message_event(self, user: str, text: str, channel: str, *, kind: str = "message",
                      thread_ts: str | None = None, ts: str | None = None) -> dict[str, Any]:
        ts = ts or self.new_ts()
        event: dict[str, Any] = {
            "client_msg_id": str(uuid.uuid4()), "type": kind, "text": text, "user": user, "ts": ts, "team": TEAM,
            "blocks": [{"type": "rich_text", "block_id": "x1", "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
            "channel": channel, "event_ts": ts,
        }
        if kind == "message":
            event["channel_type"] = "im" if channel.startswith("D") else "channel"
        if thread_ts:
            event |= {"thread_ts": thread_ts, "parent_user_id": BOT_USER}
        return event

    async def dm(self, user: str, text: str, **send: Any) -> HttpResult:
        return await self.event(self.message_event(user, text, dm_channel(user)), **send)

    async def say(self, user: str, text: str, channel: str = CHANNEL, thread_ts: str | None = None) -> str:
        """A plain channel message (message.channels); returns its ts."""
        event = self.message_event(user, text, channel, thread_ts=thread_ts)
        assert (await self.event(event)).status == 200
        return event["ts"]

    async def mention(self, user: str, text: str, channel: str = CHANNEL, thread_ts: str | None = None) -> str:
        """`@advisor text`, delivered as app_mention and again as message.channels, as Slack does."""
        ts = self.new_ts()
        full = f"<@{BOT_USER}> {text}"
        for kind in ("app_mention", "message"):
            event = self.message_event(user, full, channel, kind=kind, thread_ts=thread_ts, ts=ts)
            assert (await self.event(event)).status == 200
        return ts

    # -- interactivity and the slash command -----------------------------------------------------

    def click_payload(self, message: Posted, label: str, user: str) -> dict[str, Any]:
        block, element = next((b, e) for b in message.blocks if b.get("type") == "actions"
                              for e in b["elements"] if e["text"]["text"] == label)
        container: dict[str, Any] = {"type": "message", "message_ts": message.ts, "channel_id": message.channel,
                                     "is_ephemeral": message.visible_to is not None}
        payload: dict[str, Any] = {
            "type": "block_actions", "user": {"id": user, "username": user.lower(), "name": user.lower(),
                                              "team_id": TEAM},
            "api_app_id": APP_ID, "token": "legacy-verification-token", "container": container,
            "trigger_id": f"{secrets.randbelow(10**12)}.{secrets.token_hex(8)}", "team": {"id": TEAM, "domain": "acme"},
            "enterprise": None, "is_enterprise_install": False,
            "channel": {"id": message.channel, "name": "directmessage" if message.channel.startswith("D") else "mkt"},
            "state": {"values": {}}, "response_url": self.api.new_hook(message.channel, user, message),
            "actions": [{"action_id": element["action_id"], "block_id": block["block_id"], "text": element["text"],
                         "value": element.get("value", ""), "type": "button", "action_ts": self.new_ts()}],
        }
        if message.visible_to is None:  # Slack sends the message back only when it is not ephemeral
            payload["message"] = {"bot_id": BOT_ID, "type": "message", "text": message.text, "user": BOT_USER,
                                  "ts": message.ts, "app_id": APP_ID, "blocks": message.blocks, "team": TEAM}
            if message.thread_ts:
                payload["message"]["thread_ts"] = message.thread_ts
                container["thread_ts"] = message.thread_ts
        return payload

    async def click(self, message: Posted, label: str, user: str) -> HttpResult:
        return await self.send_click(self.click_payload(message, label, user))

    async def send_click(self, payload: dict[str, Any]) -> HttpResult:
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def click_home(self, view: dict[str, Any], label: str, user: str) -> HttpResult:
        element = next(e for b in view["blocks"] if b.get("type") == "actions" for e in b["elements"]
                       if e["text"]["text"] == label)
        payload = {"type": "block_actions", "user": {"id": user, "username": "ann", "name": "ann", "team_id": TEAM},
                   "api_app_id": APP_ID, "token": "legacy-verification-token",
                   "container": {"type": "view", "view_id": "V0HOME"}, "trigger_id": "1.2", "team": {"id": TEAM},
                   "view": {"id": "V0HOME", "type": "home", "blocks": view["blocks"]},
                   "actions": [{"action_id": element["action_id"], "block_id": "home:0", "text": element["text"],
                                "value": element["value"], "type": "button", "action_ts": self.new_ts()}]}
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def command(self, user: str, text: str, channel: str = CHANNEL) -> HttpResult:
        form = {"token": "legacy-verification-token", "team_id": TEAM, "team_domain": "acme", "channel_id": channel,
                "channel_name": "marketing", "user_id": user, "user_name": user.lower(), "command": "/advisor",
                "text": text, "api_app_id": APP_ID, "is_enterprise_install": "false",
                "response_url": self.api.new_hook(channel, user), "trigger_id": "13345224609.738474920.8088930838d"}
        return await self.send(urlencode(form), "application/x-www-form-urlencoded")

    # -- reading what people see -----------------------------------------------------------------

    def visible(self, channel: str, user: str, thread_ts: str | None = None) -> list[Posted]:
        """Messages `user` sees in `channel` (public ones and their own ephemeral ones)."""
        return [m for m in self.api.messages(channel, thread_ts) if m.visible_to in (None, user)]

    def last(self, channel: str, user: str, thread_ts: str | None = None) -> Posted:
        return self.visible(channel, user, thread_ts)[-1]

    def with_button(self, channel: str, user: str, label: str) -> Posted:
        """The newest message `user` sees that has a button labelled `label`."""
        return next(m for m in reversed(self.visible(channel, user)) if label in m.labels())
