"""A stand-in for Slack's Web API on 127.0.0.1: Slack-shaped JSON, every call recorded.

Serves `/api/<method>` (auth.test, chat.postMessage, chat.postEphemeral, chat.update, views.publish,
conversations.open, users.info, files.getUploadURLExternal, files.completeUploadExternal,
apps.connections.open), `/upload/<file id>` (the upload URL files.getUploadURLExternal hands out),
`/hooks/<id>` (response_url posts) and `/socket` (a Socket Mode WebSocket). It checks Block Kit limits
the way Slack does (invalid_blocks, msg_blocks_too_long), can answer the next call to a method with a
429 (Retry-After) or an error, and can be slow. A slow call whose caller hangs up (a worker killed while
waiting) is dropped, as a request that never reached Slack.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "U0ADVISOR"
BOT_ID = "B0ADVISOR"
TEAM = "T0ACME"
APP_ID = "A0ADVISOR"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    status: int
    at: float


@dataclass
class Posted:
    """A message as a Slack client would show it. `visible_to` is a user id for ephemeral messages."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    visible_to: str | None = None
    deleted: bool = False
    history: list[list[dict[str, Any]]] = field(default_factory=list)

    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in self.blocks if b.get("type") == "actions" for e in b.get("elements", [])]

    def labels(self) -> list[str]:
        return [e["text"]["text"] for e in self.buttons()]

    def all_text(self) -> str:
        return self.text + "\n" + json.dumps(self.blocks, ensure_ascii=False)


@dataclass
class Uploaded:
    """A file shared by files.completeUploadExternal: where, and what the upload step received."""

    channel: str
    thread_ts: str | None
    name: str
    content: bytes


@dataclass
class Hook:
    """A response_url: where it posts, for whom, and the message it belongs to (replace_original)."""

    channel: str
    user: str
    source: Posted | None = None


class FakeSlackAPI:
    def __init__(self, bot_token: str, app_token: str | None = None) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.calls: list[Call] = []
        self.posted: list[Posted] = []
        self.hooks: dict[str, Hook] = {}
        self.socket_acks: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = {}
        self._delays: dict[str, list[float]] = {}
        self.held = 0
        """Slow calls waiting right now."""
        self.dropped: list[Call] = []
        """Slow calls whose caller hung up before the answer: never made."""
        self.by_channel: dict[str, list[Posted]] = collections.defaultdict(list)
        self.zones: dict[str, str] = {}
        """User id -> time zone users.info gives (none: Slack says nothing)."""
        self.members: dict[str, set[str]] | None = None
        """Channel -> whether the bot may post there; None: everywhere. Others answer not_in_channel."""
        self.uploads: dict[str, tuple[str, bytes | None]] = {}
        self.files: list[Uploaded] = []
        self._changed = asyncio.Event()
        self._ts = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- set-up --------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack-sdk calls a few read methods with GET
        app.router.add_post("/hooks/{hook}", self._hook)
        app.router.add_post("/upload/{file}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def new_hook(self, channel: str, user: str, source: Posted | None = None) -> str:
        hook = secrets.token_hex(6)
        self.hooks[hook] = Hook(channel, user, source)
        return f"{self.base_url}/hooks/{hook}"

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        body = {"ok": False, "error": "ratelimited"}
        self._failures.setdefault(method, []).append((429, body, {"Retry-After": str(retry_after)}))

    def error_next(self, method: str, error: str) -> None:
        self._failures.setdefault(method, []).append((200, {"ok": False, "error": error}, {}))

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """Answer the next `times` calls to `method` after `seconds` (at once when the caller hangs up:
        that call is then dropped, see `dropped`)."""
        self._delays.setdefault(method, []).extend([seconds] * times)

    # -- queries -------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def outgoing(self) -> list[Call]:
        """Every call that shows something to people."""
        return [c for c in self.calls if c.method in {"chat.postMessage", "chat.postEphemeral", "chat.update",
                                                      "views.publish", "response_url"}]

    def messages(self, channel: str | None = None, thread_ts: str | None = None) -> list[Posted]:
        return [m for m in self.posted if not m.deleted and (channel is None or m.channel == channel)
                and (thread_ts is None or m.thread_ts == thread_ts)]

    async def wait_posted(self, channel: str, count: int, timeout: float = 10.0) -> list[Posted]:
        """Wait until `channel` has at least `count` messages (ephemeral ones included); returns them."""
        deadline = time.monotonic() + timeout
        while len(self.by_channel[channel]) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{channel}: {len(self.by_channel[channel])} messages, expected {count}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return self.by_channel[channel]

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)

    # -- Socket Mode ---------------------------------------------------------------------------

    async def push(self, envelope: dict[str, Any]) -> None:
        await self.wait_for(lambda: bool(self._sockets))
        await self._sockets[-1].send_str(json.dumps(envelope))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": APP_ID}}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    # -- Web API -------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        if self._delays.get(method) and not await self._hold(request, self._delays[method].pop(0)):
            self.dropped.append(Call(method, args, 0, time.monotonic()))
            return web.Response(status=499)
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if request.headers.get("Authorization") != f"Bearer {expected}":
            return self._answer(method, args, 200, {"ok": False, "error": "invalid_auth"})
        if self._failures.get(method):
            status, body, headers = self._failures[method].pop(0)
            return self._answer(method, args, status, body, headers)
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return self._answer(method, args, 200, {"ok": False, "error": "unknown_method"})
        return self._answer(method, args, 200, handler(args))

    async def _hold(self, request: web.Request, seconds: float) -> bool:
        """Wait `seconds`; False as soon as the caller has hung up."""
        self.held += 1
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if request.transport is None or request.transport.is_closing():
                    return False
                await asyncio.sleep(min(0.02, max(0.0, deadline - time.monotonic())))
            return True
        finally:
            self.held -= 1

    def _answer(self, method: str, args: dict[str, Any], status: int, body: dict[str, Any],
                headers: dict[str, str] | None = None) -> web.Response:
        self.calls.append(Call(method, args, status, time.monotonic()))
        self._notify()
        return web.json_response(body, status=status, headers=headers)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _keep(self, posted: Posted) -> None:
        self.posted.append(posted)
        self.by_channel[posted.channel].append(posted)

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1700000000 + n}.{n:06d}"

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "advisor", "team_id": TEAM,
                "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := check_message(args):
            return {"ok": False, "error": error}
        if self.members is not None and args["channel"] not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        posted = Posted(args["channel"], self._next_ts(), args.get("text", ""), _blocks(args),
                        thread_ts=args.get("thread_ts"))
        self._keep(posted)
        return {"ok": True, "channel": posted.channel, "ts": posted.ts,
                "message": {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "app_id": APP_ID,
                            "text": posted.text, "ts": posted.ts, "blocks": posted.blocks, "team": TEAM}}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := check_message(args):
            return {"ok": False, "error": error}
        posted = Posted(args["channel"], self._next_ts(), args.get("text", ""), _blocks(args),
                        thread_ts=args.get("thread_ts"), visible_to=args["user"])
        self._keep(posted)
        return {"ok": True, "message_ts": posted.ts}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := check_message(args):
            return {"ok": False, "error": error}
        target = next((m for m in self.posted if m.channel == args["channel"] and m.ts == args["ts"]), None)
        if target is None or target.visible_to:
            return {"ok": False, "error": "message_not_found"}
        target.history.append(target.blocks)
        target.text, target.blocks = args.get("text", ""), _blocks(args)
        return {"ok": True, "channel": target.channel, "ts": target.ts, "text": target.text}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args["view"] if isinstance(args["view"], dict) else json.loads(args["view"])
        if error := check_blocks(view.get("blocks", []), max_blocks=100):
            return {"ok": False, "error": error}
        return {"ok": True, "view": {"id": "V0HOME", "type": "home", "blocks": view["blocks"]}}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": "D" + str(args["users"]).lstrip("U")}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user: dict[str, Any] = {"id": args["user"], "team_id": TEAM, "name": str(args["user"]).lower()}
        if args["user"] in self.zones:
            user.update(tz=self.zones[args["user"]], tz_label="Local time", tz_offset=3600)
        return {"ok": True, "user": user}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not int(args.get("length") or 0):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = "F" + secrets.token_hex(5).upper()
        self.uploads[file_id] = (str(args["filename"]), None)
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = json.loads(args["files"]) if isinstance(args.get("files"), str) else args.get("files", [])
        channel = args.get("channel_id")
        if self.members is not None and channel not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        shared = []
        for entry in files:
            name, content = self.uploads.get(entry["id"], ("", None))
            if content is None:
                return {"ok": False, "error": "file_not_found"}
            if channel:
                self.files.append(Uploaded(channel, args.get("thread_ts"), name, content))
            shared.append({"id": entry["id"], "name": name, "title": entry.get("title") or name, "size": len(content)})
        return {"ok": True, "files": shared}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file"]
        if file_id not in self.uploads:
            return web.Response(status=404, text="unknown upload")
        content = await request.read()
        self.uploads[file_id] = (self.uploads[file_id][0], content)
        self.calls.append(Call("upload", {"file": file_id, "bytes": len(content)}, 200, time.monotonic()))
        return web.Response(text=f"OK - {len(content)}")

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.base_url.replace("http", "ws", 1) + "/socket"}

    # -- response_url ----------------------------------------------------------------------------

    async def _hook(self, request: web.Request) -> web.Response:
        hook = self.hooks.get(request.match_info["hook"])
        args = await request.json()
        if hook is None:
            return self._answer("response_url", args, 404, {"ok": False, "error": "expired_url"})
        if error := check_message(args):
            return self._answer("response_url", args, 400, {"ok": False, "error": error})
        if args.get("replace_original") and hook.source is not None:
            hook.source.history.append(hook.source.blocks)
            hook.source.text, hook.source.blocks = args.get("text", ""), _blocks(args)
        elif args.get("delete_original") and hook.source is not None:
            hook.source.deleted = True
        else:
            public = args.get("response_type") == "in_channel"
            self._keep(Posted(hook.channel, self._next_ts(), args.get("text", ""), _blocks(args),
                              visible_to=None if public else hook.user))
        return self._answer("response_url", args, 200, {"ok": True})


async def _arguments(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if request.content_type == "application/json":
        args = json.loads(raw or "{}")
    else:
        args = dict(parse_qsl(raw)) | dict(request.query)
    for name in ("blocks", "view"):
        if isinstance(args.get(name), str):
            args[name] = json.loads(args[name])
    return args


def _blocks(args: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = [dict(b) for b in args.get("blocks") or []]
    for block in blocks:
        block.setdefault("block_id", secrets.token_urlsafe(4))  # as Slack does
    return blocks


def check_message(args: dict[str, Any]) -> str | None:
    """The error Slack would answer for this message, or None."""
    if not args.get("text") and not args.get("blocks"):
        return "no_text"
    return check_blocks(args.get("blocks") or [])


def check_blocks(blocks: list[dict[str, Any]], max_blocks: int = 50) -> str | None:
    if len(blocks) > max_blocks:
        return "invalid_blocks"
    action_ids: list[str] = []
    total = 0
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        total += len(text)
        if block.get("type") == "section" and not 0 < len(text) <= 3000:
            return "invalid_blocks"
        if len(block.get("block_id", "")) > 255:
            return "invalid_blocks"
        if block.get("type") == "actions":
            elements = block.get("elements", [])
            if not 0 < len(elements) <= 25:
                return "invalid_blocks"
            for element in elements:
                action_ids.append(element.get("action_id", ""))
                label = element.get("text", {}).get("text", "")
                if not 0 < len(label) <= 75 or len(element.get("value", "")) > 2000:
                    return "invalid_blocks"
                if len(element.get("action_id", "")) > 255:
                    return "invalid_blocks"
    if len(action_ids) != len(set(action_ids)):
        return "invalid_blocks"
    return "msg_blocks_too_long" if total > 13_000 else None
