"""The advisor's work on one recorded delivery: a message, a click, a slash command, the Home tab.

Each check comes first (is this for us? whose button? already clicked?), then one Incoming goes to the
engine and the replies to an Outbox. No dialogue rules live here. Receiving, recording, deduplicating
and acknowledging happen before, in `adapters.slack.intake` and the delivery pipeline, which calls
`handle` when the delivery's turn comes in its conversation; the same code runs a delivery resumed after
its first worker died (the advisor's journal then keeps it from being applied twice).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import COMMAND, Delivery, Kind
from adapters.slack.events import PLATFORM, Click, Where, click, command_text, decode_text, key, user_message
from adapters.slack.feedback import show_rated
from adapters.slack.home import publish_home
from adapters.slack.memory import SlackMemory
from adapters.slack.outbox import ChannelOutbox, EphemeralOutbox, Outbox, respond_checked
from adapters.slack.render import (
    ANYONE,
    SlackMessage,
    button_elements,
    choice_note,
    chosen,
    content_blocks,
    kept_message_id,
    render_reply,
    text_message,
)
from adapters.slack.tips import TIPS_PAYLOAD, SlackTips, tips_arguments
from bot.advisor import Advisor
from bot.delivery import Superseded, Turn, waiting_for_the_platform
from bot.editors.stats import names_of, scheduled_lines, summary_lines
from bot.knowledge.model import Command
from bot.schedule.service import list_subscriptions
from bot.store.base import StoreError
from bot.types import ConversationKey, Feedback, Incoming, Reply

log = logging.getLogger("advisor.slack")

__all__ = ["COMMAND", "SlackHandlers"]

OTHER_USER = ("These buttons belong to someone else's conversation with me. Mention me in a message "
              "(or use `/advisor`) to ask your own question.")
STALE = "That choice was already made. Use the buttons on my latest message, or type your answer."
SHARE_EXPIRED = "That answer is no longer available to share. Ask me again with `/advisor`."
SHARED = "Shared in the channel"
WEEK = 7 * 86400.0


class SlackHandlers:
    """The advisor's Slack surfaces: DMs, mentions and thread follow-ups, buttons, the slash command,
    the App Home tab. `bot_user_id` is the advisor's own user (its messages and mention are ignored);
    `client` carries the bot token."""

    def __init__(self, advisor: Advisor, memory: SlackMemory, bot_user_id: str | None,
                 client: AsyncWebClient, tips: SlackTips | None = None) -> None:
        self.advisor = advisor
        self.memory = memory
        self.bot_user_id = bot_user_id
        self.client = client
        self.tips = tips

    @property
    def commands(self) -> frozenset[str]:
        """The words `/advisor <word>` runs as a command (those of the pack in use: it can be reloaded)."""
        flows = {f.command for f in self.advisor.knowledge.flows.values() if f.command}
        return frozenset(flows | {c.value for c in Command} | {"start"})

    async def handle(self, delivery: Delivery, turn: Turn | None = None) -> None:
        """Do what the delivery asks (`turn`: its turn in the delivery pipeline, with what was loaded for
        it). Raises StoreError when the store fails: then nothing was said to the user, and the delivery
        must stay recorded to be tried again."""
        turn = turn or Turn(delivery.id, "", "")
        body = delivery.body
        match delivery.kind:
            case Kind.EVENT if body.get("type") == "app_home_opened":
                buttons = self.advisor.dialogue.replies.help_buttons()
                await publish_home(self.client, str(body["user"]), buttons, *await self._week())
            case Kind.EVENT:
                await self._message(turn, body)
            case Kind.BUTTON:
                await self._button(turn, body, _respond(body))
            case Kind.SHARE:
                await self._share(turn, body, _respond(body))
            case Kind.COMMAND:
                await self._command(turn, body, _respond(body))
            case Kind.SHORTCUT:
                await self._shortcut(body, _respond(body))

    # -- work ------------------------------------------------------------------------------------

    async def _message(self, turn: Turn, event: dict[str, Any]) -> None:
        message = user_message(event, self.bot_user_id)
        if message is None:
            return
        if message.where is Where.DM:
            conversation = key(message.channel, "", message.user)
            out: Outbox = ChannelOutbox(self.client, message.channel, message.thread_ts, message.user, "")
        else:
            follow_up = (message.thread_ts is not None and not message.mentions_others
                         and await self.memory.in_thread(message.channel, message.thread_ts, message.user, turn.store))
            if not (message.mentions_bot or follow_up):
                return  # channel chatter
            conversation = key(message.channel, message.root, message.user)
            out = ChannelOutbox(self.client, message.channel, message.root, message.user, message.root)
        if message.where is Where.CHANNEL:
            await self.memory.join_thread(message.channel, message.root, message.user, turn.store)
        await self._turn(turn, Incoming(conversation, text=message.text), out)

    async def _button(self, turn: Turn, body: dict[str, Any], respond: AsyncRespond) -> None:
        client = self.client
        pressed = click(body)
        if pressed is None or pressed.value is None:
            return
        value = pressed.value
        shared = value.owner == ANYONE  # a scheduled tip's buttons: anyone may press, each gets a thread
        if value.owner != pressed.user and not shared:
            await self._notice(pressed, client, respond, OTHER_USER)
            return
        if value.payload.startswith(TIPS_PAYLOAD) and self.tips is not None and pressed.channel is not None:
            answer = await self.tips.command(pressed.channel, pressed.user, value.payload[len(TIPS_PAYLOAD):])
            await respond_checked(respond, text_message(answer), replace_original=True)
            return
        feedback = Feedback.read(value.payload)
        if feedback is not None and feedback.is_vote and not pressed.in_view:
            await self._vote(turn, pressed, respond)
            return
        if pressed.in_view:
            opened = await client.conversations_open(users=pressed.user)
            channel = opened["channel"]["id"]
            conversation = key(channel, "", pressed.user)
            out: Outbox = ChannelOutbox(client, channel, None, pressed.user, "")
        else:
            if pressed.channel is None or pressed.message_ts is None:
                return
            thread = pressed.message_ts if shared else value.thread
            conversation = key(pressed.channel, thread, pressed.user)
            clicked = f"{pressed.message_ts}:{pressed.user}" if shared else pressed.message_ts
            if not await self.memory.first_click(turn.event_id, pressed.channel, clicked):
                await self._notice(pressed, client, respond, STALE)
                return
            if pressed.ephemeral:
                out = self._ephemeral(respond, conversation)
            else:
                thread_ts = pressed.thread_ts or thread or None
                out = ChannelOutbox(client, pressed.channel, thread_ts, pressed.user, thread)
        mark = (None if pressed.in_view or shared
                else partial(self._mark_chosen, pressed, conversation, client, respond))
        await self._turn(turn, Incoming(conversation, text=pressed.label, payload=value.payload), out, mark)

    async def _vote(self, turn: Turn, pressed: Click, respond: AsyncRespond) -> None:
        """A 👍/👎: it does not use up the message's other buttons; its row becomes a thank-you, and the
        engine's reply (the follow-up question after a 👎) goes where the answer was."""
        assert pressed.value is not None and pressed.channel is not None
        value = pressed.value
        conversation = key(pressed.channel, value.thread, pressed.user)
        out: Outbox = (self._ephemeral(respond, conversation) if pressed.ephemeral else
                       ChannelOutbox(self.client, pressed.channel, pressed.thread_ts or value.thread or None,
                                     pressed.user, value.thread))
        note = f"{pressed.label} {self.advisor.knowledge.message('feedback_thanks')}"

        async def mark(replies: list[Reply]) -> None:
            await show_rated(pressed, note, self.client, respond, self.memory)

        await self._turn(turn, Incoming(conversation, text=pressed.label, payload=value.payload), out, mark)

    async def _share(self, turn: Turn, body: dict[str, Any], respond: AsyncRespond) -> None:
        pressed = click(body)
        if pressed is None:
            return
        parts = await self.memory.message(pressed.raw_value)
        if parts is None or not await self.memory.claim(turn.event_id, f"share:{pressed.raw_value}"):
            await self._notice(pressed, self.client, respond, SHARE_EXPIRED if parts is None else STALE)
            return
        for text, blocks in parts:
            await respond_checked(respond, SlackMessage(text, tuple(content_blocks(blocks))),
                                  response_type="in_channel", replace_original=False)
        text, blocks = parts[-1]
        await respond_checked(respond, SlackMessage(text, tuple(chosen(blocks, choice_note(SHARED)))),
                              replace_original=True)

    async def _command(self, turn: Turn, command: dict[str, Any], respond: AsyncRespond) -> None:
        user, channel = command.get("user_id"), command.get("channel_id")
        if not isinstance(user, str) or not isinstance(channel, str):
            return
        conversation = key(channel, "", user)
        raw = decode_text(str(command.get("text") or ""))
        if self.tips is not None and (arguments := tips_arguments(raw)) is not None:
            answer = await self.tips.command(channel, user, arguments)
            await respond_checked(respond, text_message(answer), response_type="ephemeral", replace_original=False)
            return
        text = command_text(str(command.get("text") or ""), self.commands)
        await self._turn(turn, Incoming(conversation, text=text), self._ephemeral(respond, conversation))

    async def _shortcut(self, body: dict[str, Any], respond: AsyncRespond) -> None:
        """The "Scheduled tips here" message shortcut: the setting, with preset buttons, only for its user."""
        user, channel = (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id")
        if self.tips is None or not isinstance(user, str) or not isinstance(channel, str):
            return
        reply = await self.tips.shortcut(channel)
        for message in render_reply(reply, button_elements(reply.buttons, user, "")):
            await respond_checked(respond, message, response_type="ephemeral", replace_original=False)

    async def _turn(self, turn: Turn, incoming: Incoming, out: Outbox,
                    before_send: Callable[[list[Reply]], Awaitable[None]] | None = None) -> None:
        """One engine turn (or, for a resumed delivery the engine already applied, its recorded replies).
        A StoreError is raised: nothing is said and the delivery stays recorded; so is Superseded (an
        earlier message arrived during this one's reorder wait: it goes first). Any other failure
        is logged with the conversation and apologised for."""
        try:
            replies = await self.advisor.handle(incoming, delivery=turn.event_id, store=turn.store)
            if before_send is not None:
                await before_send(replies)
            async with waiting_for_the_platform():
                await out.send(replies)
        except (StoreError, Superseded):
            raise
        except Exception:
            log.exception("slack turn failed", extra={"conversation": incoming.key.as_str()})
            try:
                await out.note(self.advisor.knowledge.message("error"))
            except Exception as exc:
                log.error("could not send the apology: %s", type(exc).__name__,
                          extra={"conversation": incoming.key.as_str()})

    # -- helpers ---------------------------------------------------------------------------------

    async def _week(self) -> tuple[list[str], list[str]]:
        """This week's questions and the channels with scheduled tips, for the Home tab (nothing when
        the store cannot be read)."""
        try:
            stats = await self.advisor.editors.stats.read(time.time() - WEEK)
            channels = await list_subscriptions(self.advisor.store, PLATFORM)
        except StoreError as exc:
            log.warning("App Home without this week's questions: %s", exc)
            return [], []
        titles, names = names_of(self.advisor.knowledge)
        return summary_lines(stats, titles, names=names), scheduled_lines(channels)

    def _ephemeral(self, respond: AsyncRespond, conversation: ConversationKey) -> EphemeralOutbox:
        async def flow_finished() -> bool:
            return (await self.advisor.state(conversation)).flow is None

        return EphemeralOutbox(respond, self.memory, conversation.user, conversation.thread, flow_finished, self.client)

    async def _mark_chosen(self, pressed: Click, conversation: ConversationKey, client: AsyncWebClient,
                           respond: AsyncRespond, replies: list[Reply]) -> None:
        """Show the choice on the clicked message and remove its buttons (or say the choice had expired,
        when the engine says so). A failure here is logged and does not stop the conversation."""
        expired = self.advisor.knowledge.message("expired")
        note = expired if replies and replies[0].text.startswith(expired) else choice_note(pressed.label)
        try:
            if pressed.ephemeral:
                message_id = kept_message_id(pressed.block_id)
                parts = await self.memory.message(message_id) if message_id else None
                text, blocks = parts[-1] if parts else (pressed.label, [])
                await respond_checked(respond, SlackMessage(text, tuple(chosen(blocks, note))), replace_original=True)
            elif pressed.channel is not None and pressed.message_ts is not None:
                await client.chat_update(channel=pressed.channel, ts=pressed.message_ts,
                                         text=pressed.message_text or pressed.label,
                                         blocks=chosen(pressed.blocks, note))
        except Exception as exc:
            log.warning("could not update the clicked message: %s", type(exc).__name__,
                        extra={"conversation": conversation.as_str()})

    async def _notice(self, pressed: Click, client: AsyncWebClient, respond: AsyncRespond, markup: str) -> None:
        """A note only the clicking user sees."""
        message = text_message(markup)
        if pressed.ephemeral or pressed.channel is None:
            await respond_checked(respond, message, response_type="ephemeral", replace_original=False)
        else:
            await client.chat_postEphemeral(channel=pressed.channel, user=pressed.user, text=message.text,
                                            blocks=list(message.blocks), thread_ts=pressed.thread_ts)



def _respond(body: dict[str, Any]) -> AsyncRespond:
    """Replies through the request's response_url (clicks on ephemeral messages, slash commands)."""
    return AsyncRespond(response_url=body.get("response_url"))
