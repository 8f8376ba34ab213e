"""The webhook server: checks Telegram's secret header, records the update, then answers 200.

PTB's own webhook server compares the secret with `!=` and cannot be told to record an update before
answering, so this small tornado server (tornado comes with python-telegram-bot[webhooks]) does the
same job: a request is acknowledged only once `DurableQueue.accept` has recorded its update.

`GET /healthz` answers 200 while the store answers a ping and 503 when it does not (or while the worker
is stopping), for the load balancer in front of several workers. It needs no secret and shows none.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
from http import HTTPStatus

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Bot, Update

from adapters.telegram.delivery import DurableQueue, InboxUnavailable
from bot.store.base import Store

log = logging.getLogger("advisor.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024


class WebhookIntake:
    """One POST from Telegram to the HTTP status to answer. Framework-free, so tests can call it."""

    def __init__(self, secret: str, queue: DurableQueue, bot: Bot) -> None:
        self._secret = secret.encode()
        self.queue = queue
        self.bot = bot
        self.stopping = False
        self.in_flight = 0

    async def receive(self, secret_header: str | None, body: bytes) -> HTTPStatus:
        """403 without the right secret, 400 for a body that is not an update, 503 when the update
        could not be recorded or the worker is stopping (Telegram sends it again), 200 once it is
        recorded or a known duplicate."""
        if not hmac.compare_digest((secret_header or "").encode(), self._secret):
            return HTTPStatus.FORBIDDEN
        if self.stopping:
            return HTTPStatus.SERVICE_UNAVAILABLE
        try:
            text = body.decode()
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            return HTTPStatus.BAD_REQUEST
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return HTTPStatus.BAD_REQUEST
        try:
            update = Update.de_json(data, self.bot)
        except Exception as exc:  # untrusted input: any parsing failure is the sender's fault
            log.warning("webhook body is not a valid update: %s", type(exc).__name__)
            return HTTPStatus.BAD_REQUEST
        self.in_flight += 1
        try:
            await self.queue.accept(update, text)
        except InboxUnavailable as exc:
            log.error("could not record update %s: %s", update.update_id, exc)
            return HTTPStatus.SERVICE_UNAVAILABLE
        finally:
            self.in_flight -= 1
        return HTTPStatus.OK

    async def drained(self, timeout: float) -> bool:
        """Wait until no request is being recorded; False when `timeout` seconds were not enough."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        return not self.in_flight


class _WebhookHandler(tornado.web.RequestHandler):
    def initialize(self, intake: WebhookIntake) -> None:
        self.intake = intake

    async def post(self) -> None:
        status = await self.intake.receive(self.request.headers.get(SECRET_HEADER), self.request.body)
        self.set_status(status)
        if self.intake.stopping:
            self.set_header("Connection", "close")
        await self.finish()


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, store: Store, intake: WebhookIntake) -> None:
        self.store = store
        self.intake = intake

    async def get(self) -> None:
        if self.intake.stopping:
            status, text = HTTPStatus.SERVICE_UNAVAILABLE, "stopping"
        elif await self.store.ping():
            status, text = HTTPStatus.OK, "ok"
        else:
            status, text = HTTPStatus.SERVICE_UNAVAILABLE, "store unreachable"
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        await self.finish(text + "\n")


def _log_refusals(handler: tornado.web.RequestHandler) -> None:
    """One line per refused request; accepted ones are logged by the engine (one line per update)."""
    status = handler.get_status()
    if status >= 400:
        request = handler.request
        log.warning("%s %s %s (%s)", status, request.method, request.path, request.remote_ip)


class WebhookServer:
    """An HTTP server (no TLS: put it behind your HTTPS proxy) for Telegram's POSTs on one path,
    and /healthz."""

    def __init__(self, intake: WebhookIntake, path: str, store: Store) -> None:
        self.intake = intake
        app = tornado.web.Application([
            (re.escape(path), _WebhookHandler, {"intake": intake}),
            (re.escape(HEALTH_PATH), _HealthHandler, {"store": store, "intake": intake}),
        ], log_function=_log_refusals)
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY, xheaders=True)
        self.port: int | None = None

    def listen(self, address: str, port: int) -> int:
        """Start listening; returns the port (useful with port 0)."""
        sockets = tornado.netutil.bind_sockets(port, address=address)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        return self.port

    async def stop_accepting(self, timeout: float = 10.0) -> None:
        """Stop listening, answer 503 to requests on open connections, and wait (at most `timeout`
        seconds) for the requests being recorded."""
        self.intake.stopping = True
        self._server.stop()
        if not await self.intake.drained(timeout):
            log.warning("webhook requests still recording after %ss", timeout)

    async def close(self) -> None:
        self.intake.stopping = True
        self._server.stop()
        await self._server.close_all_connections()
