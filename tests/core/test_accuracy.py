"""Matching accuracy on the held-out questions (tests/data/heldout.yaml), written apart from the
knowledge examples. The matcher's thresholds were tuned on this set (README, "Matching")."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.dialogue.engine import Dialogue
from bot.matching.evaluation import evaluate
from bot.normalize import normalize

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout.yaml"


def load() -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [(i["q"], i["topic"]) for i in data["in_domain"]], list(data["out_of_domain"])


def test_heldout_set_is_big_enough_and_separate_from_the_examples(knowledge) -> None:
    in_domain, out_of_domain = load()
    assert len(in_domain) + len(out_of_domain) >= 150
    examples = {normalize(e) for t in knowledge.topics.values() for e in t.examples}
    examples |= {normalize(e) for f in knowledge.flows.values() for e in f.triggers}
    questions = [q for q, _ in in_domain] + out_of_domain
    leaked = [q for q in questions if normalize(q) in examples]
    assert leaked == [], "held-out questions must not be knowledge examples"


def test_heldout_accuracy(knowledge) -> None:
    result = evaluate(Dialogue(knowledge), *load())
    report = "\n".join(result.misses)
    assert result.accuracy >= 0.90, f"in-domain accuracy {result.accuracy:.1%}\n{report}"
    assert result.rejection >= 0.90, f"out-of-domain rejection {result.rejection:.1%}\n{report}"
