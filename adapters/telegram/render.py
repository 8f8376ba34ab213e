"""Replies as Telegram HTML: every text span escaped, long texts split at paragraph boundaries.

Pure functions, no Telegram library: `render_reply` gives the parts of one reply; the sender puts
the reply's buttons on the last part and falls back to `Part.plain` when Telegram rejects the HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.markup import Line, Span, parse
from bot.normalize import clean
from bot.types import Reply

MESSAGE_LIMIT = 4096
"""Telegram's limit for one message, in UTF-16 code units after entity parsing."""

BULLET = "• "
_PARAGRAPH = "\n\n"
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"</?b>")


@dataclass(frozen=True, slots=True)
class Part:
    """One Telegram message: `html` for parse_mode=HTML, `plain` the same text without formatting."""

    html: str

    @property
    def plain(self) -> str:
        return html_to_plain(self.html)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    return html.escape(clean(text), quote=False)


def render_span(span: Span) -> str:
    text = escape(span.text)
    if span.url:
        return f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    return f"<b>{text}</b>" if span.bold else text


def render_line(line: Line) -> str:
    return (BULLET if line.bullet else "") + "".join(render_span(s) for s in line.spans)


def render_reply(reply: Reply, limit: int = MESSAGE_LIMIT) -> list[Part]:
    """The reply as one or more messages of at most `limit` units each (never an empty list)."""
    blocks: list[str] = []
    for paragraph in parse(reply.text):
        lines = [render_line(line) for line in paragraph.lines]
        joined = "\n".join(lines)
        blocks.extend([joined] if units(joined) <= limit else _split_lines(lines, limit))
    if reply.attachment is not None:
        link = Span(reply.attachment.title, url=reply.attachment.url)
        blocks.append("📎 " + render_span(link))
    return [Part(text) for text in pack(blocks, limit, _PARAGRAPH)] or [Part(escape(reply.text) or "…")]


def pack(blocks: list[str], limit: int, joiner: str) -> list[str]:
    """Greedily join blocks (each at most `limit` units) into pieces of at most `limit` units."""
    pieces: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{joiner}{block}" if current else block
        if units(candidate) <= limit:
            current = candidate
        else:
            if current:
                pieces.append(current)
            current = block
    if current:
        pieces.append(current)
    return pieces


def _split_lines(lines: list[str], limit: int) -> list[str]:
    """A paragraph too long for one message: cut between lines; a line too long on its own loses its
    formatting and is cut between words."""
    fitting: list[str] = []
    for line in lines:
        fitting.extend([line] if units(line) <= limit else _cut_text(html_to_plain(line), limit))
    return pack(fitting, limit, "\n")


def _cut_text(text: str, limit: int) -> list[str]:
    """Escaped pieces of plain `text`, each at most `limit` units, cut at spaces when possible."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S+\s*|\s+", text):
        escaped = escape(word)
        while units(escaped) > limit:  # one endless word: cut it anywhere
            if current:
                pieces.append(current)
                current = ""
            head, word = _fit_chars(word, limit)
            pieces.append(escape(head))
            escaped = escape(word)
        if units(current + escaped) > limit:
            pieces.append(current)
            current = ""
        current += escaped
    if current.strip():
        pieces.append(current)
    return [p.rstrip() for p in pieces if p.strip()]


def _fit_chars(word: str, limit: int) -> tuple[str, str]:
    used = 0
    for i, ch in enumerate(word):
        used += units(escape(ch))
        if used > limit:
            return word[:i], word[i:]
    return word, ""


def html_to_plain(text: str) -> str:
    """Our own HTML back to plain text: links as "label (url)", bold dropped, entities decoded."""
    def link(m: re.Match[str]) -> str:
        url, label = html.unescape(m.group(1)), m.group(2)
        return label if html.unescape(label) == url else f"{label} ({html.escape(url, quote=False)})"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))


def layout(labels: list[str], per_row: int = 3, row_chars: int = 30) -> list[list[int]]:
    """Button indices in rows: short labels share a row, long ones get their own."""
    rows: list[list[int]] = []
    width = 0
    for i, label in enumerate(labels):
        if rows and len(rows[-1]) < per_row and width + len(label) <= row_chars:
            rows[-1].append(i)
            width += len(label)
        else:
            rows.append([i])
            width = len(label)
    return rows
