"""The Telegram adapter: `advisor serve telegram` (see docs/telegram.md).

Modules: config (settings), app (the PTB Application and its life cycle), updates (update -> engine
message), handlers (message, button, error callbacks), render and send (replies as Telegram HTML),
callbacks (short button data), delivery (Telegram's part of the delivery pipeline: an update's lane
and order, applying it through PTB, recording before the acknowledgement), webhook (webhook server,
/healthz), http (Bot API calls over aiohttp), redact (the token out of log records), service (the entry
point).
"""

from adapters.telegram.service import TelegramBot, TelegramSettings, WebhookOptions, serve

__all__ = ["TelegramBot", "TelegramSettings", "WebhookOptions", "serve"]
