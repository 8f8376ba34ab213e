"""The question batches of benchmarks/batches/ (dev data written apart from the knowledge).

- groups.yaml puts every batch file in exactly one group, tuned on or held;
- no batch question, nor a question of the relabelling study, copies (or nearly copies) a question of the
  sets that judge: the coverage set, the blind set and the held dev sets (a failure names batch files and
  counts, never a held question);
- benchmarks/batch_accuracy.py never prints the misses of a held group;
- every question of the relabelling study was labelled by two raters, with labels the product knows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from benchmarks.batch_accuracy import BATCHES, batch_path, load_groups
from benchmarks.platform_coverage import BLIND, COVERAGE
from benchmarks.relabel_agreement import RELABEL, ratings
from bot.knowledge.model import Knowledge
from bot.matching.datasets import HELD_DEV_SETS, load_set
from bot.normalize import normalize
from tests.near_copies import near_copies

ROOT = Path(__file__).resolve().parents[2]


def _batch_questions() -> list[tuple[str, str]]:
    """(batch id, normalized question) of every batch, in and out of domain."""
    out = []
    for path in sorted(BATCHES.glob("??.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("in_domain", "out_of_domain"):
            for entry in data.get(key) or ():
                out.append((path.stem, normalize(str(entry["q"] if isinstance(entry, dict) else entry))))
    return out


def _held_questions() -> list[str]:
    coverage = yaml.safe_load(COVERAGE.read_text(encoding="utf-8")) or {}
    held = [str(e["q"]) for e in coverage.get("questions") or () if isinstance(e, dict) and "q" in e]
    for path in (BLIND, *HELD_DEV_SETS):
        held += load_set(path).questions()
    return [normalize(q) for q in held]


def test_every_batch_file_is_in_exactly_one_group() -> None:
    groups = load_groups()
    listed = [batch for group in groups.values() for batch in group["files"]]
    assert len(listed) == len(set(listed)), "a batch is in two groups"
    assert sorted(listed) == sorted(p.stem for p in BATCHES.glob("??.yaml"))
    assert all(batch_path(batch).exists() for batch in listed)
    assert {"tuned"} <= set(groups) and any(group["held"] for group in groups.values())


def test_no_batch_question_copies_a_question_of_the_judging_sets() -> None:
    mine = _batch_questions()
    theirs = _held_questions()
    assert len(mine) > 25_000 and len(theirs) > 900
    copied = sorted({mine[i][0] for i in near_copies([q for _, q in mine], theirs)})
    assert copied == [], f"batches with a question copying a held one (remove it): {copied}"
    relabelled = [line.split("\t", 1)[1].rstrip("\n") for path in sorted(RELABEL.glob("relabel_?.txt"))
                  for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(relabelled) > 400
    assert near_copies([normalize(q) for q in relabelled], theirs) == [], "the relabelling study copies a held question"


def test_the_misses_of_a_held_group_are_never_printed() -> None:
    held = next(name for name, group in load_groups().items() if group["held"])
    run = subprocess.run([sys.executable, "benchmarks/batch_accuracy.py", "--group", held, "--show-errors"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "never printed" in run.stderr and run.stdout == ""


def test_every_relabelled_question_has_two_known_labels(knowledge: Knowledge) -> None:
    key = json.loads((RELABEL / "key.json").read_text(encoding="utf-8"))
    rated = ratings(frozenset(knowledge.platforms))
    assert sorted(rated) == sorted(item["id"] for item in key)
    known = set(knowledge.topics) | {"flow", "tip", "none"}
    for labels in rated.values():
        assert len(labels) == 2
        for label in labels:
            ids = label.removeprefix("platform:").split(",") if label.startswith("platform:") else []
            assert set(ids) <= set(knowledge.platforms) if ids else label in known, label
