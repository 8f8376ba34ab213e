"""Reading Slack payloads: message events, clicks and slash commands become small typed values.

Incoming text is in Slack's format (`&amp;`, `<@U123>`, `<!here>`, `<https://x|label>`); it is decoded
to what the user typed before the engine sees it, and the bot's own mention is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from adapters.slack.render import ButtonValue
from bot.types import ConversationKey

PLATFORM = "slack"

USER_SUBTYPES = frozenset({"file_share", "thread_broadcast"})
"""Message subtypes that are still a person writing; every other subtype (edits, deletions, joins,
bot messages) is ignored."""

_TOKEN = re.compile(r"<([^<>]*)>")
_ADDRESS = re.compile(r"<(@[A-Z0-9]+|!(?:here|channel|everyone|subteam)\b)[^<>]*>")
_SPECIAL = frozenset({"here", "channel", "everyone", "subteam"})


def decode_text(text: str) -> str:
    """What the user typed, for matching: entities unescaped, links as their label, channels as #name.
    Mentions (`<@U123>`, `<!here>`, `<!channel>`, `<!everyone>`, user groups) address people; they are no
    part of a question and are dropped, so they can never be echoed."""

    def token(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return ""
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            name = target[1:].split("^")[0]
            return "" if name in _SPECIAL else label
        return label or target.removeprefix("mailto:")

    decoded = _TOKEN.sub(token, text or "")
    decoded = decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]{2,}", " ", decoded).strip()


def key(channel: str, thread: str, user: str) -> ConversationKey:
    """Who talks where. DMs use thread ""; in channels the thread is the root message's ts."""
    return ConversationKey(PLATFORM, channel, thread, user)


class Where(StrEnum):
    DM = "dm"
    CHANNEL = "channel"


@dataclass(frozen=True, slots=True)
class UserMessage:
    """A message a person wrote. `thread_ts` is None for a top-level message. `mentions_others`: it
    addresses someone else (a person, a group, @here), so without a mention of the bot it is not for us."""

    where: Where
    channel: str
    user: str
    text: str
    ts: str
    thread_ts: str | None
    mentions_bot: bool
    mentions_others: bool = False

    @property
    def root(self) -> str:
        """The thread a channel answer goes to: the existing thread, or a new one under this message."""
        return self.thread_ts or self.ts


def user_message(event: dict[str, Any], bot_user_id: str | None) -> UserMessage | None:
    """A `message` or `app_mention` event as a UserMessage; None for what the advisor ignores: edits,
    deletions and other subtypes, bots (itself included), and events without a user or text."""
    if event.get("subtype") not in (None, *USER_SUBTYPES) or event.get("bot_id") or event.get("bot_profile"):
        return None
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    raw = event.get("text")
    if not (isinstance(user, str) and isinstance(channel, str) and isinstance(ts, str) and isinstance(raw, str)):
        return None
    if user == bot_user_id:
        return None
    dm = event.get("channel_type") == "im" or (event.get("type") == "message" and channel.startswith("D"))
    mentioned = event.get("type") == "app_mention" or (bot_user_id is not None and f"<@{bot_user_id}" in raw)
    thread_ts = event.get("thread_ts") if isinstance(event.get("thread_ts"), str) else None
    others = any(m.group(1) != f"@{bot_user_id}" for m in _ADDRESS.finditer(raw))
    return UserMessage(where=Where.DM if dm else Where.CHANNEL, channel=channel, user=user, text=decode_text(raw),
                       ts=ts, thread_ts=thread_ts, mentions_bot=mentioned, mentions_others=others)


@dataclass(frozen=True, slots=True)
class Click:
    """A press on one of the advisor's buttons.

    `message_ts` is None for App Home buttons (`in_view`); `ephemeral` messages cannot be updated with
    chat.update and are answered through `response_url`. `value` is None for a button not made by us.
    """

    user: str
    channel: str | None
    message_ts: str | None
    thread_ts: str | None
    ephemeral: bool
    in_view: bool
    label: str
    value: ButtonValue | None
    raw_value: str
    block_id: str
    blocks: tuple[dict[str, Any], ...]
    message_text: str


def click(body: dict[str, Any]) -> Click | None:
    """The first action of a block_actions payload; None when it has no user or no action."""
    actions = body.get("actions") or []
    user = (body.get("user") or {}).get("id")
    if not actions or not isinstance(user, str):
        return None
    action = actions[0]
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    return Click(
        user=user, channel=channel, message_ts=container.get("message_ts") or message.get("ts"),
        thread_ts=thread_ts, ephemeral=bool(container.get("is_ephemeral")), in_view=container.get("type") == "view",
        label=str((action.get("text") or {}).get("text") or ""), value=ButtonValue.decode(action.get("value")),
        raw_value=str(action.get("value") or ""), block_id=str(action.get("block_id") or ""),
        blocks=tuple(b for b in message.get("blocks") or () if isinstance(b, dict)),
        message_text=str(message.get("text") or ""),
    )


def command_text(text: str, commands: frozenset[str]) -> str:
    """`/advisor <text>` as the engine should read it: nothing means help; a single command word
    (`platforms`, `tip`, `help`) becomes that slash command; anything else is a question."""
    decoded = decode_text(text)
    word = decoded.strip().lower().lstrip("/")
    if not word:
        return "/help"
    return f"/{word}" if word in commands else decoded
