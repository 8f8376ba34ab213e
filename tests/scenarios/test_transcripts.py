"""Runs every YAML transcript in transcripts/ through the real engine and a real (memory) store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.chat_harness import Chat

HERE = Path(__file__).parent / "transcripts"
CASES = [(f"{path.stem}: {case['name']}", case) for path in sorted(HERE.glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
async def test_transcript(chat: Chat, case: dict) -> None:
    for number, turn in enumerate(case["turns"], 1):
        where = f"turn {number} ({turn.get('say', turn.get('press'))!r})"
        replies = await (chat.send(turn["say"]) if "say" in turn else chat.press(turn["press"]))
        assert replies, where
        first = replies[0]
        if "kind" in turn:
            assert first.kind.value == turn["kind"], f"{where}: {first}"
        if "topic" in turn:
            assert first.topic == turn["topic"], f"{where}: {first}"
        if "text_contains" in turn:
            assert turn["text_contains"].lower() in chat.text.lower(), f"{where}: {chat.text}"
        for label in turn.get("buttons_include", []):
            assert any(b.lstrip("\u2713 ").lower().startswith(label.lower().lstrip("\u2713 "))
                       and (not label.startswith("\u2713") or b.startswith("\u2713")) for b in chat.labels), \
                f"{where}: {label!r} not in {chat.labels}"
        if "step" in turn:
            assert await chat.step() == turn["step"], where
