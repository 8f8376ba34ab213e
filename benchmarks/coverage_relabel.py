"""The coverage set measured on labels two independent raters agree on (round 23), beside its own labels.

benchmarks/coverage_relabel/PREREG.md says how and why, written before any rating. Every question of
tests/data/coverage.yaml was labelled again by two raters, helpers who read only benchmarks/batches/LABEL.md and
an input file of `<id>\t<question>` lines (kept outside the repository: the questions are coverage.yaml's).
`key.json` maps each id to the question's index in coverage.yaml; `relabel_<file>_<rater>.yaml` are the
ratings as they arrived. Where both raters give one label that differs from the set's, the relabelled figure
uses theirs; a label agreed as `none` is out of scope (an answer is wrong, a fallback or an offer right).

Aggregates only: like platform_coverage.py, this never prints a question of the coverage set.

Usage:
    python benchmarks/coverage_relabel.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.platform_coverage import COVERAGE, ONE_QUESTION, _expected, answer_of, counts_right
from bot.dialogue.engine import Dialogue
from bot.knowledge.pack import load_knowledge
from bot.matching.datasets import PLATFORM_LABEL

STUDY = Path(__file__).resolve().parent / "coverage_relabel"
NONE = "none"
"""A rater's label for a question that is not about marketing."""

Label = tuple[str, tuple[str, ...]]
Got = tuple[str | None, tuple[str, ...]]


def rater_label(raw: Any, platforms: Set[str]) -> Label:
    """A rater's label in the benchmark's form: (PLATFORM_LABEL, sorted ids) or (topic, ())."""
    if isinstance(raw, list):
        return PLATFORM_LABEL, tuple(sorted({str(p) for p in raw}))
    text = str(raw)
    return (PLATFORM_LABEL, (text,)) if text in platforms else (text, ())


def same(a: Label, b: Label) -> bool:
    """One label, the walk-through and the choose-platforms topic counting as one (as platform_coverage.py)."""
    return a == b or {a[0], b[0]} == ONE_QUESTION


def right(got: Got, want: Label) -> bool:
    """Right for `want`; a question agreed out of scope is right when it gets no answer."""
    return got[0] is None if want[0] == NONE else counts_right(got, want)


Rating = tuple[str, Label]
"""Who rated (the rating file's name, `relabel_<file>_<rater>`) and the label given."""


class MisfiledRating(Exception):
    """A rating of a question that key.json places in another input file."""


def ratings(platforms: Set[str], directory: Path = STUDY) -> dict[int, list[Rating]]:
    """Coverage index -> its ratings, in the order of the rating files; each rating must come from a rater of
    the input file key.json names for the question."""
    key = {item["id"]: item for item in json.loads((directory / "key.json").read_text("utf-8"))}
    out: dict[int, list[Rating]] = {}
    for path in sorted(directory.glob("relabel_*_*.yaml")):
        input_file = path.stem.split("_")[1]
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or ():
            item = key[str(entry["id"])]
            if item["file"] != input_file:
                raise MisfiledRating(f"{path.name}: {entry['id']} belongs to file {item['file']}")
            out.setdefault(int(item["index"]), []).append((path.stem, rater_label(entry["label"], platforms)))
    return out


def agreed(labels: list[Label]) -> Label | None:
    """The raters' one label, or None when they differ (or fewer than two rated)."""
    if len(labels) < 2 or not all(same(labels[0], other) for other in labels[1:]):
        return None
    return labels[0]


@dataclass(frozen=True)
class Question:
    """One coverage question: its set label, its ratings and what the engine answers."""

    want: Label
    rated: tuple[Rating, ...]
    got: Got

    @property
    def labels(self) -> list[Label]:
        return [label for _, label in self.rated]

    @property
    def relabelled(self) -> Label:
        theirs = agreed(self.labels)
        return theirs if theirs is not None and not same(theirs, self.want) else self.want


KINDS = (("r", "the engine answers right"), ("w", "the engine answers wrong"), ("u", "the engine does not answer"))


def _state(got: Got, want: Label) -> str:
    """r (right), w (answered wrong) or u (not answered: a "did you mean" or a fallback)."""
    return "r" if right(got, want) else "w" if got[0] is not None else "u"


def study(questions: list[Question]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for question in questions:
        before = _state(question.got, question.want)
        counts["questions"] += 1
        counts[f"{before} questions"] += 1
        counts["rated twice"] += len(question.rated) >= 2
        counts["raters agree"] += agreed(question.labels) is not None
        counts["every rater = label"] += all(same(given, question.want) for given in question.labels)
        for rater, given in question.rated:
            counts[f"{before} ratings"] += 1
            counts[f"{before} rating = label"] += same(given, question.want)
            counts[f"{before} rating = engine"] += before == "w" and right(question.got, given)
            counts[f"rater {rater} ratings"] += 1
            counts[f"rater {rater} = label"] += same(given, question.want)
        after_label = question.relabelled
        after = _state(question.got, after_label)
        for when, state in (("before", before), ("after", after)):
            counts[f"right {when}"] += state == "r"
            counts[f"wrong {when}"] += state == "w"
        if after_label != question.want:
            counts["labels changed"] += 1
            counts[f"changed {before} to {after}"] += 1
            counts[f"changed {_kind(question.want)} to {_kind(after_label)}"] += 1
    return counts


def _kind(label: Label) -> str:
    return "none" if label[0] == NONE else "platform" if label[0] == PLATFORM_LABEL else "topic"


def load(dialogue: Dialogue, platforms: Set[str], directory: Path = STUDY,
         coverage: Path = COVERAGE) -> list[Question]:
    entries = [e for e in (yaml.safe_load(coverage.read_text(encoding="utf-8")) or {}).get("questions") or ()
               if isinstance(e, dict) and "q" in e]
    rated = ratings(platforms, directory)
    return [Question(_expected(entry), tuple(rated.get(i, ())), answer_of(dialogue, str(entry["q"])))
            for i, entry in enumerate(entries)]


STATE_NAMES = {"r": "right", "w": "answered wrong", "u": "not answered"}


def lines(counts: Counter[str]) -> list[str]:
    n = counts["questions"]
    out = [f"coverage set: {n} questions, {counts['rated twice']} rated by two raters, "
           f"the two agree on {counts['raters agree']}, both give the set's label on {counts['every rater = label']}"]
    for rater in sorted(key.split(" ")[1] for key in counts if key.startswith("rater ") and key.endswith(" ratings")):
        out.append(f"  rater {rater}: {counts[f'rater {rater} ratings']} ratings, equal to the set's label "
                   f"{counts[f'rater {rater} = label'] / counts[f'rater {rater} ratings']:.1%}")
    for kind, name in KINDS:
        ratings_n = counts[f"{kind} ratings"]
        if not ratings_n:
            continue
        line = (f"  {name}: {counts[f'{kind} questions']} questions, {ratings_n} ratings, equal to the set's label "
                f"{counts[f'{kind} rating = label'] / ratings_n:.1%}")
        if kind == "w":
            line += f", satisfied by the engine's answer {counts['w rating = engine'] / ratings_n:.1%}"
        out.append(line)
    out.append(f"labels changed (both raters agree, and differ from the set): {counts['labels changed']}")
    out.append("  by the engine's answer: " + ", ".join(
        f"{STATE_NAMES[a]} to {STATE_NAMES[b]} {counts[f'changed {a} to {b}']}"
        for a in STATE_NAMES for b in STATE_NAMES if counts[f"changed {a} to {b}"]))
    out.append("  by the label's kind: " + ", ".join(
        f"{a} to {b} {counts[f'changed {a} to {b}']}"
        for a in ("platform", "topic") for b in ("platform", "topic", NONE) if counts[f"changed {a} to {b}"]))
    for when, name in (("before", "the set's own labels"), ("after", "relabelled")):
        out.append(f"{name}: right {counts[f'right {when}'] / max(n, 1):.1%} ({counts[f'right {when}']}), "
                   f"answered wrong {counts[f'wrong {when}'] / max(n, 1):.1%} ({counts[f'wrong {when}']})")
    return out


def main() -> None:
    knowledge = load_knowledge()
    questions = load(Dialogue(knowledge), frozenset(knowledge.platforms))
    print("\n".join(lines(study(questions))))


if __name__ == "__main__":
    main()
