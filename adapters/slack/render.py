"""Rendering replies as Slack messages: the neutral markup as mrkdwn in Block Kit, within Slack's limits.

Every piece of text is escaped (&, <, >), so nothing a user or a knowledge editor wrote can ping
(`<!channel>`, `<@U123>`) or become a link; only links written in the markup become links.
Messages are never sent with `link_names` or `parse=full`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.markup import Span, chunk_paragraphs, parse
from bot.normalize import clean
from bot.types import Button, FeedbackRow, Reply

log = logging.getLogger("advisor.slack")

# Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
SECTION_TEXT = 3000
MAX_BLOCKS = 50
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
MESSAGE_CHARS = 12_000
"""Text per message: far above ~13,000 characters Slack answers msg_blocks_too_long."""
FALLBACK_CHARS = 3000

CHECK = "\u2713 "
ACTION_PREFIX = "adv:"
ANYONE = "*"
"""A button value's owner when anyone in the channel may press it (a scheduled tip's buttons)."""
SHARE_ACTION = "adv:share"
FEEDBACK_BLOCK = "fb:"
"""block_id prefix of an answer's 👍/👎 row (the answer's id follows)."""

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One message: `text` is the plain fallback (notifications, screen readers), always set."""

    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ButtonValue:
    """What a button carries: whose conversation it belongs to, in which thread, and the engine payload."""

    owner: str
    thread: str
    payload: str

    def encode(self) -> str:
        return json.dumps({"o": self.owner, "t": self.thread, "p": self.payload}, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str | None) -> ButtonValue | None:
        """None when the value is not one of ours."""
        try:
            data = json.loads(value or "")
            if all(isinstance(data.get(k), str) for k in "otp"):
                return cls(data["o"], data["t"], data["p"])
        except (ValueError, AttributeError):
            pass
        return None


def escape(text: str) -> str:
    """Escape text for mrkdwn and plain_text fields: only &, < and > have a meaning there."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _url(url: str) -> str:
    return url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def _spans(spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        text = escape(span.text)
        if span.url:
            out.append(f"<{_url(span.url)}|{text.strip() or _url(span.url)}>")
        elif span.bold and text.strip():
            lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()  # type: ignore[union-attr]
            out.append(f"{lead}*{core}*{trail}")
        else:
            out.append(text)
    return "".join(out)


def mrkdwn_paragraphs(markup: str) -> list[str]:
    """The markup's paragraphs as mrkdwn: **bold** as *bold*, bullets as "•", links as <url|label>."""
    return ["\n".join(("• " if line.bullet else "") + _spans(line.spans) for line in paragraph.lines)
            for paragraph in parse(markup)]


def plain(mrkdwn: str) -> str:
    """A readable plain fallback of rendered mrkdwn (still escaped: Slack parses `text` too)."""
    text = re.sub(r"<([^|>\s]+)\|([^>]*)>", r"\2 (\1)", mrkdwn)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    return text if len(text) <= FALLBACK_CHARS else text[:FALLBACK_CHARS - 1].rstrip() + "…"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(label: str, action_id: str, value: str) -> Block:
    shown = clean(label).strip() or "…"
    if len(shown) > BUTTON_TEXT:
        shown = shown[:BUTTON_TEXT - 1].rstrip() + "…"
    return {"type": "button", "text": {"type": "plain_text", "text": shown, "emoji": True},
            "action_id": action_id[:ACTION_ID], "value": value}


def button_elements(buttons: Sequence[Button], owner: str, thread: str) -> list[Block]:
    """The reply's buttons; a button whose value would exceed Slack's limit is left out (and logged)."""
    elements = []
    for index, b in enumerate(buttons):
        value = ButtonValue(owner, thread, b.payload).encode()
        if len(value) > BUTTON_VALUE:
            log.warning("button left out: value too long", extra={"payload": b.payload[:80]})
            continue
        elements.append(button(b.label, f"{ACTION_PREFIX}{index}", value))
    return elements


def actions_blocks(elements: Sequence[Block], block_id: str | None = None) -> list[Block]:
    blocks = []
    for n, start in enumerate(range(0, len(elements), ACTIONS_ELEMENTS)):
        block: Block = {"type": "actions", "elements": list(elements[start:start + ACTIONS_ELEMENTS])}
        if block_id:
            block["block_id"] = f"{block_id}:{n}"[:ACTION_ID]
        blocks.append(block)
    return blocks[:MAX_BLOCKS - 1]


def feedback_block(row: FeedbackRow, owner: str, thread: str, first_index: int, kept: str | None = None) -> Block:
    """An answer's 👍/👎 as an actions block of its own, block_id `fb:<answer>` (`fb:<answer>:<kept>` on an
    ephemeral message kept under the id `kept`); its action ids go on from `first_index`, after the
    answer's own buttons."""
    elements = [button(b.label, f"{ACTION_PREFIX}{first_index + i}", ButtonValue(owner, thread, b.payload).encode())
                for i, b in enumerate(row.buttons)]
    block_id = f"{FEEDBACK_BLOCK}{row.answer}" + (f":{kept}" if kept else "")
    return {"type": "actions", "block_id": block_id[:ACTION_ID], "elements": elements}


def is_feedback_block(block: Block) -> bool:
    """The 👍/👎 row of an answer, or the thank-you that replaced it."""
    return str(block.get("block_id", "")).startswith(FEEDBACK_BLOCK)


def kept_message_id(block_id: str) -> str | None:
    """The id an ephemeral message is kept under, from the block_id of one of its actions blocks
    (`m:<id>:<n>`, `fb:<answer>:<id>`); None for other blocks."""
    parts = block_id.split(":")
    if parts[0] == "m" and len(parts) >= 2:
        return parts[1] or None
    if f"{parts[0]}:" == FEEDBACK_BLOCK and len(parts) == 3:
        return parts[2] or None
    return None


def reply_actions(reply: Reply, owner: str, thread: str, kept: str | None = None) -> tuple[list[Block], Block | None]:
    """The reply's buttons (see `button_elements`) and its feedback row (None when it takes none)."""
    elements = button_elements(reply.buttons, owner, thread)
    row = feedback_block(reply.feedback, owner, thread, len(reply.buttons), kept) if reply.feedback else None
    return elements, row


def render_reply(reply: Reply, elements: Sequence[Block] = (), block_id: str | None = None,
                 feedback: Block | None = None) -> list[SlackMessage]:
    """A reply as one or more messages (long answers are split between paragraphs); the interactive
    `elements` (see `button_elements`) go under the last message, in actions blocks tagged `block_id`,
    then the `feedback` row (see `feedback_block`)."""
    paragraphs = mrkdwn_paragraphs(reply.text) or [""]
    if reply.attachment:
        title = escape(reply.attachment.title).strip() or _url(reply.attachment.url)
        paragraphs.append(f"\U0001f4ce <{_url(reply.attachment.url)}|{title}>")
    sections = chunk_paragraphs(paragraphs, SECTION_TEXT)
    actions = actions_blocks(elements, block_id)
    if feedback is not None:
        actions = [*actions[:MAX_BLOCKS - 2], feedback]
    budget = MAX_BLOCKS - len(actions)
    groups: list[list[str]] = [[]]
    for text in sections:
        current = groups[-1]
        if current and (len(current) >= budget or sum(map(len, current)) + len(text) > MESSAGE_CHARS):
            groups.append(current := [])
        current.append(text)
    messages = []
    for n, group in enumerate(groups):
        blocks = [section(text) for text in group if text.strip()]
        if n == len(groups) - 1:
            blocks += actions
        fallback = plain("\n\n".join(group)).strip() or "…"
        messages.append(SlackMessage(fallback, tuple(blocks)))
    return messages


def text_message(markup: str) -> SlackMessage:
    """A short note (apologies, ephemeral notices) as one message without buttons."""
    return render_reply(Reply(markup))[0]


def content_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The blocks of a message without its buttons (nor its feedback row)."""
    return [b for b in blocks if isinstance(b, dict) and b.get("type") != "actions" and not is_feedback_block(b)]


def chosen(blocks: Sequence[Block], note: str) -> list[Block]:
    """A clicked message as it should look afterwards: its buttons replaced by `note` (plain text); its
    feedback row, if any, stays (the answer can still be rated)."""
    rows = [b for b in blocks if isinstance(b, dict) and is_feedback_block(b)]
    return [*content_blocks(blocks), context(escape(note)), *rows][-MAX_BLOCKS:]


def rated(blocks: Sequence[Block], note: str) -> list[Block]:
    """A message whose 👍/👎 was pressed: the feedback row replaced by `note` (under the row's block_id),
    everything else kept."""
    return [context(escape(note)) | {"block_id": b["block_id"]} if is_feedback_block(b) else b
            for b in blocks if isinstance(b, dict)]


def choice_note(label: str) -> str:
    """"✓ label": what a message shows once one of its buttons was pressed."""
    return CHECK + label.removeprefix(CHECK).strip()
