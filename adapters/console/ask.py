"""`advisor ask`: one question in a fresh conversation, answered as one line (text or JSON).

With `--conversation NAME`, the questions are the turns of one conversation whose state is kept in the
configured store under that name (`AskConversation`): "what is SEO?" then "why?" gets the follow-up.
"""

from __future__ import annotations

import json

from adapters.console.render import render_text
from bot.advisor import Advisor
from bot.dialogue.engine import MAX_TEXT, Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.normalize import clean
from bot.types import ConversationKey, Incoming, Reply, ReplyKind

_KEY = ConversationKey("cli", "ask", "", "ask")


_dialogues: dict[tuple[int, int], Dialogue] = {}


def _dialogue(knowledge: Knowledge, max_text: int) -> Dialogue:
    """One Dialogue per pack for the life of the process (stdin mode answers many lines)."""
    key = (id(knowledge), max_text)
    if key not in _dialogues:
        _dialogues[key] = Dialogue(knowledge, max_text=max_text)
    return _dialogues[key]


def answer(knowledge: Knowledge, question: str, max_text: int = MAX_TEXT) -> list[Reply]:
    _, replies = _dialogue(knowledge, max_text).respond(ConversationState(), Incoming(_KEY, text=question))
    return replies


def to_json(replies: list[Reply]) -> dict:
    """The `ask --json` contract: kind, topic, confidence, text, buttons (several replies merged), and
    platforms (the catalog ids of a platform answer; an empty list for every other reply)."""
    first = replies[0]
    return {
        "kind": first.kind.value,
        "topic": first.topic,
        "confidence": first.confidence,
        "text": "\n\n".join(r.text for r in replies),
        "buttons": [{"label": b.label, "payload": b.payload} for r in replies for b in r.buttons],
        "platforms": list(first.platforms),
    }


def answer_line(knowledge: Knowledge, question: str, as_json: bool, max_text: int = MAX_TEXT) -> str:
    """Exactly one line, whatever the question (empty, huge, control characters)."""
    return render_line(answer(knowledge, question, max_text), as_json)


def render_line(replies: list[Reply], as_json: bool) -> str:
    """One line. In plain text, a "did you mean" lists what it offers after its question, since a line
    has no buttons: "Did you mean one of these? Choose my platforms / Choosing the right platforms"."""
    if as_json:
        return json.dumps(to_json(replies), ensure_ascii=False)
    parts = []
    for reply in replies:
        parts.append(render_text(reply.text))
        if reply.kind is ReplyKind.CLARIFY and reply.buttons:
            parts.append(" / ".join(clean(b.label) for b in reply.buttons))
    return " ".join(" ".join(parts).split())


class AskConversation:
    """The turns of one named conversation, its state in the advisor's store under
    ConversationKey("cli", "ask", "", NAME). Each turn gives exactly one line."""

    def __init__(self, advisor: Advisor, name: str) -> None:
        self.advisor = advisor
        self.key = ConversationKey("cli", "ask", "", name)

    async def line(self, question: str, as_json: bool) -> str:
        replies = await self.advisor.handle(Incoming(self.key, text=question))
        return render_line(replies or [Reply("", ReplyKind.FALLBACK, None, 0.0)], as_json)
