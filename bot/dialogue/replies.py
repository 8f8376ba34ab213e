"""Building the advisor's replies from knowledge: topic answers, tips, clarifications, fallbacks."""

from __future__ import annotations

import random

from bot.knowledge.model import Citation, Command, Knowledge, Tip, Topic, TopicKind
from bot.matching import FLOW_PREFIX, TIP_INTENT, Candidate
from bot.tips import Subject
from bot.types import Button, FeedbackRow, Reply, ReplyKind

HELP_TOPIC = "help"
TIP_PAYLOAD = "tip"
"""A button payload "tip:<subject id>": another tip on that platform or topic."""
MORE_PREFIX = "more:"
"""The payload of a topic's "Tell me more" button, before the topic id."""
GREETING_TOPIC = "greeting"


class ReplyBuilder:
    """Turns knowledge objects into neutral Reply values."""

    def __init__(self, knowledge: Knowledge, rng: random.Random | None = None) -> None:
        self.knowledge = knowledge
        self._rng = rng or random.Random()

    def topic(self, topic: Topic, confidence: float = 1.0) -> Reply:
        """A topic's answer; a knowledge topic's (not small talk's) carries a feedback row with a new
        answer id."""
        buttons: list[Button] = []
        if topic.details:
            buttons.append(Button(self.knowledge.message("more_button"), f"{MORE_PREFIX}{topic.id}"))
        buttons.extend(topic.buttons)
        buttons.extend(self.topic_button(r) for r in topic.related if r in self.knowledge.topics)
        feedback = FeedbackRow.new(topic.id) if topic.kind is TopicKind.TOPIC else None
        return Reply(text=topic.answer, kind=ReplyKind.ANSWER, topic=topic.id,
                     confidence=round(confidence, 3), buttons=unique_buttons(buttons), feedback=feedback)

    def details(self, topic: Topic) -> Reply:
        """The topic's details ("tell me more"), ending with a Sources line when it cites any."""
        related = tuple(self.topic_button(r) for r in topic.related if r in self.knowledge.topics)
        sources = self.sources_line(topic.sources)
        if not topic.details:
            text = self.knowledge.message("no_details")
            return Reply(f"{sources}\n\n{text}" if sources else text, ReplyKind.ANSWER, topic.id, 1.0, related)
        text = f"{topic.details}\n\n{sources}" if sources else topic.details
        return Reply(text, ReplyKind.ANSWER, topic.id, 1.0, (*topic.buttons, *related))

    def sources_line(self, citations: tuple[Citation, ...]) -> str:
        return sources_line(self.knowledge, citations)

    def topic_button(self, topic_id: str) -> Button:
        return Button(self.knowledge.topics[topic_id].title, f"topic:{topic_id}")

    def help_buttons(self) -> tuple[Button, ...]:
        help_topic = self.knowledge.topics.get(HELP_TOPIC)
        return help_topic.buttons if help_topic else ()

    @property
    def rng(self) -> random.Random:
        """The random source of tip picks (seeded in tests)."""
        return self._rng

    def tip(self, tip: Tip, subject: Subject | None = None) -> Reply:
        """A tip; on a subject, titled with it and with a button for another tip on the same subject."""
        if subject is None:
            text = self.knowledge.message("tip", text=tip.text)
            buttons = [Button("Another tip", f"cmd:{Command.TIP.value}")]
        else:
            platform = self.knowledge.platforms.get(subject.id)
            label = platform.name.split(" (")[0] if platform is not None else subject.label
            text = self.knowledge.message("tip_about", subject=label, text=tip.text)
            another = self.knowledge.message("another_tip_about", subject=label)
            buttons = [Button(another, f"{TIP_PAYLOAD}:{subject.id}")]
        if tip.topic in self.knowledge.topics:
            buttons.append(self.topic_button(tip.topic))
        return Reply(text, ReplyKind.ANSWER, TIP_INTENT, 1.0, tuple(buttons))

    def intent_button(self, intent: str) -> Button:
        if intent == TIP_INTENT:
            return Button("Give me a tip", f"cmd:{Command.TIP.value}")
        if intent.startswith(FLOW_PREFIX):
            return Button(self.knowledge.flows[intent[len(FLOW_PREFIX):]].title, intent)
        return self.topic_button(intent)

    def clarify(self, choices: tuple[Candidate, ...], confidence: float) -> Reply:
        """"Did you mean...?" with a button per choice; `confidence` is that of the first choice."""
        return Reply(self.knowledge.message("clarify"), ReplyKind.CLARIFY, None, round(confidence, 3),
                     tuple(self.intent_button(c.intent) for c in choices))

    def fallback(self, confidence: float = 0.0, text: str | None = None) -> Reply:
        return Reply(text or self.knowledge.message("fallback"), ReplyKind.FALLBACK, None,
                     round(confidence, 3), self.help_buttons())

    def note(self, name: str, kind: ReplyKind = ReplyKind.ANSWER, buttons: tuple[Button, ...] = ()) -> Reply:
        return Reply(self.knowledge.message(name), kind, None, 1.0, buttons)


def unique_buttons(buttons: list[Button]) -> tuple[Button, ...]:
    seen: set[str] = set()
    out = []
    for button in buttons:
        if button.payload not in seen:
            seen.add(button.payload)
            out.append(button)
    return tuple(out)


def sources_line(knowledge: Knowledge, citations: tuple[Citation, ...]) -> str:
    """"**Sources:** [title](url) (Oct 2006), ..." for the cited sources; "" when none."""
    cited = knowledge.cited(citations)
    if not cited:
        return ""
    links = ", ".join(f"[{_link_label(s.title)}]({s.url}) ({s.as_of:%b %Y})" for s in cited)
    return f"**Sources:** {links}"


def _link_label(title: str) -> str:
    """A title usable as a markup link label (no square brackets, one line)."""
    return " ".join(title.replace("[", "(").replace("]", ")").split())
