"""Telegram updates as engine messages: who is talking where, and whether the message is for us.

In a private chat every text is for the advisor. In a group only commands (bare or /cmd@thisbot),
messages that mention the bot and replies to the bot's own messages are; the rest is chatter.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, MaybeInaccessibleMessage, Message, MessageEntity, User
from telegram.constants import ChatType

from bot.types import ConversationKey, Incoming

PLATFORM = "telegram"
GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


def thread_of(message: MaybeInaccessibleMessage) -> str:
    """The forum topic a message belongs to, "" outside forum topics (reply threads do not count)."""
    if isinstance(message, Message) and message.is_topic_message and message.message_thread_id:
        return str(message.message_thread_id)
    return ""


def conversation_key(message: MaybeInaccessibleMessage, user: User) -> ConversationKey:
    return ConversationKey(PLATFORM, str(message.chat.id), thread_of(message), str(user.id))


def is_group(message: MaybeInaccessibleMessage) -> bool:
    return message.chat.type in GROUP_TYPES


def incoming_message(message: Message, me: User, commands: frozenset[str] | None = None) -> Incoming | None:
    """The engine message for a text message, or None when it is not meant for the advisor.
    `commands`: the advisor's own /commands; in groups a bare /other is left to other bots."""
    user = message.from_user
    if user is None or user.is_bot or message.text is None:
        return None
    text = addressed_text(message, me, commands)
    return None if text is None else Incoming(conversation_key(message, user), text=text)


def incoming_press(query: CallbackQuery) -> ConversationKey | None:
    """Whose conversation a button press belongs to; None for presses on inline-mode messages."""
    return conversation_key(query.message, query.from_user) if query.message is not None else None


def addressed_text(message: Message, me: User, commands: frozenset[str] | None = None) -> str | None:
    """The text meant for the advisor (its mention removed), or None when the message is chatter."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    if message.chat.type not in GROUP_TYPES:
        return None
    command = _command(message)
    if command is not None:
        name, target = command
        if target == "":
            return text if commands is None or name in commands else None
        return text if target == (me.username or "").lower() else None
    mention = _mention_of(message, me)
    if mention is not None:
        return _strip(text, mention)
    return text if _replies_to(message, me) else None


def _command(message: Message) -> tuple[str, str] | None:
    """For a message starting with a command: (command, "") for /cmd, (command, "name") for
    /cmd@name, lower-cased; else None."""
    for entity, value in message.parse_entities([MessageEntity.BOT_COMMAND]).items():
        if entity.offset == 0:
            name, _, target = value.lstrip("/").partition("@")
            return name.lower(), target.lower()
    return None


def _mention_of(message: Message, me: User) -> str | None:
    """The text of the first entity that mentions the bot, or None."""
    handle = f"@{me.username}".lower() if me.username else None
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == handle:
            return value
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == me.id:
            return value
    return None


def _replies_to(message: Message, me: User) -> bool:
    reply = message.reply_to_message
    if reply is None or reply.from_user is None or reply.from_user.id != me.id:
        return False
    # In a forum topic every message "replies" to the topic's first message: that is not a reply to us.
    return reply.forum_topic_created is None


def _strip(text: str, mention: str) -> str:
    stripped = re.sub(re.escape(mention), " ", text, count=1, flags=re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", stripped).strip().lstrip(",:;").strip()


def tips_arguments(message: Message, me: User) -> str | None:
    """The words after /tips (or /tips@thisbot) when the message is that command from a person (or an
    anonymous administrator, who writes as the group itself), else None."""
    user = message.from_user
    if user is None or (user.is_bot and not sent_as_group(message)) or message.text is None:
        return None
    command = _command(message)
    if command is None or command[0] != "tips" or command[1] not in ("", (me.username or "").lower()):
        return None
    return message.text.split(maxsplit=1)[1] if len(message.text.split(maxsplit=1)) > 1 else ""


def sent_as_group(message: Message) -> bool:
    """Written by an anonymous administrator: Telegram shows the group itself as the sender."""
    return message.sender_chat is not None and message.sender_chat.id == message.chat.id
