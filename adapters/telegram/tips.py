"""Scheduled tips in Telegram: the /tips command (who may change the setting) and the sender the
scheduler posts through.

In a group or forum topic only the group's administrators may change the setting (checked with
getChatMember at each change); anyone may see it. In a private chat the user decides. Telegram tells
nobody's time zone, so a time without a zone is UTC, and the answer says so.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from telegram import Bot, Message
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from adapters.telegram.callbacks import ANYONE, CallbackRegistry
from adapters.telegram.send import Destination, Sender
from adapters.telegram.updates import PLATFORM, is_group, sent_as_group, thread_of
from bot.schedule import ChannelGone, ChannelKey, RetryLater, Subscriptions, TipsCommandError, TipSettings
from bot.schedule.service import ZoneDefault
from bot.types import ConversationKey, Reply

log = logging.getLogger("advisor.telegram")

COMMAND = "tips"
UTC_DEFAULT = ZoneDefault("UTC", "default", "Times are in UTC (Telegram doesn't tell me your time zone): add "
                                            "one to use your own, e.g. /tips daily 09:00 Europe/Paris.")
ADMINS = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
GONE = ("chat not found", "bot was kicked", "bot is not a member", "message thread not found", "topic_deleted",
        "have no rights to send", "not enough rights", "group chat was deactivated", "bot was blocked")


def channel_of(message: Message) -> ChannelKey:
    """The chat, or the forum topic, the message was written in."""
    return ChannelKey(PLATFORM, str(message.chat.id), thread_of(message))


class TelegramTips:
    """Answers /tips. `settings` changes the store (made with place="chat"); `callbacks` is the bot's
    button registry."""

    def __init__(self, settings: TipSettings, callbacks: CallbackRegistry) -> None:
        self.settings = settings
        self.callbacks = callbacks

    async def handle(self, bot: Bot, message: Message, arguments: str) -> None:
        user = message.from_user
        if user is None:
            return
        sender = Sender(bot, self.callbacks, Destination.answering(message),
                        ConversationKey(PLATFORM, str(message.chat.id), thread_of(message), str(user.id)))
        try:
            command = self.settings.parse(arguments)
            if self.settings.changes(command) and is_group(message) and not await _is_admin(bot, message, user.id):
                await sender.send([Reply(_plain(await _who_can(bot, message)))])
                return
            title = message.chat.title or message.chat.full_name or ""
            answer = await self.settings.apply(channel_of(message), command, str(user.id), UTC_DEFAULT, time.time(),
                                               title)
        except TipsCommandError as exc:
            answer = str(exc)
        await sender.send([Reply(_plain(answer))])


def _plain(markup: str) -> str:
    """Commands as Telegram shows them: /tips, without the code quotes Slack renders."""
    return markup.replace("`tips", "`/tips").replace("`", "")


async def _is_admin(bot: Bot, message: Message, user_id: int) -> bool:
    if sent_as_group(message):
        return True  # only administrators can write as the group
    member = await bot.get_chat_member(message.chat.id, user_id)
    return member.status in ADMINS


async def _who_can(bot: Bot, message: Message) -> str:
    """"Only this group's administrators can change its tips: Alice, Bob." (names as Telegram shows them)."""
    try:
        admins = await bot.get_chat_administrators(message.chat.id)
        names = [a.user.full_name for a in admins if not a.user.is_bot]
    except TelegramError:
        names = []
    who = f": {', '.join(names)}" if names else ""
    return f"Only this group's administrators can change its scheduled tips{who}. Ask one of them, or see the " \
           "current setting with `/tips`."


class TelegramTipSender:
    """Posts scheduled tips (buttons anyone in the chat may press). Maps the Bot API's answers to the
    scheduler's: kicked, blocked, chat or topic gone -> ChannelGone; flood control -> RetryLater. A group
    upgraded to a supergroup keeps its tips under the new chat id."""

    def __init__(self, bot: Bot, callbacks: CallbackRegistry, subscriptions: Subscriptions) -> None:
        self.bot = bot
        self.callbacks = callbacks
        self.subscriptions = subscriptions

    async def send_tip(self, channel: ChannelKey, reply: Reply) -> None:
        destination = Destination(int(channel.chat), int(channel.thread) if channel.thread else None)
        sender = Sender(self.bot, self.callbacks, destination,
                        ConversationKey(PLATFORM, channel.chat, channel.thread, ANYONE))
        try:
            await sender.send([reply])
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after)) from None
        except ChatMigrated as exc:
            await self._move(channel, str(exc.new_chat_id))
            raise ChannelGone(f"migrated to {exc.new_chat_id}") from None
        except Forbidden as exc:
            raise ChannelGone(str(exc)) from None
        except BadRequest as exc:
            if any(phrase in str(exc).lower() for phrase in GONE):
                raise ChannelGone(str(exc)) from None
            raise

    async def _move(self, channel: ChannelKey, new_chat: str) -> None:
        found = await self.subscriptions.get(channel)
        if found is not None:
            await self.subscriptions.save(replace(found[0], channel=ChannelKey(channel.platform, new_chat,
                                                                                channel.thread)))
            log.info("tips moved with the group's upgrade", extra={"channel": channel.as_str(), "to": new_chat})


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
