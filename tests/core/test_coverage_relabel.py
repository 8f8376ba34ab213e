"""The coverage set's relabelling study (round 23, benchmarks/coverage_relabel/PREREG.md), and the learned veto's
labels (benchmarks/learned_veto.py, which needs scikit-learn only to train):
- the key covers every coverage question once, and every question has two ratings with labels the product knows;
- no question text is kept in the study's folder, and the benchmark prints none;
- the rule: a label changes only when both raters give one label that differs from the set's, whatever the
  engine answers; a label agreed as `none` wants no answer.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.coverage_relabel import (
    NONE,
    STUDY,
    MisfiledRating,
    Question,
    agreed,
    lines,
    load,
    rater_label,
    ratings,
    right,
    study,
)
from benchmarks.platform_coverage import COVERAGE, measure
from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge
from bot.matching.datasets import PLATFORM_LABEL
from bot.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = frozenset({"instagram", "tiktok", "linkedin"})


def _coverage_questions() -> list[str]:
    data = yaml.safe_load(COVERAGE.read_text(encoding="utf-8")) or {}
    return [str(e["q"]) for e in data.get("questions") or () if isinstance(e, dict) and "q" in e]


def test_the_key_maps_every_coverage_question_once() -> None:
    key = json.loads((STUDY / "key.json").read_text(encoding="utf-8"))
    assert sorted(item["index"] for item in key) == list(range(len(_coverage_questions())))
    assert len({item["id"] for item in key}) == len(key)


def test_every_question_has_two_known_labels(knowledge: Knowledge) -> None:
    rated = ratings(frozenset(knowledge.platforms))
    assert sorted(rated) == list(range(len(_coverage_questions())))
    known = set(knowledge.topics) | {"flow", "tip", NONE}
    for labels in rated.values():
        assert len(labels) == 2 and labels[0][0] != labels[1][0]
        for _, (topic, ids) in labels:
            assert set(ids) <= set(knowledge.platforms) if topic == PLATFORM_LABEL else topic in known, topic


def test_the_study_keeps_no_question_text() -> None:
    questions = {normalize(q) for q in _coverage_questions()}
    for path in STUDY.iterdir():
        text = normalize(path.read_text(encoding="utf-8"))
        assert not [q for q in questions if len(q) > 12 and q in text], f"{path.name} holds a coverage question"


def test_the_benchmark_prints_figures_and_never_a_question() -> None:
    run = subprocess.run([sys.executable, "benchmarks/coverage_relabel.py"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "relabelled: right" in run.stdout and "the set's own labels: right" in run.stdout
    shown = normalize(run.stdout)
    assert not [q for q in {normalize(q) for q in _coverage_questions()} if len(q) > 12 and q in shown]


def test_a_rater_label_reads_as_the_benchmark_reads_a_label() -> None:
    assert rater_label("tiktok", PLATFORMS) == (PLATFORM_LABEL, ("tiktok",))
    assert rater_label(["tiktok", "instagram", "tiktok"], PLATFORMS) == (PLATFORM_LABEL, ("instagram", "tiktok"))
    assert rater_label("hashtags", PLATFORMS) == ("hashtags", ())


def test_raters_agree_only_on_one_label_given_by_both() -> None:
    assert agreed([("crisis", ()), ("crisis", ())]) == ("crisis", ())
    assert agreed([("crisis", ()), ("community-management", ())]) is None
    assert agreed([("crisis", ())]) is None
    assert agreed([("flow", ()), ("choose-platforms", ())]) == ("flow", ())


TIKTOK = (PLATFORM_LABEL, ("tiktok",))
KPIS = ("kpis", ())


def _rated(*labels: tuple[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((f"relabel_A_{i + 1}", label) for i, label in enumerate(labels))


def test_a_label_changes_only_when_both_raters_give_another_one() -> None:
    assert Question(TIKTOK, _rated(KPIS, KPIS), KPIS).relabelled == KPIS
    assert Question(TIKTOK, _rated(KPIS, TIKTOK), KPIS).relabelled == TIKTOK
    assert Question(TIKTOK, _rated(TIKTOK, TIKTOK), KPIS).relabelled == TIKTOK
    assert Question(("flow", ()), _rated(("choose-platforms", ()), ("choose-platforms", ())),
                    ("flow", ())).relabelled == ("flow", ())


def test_out_of_scope_wants_no_answer() -> None:
    assert right((None, ()), (NONE, ()))
    assert not right(KPIS, (NONE, ()))
    assert not right((None, ()), KPIS)


def test_the_study_counts_changes_both_ways_and_each_rater() -> None:
    questions = [
        Question(TIKTOK, _rated(KPIS, KPIS), KPIS),                   # answered wrong by the set, right relabelled
        Question(KPIS, _rated(TIKTOK, TIKTOK), KPIS),                 # right by the set, answered wrong relabelled
        Question(KPIS, _rated(KPIS, TIKTOK), KPIS),                   # raters differ: the set's label stands
        Question(KPIS, _rated((NONE, ()), (NONE, ())), (None, ())),   # not answered: right once out of scope
        Question(KPIS, _rated((NONE, ()), (NONE, ())), KPIS),         # answered, agreed out of scope: wrong
    ]
    counts = study(questions)
    expected = {"right before": 3, "wrong before": 1, "right after": 3, "wrong after": 2, "labels changed": 4,
                "changed w to r": 1, "changed r to w": 2, "changed u to r": 1, "changed platform to topic": 1,
                "changed topic to platform": 1, "changed topic to none": 2, "raters agree": 4,
                "every rater = label": 0, "w ratings": 2, "w rating = label": 0, "w rating = engine": 2,
                "r ratings": 6, "r rating = label": 1, "rater relabel_A_1 ratings": 5, "rater relabel_A_1 = label": 1,
                "rater relabel_A_2 ratings": 5, "rater relabel_A_2 = label": 0}
    assert {key: counts[key] for key in expected} == expected
    text = "\n".join(lines(counts))
    assert "the set's own labels: right 60.0% (3), answered wrong 20.0% (1)" in text
    assert "relabelled: right 60.0% (3), answered wrong 40.0% (2)" in text
    assert "rater relabel_A_1: 5 ratings, equal to the set's label 20.0%" in text
    assert "right to answered wrong 2, answered wrong to right 1, not answered to right 1" in text
    assert "platform to topic 1, topic to platform 1, topic to none 2" in text


def test_the_key_is_the_pre_registered_shuffle_and_a_misfiled_rating_is_refused(tmp_path: Path) -> None:
    key = json.loads((STUDY / "key.json").read_text(encoding="utf-8"))
    order = list(range(len(key)))
    random.Random(23).shuffle(order)
    assert [item["index"] for item in key] == order
    assert [item["file"] for item in key] == ["A"] * 122 + ["B"] * (len(key) - 122)
    (tmp_path / "key.json").write_text(json.dumps(key[:2]), encoding="utf-8")
    (tmp_path / "relabel_B_1.yaml").write_text(f"- {{id: {key[0]['id']}, label: kpis}}\n", encoding="utf-8")
    with pytest.raises(MisfiledRating):
        ratings(PLATFORMS, tmp_path)


def test_the_set_s_own_figure_is_the_coverage_benchmark_s(knowledge: Knowledge) -> None:
    dialogue = Dialogue(knowledge)
    counts = study(load(dialogue, frozenset(knowledge.platforms)))
    tally = measure(dialogue, yaml.safe_load(COVERAGE.read_text(encoding="utf-8")))
    assert (counts["right before"], counts["wrong before"]) == (tally.right, tally.wrong)


def test_the_learned_veto_reads_labels_as_the_benchmarks_do_without_scikit_learn() -> None:
    from benchmarks.learned_veto import OUT, class_of, lines

    assert class_of((PLATFORM_LABEL, ("tiktok", "instagram"))) == "platform:instagram,tiktok"
    assert class_of(("flow", ())) == class_of(("choose-platforms", ())) == "choose-platforms"
    assert class_of(("kpis", ())) == "kpis" and class_of((None, ())) is None and OUT == "none"
    counts = Counter({"in-domain": 4, "out of scope": 1, "engine right": 2, "engine wrong": 1,
                      "veto 0.01 right": 2, "veto 0.01 held back wrong": 1})
    text = "\n".join(lines("set", counts, [0.01]))
    assert "engine     right    2 (50.0%), answered wrong   1 (25.0%)" in text
    assert "veto 0.01  right    2 (50.0%), answered wrong   0 (0.0%)" in text and "held back 0 right, 1 wrong" in text


class _Model:
    """Stands in for the scikit-learn model only: the probability it gives every label."""

    def __init__(self, probability: float | None) -> None:
        self.p = probability

    def probability(self, text: str, name: str) -> float | None:
        return self.p


def test_the_learned_veto_holds_back_only_the_answers_under_its_threshold(knowledge: Knowledge) -> None:
    from benchmarks.learned_veto import tally

    items = [("is TikTok good for B2B?", (PLATFORM_LABEL, ("tiktok",))), ("what KPIs should I track?", KPIS),
             ("what is the capital of France?", None)]
    dialogue = Dialogue(knowledge)
    low = tally(dialogue, _Model(0.005), items, [0.01])  # type: ignore[arg-type]
    assert (low["engine right"], low["engine wrong"], low["engine out answered"]) == (2, 0, 0)
    assert (low["veto 0.01 right"], low["veto 0.01 held back right"]) == (0, 2)
    unknown = tally(dialogue, _Model(None), items, [0.01])  # type: ignore[arg-type]
    assert unknown["veto 0.01 right"] == 2 and unknown["veto 0.01 held back right"] == 0
