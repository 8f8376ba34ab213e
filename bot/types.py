"""The small typed vocabulary that crosses the boundary between the engine and the adapters."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReplyKind(StrEnum):
    """What kind of reply the engine produced (the `kind` field of `advisor ask --json`)."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"
    FLOW = "flow"


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Who is talking where: two people in one channel never share a key.

    `thread` is the platform's thread (Slack thread ts, Telegram forum topic id) or "" when none.
    """

    platform: str
    chat: str
    thread: str
    user: str

    def as_str(self) -> str:
        """A stable string form used as the store key and in logs."""
        return ":".join(_escape_part(p) for p in (self.platform, self.chat, self.thread, self.user))


def _escape_part(part: str) -> str:
    return part.replace("%", "%25").replace(":", "%3A")


@dataclass(frozen=True, slots=True)
class Button:
    """A button: the label the user sees and the payload the press sends back."""

    label: str
    payload: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """An optional attachment: a title and a URL (rendered as a link where files are not supported)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class FileAttachment:
    """A file sent with a reply (a calendar export): its bytes, the file name people see, its MIME type.

    Adapters upload it where the platform takes files and say so when the upload fails; the reply's
    text always stands on its own without the file."""

    content: bytes
    filename: str
    mime: str

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the advisor.

    `text` is in the neutral markup (see knowledge/README.md); `topic` is the answered topic id,
    None for fallbacks and clarifications ("platform" for a platform answer); `confidence` is 0..1;
    `platforms` are the catalog ids a platform answer is about (empty for every other reply).
    """

    text: str
    kind: ReplyKind = ReplyKind.ANSWER
    topic: str | None = None
    confidence: float = 1.0
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None
    files: tuple[FileAttachment, ...] = ()
    """Files to deliver after the text (sent in order; none for most replies)."""
    platforms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from a user: typed text, or a button press carrying its payload."""

    key: ConversationKey
    text: str = ""
    payload: str | None = None
