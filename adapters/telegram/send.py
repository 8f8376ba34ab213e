"""Sending replies to one place in Telegram: a sender comes pre-bound to its chat, forum topic,
the message it answers (in groups) and the user its buttons are offered to."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    MaybeInaccessibleMessage,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError

from adapters.telegram.callbacks import CallbackRegistry
from adapters.telegram.render import Part, layout, render_reply
from adapters.telegram.updates import is_group, thread_of
from bot.delivery import Turn, waiting_for_the_platform
from bot.export import UPLOAD_FAILED
from bot.normalize import clean
from bot.types import Button, ConversationKey, FeedbackRow, FileAttachment, Reply

log = logging.getLogger("advisor.telegram")


@dataclass(frozen=True, slots=True)
class Destination:
    """Where replies go. `reply_to` is the message they answer (groups only), None for none."""

    chat_id: int
    thread_id: int | None = None
    reply_to: int | None = None

    @classmethod
    def answering(cls, message: MaybeInaccessibleMessage) -> Destination:
        """Replies to `message`: same chat and forum topic; quoting it in groups."""
        thread = thread_of(message)
        return cls(message.chat.id, int(thread) if thread else None,
                   message.message_id if is_group(message) else None)


class Sender:
    def __init__(self, bot: Bot, callbacks: CallbackRegistry, destination: Destination,
                 key: ConversationKey, turn: Turn | None = None) -> None:
        """`turn`: the delivery turn the replies answer (button records are written with its finish)."""
        self.bot = bot
        self.callbacks = callbacks
        self.destination = destination
        self.key = key
        self.turn = turn

    async def send(self, replies: list[Reply]) -> None:
        """Send each reply as one or more messages, its buttons (then its 👍/👎 row) under the last one. During
        a delivery turn, the turn gives its place to others while it waits for the Bot API and the send pacing."""
        async with waiting_for_the_platform():
            for reply in replies:
                parts = render_reply(reply)
                markup = await self.keyboard(reply.buttons, reply.feedback) if reply.buttons or reply.feedback else None
                for i, part in enumerate(parts):
                    await self.send_part(part, markup if i == len(parts) - 1 else None)
                for attached in reply.files:
                    await self.send_file(attached)

    async def send_file(self, attached: FileAttachment) -> None:
        """sendDocument; when Telegram refuses the file, a note says so (the reply's text went out)."""
        where = self.destination
        try:
            await self.bot.send_document(
                chat_id=where.chat_id, document=InputFile(attached.content, filename=attached.filename),
                message_thread_id=where.thread_id,
                reply_parameters=(ReplyParameters(where.reply_to, allow_sending_without_reply=True)
                                  if where.reply_to is not None else None))
        except RetryAfter:
            raise
        except TelegramError as exc:
            log.warning("file refused: %s", exc, extra={"conversation": self.key.as_str(), "file": attached.filename})
            await self.send_plain(UPLOAD_FAILED.format(name=attached.filename, error=str(exc) or type(exc).__name__))

    async def keyboard(self, buttons: tuple[Button, ...], feedback: FeedbackRow | None = None) -> InlineKeyboardMarkup:
        """The buttons laid out in rows, and the feedback row last, on a row of its own."""
        row = feedback.buttons if feedback else ()
        data = await self.callbacks.register((*buttons, *row), owner=self.key.user, turn=self.turn)
        labels = [clean(b.label).strip() or "…" for b in (*buttons, *row)]
        rows = [*layout(labels[:len(buttons)]), list(range(len(buttons), len(labels)))]
        return InlineKeyboardMarkup([[InlineKeyboardButton(labels[i], callback_data=data[i]) for i in r]
                                     for r in rows if r])

    async def send_part(self, part: Part, markup: InlineKeyboardMarkup | None = None) -> None:
        """Send as HTML; when Telegram rejects the formatting, send the same text plain."""
        try:
            await self._send(part.html, ParseMode.HTML, markup)
        except BadRequest as exc:
            if "parse entities" not in str(exc).lower():
                raise
            log.warning("formatting rejected, sending plain text",
                        extra={"conversation": self.key.as_str(), "error": str(exc)})
            await self._send(part.plain, None, markup)

    async def send_plain(self, text: str) -> None:
        await self._send(text, None, None)

    async def _send(self, text: str, parse_mode: str | None, markup: InlineKeyboardMarkup | None) -> None:
        where = self.destination
        await self.bot.send_message(
            chat_id=where.chat_id, text=text, parse_mode=parse_mode, reply_markup=markup,
            message_thread_id=where.thread_id,
            reply_parameters=(ReplyParameters(where.reply_to, allow_sending_without_reply=True)
                              if where.reply_to is not None else None),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
