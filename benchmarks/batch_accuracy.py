"""Accuracy on the question batches of benchmarks/batches/, by group (tuned on, or held).

The batches were written by helpers who read nothing but a brief (benchmarks/batches/BRIEF*.md), never
the knowledge or another set. benchmarks/batches/groups.yaml says which groups are tuned on (their misses
may be read and fixed) and which are held: a held group is measured, never tuned on, and its misses are
never printed (`--show-errors` is refused for it), like the coverage and blind sets.

Figures per group are those of benchmarks/platform_coverage.py (right, answered wrong, platform questions
given a topic, out-of-domain questions given a platform answer), summed over the group's files.

Usage:
    python benchmarks/batch_accuracy.py                         # every group, aggregates
    python benchmarks/batch_accuracy.py --group tuned --show-errors
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.platform_coverage import Tally, measure
from bot.dialogue.engine import Dialogue
from bot.knowledge.pack import load_knowledge

BATCHES = Path(__file__).resolve().parent / "batches"
GROUPS = BATCHES / "groups.yaml"


def load_groups(path: Path = GROUPS) -> dict[str, dict[str, Any]]:
    """Group name -> {held: bool, brief: str, files: [batch ids]}."""
    groups: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return groups


def batch_path(batch: str) -> Path:
    return BATCHES / f"{batch}.yaml"


def add(total: Tally, part: Tally) -> None:
    """Sum `part`'s counts into `total` (misses are joined)."""
    for f in fields(Tally):
        value = getattr(part, f.name)
        setattr(total, f.name, getattr(total, f.name) + value)


def measure_group(dialogue: Dialogue, batches: list[str]) -> Tally:
    total = Tally()
    for batch in batches:
        data = yaml.safe_load(batch_path(batch).read_text(encoding="utf-8")) or {}
        add(total, measure(dialogue, data))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--group", action="append", metavar="NAME", help="a group of groups.yaml (default: all)")
    parser.add_argument("--show-errors", action="store_true", help="list the misses (groups not held only)")
    args = parser.parse_args()
    groups = load_groups()
    chosen = args.group or list(groups)
    unknown = [name for name in chosen if name not in groups]
    if unknown:
        parser.error(f"no such group: {', '.join(unknown)} (groups: {', '.join(groups)})")
    held = [name for name in chosen if groups[name]["held"]]
    if args.show_errors and held:
        parser.error(f"the misses of a held group ({', '.join(held)}) are never printed (tune on 'tuned')")
    dialogue = Dialogue(load_knowledge())
    for name in chosen:
        tally = measure_group(dialogue, list(groups[name]["files"]))
        if args.show_errors:
            print("\n".join(tally.misses), end="\n\n")
        kind = "held" if groups[name]["held"] else "free to tune on"
        print(f"{name} ({kind}, {len(groups[name]['files'])} batches): " + "\n".join(tally.lines()), end="\n\n")


if __name__ == "__main__":
    main()
