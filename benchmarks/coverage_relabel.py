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


def ratings(platforms: Set[str], directory: Path = STUDY) -> dict[int, list[Label]]:
    """Coverage index -> the labels its raters gave, in rater order."""
    index = {item["id"]: int(item["index"]) for item in json.loads((directory / "key.json").read_text("utf-8"))}
    out: dict[int, list[Label]] = {}
    for path in sorted(directory.glob("relabel_*_*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or ():
            out.setdefault(index[str(entry["id"])], []).append(rater_label(entry["label"], platforms))
    return out


def agreed(labels: list[Label]) -> Label | None:
    """The raters' one label, or None when they differ (or fewer than two rated)."""
    if len(labels) < 2 or not all(same(labels[0], other) for other in labels[1:]):
        return None
    return labels[0]


@dataclass(frozen=True)
class Question:
    """One coverage question: its set label, its raters' labels and what the engine answers."""

    want: Label
    rated: tuple[Label, ...]
    got: Got

    @property
    def relabelled(self) -> Label:
        theirs = agreed(list(self.rated))
        return theirs if theirs is not None and not same(theirs, self.want) else self.want


def study(questions: list[Question]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for question in questions:
        before = right(question.got, question.want)
        kind = "r" if before else "w"
        counts["questions"] += 1
        counts[f"{kind} questions"] += 1
        counts["rated twice"] += len(question.rated) >= 2
        counts["raters agree"] += agreed(list(question.rated)) is not None
        for given in question.rated:
            counts[f"{kind} ratings"] += 1
            counts[f"{kind} rating = label"] += same(given, question.want)
            counts[f"{kind} rating = engine"] += (question.got[0] is not None and not before
                                                  and right(question.got, given))
        after_label = question.relabelled
        after = right(question.got, after_label)
        answered = question.got[0] is not None
        counts["right before"] += before
        counts["wrong before"] += answered and not before
        counts["right after"] += after
        counts["wrong after"] += answered and not after
        if after_label != question.want:
            counts["labels changed"] += 1
            counts[f"changed {'right' if before else 'wrong'} to {'right' if after else 'wrong'}"] += 1
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


def lines(counts: Counter[str]) -> list[str]:
    n = counts["questions"]
    out = [f"coverage set: {n} questions, {counts['rated twice']} rated by two raters, "
           f"the two agree on {counts['raters agree']}"]
    for kind, name in (("r", "the engine answers right"), ("w", "the engine answers wrong or not at all")):
        ratings_n = counts[f"{kind} ratings"]
        if not ratings_n:
            continue
        line = (f"  {name}: {counts[f'{kind} questions']} questions, ratings equal to the set's label "
                f"{counts[f'{kind} rating = label'] / ratings_n:.1%}")
        if kind == "w":
            line += f", ratings the engine's answer satisfies {counts['w rating = engine'] / ratings_n:.1%}"
        out.append(line)
    changes = sorted((key, value) for key, value in counts.items() if key.startswith("changed "))
    out.append(f"labels changed (both raters agree, and differ from the set): {counts['labels changed']}"
               + "".join(f"; {key[len('changed '):]} {value}" for key, value in changes))
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
