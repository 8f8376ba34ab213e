"""`advisor serve telegram`: the Telegram adapter's entry point (see docs/telegram.md)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from telegram.error import InvalidToken, TelegramError

from adapters import loop
from adapters.startup import check_store, open_configured_store, require_store
from adapters.telegram.app import TelegramBot
from adapters.telegram.config import DEFAULT_LISTEN, DEFAULT_PORT, TOKEN_VARIABLE, TelegramSettings, WebhookOptions
from bot.config import ConfigError, CoreSettings
from bot.editors.reload import updates
from bot.knowledge.model import Knowledge
from bot.store import Store

__all__ = ["TelegramBot", "TelegramSettings", "WebhookOptions", "serve"]

log = logging.getLogger("advisor.telegram")


def serve(knowledge: Knowledge, settings: CoreSettings, args: argparse.Namespace) -> int:
    """Run the bot until SIGINT or SIGTERM, then stop taking updates, finish those accepted and return.
    Returns the exit code (0 after a signal; 1: the Bot API failed, or the webhook server could not listen).

    Raises ConfigError (one line, naming the variable) for a missing, malformed or rejected token
    and other invalid settings."""
    webhook_flags(args)
    tg_settings = TelegramSettings.from_env()
    webhook = None
    if args.webhook_url:
        webhook = WebhookOptions.build(args.webhook_url, args.listen or DEFAULT_LISTEN, _port(args), tg_settings)
    if getattr(args, "check", False):
        asyncio.run(check_store(settings))
        print(f"telegram: settings are complete ({'webhook ' + webhook.url if webhook else 'polling'})")
        return 0
    store = open_configured_store(settings)
    bot = TelegramBot(settings.advisor(knowledge, store), tg_settings, settings, webhook)
    return loop.run(_run(bot, store, settings))


def webhook_flags(args: argparse.Namespace) -> None:
    """--port and --listen belong to the webhook server: without --webhook-url they would be ignored."""
    if not args.webhook_url:
        for flag, value in (("--port", args.port), ("--listen", args.listen)):
            if value is not None:
                raise ConfigError(f"{flag} only applies with --webhook-url (polling needs no server); "
                                  f"add --webhook-url https://... or drop {flag}")


def _port(args: argparse.Namespace) -> int:
    return int(args.port) if args.port is not None else DEFAULT_PORT


async def _run(bot: TelegramBot, store: Store, settings: CoreSettings) -> int:
    await require_store(store, settings)
    if bot.webhook is not None and bot.webhook.secret_generated:
        log.info("TELEGRAM_WEBHOOK_SECRET is not set: using a random secret for this run")
        if (settings.store_url or "").startswith(("redis://", "rediss://", "unix://")):
            log.warning("several workers need the same TELEGRAM_WEBHOOK_SECRET: each one registers its own "
                        "random secret otherwise, and the others refuse Telegram's requests")
    stop = asyncio.Event()
    _stop_on_signals(stop)
    reloader = settings.reloader(bot.advisor)
    tip_settings = bot.handlers.tips.settings if bot.handlers.tips else None
    reloader.listeners += [bot.register_commands, updates(bot.tips, tip_settings)]
    reloader.reload_on_sighup()
    watcher = asyncio.create_task(reloader.watch(store, settings.kb_poll, stop), name="kb-reload")
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
        watcher.cancel()
        await store.close()
    log.info("telegram bot stopped")
    return 0


def _stop_on_signals(stop: asyncio.Event) -> None:
    running = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread / Windows
            running.add_signal_handler(sig, stop.set)
