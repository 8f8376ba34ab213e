"""`advisor serve telegram`: the Telegram adapter's entry point (see docs/telegram.md)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from telegram.error import InvalidToken, TelegramError

from adapters.telegram.app import TelegramBot
from adapters.telegram.config import TOKEN_VARIABLE, TelegramSettings, WebhookOptions
from bot.config import ConfigError, CoreSettings
from bot.knowledge.model import Knowledge
from bot.store import Store, StoreError, open_store

__all__ = ["TelegramBot", "TelegramSettings", "WebhookOptions", "serve"]

log = logging.getLogger("advisor.telegram")


def serve(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    """Run the bot until SIGINT or SIGTERM, then stop taking updates, finish those accepted and return.
    Returns the exit code (0 after a signal; 1: the Bot API failed, or the webhook server could not listen).

    Raises ConfigError (one line, naming the variable) for a missing, malformed or rejected token
    and other invalid settings."""
    tg_settings = TelegramSettings.from_env()
    webhook = None
    if args.webhook_url:
        webhook = WebhookOptions.build(args.webhook_url, args.listen, args.port, tg_settings)
    try:
        store = open_store(settings.store_url)
    except StoreError as exc:
        raise ConfigError(str(exc)) from None
    bot = TelegramBot(settings.advisor(knowledge, store), tg_settings, settings, webhook)
    if webhook is not None and webhook.secret_generated:
        log.info("TELEGRAM_WEBHOOK_SECRET is not set: using a random secret for this run")
        if (settings.store_url or "").startswith(("redis://", "rediss://", "unix://")):
            log.warning("several workers need the same TELEGRAM_WEBHOOK_SECRET: each one registers its own "
                        "random secret otherwise, and the others refuse Telegram's requests")
    return asyncio.run(_run(bot, store))


async def _run(bot: TelegramBot, store: Store) -> int:
    stop = asyncio.Event()
    _stop_on_signals(stop)
    try:
        await bot.run(stop)
    except InvalidToken:
        raise ConfigError(f"{TOKEN_VARIABLE} was rejected by the Bot API server: check it with @BotFather") from None
    except TelegramError as exc:
        log.error("the Bot API failed: %s", exc)
        return 1
    except OSError as exc:  # the webhook server cannot listen (address in use, no permission)
        log.error("cannot serve the webhook: %s", exc)
        return 1
    finally:
        await store.close()
    log.info("telegram bot stopped")
    return 0


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread / Windows
            loop.add_signal_handler(sig, stop.set)
