"""👍/👎 on an answer in Slack: the press shows a thank-you in place of the row, leaving the answer's
other buttons usable. Recording (once per user and answer) and the follow-up after a 👎 are the
engine's (bot/editors/loop.py); this module only updates what the user sees."""

from __future__ import annotations

import logging

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.events import Click
from adapters.slack.memory import SlackMemory
from adapters.slack.outbox import respond_checked
from adapters.slack.render import SlackMessage, kept_message_id, rated

log = logging.getLogger("advisor.slack")


async def show_rated(pressed: Click, note: str, client: AsyncWebClient, respond: AsyncRespond,
                     memory: SlackMemory) -> None:
    """Replace the clicked message's feedback row with `note`. A failure is logged, never raised: the
    press is recorded whatever the message looks like."""
    try:
        if pressed.ephemeral:
            message_id = kept_message_id(pressed.block_id)
            parts = await memory.message(message_id) if message_id else None
            if message_id is None or not parts:
                return
            text, blocks = parts[-1]
            new = rated(blocks, note)
            await memory.update_message(message_id, [*parts[:-1], (text, new)])
            await respond_checked(respond, SlackMessage(text, tuple(new)), replace_original=True)
        elif pressed.channel is not None and pressed.message_ts is not None:
            await client.chat_update(channel=pressed.channel, ts=pressed.message_ts,
                                     text=pressed.message_text or note, blocks=rated(pressed.blocks, note))
    except Exception as exc:
        log.warning("could not update the rated message: %s", type(exc).__name__)
