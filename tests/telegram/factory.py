"""Telegram-shaped update JSON for the tests: users, chats, text messages and button presses."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from tests.telegram.fake_bot_api import BOT_USER

JSON = dict[str, Any]
_ids = itertools.count(500_000)
_message_ids = itertools.count(1)


def user(user_id: int, name: str) -> JSON:
    return {"id": user_id, "is_bot": False, "first_name": name, "username": name.lower(), "language_code": "en"}


def private_chat(of: JSON) -> JSON:
    return {"id": of["id"], "type": "private", "first_name": of["first_name"], "username": of["username"]}


def group(chat_id: int, title: str = "Marketing team", forum: bool = False) -> JSON:
    chat: JSON = {"id": chat_id, "type": "supergroup", "title": title}
    if forum:
        chat["is_forum"] = True
    return chat


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[JSON]:
    """What Telegram detects in typed text: a leading /command and @mentions."""
    found = []
    command = re.match(r"/[A-Za-z0-9_]+(?:@\w+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group(0))})
    for m in re.finditer(r"(?<![\w/])@\w{3,}", text):
        found.append({"type": "mention", "offset": _utf16(text[:m.start()]), "length": _utf16(m.group(0))})
    return found


def message(chat: JSON, sender: JSON, text: str, reply_to: JSON | None = None, topic: int | None = None) -> JSON:
    msg: JSON = {"message_id": next(_message_ids), "from": sender, "chat": chat, "date": int(time.time()),
                 "text": text}
    if found := entities(text):
        msg["entities"] = found
    if topic is not None:
        msg.update(message_thread_id=topic, is_topic_message=True)
        # In a forum topic every message points at the topic's first message.
        reply_to = reply_to or topic_root(chat, topic)
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return msg


def topic_root(chat: JSON, topic: int, creator: JSON | None = None) -> JSON:
    return {"message_id": topic, "from": creator or BOT_USER, "chat": chat, "date": int(time.time()),
            "message_thread_id": topic, "forum_topic_created": {"name": f"Topic {topic}", "icon_color": 7322096}}


def text_update(chat: JSON, sender: JSON, text: str, reply_to: JSON | None = None, topic: int | None = None) -> JSON:
    return {"update_id": next(_ids), "message": message(chat, sender, text, reply_to, topic)}


def press_update(sender: JSON, bot_message: JSON, data: str) -> JSON:
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": sender, "message": bot_message, "chat_instance": "-42", "data": data}}


def find_button(bot_message: JSON, label: str) -> str:
    """The callback_data of the button whose label (without a check mark) starts with `label`."""
    for row in bot_message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if button["text"].lstrip("\u2713 ").lower().startswith(label.lower()):
                return button["callback_data"]
    raise AssertionError(f"no button {label!r} in {bot_message.get('reply_markup')}")
