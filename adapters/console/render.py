"""Rendering replies as plain text for the console: buttons become numbered options, and an answer's
👍/👎 row a hint to type `+` or `-`."""

from __future__ import annotations

from dataclasses import replace

from bot.dialogue.flow_runner import CHOICE_PREFIX
from bot.markup import Span, parse
from bot.normalize import clean
from bot.types import Reply


def render_spans(spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        text = clean(span.text)
        out.append(f"{text} ({span.url})" if span.url else text)
    return "".join(out)


def render_text(markup: str) -> str:
    """Markup as plain text: bold markers dropped, bullets as "•", links as "label (url)"."""
    paragraphs = []
    for paragraph in parse(markup):
        lines = [("  • " if line.bullet else "") + render_spans(line.spans) for line in paragraph.lines]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def render_reply(reply: Reply, first_number: int = 1) -> str:
    """The reply's text, then its buttons as "[1] label" options numbered from `first_number`."""
    text = render_text(reply.text)
    if reply.attachment:
        text += f"\n  📎 {clean(reply.attachment.title)} ({reply.attachment.url})"
    if reply.buttons:
        options = "   ".join(f"[{first_number + i}] {clean(b.label)}" for i, b in enumerate(reply.buttons))
        text += "\n\n" + options
    if reply.feedback is not None:
        text += f"\n{FEEDBACK_HINT}"
    return text


def render_options_as_text(reply: Reply) -> str:
    """The reply with its buttons as words to type, for where a typed number is an answer (hours) and
    cannot press a button: "(type a number, e.g. 2 h, 5 h; or back, cancel)"."""
    text = render_reply(replace(reply, buttons=()))
    if not reply.buttons:
        return text
    values = [clean(b.label) for b in reply.buttons if b.payload.startswith(f"{CHOICE_PREFIX}:")]
    words = [clean(b.label).lower() for b in reply.buttons if not b.payload.startswith(f"{CHOICE_PREFIX}:")]
    parts = [f"type a number, e.g. {', '.join(values)}"] if values else []
    if words:
        parts.append(("or " if values else "you can type: ") + ", ".join(words))
    return f"{text}\n\n({'; '.join(parts)})"


UP_KEY, DOWN_KEY = "+", "-"
FEEDBACK_HINT = f"(helpful? type {UP_KEY} or {DOWN_KEY})"
