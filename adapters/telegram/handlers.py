"""The callbacks PTB runs: a text message, a button press, an error. Each translates the update,
asks the engine, and sends the replies back to where the update came from.

The update_id goes to the engine as the delivery id: a worker that takes an update over after a crash
gets the replies the engine recorded with the state, instead of applying the message twice. The
update's turn (`InFlight`) brings what the delivery pipeline loaded with it (the conversation state, the
rate-limit count, a pressed button's record) and takes the button records to write with its finish.
When the store cannot be reached the update is released, not finished: it is tried again later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from adapters.telegram.callbacks import ANYONE, CallbackRegistry
from adapters.telegram.delivery import InFlight
from adapters.telegram.send import Destination, Sender
from adapters.telegram.tips import TelegramTips
from adapters.telegram.updates import incoming_message, incoming_press, tips_arguments
from bot.advisor import Advisor
from bot.delivery import Superseded
from bot.store.base import StoreError
from bot.types import DOWN_LABEL, UP_LABEL, ConversationKey, Feedback, Incoming

log = logging.getLogger("advisor.telegram")

EXPIRED_PAYLOAD = "expired"
"""Sent for a button whose record is gone: the engine answers it as an expired choice."""
NOT_YOURS = "This button belongs to someone else's question. Ask me yourself and you'll get your own."


class AdvisorHandlers:
    def __init__(self, advisor: Advisor, callbacks: CallbackRegistry, in_flight: InFlight,
                 tips: TelegramTips | None = None) -> None:
        self.advisor = advisor
        self.callbacks = callbacks
        self.in_flight = in_flight
        self.tips = tips


    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        if self.tips is not None and (arguments := tips_arguments(message, context.bot.bot)) is not None:
            await self.tips.handle(context.bot, message, arguments)
            return
        incoming = incoming_message(message, context.bot.bot, self.advisor.dialogue.slash_commands)
        if incoming is None:
            return
        turn = self.in_flight.turn(update.update_id)
        replies = await self.advisor.handle(incoming, delivery=str(update.update_id),
                                            store=turn.store if turn else None)
        await Sender(context.bot, self.callbacks, Destination.answering(message), incoming.key, turn).send(replies)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        key = incoming_press(query)
        if key is None or query.message is None:
            await _quietly(query.answer())
            return
        turn = self.in_flight.turn(update.update_id)
        store = turn.store if turn else None
        pressed = await self.callbacks.resolve(query.data, store)
        if pressed is not None and not pressed.may_press(key.user):
            await _quietly(query.answer(NOT_YOURS))
            return
        feedback = Feedback.read(pressed.button.payload) if pressed else None
        vote = feedback is not None and feedback.is_vote
        await _quietly(query.answer(self.advisor.knowledge.message("feedback_thanks") if vote else None))
        shared = pressed is not None and pressed.owner == ANYONE  # a scheduled tip: others may press it too
        if isinstance(query.message, Message) and query.message.reply_markup is not None and not shared:
            # A 👍/👎 takes its row away and leaves the answer's buttons; any other button takes those
            # away and leaves the 👍/👎 row (the answer can still be rated).
            kept = keyboard_without(query.message.reply_markup, feedback_row=vote)
            await _quietly(query.edit_message_reply_markup(reply_markup=kept))
        incoming = (Incoming(key, text=pressed.button.label, payload=pressed.button.payload) if pressed
                    else Incoming(key, payload=EXPIRED_PAYLOAD))
        replies = await self.advisor.handle(incoming, delivery=str(update.update_id), store=store)
        await Sender(context.bot, self.callbacks, Destination.answering(query.message), key, turn).send(replies)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with the conversation key; tell the user something went wrong when we know who.
        A store failure is not the user's problem: the update is released and handled again later."""
        found = _where(update, context)
        key = found[0].as_str() if found else None
        if isinstance(context.error, StoreError) and isinstance(update, Update):
            log.warning("store unavailable, update left for a retry: %s", context.error,
                        extra={"conversation": key, "update_id": update.update_id})
            self.in_flight.release(update.update_id)
            return
        if isinstance(context.error, Superseded) and isinstance(update, Update):
            self.in_flight.superseded.add(update.update_id)  # nothing was said: it is applied later
            return
        log.error("update failed: %s", type(context.error).__name__, exc_info=context.error,
                  extra={"conversation": key, "update_id": getattr(update, "update_id", None)})
        if found is None:
            return
        conversation, destination = found
        sender = Sender(context.bot, self.callbacks, destination, conversation,
                        self.in_flight.turn(update.update_id) if isinstance(update, Update) else None)
        try:
            await sender.send_plain(self.advisor.knowledge.message("error"))
        except TelegramError as exc:
            log.warning("could not send the apology: %s", exc, extra={"conversation": key})


def _where(update: object, context: ContextTypes.DEFAULT_TYPE) -> tuple[ConversationKey, Destination] | None:
    """The conversation an update belongs to and where to answer it; None when it was not for us."""
    if not isinstance(update, Update):
        return None
    if update.message is not None:
        incoming = incoming_message(update.message, context.bot.bot)
        return (incoming.key, Destination.answering(update.message)) if incoming else None
    query = update.callback_query
    if query is not None and query.message is not None:
        key = incoming_press(query)
        return (key, Destination.answering(query.message)) if key else None
    return None


def keyboard_without(markup: InlineKeyboardMarkup, feedback_row: bool) -> InlineKeyboardMarkup | None:
    """The keyboard without its 👍/👎 row (`feedback_row`), or with nothing but it; None when empty."""
    rows = [row for row in markup.inline_keyboard
            if all(b.text in (UP_LABEL, DOWN_LABEL) for b in row) != feedback_row]
    return InlineKeyboardMarkup(rows) if rows else None


async def _quietly(call: Awaitable[object]) -> None:
    """Best-effort calls (stop a spinner, drop an old keyboard): failing them must not stop the reply."""
    try:
        await call
    except TelegramError as exc:
        log.debug("best-effort call failed: %s", exc)
