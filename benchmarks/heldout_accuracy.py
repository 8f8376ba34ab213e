"""Accuracy of the matcher on tests/data/heldout.yaml (questions not in the knowledge examples).

Usage: python benchmarks/heldout_accuracy.py [--show-errors]
In-domain: the right topic answered confidently ("flow" means the walk-through was started).
Out-of-domain: anything but a confident answer (a fallback or a "did you mean") counts as rejected.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.knowledge.pack import load_knowledge
from bot.matching import FLOW_PREFIX, build_matcher

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout.yaml"


def evaluate(show_errors: bool = False) -> tuple[float, float, int, int]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    matcher = build_matcher(load_knowledge())
    right = 0
    for item in data["in_domain"]:
        match = matcher.match(item["q"])
        got = match.best.intent if match.best else None
        if got is not None and got.startswith(FLOW_PREFIX):
            got = "flow"
        if got == item["topic"]:
            right += 1
        elif show_errors:
            top = [(c.intent, c.score) for c in match.candidates[:3]]
            print(f"MISS  {item['q']!r}: want {item['topic']}, got {got}  {top}")
    rejected = 0
    for question in data["out_of_domain"]:
        match = matcher.match(question)
        if match.best is None:
            rejected += 1
        elif show_errors:
            print(f"FALSE {question!r}: answered {match.best.intent} {match.best.score}")
    n_in, n_out = len(data["in_domain"]), len(data["out_of_domain"])
    return right / n_in, rejected / n_out, n_in, n_out


if __name__ == "__main__":
    acc_in, acc_out, n_in, n_out = evaluate("--show-errors" in sys.argv)
    print(f"in-domain right topic: {acc_in:.1%} of {n_in}; out-of-domain rejected: {acc_out:.1%} of {n_out}")
