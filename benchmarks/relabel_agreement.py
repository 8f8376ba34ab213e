"""Do independent raters side with the labels or with the engine where the two differ? (round 19)

benchmarks/batches/relabel/ holds 421 questions of the batches: every question the engine answered
wrong at ba9f325 (212) and 209 it answered right (212 drawn at random; 3 were taken out later as near
copies of held questions), shuffled into two files.
Two raters per file, helpers who read nothing but benchmarks/batches/LABEL.md and their input, labelled
each question again. key.json keeps, per question id, whether the engine was right ("r") or wrong ("w"),
the batch's label and the engine's answer. The walk-through and the choose-platforms topic count as one
label, as in benchmarks/platform_coverage.py.

Usage:
    python benchmarks/relabel_agreement.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Set
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.platform_coverage import ONE_QUESTION
from bot.knowledge.pack import load_knowledge

RELABEL = Path(__file__).resolve().parent / "batches" / "relabel"


def label(raw: Any, platforms: Set[str]) -> str:
    """A rater's label in the key's form: "platform:a,b" (ids sorted) or a topic id; `platforms` are the
    catalog's ids, which benchmarks/batches/LABEL.md lists."""
    if isinstance(raw, list):
        return "platform:" + ",".join(sorted(str(p) for p in raw))
    return f"platform:{raw}" if str(raw) in platforms else str(raw)


def same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and (a == b or {a, b} == ONE_QUESTION)


def ratings(platforms: Set[str], directory: Path = RELABEL) -> dict[str, list[str]]:
    """Question id -> the labels its raters gave."""
    out: dict[str, list[str]] = {}
    for path in sorted(directory.glob("relabel_*_*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.setdefault(str(entry["id"]), []).append(label(entry["label"], platforms))
    return out


def agreement(platforms: Set[str], directory: Path = RELABEL) -> Counter[str]:
    key = json.loads((directory / "key.json").read_text(encoding="utf-8"))
    rated = ratings(platforms, directory)
    counts: Counter[str] = Counter()
    for item in key:
        kind, want, got = item["kind"], item["want"], item["got"]
        labels = rated[item["id"]]
        counts[f"{kind} questions"] += 1
        for given in labels:
            counts[f"{kind} ratings"] += 1
            counts[f"{kind} rating = label"] += same(given, want)
            counts[f"{kind} rating = engine"] += same(given, got) and not same(want, got)
        counts[f"{kind} raters agree"] += all(same(labels[0], other) for other in labels[1:])
        counts[f"{kind} every rater = label"] += all(same(given, want) for given in labels)
        counts[f"{kind} every rater = engine"] += all(same(given, got) for given in labels) and not same(want, got)
    return counts


def main() -> None:
    counts = agreement(frozenset(load_knowledge().platforms))
    for kind, name in (("w", "engine answered wrong"), ("r", "engine answered right")):
        n, ratings_n = counts[f"{kind} questions"], counts[f"{kind} ratings"]
        print(f"{name}: {n} questions, {ratings_n} ratings")
        print(f"  ratings equal to the batch's label   {counts[f'{kind} rating = label'] / ratings_n:6.1%}")
        if kind == "w":
            print(f"  ratings equal to the engine's answer {counts['w rating = engine'] / ratings_n:6.1%}")
            print(f"  questions every rater answers as the engine did {counts['w every rater = engine']}")
        print(f"  questions every rater labels as the batch did   {counts[f'{kind} every rater = label']}")
        print(f"  questions whose raters agree                    {counts[f'{kind} raters agree']}")


if __name__ == "__main__":
    main()
