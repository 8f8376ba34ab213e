"""The webhook server: checks Telegram's secret header, records the update, then answers 200.

PTB's own webhook server compares the secret with `!=` and cannot be told to record an update before
answering, so this small tornado server (tornado comes with python-telegram-bot[webhooks]) does the
same job: a request is acknowledged only once `DurableQueue.put` has recorded its update.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from http import HTTPStatus

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Bot, Update

from adapters.telegram_inbox import DurableQueue, InboxUnavailable

log = logging.getLogger("advisor.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024


class WebhookIntake:
    """One POST from Telegram to the HTTP status to answer. Framework-free, so tests can call it."""

    def __init__(self, secret: str, queue: DurableQueue, bot: Bot) -> None:
        self._secret = secret.encode()
        self.queue = queue
        self.bot = bot

    async def receive(self, secret_header: str | None, body: bytes) -> HTTPStatus:
        """403 without the right secret, 400 for a body that is not an update, 503 when the update
        could not be recorded (Telegram sends it again), 200 once it is recorded or a known duplicate."""
        if not hmac.compare_digest((secret_header or "").encode(), self._secret):
            return HTTPStatus.FORBIDDEN
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return HTTPStatus.BAD_REQUEST
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return HTTPStatus.BAD_REQUEST
        try:
            update = Update.de_json(data, self.bot)
        except Exception as exc:  # untrusted input: any parsing failure is the sender's fault
            log.warning("webhook body is not a valid update: %s", type(exc).__name__)
            return HTTPStatus.BAD_REQUEST
        try:
            await self.queue.put(update)
        except InboxUnavailable as exc:
            log.error("could not record update %s: %s", update.update_id, exc)
            return HTTPStatus.SERVICE_UNAVAILABLE
        return HTTPStatus.OK


class _WebhookHandler(tornado.web.RequestHandler):
    def initialize(self, intake: WebhookIntake) -> None:
        self.intake = intake

    async def post(self) -> None:
        status = await self.intake.receive(self.request.headers.get(SECRET_HEADER), self.request.body)
        self.set_status(status)
        await self.finish()


class WebhookServer:
    """An HTTP server (no TLS: put it behind your HTTPS proxy) for Telegram's POSTs on one path."""

    def __init__(self, intake: WebhookIntake, path: str) -> None:
        app = tornado.web.Application([(re.escape(path), _WebhookHandler, {"intake": intake})])
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY, xheaders=True)
        self.port: int | None = None

    def listen(self, address: str, port: int) -> int:
        """Start listening; returns the port (useful with port 0)."""
        sockets = tornado.netutil.bind_sockets(port, address=address)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
