"""The platform questions' dev set (tests/data/dev-platforms.yaml), measured through the whole dialogue
with benchmarks/platform_coverage.py's tally.

- It is a dev set: tuned on, so its floors guard against regressions and a failure prints its misses.
- None of its questions copies (or nearly copies) a question of the coverage set or of the blind set;
  a failure names only the dev entries, never a coverage or blind question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.platform_coverage import BLIND, COVERAGE, Tally, measure
from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge
from bot.matching.datasets import load_set
from bot.normalize import normalize
from tests.near_copies import near_copies

DEV_PLATFORMS = Path(__file__).resolve().parents[1] / "data" / "dev-platforms.yaml"
FLOORS = {"platform_right": 0.945, "right": 0.93}
MAX_WRONG = 0.05
MAX_TOPIC_AS_PLATFORM = 2
"""Just under the figures measured on 2026-11-28 (platform questions 95.1 % right, all 93.7 %, 4.0 %
answered wrong, 1 of 35 topic questions naming a platform answered with a platform answer, no
out-of-domain question): see benchmarks/README.md."""


def _dev() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEV_PLATFORMS.read_text(encoding="utf-8"))
    return data


def _questions(data: dict[str, Any]) -> list[str]:
    entries = [*(data.get("in_domain") or ()), *(data.get("out_of_domain") or ())]
    return [normalize(str(e["q"] if isinstance(e, dict) else e)) for e in entries]


def _copies(mine: list[str], theirs: list[str]) -> list[str]:
    """My questions that equal one of theirs, or nearly (a long question almost equal to it)."""
    return [mine[i] for i in near_copies(mine, theirs)]


def test_the_dev_set_shares_no_question_with_the_coverage_or_blind_sets() -> None:
    mine = _questions(_dev())
    assert len(mine) >= 300
    coverage = yaml.safe_load(COVERAGE.read_text(encoding="utf-8")) or {}
    theirs = [normalize(str(e["q"])) for e in coverage.get("questions") or () if isinstance(e, dict) and "q" in e]
    assert theirs, "the coverage set was read"
    copied = _copies(mine, theirs)
    assert copied == [], f"dev-platforms entries copying a coverage question (rewrite them): {copied}"
    copied = _copies(mine, [normalize(q) for q in load_set(BLIND).questions()])
    assert copied == [], f"dev-platforms entries copying a blind question (rewrite them): {copied}"


@pytest.fixture(scope="module")
def tally(knowledge: Knowledge) -> Tally:
    return measure(Dialogue(knowledge), _dev())


def test_platform_dev_figures(tally: Tally) -> None:
    report = "\n".join(tally.misses)
    figures = {"platform_right": tally.platform_right / tally.platform_total, "right": tally.right / tally.entries}
    for figure, floor in FLOORS.items():
        assert figures[figure] >= floor, f"dev-platforms {figure} {figures[figure]:.1%} < {floor:.1%}\n{report}"
    assert tally.wrong / tally.entries <= MAX_WRONG, report
    assert tally.topic_as_platform <= MAX_TOPIC_AS_PLATFORM and tally.ood_as_platform == 0, report


def test_the_walk_through_answers_a_question_labelled_choose_platforms(knowledge: Knowledge) -> None:
    """One question in two forms: counted right, and counted apart so the strict figure can be printed."""
    data = {"in_domain": [{"q": "help me choose the social networks for my bakery", "topic": "choose-platforms"},
                          {"q": "should our brand be present on every social network", "topic": "flow"},
                          {"q": "how many hashtags should we use", "topic": "choose-platforms"}]}
    tally = measure(Dialogue(knowledge), data)
    assert (tally.right, tally.other_form, tally.wrong) == (2, 2, 1)
    assert "strictly: right 0.0%, answered wrong 100.0%" in "\n".join(tally.lines())
