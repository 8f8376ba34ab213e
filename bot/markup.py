"""The neutral markup of replies, parsed into a tiny tree that each adapter renders its own way.

Markup: `**bold**`, `[label](https://url)`, lines starting with "- " are bullets, blank lines separate
paragraphs. Everything else is literal text: renderers escape it for their target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]\n]+)\]\((?P<url>https?://[^\s)]+)\)")
_BULLET = re.compile(r"^\s*[-*•]\s+")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    spans: tuple[Span, ...]
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]


def parse_inline(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        if m.group("bold") is not None:
            spans.append(Span(m.group("bold"), bold=True))
        else:
            spans.append(Span(m.group("label"), url=m.group("url")))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(spans)


def parse(text: str) -> list[Paragraph]:
    """Paragraphs of lines of spans. Never raises; unknown syntax stays literal text."""
    paragraphs = []
    for chunk in split_paragraphs(text):
        lines = []
        for raw in chunk.split("\n"):
            bullet = _BULLET.match(raw)
            body = raw[bullet.end():] if bullet else raw.strip()
            lines.append(Line(parse_inline(body), bullet=bool(bullet)))
        paragraphs.append(Paragraph(tuple(lines)))
    return paragraphs


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of a markup text, without surrounding blank lines."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def chunk_paragraphs(paragraphs: list[str], limit: int, joiner: str = "\n\n") -> list[str]:
    """Join rendered paragraphs into pieces of at most `limit` characters, cutting only between
    paragraphs, then between lines, then (for one endless line) anywhere."""
    pieces: list[str] = []
    current = ""
    for paragraph in paragraphs:
        for part in _fit(paragraph, limit):
            candidate = f"{current}{joiner}{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces or [""]


def _fit(paragraph: str, limit: int) -> list[str]:
    if len(paragraph) <= limit:
        return [paragraph]
    out: list[str] = []
    current = ""
    for line in paragraph.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                out.append(current)
                current = ""
            out.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            out.append(current)
            current = line
    if current:
        out.append(current)
    return out
