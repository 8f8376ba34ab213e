"""The cheap side of the Telegram load benchmark: a stand-in Bot API and a webhook client on raw
asyncio sockets (HTTP/1.1, keep-alive), so that the generator costs the shared cores as little as
possible. Only what the webhook path uses is answered: getMe, setMyCommands, setWebhook, sendMessage.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time

BOT_TOKEN = "4839574812:AAFq0bx7ZTeStT0kenNeverLogItPlease12345"
_BOT = {"id": 7000001, "is_bot": True, "first_name": "Advisor", "username": "advisor_bench_bot"}
_LENGTH = re.compile(rb"(?i)\r\ncontent-length:\s*(\d+)")
_CHAT = re.compile(rb"(?:^|&)chat_id=(-?\d+)")
_TRUE = b'{"ok":true,"result":true}'


class StandIn:
    """Answers the Bot API; `expect(chat)` is a future resolved by the next message sent to `chat`."""

    def __init__(self) -> None:
        self.sent = 0
        self.expected_total = 0
        self.port = 0
        self._waiting: dict[int, asyncio.Future[None]] = {}
        self._ids = itertools.count(1000)
        self._server: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _ApiProtocol(self), "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def expect(self, chat: int) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[chat] = future
        self.expected_total += 1
        return future

    def answer(self, method: bytes, body: bytes) -> bytes:
        if method == b"sendMessage":
            found = _CHAT.search(body)
            chat = int(found.group(1)) if found else 0
            self.sent += 1
            waiting = self._waiting.pop(chat, None)
            if waiting is not None and not waiting.done():
                waiting.set_result(None)
            return json.dumps({"ok": True, "result": {
                "message_id": next(self._ids), "date": int(time.time()), "from": _BOT, "text": "ok",
                "chat": {"id": chat, "type": "private", "first_name": "Bench"}}}).encode()
        if method == b"getMe":
            return json.dumps({"ok": True, "result": _BOT}).encode()
        return _TRUE


class _ApiProtocol(asyncio.Protocol):
    def __init__(self, api: StandIn) -> None:
        self.api = api
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end]
            found = _LENGTH.search(head)
            length = int(found.group(1)) if found else 0
            if len(self.buffer) < end + 4 + length:
                return
            body, self.buffer = self.buffer[end + 4:end + 4 + length], self.buffer[end + 4 + length:]
            path = head.split(b" ", 2)[1]
            reply = self.api.answer(path.rsplit(b"/", 1)[-1].split(b"?")[0], body)
            assert self.transport is not None
            self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                 + str(len(reply)).encode() + b"\r\n\r\n" + reply)


class WebhookClient:
    """POSTs updates to the workers' webhook like Telegram: at most `connections` at once, kept alive,
    spread over the workers in turn (as a load balancer would)."""

    def __init__(self, ports: list[int], secret: str, connections: int, path: str = "/telegram") -> None:
        self.ports = ports
        self.secret = secret
        self.path = path
        self._idle: asyncio.Queue[tuple[int, asyncio.StreamReader | None, asyncio.StreamWriter | None]] = (
            asyncio.Queue())
        for i in range(connections):
            self._idle.put_nowait((ports[i % len(ports)], None, None))

    async def post(self, body: bytes) -> int:
        port, reader, writer = await self._idle.get()
        try:
            if writer is None or writer.is_closing():
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST " + self.path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: "
                         + self.secret.encode() + b"\r\nContent-Length: " + str(len(body)).encode()
                         + b"\r\n\r\n" + body)
            assert reader is not None
            status, closing = await _response(reader)
            if closing:
                writer.close()
                reader = writer = None
            return status
        except OSError:
            reader = writer = None
            return 0
        finally:
            self._idle.put_nowait((port, reader, writer))

    async def health(self, port: int) -> int:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return 0
        try:
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return (await _response(reader))[0]
        except (OSError, asyncio.IncompleteReadError):
            return 0
        finally:
            writer.close()

    async def close(self) -> None:
        while not self._idle.empty():
            _, _, writer = self._idle.get_nowait()
            if writer is not None:
                writer.close()


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, the server will close the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    found = _LENGTH.search(head)
    if found:
        await reader.readexactly(int(found.group(1)))
    return int(head.split(b" ", 2)[1]), b"connection: close" in head.lower()
