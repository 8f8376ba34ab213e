"""A stand-in Bot API server on 127.0.0.1 for the Telegram adapter tests.

It answers the methods the adapter uses with JSON shaped like Telegram's documented responses,
serves queued updates to getUpdates (long polling), records every call, checks what Telegram checks
(HTML entities, 4096 characters, 64-byte callback_data, 200-character callback answers) and can be
told to fail the next call of a method (a 429 flood-control answer, a formatting error) or to hold
calls for a while (a slow network). A held call whose client went away meanwhile (its process was
killed) never reached Telegram: it is not recorded.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Advisor", "username": "advisor_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
FLOOD = (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
               "parameters": {"retry_after": 1}})
PARSE_ERROR = (400, {"ok": False, "error_code": 400,
                     "description": "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0"})
CHAT_NOT_FOUND = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
KICKED = (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was kicked from the supergroup chat"})
FILE_TOO_BIG = (400, {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"})
_JSON_FIELDS = {"reply_markup", "reply_parameters", "link_preview_options", "commands", "allowed_updates",
                "entities", "scope"}
_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
         "span", "blockquote", "tg-emoji"}
_MARKUP = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+=\"[^\"]*\")*)\s*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    status: int = 200
    visible: str = ""
    message_id: int | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        return int(self.params["chat_id"]) if "chat_id" in self.params else None


def visible_text(text: str) -> str:
    """What Telegram shows for an HTML message; raises ApiError like Telegram for bad markup."""
    out: list[str] = []
    open_tags: list[str] = []
    pos = 0
    for m in _MARKUP.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, tag, entity = m.group(1), m.group(2), m.group(4)
        if tag is not None:
            tag = tag.lower()
            if tag not in _TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{tag}\"")
            if not closing:
                open_tags.append(tag)
            elif not open_tags or open_tags.pop() != tag:
                raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag \"{tag}\"")
        elif entity is not None:
            if entity.startswith("#"):
                out.append(chr(int(entity[2:], 16) if entity[1] in "xX" else int(entity[1:])))
            elif entity in _ENTITIES:
                out.append(_ENTITIES[entity])
            else:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported HTML entity \"&{entity};\"")
        else:
            raise ApiError(400, f"Bad Request: can't parse entities: unexpected \"{m.group(0)}\" in text")
    if open_tags:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag for \"{open_tags[-1]}\"")
    out.append(text[pos:])
    return "".join(out)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.served_ids: list[int] = []
        self._updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        self._delays: dict[tuple[str, str], list[float]] = defaultdict(list)
        self._slow: dict[str, float] = {}
        self.held = 0
        """Calls being held right now (see `delay_next` and `slow`)."""
        self.dropped = 0
        """Held calls whose client went away before the answer: never delivered."""
        self.by_chat: dict[int, list[ApiCall]] = defaultdict(list)
        self.members: dict[tuple[int, int], str] = {}
        """(chat id, user id) -> status for getChatMember ("member" when not set)."""
        self.documents: list[tuple[int, str, bytes]] = []
        """Files received by sendDocument: (chat id, file name, content)."""
        self._arrived = asyncio.Event()
        self._closing = False
        self._poll = 0
        self._next_message = 1000
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing = True
        self._arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- test controls ----------------------------------------------------------------------------

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates (an update may be pushed twice: Telegram re-sends sometimes)."""
        for update in updates:
            message = update.get("message") or (update.get("callback_query") or {}).get("message") or {}
            if "chat" in message:
                self.chats.setdefault(message["chat"]["id"], message["chat"])
            self._updates.append(update)
        self._arrived.set()

    def fail_next(self, method: str, failure: tuple[int, dict[str, Any]]) -> None:
        self._failures[method.lower()].append(failure)

    def delay_next(self, method: str, chat_id: int, seconds: float) -> None:
        """Take the next call of `method` for `chat_id` in only after `seconds` (a slow network)."""
        self._delays[(method.lower(), str(chat_id))].append(seconds)

    def slow(self, method: str, seconds: float) -> None:
        """Hold every call of `method` for `seconds` (0: no more)."""
        self._slow[method.lower()] = seconds

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent(self, chat_id: int | None = None) -> list[ApiCall]:
        """Messages sent successfully (to one chat, or all)."""
        if chat_id is not None:
            return list(self.by_chat.get(chat_id, ()))
        return [c for c in self.calls_to("sendMessage") if c.status == 200]

    # -- the API ----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        try:
            params = await _params(request)
        except ConnectionResetError:  # the client gave up (PTB cancels its long poll when stopping)
            return web.Response(status=499)
        delays = self._delays.get((method.lower(), str(params.get("chat_id"))))
        hold = delays.pop(0) if delays else self._slow.get(method.lower(), 0.0)
        if hold:
            self.held += 1
            try:
                await asyncio.sleep(hold)
            finally:
                self.held -= 1
            if request.transport is None or request.transport.is_closing():
                self.dropped += 1
                return web.Response(status=499)
        call = ApiCall(method, params)
        self.calls.append(call)
        if self._failures[method.lower()]:
            call.status, body = self._failures[method.lower()].pop(0)
            return web.json_response(body, status=call.status)
        handler = getattr(self, "_api_" + method.lower(), None)
        if handler is None:
            call.status = 404
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params, call)
        except ApiError as exc:
            call.status = exc.code
            return web.json_response({"ok": False, "error_code": exc.code, "description": str(exc)},
                                     status=exc.code)
        return web.json_response({"ok": True, "result": result})

    async def _api_getme(self, params: dict[str, Any], call: ApiCall) -> Any:
        return BOT_USER

    async def _api_getupdates(self, params: dict[str, Any], call: ApiCall) -> Any:
        # Like Telegram, a new getUpdates ends the one before (a stopped bot's poll may still be waiting).
        self._poll += 1
        poll = self._poll
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
            if poll != self._poll:
                raise ApiError(409, "Conflict: terminated by other getUpdates request")
        batch, self._updates = self._updates[:100], self._updates[100:]
        self.served_ids.extend(u["update_id"] for u in batch)
        return batch

    async def _api_setwebhook(self, params: dict[str, Any], call: ApiCall) -> Any:
        return True

    async def _api_deletewebhook(self, params: dict[str, Any], call: ApiCall) -> Any:
        return True

    async def _api_setmycommands(self, params: dict[str, Any], call: ApiCall) -> Any:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not 1 <= len(command["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any], call: ApiCall) -> Any:
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _api_sendmessage(self, params: dict[str, Any], call: ApiCall) -> Any:
        chat_id = int(params["chat_id"])
        call.visible = self._check_text(params)
        self._next_message += 1
        message: dict[str, Any] = {"message_id": self._next_message, "from": BOT_USER, "date": int(time.time()),
                                   "chat": self.chats.get(chat_id) or _chat(chat_id), "text": call.visible}
        if params.get("message_thread_id"):
            message.update(message_thread_id=int(params["message_thread_id"]), is_topic_message=True)
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None and (chat_id, reply_to) in self.messages:
            message["reply_to_message"] = self.messages[(chat_id, reply_to)]
        if params.get("reply_markup"):
            self._check_markup(params["reply_markup"])
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        call.message_id = message["message_id"]
        self.by_chat[chat_id].append(call)
        return message

    async def _api_getchatmember(self, params: dict[str, Any], call: ApiCall) -> Any:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "member")
        person = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        member: dict[str, Any] = {"status": status, "user": person}
        if status == "administrator":
            member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
                          can_manage_video_chats=True, can_restrict_members=True, can_promote_members=False,
                          can_change_info=True, can_invite_users=True, can_post_stories=False,
                          can_edit_stories=False, can_delete_stories=False)
        elif status == "creator":
            member.update(is_anonymous=False)
        return member

    async def _api_getchatadministrators(self, params: dict[str, Any], call: ApiCall) -> Any:
        chat_id = int(params["chat_id"])
        return [await self._api_getchatmember({"chat_id": chat_id, "user_id": user}, call)
                for (chat, user), status in self.members.items()
                if chat == chat_id and status in ("administrator", "creator")]

    async def _api_senddocument(self, params: dict[str, Any], call: ApiCall) -> Any:
        chat_id = int(params["chat_id"])
        upload = params.get("document")
        if not isinstance(upload, tuple):
            raise ApiError(400, "Bad Request: there is no document in the request")
        name, content = upload
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        self.documents.append((chat_id, name, content))
        self._next_message += 1
        message: dict[str, Any] = {"message_id": self._next_message, "from": BOT_USER, "date": int(time.time()),
                                   "chat": self.chats.get(chat_id) or _chat(chat_id),
                                   "document": {"file_name": name, "file_id": f"F{self._next_message}",
                                                "file_unique_id": f"U{self._next_message}", "file_size": len(content)}}
        if params.get("message_thread_id"):
            message.update(message_thread_id=int(params["message_thread_id"]), is_topic_message=True)
        call.message_id = message["message_id"]
        self.by_chat[chat_id].append(call)
        return message

    async def _api_editmessagetext(self, params: dict[str, Any], call: ApiCall) -> Any:
        message = self._edited(params)
        call.visible = message["text"] = self._check_text(params)
        return message

    async def _api_editmessagereplymarkup(self, params: dict[str, Any], call: ApiCall) -> Any:
        message = self._edited(params)
        if params.get("reply_markup"):
            self._check_markup(params["reply_markup"])
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        return message

    def _edited(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    @staticmethod
    def _check_text(params: dict[str, Any]) -> str:
        text = params.get("text", "")
        shown = visible_text(text) if str(params.get("parse_mode", "")).upper() == "HTML" else text
        if not shown.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _units(shown) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return shown

    @staticmethod
    def _check_markup(markup: dict[str, Any]) -> None:
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "User"}
    return {"id": chat_id, "type": "supergroup", "title": "Group"}


async def _params(request: web.Request) -> dict[str, Any]:
    """Form-encoded (what PTB sends, nested values JSON-encoded), multipart, JSON or query string."""
    raw: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json" and request.can_read_body:
        raw.update(await request.json())
    elif request.content_type == "multipart/form-data":  # sendDocument: files as (name, bytes)
        for key, value in (await request.post()).items():
            raw[key] = value if isinstance(value, str) else (value.filename, value.file.read())
    elif request.can_read_body:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return {k: json.loads(v) if k in _JSON_FIELDS and isinstance(v, str) else v for k, v in raw.items()}
