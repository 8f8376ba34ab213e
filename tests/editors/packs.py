"""Editing a copy of the bundled knowledge pack the way an editor would, for reload tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.knowledge.pack import bundled_knowledge_dir


def copy_pack(folder: Path) -> Path:
    """A copy of the bundled pack in `folder` (YAML files only)."""
    shutil.copytree(bundled_knowledge_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def add_example(pack: Path, file: str, phrase: str) -> None:
    """Add `phrase` to the examples of the topic in `file` (relative to the pack), as an editor would."""
    path = pack / file
    text = path.read_text(encoding="utf-8")
    assert "\nexamples:\n" in text, f"{file} has no examples list"
    path.write_text(text.replace("\nexamples:\n", f"\nexamples:\n  - {json.dumps(phrase)}\n", 1), encoding="utf-8")


def break_pack(pack: Path) -> None:
    """An editor's mistake kb check reports as an error: a topic without its answer."""
    path = pack / "topics" / "seo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("answer:", "anwser:", 1), encoding="utf-8")
