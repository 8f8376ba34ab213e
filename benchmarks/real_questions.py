"""Accuracy on real questions: questions people wrote on forums, in advice columns and to consultants, collected
from public pages by helpers who wrote none of them (benchmarks/real_questions/COLLECT.md) and labelled by two
raters each, a third breaking ties (benchmarks/real_questions/RATE.md).

The texts are other people's words: they are kept outside the repository, like the separate set of real forum
questions issue 10 names; benchmarks/real_questions/manifest.yaml lists each question's id, address, kind,
label and split, so the set can be checked and collected again. A set file is a YAML list of
`{id, q, label, kind, split}`: `label` a platform id (or a list of them), a topic id, `flow`, or `none` (not a
marketing question) or `other` (a marketing question no label answers); `kind` forum, letter, quoted, faq or
title; `split` dev (tuned on, misses may be read) or held* (measured, never tuned on: `--show-errors` is
refused for it).

Figures: in-domain questions answered right, answered wrong, offered in a "did you mean", refused; out-of-scope
questions (`none`, `other`) answered anyway; the same per kind. Right and wrong are read as
benchmarks/platform_coverage.py reads them (the choose-platforms topic and the walk-through count for each other).

Usage:
    python benchmarks/real_questions.py --set /work/notes/real-questions/labelled.yaml
    python benchmarks/real_questions.py --set SET.yaml --split dev --show-errors
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.platform_coverage import KEY, ONE_QUESTION, _got, counts_right
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.pack import load_knowledge
from bot.matching.datasets import PLATFORM_LABEL
from bot.matching.evaluation import offered_labels
from bot.types import Incoming, ReplyKind

OUT_OF_SCOPE = frozenset(("none", "other"))
"""Labels of questions the advisor should not answer with a topic: not about marketing, or no label fits."""


@dataclass
class RealTally:
    """The figures of one set (or of one kind of question in it)."""

    counts: Counter[str] = field(default_factory=Counter)
    """right, wrong, offered (the right answer among the choices: offered_right), refused (in-domain);
    out_answered, out_refused (out of scope)."""
    misses: list[str] = field(default_factory=list)

    @property
    def in_domain(self) -> int:
        return sum(self.counts[k] for k in ("right", "wrong", "offered", "offered_right", "refused"))

    @property
    def out_of_scope(self) -> int:
        return self.counts["out_answered"] + self.counts["out_refused"]

    def line(self) -> str:
        n = max(self.in_domain, 1)
        return (f"in-domain {self.in_domain}: right {self.counts['right'] / n:.1%} ({self.counts['right']}), "
                f"answered wrong {self.counts['wrong'] / n:.1%} ({self.counts['wrong']}), "
                f"offered {self.counts['offered'] + self.counts['offered_right']} (the right answer among the choices "
                f"{self.counts['offered_right']}), refused {self.counts['refused']}; "
                f"out of scope {self.out_of_scope}: answered {self.counts['out_answered']}")


def expected(label: Any, platforms: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    """What a right answer is for a label: (topic, ()), (PLATFORM_LABEL, ids), or None when out of scope."""
    if isinstance(label, list):
        return PLATFORM_LABEL, tuple(sorted(str(p) for p in label))
    if label in OUT_OF_SCOPE:
        return None
    if label in platforms:
        return PLATFORM_LABEL, (str(label),)
    return str(label), ()


def outcome(dialogue: Dialogue, entry: dict[str, Any], platforms: frozenset[str]) -> str:
    """right, wrong, offered_right (a "did you mean" with the right answer among its choices), offered or refused
    for an in-domain question; out_answered or out_refused otherwise."""
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=str(entry["q"])))
    first = replies[0]
    got = _got(first)
    want = expected(entry.get("label"), platforms)
    if want is None:
        return "out_answered" if got[0] is not None else "out_refused"
    if got[0] is None:
        if first.kind is ReplyKind.FALLBACK:
            return "refused"
        offered = {(label.topic, label.platforms) for label in offered_labels(first)}
        among = want in offered or (want[0] in ONE_QUESTION and bool(ONE_QUESTION & {t for t, _ in offered}))
        return "offered_right" if among else "offered"
    return "right" if counts_right(got, want) else "wrong"


class UnreadableSet(Exception):
    """A set file that is not YAML: its message names the file, never the text around the error, which could be
    a held question."""


def read_entries(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """The entries of a set file (of one split, when given); none when the file is not a list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise UnreadableSet(f"{path}: cannot be read as YAML ({type(error).__name__})") from None
    return [e for e in (data if isinstance(data, list) else ())
            if isinstance(e, dict) and "q" in e and (split is None or e.get("split") == split)]


def measure(dialogue: Dialogue, entries: list[dict[str, Any]]) -> tuple[RealTally, dict[str, RealTally]]:
    """The whole set's figures and those of each kind; misses are kept for the entries of a dev split only."""
    platforms = frozenset(dialogue.knowledge.platforms)
    total, kinds = RealTally(), {}
    for entry in entries:
        result = outcome(dialogue, entry, platforms)
        kind = kinds.setdefault(str(entry.get("kind", "?")), RealTally())
        for tally in (total, kind):
            tally.counts[result] += 1
        if result in ("wrong", "offered", "offered_right", "refused", "out_answered") and entry.get("split") == "dev":
            total.misses.append(f"{result:12s} {entry.get('id')} want {entry.get('label')}: {entry['q']!r}")
    return total, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", required=True, type=Path, help="the set file (kept outside the repository)")
    parser.add_argument("--split", default=None, help="only the entries of this split (dev, held, held2...)")
    parser.add_argument("--show-errors", action="store_true", help="print the misses (dev splits only)")
    args = parser.parse_args(argv)
    try:
        entries = read_entries(args.set, args.split)
    except UnreadableSet as error:
        print(error, file=sys.stderr)
        return 2
    if args.show_errors and any(str(e.get("split", "held")).startswith("held") for e in entries):
        print("refused: the selection holds held questions; their misses are never printed (use --split dev)",
              file=sys.stderr)
        return 2
    total, kinds = measure(Dialogue(load_knowledge()), entries)
    print(f"{args.set.name}{f' ({args.split})' if args.split else ''}: {len(entries)} questions")
    print(total.line())
    for kind, tally in sorted(kinds.items()):
        print(f"  {kind:8s} {tally.line()}")
    if args.show_errors:
        print("\n".join(total.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
