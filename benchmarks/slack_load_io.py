"""Cheap HTTP for the Slack load benchmark: a stand-in Web API and a keep-alive client on raw asyncio.

Both run in the load process, so they must cost the workers as little CPU as possible: no framework,
requests pre-encoded, responses parsed only as far as the status and Content-Length.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import hmac
import json
import time
from collections.abc import Callable

AUTH_TEST = {"ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "advisor", "team_id": "T0ACME",
             "user_id": "U0ADVISOR", "bot_id": "B0ADVISOR", "is_enterprise_install": False}


class StandInAPI(asyncio.Protocol):
    """One connection to the stand-in Web API: answers auth.test and chat.postMessage like Slack (ok,
    channel, ts) and reports each posted message with `on_post(channel, monotonic time)`."""

    def __init__(self, on_post: Callable[[str, float], None]) -> None:
        self.on_post = on_post
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].decode("latin-1")
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(self.buffer) < head_end + 4 + length:
                return
            body = self.buffer[head_end + 4:head_end + 4 + length]
            self.buffer = self.buffer[head_end + 4 + length:]
            self._answer(head.split(" ", 2)[1], body)

    def _answer(self, path: str, body: bytes) -> None:
        method = path.rsplit("/", 1)[-1].split("?")[0]
        if method == "chat.postMessage":
            channel = str(json.loads(body or b"{}").get("channel", ""))
            now = time.monotonic()
            payload = {"ok": True, "channel": channel, "ts": f"{now:.6f}"}
            self.on_post(channel, now)
        elif method == "auth.test":
            payload = AUTH_TEST
        else:
            payload = {"ok": True}
        data = json.dumps(payload).encode()
        assert self.transport is not None
        self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                             b"Content-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data)


class StandIn:
    """The stand-in server; `wait_posts(channel, n)` waits until `channel` has received `n` messages."""

    def __init__(self) -> None:
        self.posts: dict[str, int] = collections.defaultdict(int)
        self.last_post = 0.0
        self._waiters: dict[str, tuple[int, asyncio.Future[float]]] = {}
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(lambda: StandInAPI(self._posted), "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    def _posted(self, channel: str, at: float) -> None:
        self.posts[channel] += 1
        self.last_post = at
        waiter = self._waiters.get(channel)
        if waiter is not None and self.posts[channel] >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(at)

    async def wait_posts(self, channel: str, count: int, timeout: float) -> float:
        """The time the `count`-th message reached `channel`."""
        if self.posts[channel] >= count:
            return self.last_post
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters[channel] = (count, future)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.pop(channel, None)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()


class Connection:
    """One keep-alive HTTP/1.1 connection to a worker."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader = reader
        self.writer = writer
        self.host = host

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer, f"127.0.0.1:{port}")

    async def post_signed(self, path: str, body: bytes, secret: bytes) -> int:
        """POST a JSON body signed as Slack signs it; returns the status."""
        timestamp = str(int(time.time())).encode()
        signature = hmac.new(secret, b"v0:" + timestamp + b":" + body, hashlib.sha256).hexdigest().encode()
        self.writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: " + self.host.encode() +
                          b"\r\nContent-Type: application/json\r\nX-Slack-Request-Timestamp: " + timestamp +
                          b"\r\nX-Slack-Signature: v0=" + signature + b"\r\nContent-Length: " +
                          str(len(body)).encode() + b"\r\n\r\n" + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next((int(v) for n, _, v in (ln.partition(":") for ln in lines[1:])
                       if n.strip().lower() == "content-length"), 0)
        if length:
            await self.reader.readexactly(length)
        return int(lines[0].split(" ")[1])

    def close(self) -> None:
        self.writer.close()
