"""Platform-answer coverage on tests/data/coverage.yaml (issue 10), aggregates only.

The coverage set is blind: this script prints figures, never its questions, and nothing in the
knowledge may be tuned on it. Usage: python benchmarks/platform_coverage.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.pack import load_knowledge
from bot.types import ConversationKey, Incoming, ReplyKind

COVERAGE = Path(__file__).resolve().parent.parent / "tests" / "data" / "coverage.yaml"
KEY = ConversationKey("coverage", "c", "", "u")


def _expected(entry: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    platform = entry.get("platform")
    if platform is not None:
        ids = platform if isinstance(platform, list) else [platform]
        return "platform", tuple(sorted(str(p) for p in ids))
    return str(entry.get("topic")), ()


def main() -> None:
    data = yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))
    entries = [e for e in data.get("questions") or () if isinstance(e, dict) and "q" in e]
    dialogue = Dialogue(load_knowledge())
    platform_total = platform_right = platform_other_ids = platform_topic = platform_refused = 0
    topic_total = topic_as_platform = 0
    right = wrong = 0
    for entry in entries:
        topic, ids = _expected(entry)
        _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=str(entry["q"])))
        first = replies[0]
        answered = first.kind is ReplyKind.ANSWER and first.topic is not None
        got = (first.topic, tuple(sorted(first.platforms)))
        if answered and got == (topic, ids):
            right += 1
        elif answered or first.kind is ReplyKind.FLOW:
            wrong += 1
        if topic == "platform":
            platform_total += 1
            if got == (topic, ids):
                platform_right += 1
            elif first.topic == "platform":
                platform_other_ids += 1
            elif answered:
                platform_topic += 1
            else:
                platform_refused += 1
        else:
            topic_total += 1
            topic_as_platform += first.topic == "platform"
    print(f"coverage set: {len(entries)} questions ({platform_total} platform questions, "
          f"{topic_total} topic questions)")
    print(f"all: right {right / len(entries):.1%}, answered wrong {wrong / len(entries):.1%}")
    if platform_total:
        print(f"platform questions: right {platform_right / platform_total:.1%} ({platform_right}), "
              f"platform answer with other platforms {platform_other_ids}, a topic instead {platform_topic}, "
              f"refused or clarified {platform_refused}")
    print(f"topic questions answered with a platform answer: {topic_as_platform} of {topic_total}")


if __name__ == "__main__":
    main()
