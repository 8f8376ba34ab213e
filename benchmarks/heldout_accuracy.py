"""Accuracy of the matcher on tests/data/heldout.yaml (questions not in the knowledge examples).

Usage: python benchmarks/heldout_accuracy.py [--show-errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.dialogue.engine import Dialogue
from bot.knowledge.pack import load_knowledge
from bot.matching.evaluation import Evaluation, evaluate

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout.yaml"


def heldout() -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [(i["q"], i["topic"]) for i in data["in_domain"]], list(data["out_of_domain"])


def run() -> Evaluation:
    return evaluate(Dialogue(load_knowledge()), *heldout())


if __name__ == "__main__":
    result = run()
    if "--show-errors" in sys.argv:
        print("\n".join(result.misses))
    print(f"in-domain right topic: {result.accuracy:.1%} of {result.in_domain}; "
          f"out-of-domain rejected: {result.rejection:.1%} of {result.out_of_domain}")
