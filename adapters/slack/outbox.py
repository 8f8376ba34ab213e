"""Where a turn's replies go, pre-bound like bolt's `say`: a channel or thread (chat.postMessage), or
ephemeral messages through a response_url (slash commands and their buttons)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import upload_files
from adapters.slack.memory import SlackMemory
from adapters.slack.render import (
    SHARE_ACTION,
    SlackMessage,
    button,
    render_reply,
    reply_actions,
    text_message,
)
from bot.export import UPLOAD_FAILED
from bot.types import Reply, ReplyKind

SHARE_LABEL = "Share in channel"
FILES_IN_DM = "I've sent the files to our direct messages (only you can see this answer)."
SHAREABLE = frozenset({ReplyKind.ANSWER, ReplyKind.FLOW})


class Outbox(Protocol):
    async def send(self, replies: Sequence[Reply]) -> None:
        """Send the replies in order, with their buttons."""
        ...

    async def note(self, markup: str) -> None:
        """Send a short message without buttons (an apology, a notice)."""
        ...


class ResponseError(Exception):
    """A response_url refused a message (expired, used too often, invalid blocks)."""


class ChannelOutbox:
    """Messages in a DM or channel, in `thread_ts` when set. Buttons belong to `owner`'s conversation
    in `key_thread`."""

    def __init__(self, client: AsyncWebClient, channel: str, thread_ts: str | None, owner: str,
                 key_thread: str) -> None:
        self.client = client
        self.channel = channel
        self.thread_ts = thread_ts
        self.owner = owner
        self.key_thread = key_thread

    async def send(self, replies: Sequence[Reply]) -> None:
        for reply in replies:
            elements, feedback = reply_actions(reply, self.owner, self.key_thread)
            for message in render_reply(reply, elements, feedback=feedback):
                await self._post(message)
            if reply.files and (failed := await upload_files(self.client, self.channel, self.thread_ts, reply.files)):
                await self.note(failed)

    async def note(self, markup: str) -> None:
        await self._post(text_message(markup))

    async def _post(self, message: SlackMessage) -> None:
        await self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=message.text,
                                           blocks=list(message.blocks), unfurl_links=False, unfurl_media=False)


class EphemeralOutbox:
    """Ephemeral messages through a response_url. Their blocks are kept in the store, because Slack
    does not send an ephemeral message back with a click: a click updates it, "Share in channel"
    posts its content (without buttons) for everyone. Answers get that button when `can_share()` says
    the turn is shareable (the adapter asks whether a guided flow is still under way)."""

    def __init__(self, respond: AsyncRespond, memory: SlackMemory, owner: str, key_thread: str,
                 can_share: Callable[[], Awaitable[bool]] | None = None, client: AsyncWebClient | None = None) -> None:
        """`client` uploads the files of a reply to the owner's direct messages (ephemeral messages take
        no files)."""
        self.respond = respond
        self.memory = memory
        self.owner = owner
        self.key_thread = key_thread
        self.can_share = can_share
        self.client = client

    async def send(self, replies: Sequence[Reply]) -> None:
        shareable = self.can_share is not None and await self.can_share()
        for reply in replies:
            share = shareable and reply.kind in SHAREABLE
            message_id = secrets.token_urlsafe(9) if reply.buttons or share or reply.feedback else None
            elements, feedback = reply_actions(reply, self.owner, self.key_thread, message_id)
            if share:
                elements.append(button(SHARE_LABEL, SHARE_ACTION, str(message_id)))
            messages = render_reply(reply, elements, f"m:{message_id}" if message_id else None, feedback)
            if message_id:
                await self.memory.keep_message(message_id, [(m.text, list(m.blocks)) for m in messages])
            for message in messages:
                await respond_checked(self.respond, message, response_type="ephemeral", replace_original=False)
            if reply.files:
                await self._files_to_dm(reply)

    async def _files_to_dm(self, reply: Reply) -> None:
        failed = UPLOAD_FAILED.format(name=", ".join(f.filename for f in reply.files), error="no client")
        if self.client is not None:
            opened = await self.client.conversations_open(users=self.owner)
            failed = await upload_files(self.client, opened["channel"]["id"], None, reply.files) or ""
        await self.note(failed or FILES_IN_DM)

    async def note(self, markup: str) -> None:
        await respond_checked(self.respond, text_message(markup), response_type="ephemeral", replace_original=False)


async def respond_checked(respond: AsyncRespond, message: SlackMessage, **options: Any) -> None:
    """Post to a response_url; raises ResponseError when Slack refuses."""
    response = await respond(text=message.text, blocks=list(message.blocks), unfurl_links=False,
                             unfurl_media=False, **options)
    if response.status_code != 200:
        raise ResponseError(f"response_url answered {response.status_code}: {_short(response.body)}")


def _short(body: Any) -> str:
    text = body if isinstance(body, str) else json.dumps(body)
    return text[:200]
