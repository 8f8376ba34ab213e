"""The small typed vocabulary that crosses the boundary between the engine and the adapters."""

from __future__ import annotations

import secrets
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


class Rating(StrEnum):
    """What a press on a feedback button says: 👍, 👎, or the follow-up after a 👎 ("What were you
    looking for?": a topic, or "Something else")."""

    UP = "up"
    DOWN = "down"
    WANTED = "wanted"


FEEDBACK_PREFIX = "fb"
UP_LABEL = "\U0001f44d"
DOWN_LABEL = "\U0001f44e"


@dataclass(frozen=True, slots=True)
class Feedback:
    """A press on a feedback button, and the one place its payload is written and read.

    `answer` is the id of the rated answer (unique per answer sent), `topic` the topic it answered;
    `wanted` is, for `Rating.WANTED`, the topic the user was looking for ("" for "Something else").
    Payload: `fb:<rating>:<answer>:<topic>[:<wanted>]` (ids have no colons), at most ~110 bytes:
    within Slack's button value; Telegram buttons carry a short key to it (adapters/telegram/callbacks.py).
    """

    rating: Rating
    answer: str
    topic: str
    wanted: str = ""

    @property
    def payload(self) -> str:
        tail = f":{self.wanted}" if self.rating is Rating.WANTED else ""
        return f"{FEEDBACK_PREFIX}:{self.rating.value}:{self.answer}:{self.topic}{tail}"

    @property
    def is_vote(self) -> bool:
        """A 👍 or 👎 (pressed in the answer's feedback row), not the follow-up choice."""
        return self.rating is not Rating.WANTED

    @classmethod
    def read(cls, payload: str | None) -> Feedback | None:
        """The feedback a payload carries; None for any other payload (or a malformed one)."""
        parts = (payload or "").split(":")
        if len(parts) not in (4, 5) or parts[0] != FEEDBACK_PREFIX or not parts[2] or not parts[3]:
            return None
        try:
            rating = Rating(parts[1])
        except ValueError:
            return None
        if (len(parts) == 5) != (rating is Rating.WANTED):
            return None
        return cls(rating, parts[2], parts[3], parts[4] if len(parts) == 5 else "")


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """The marker on a knowledge answer that takes 👍/👎: each renderer shows `buttons` as a row of
    their own, after the answer's buttons (the console as typed `+` / `-`). Topic answers and platform
    answers carry one; small talk, tips and walk-through steps none."""

    answer: str
    topic: str

    @classmethod
    def new(cls, topic: str) -> FeedbackRow:
        """The row of a new answer about `topic`, with a fresh answer id (8 URL-safe characters)."""
        return cls(secrets.token_urlsafe(6), topic)

    @property
    def up(self) -> Feedback:
        return Feedback(Rating.UP, self.answer, self.topic)

    @property
    def down(self) -> Feedback:
        return Feedback(Rating.DOWN, self.answer, self.topic)

    @property
    def buttons(self) -> tuple[Button, Button]:
        return Button(UP_LABEL, self.up.payload), Button(DOWN_LABEL, self.down.payload)


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
    `feedback` set: a knowledge answer that takes 👍/👎 (see FeedbackRow).
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
    feedback: FeedbackRow | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from a user: typed text, or a button press carrying its payload."""

    key: ConversationKey
    text: str = ""
    payload: str | None = None
