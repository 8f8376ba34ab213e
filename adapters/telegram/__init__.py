"""The Telegram adapter: `advisor serve telegram` (see docs/telegram.md).

Modules: config (settings), app (the PTB Application and its life cycle), updates (update -> engine
message), handlers (message, button, error callbacks), render and send (replies as Telegram HTML),
callbacks (short button data), inbox (record before acknowledging, dedupe, per-chat order), leases (this
worker's updates in the shared inbox), sweep (taking over a dead worker's updates), webhook (webhook
server, /healthz), http (Bot API calls over aiohttp), redact (the token out of log records), service (the
entry point).
"""

from adapters.telegram.service import TelegramBot, TelegramSettings, WebhookOptions, serve

__all__ = ["TelegramBot", "TelegramSettings", "WebhookOptions", "serve"]
