"""Where platform answers go right and wrong, by the shape of the message they answer.

Round 21 found that on real questions most wrong answers are platform answers, while on the helpers' sets platform
answers are right 98-99 % of the time. This script says in which messages. For every question the advisor answers
with a platform answer, it records three things about the message:
- **sentences:** one, or several;
- **where the platform is named:** in a sentence that asks (any sentence when none asks), or only in the context
  around it ("Our Facebook page has 2,000 likes. Is that good?");
- **how it asks:** explicit (the detector finds what it asks of the platform: an aspect, a comparison) or implicit
  (it only names the platform).

The answer is right when it is the label's platform answer. It is wrong when the label is another answer or the
question is out of scope. The script prints counts only, never a question, so it may run on held sets.

Sources, measured together (give one or more):
    --dev                     the dev files (bot.matching.datasets.DEV_SETS and tests/data/dev-platforms.yaml)
    --batches GROUP           a group of benchmarks/batches/groups.yaml ("tuned", "round-19-forum")
    --set FILE [--split S]    a real-question set file (benchmarks/real_questions.py's format, kept outside the
                              repository); --split keeps the entries of one split

Usage:
    python benchmarks/answer_shapes.py --dev --batches tuned --batches round-19-forum
    python benchmarks/answer_shapes.py --set /work/notes/real-questions/real-questions.yaml --split held
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.batch_accuracy import batch_path, load_groups
from benchmarks.platform_coverage import DATA, KEY, _expected, _got, strictly_right
from benchmarks.real_questions import UnreadableSet, expected, read_entries
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.pack import load_knowledge
from bot.matching.datasets import DEV_SETS, PLATFORM_LABEL
from bot.types import Incoming

DEV_FILES = (*DEV_SETS, DATA / "dev-platforms.yaml")
Want = tuple[str, tuple[str, ...]] | None
"""The right answer: (topic, ()) or (PLATFORM_LABEL, ids); None for an out-of-scope question."""


@dataclass(frozen=True, slots=True)
class Shape:
    several: bool
    """The message has more than one sentence."""
    in_asking: bool
    """A sentence that asks names a platform (any sentence, when none asks)."""
    explicit: bool
    """The detector finds what the message asks of the platform."""


def shape(dialogue: Dialogue, text: str) -> Shape:
    reading = dialogue.matcher.match(text).reading
    sentences = reading.sentences if reading is not None else ()
    asking = [s for s in sentences if s.asks] or list(sentences)
    detected = dialogue.platform_questions.detect(text, implicit=True)
    return Shape(several=len(sentences) > 1,
                 in_asking=any(dialogue.topic_preference.names_a_platform(s) for s in asking),
                 explicit=detected is not None and detected.explicit)


def platform_outcome(dialogue: Dialogue, text: str, want: Want) -> str | None:
    """right or wrong for a platform answer; None when the reply is no platform answer."""
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    got = _got(replies[0])
    if got[0] != PLATFORM_LABEL:
        return None
    return "right" if want is not None and strictly_right(got, want) else "wrong"


def measure(dialogue: Dialogue, questions: Iterable[tuple[str, Want]]) -> Counter[tuple[Shape, str]]:
    """(shape, right or wrong) -> how many platform answers."""
    counts: Counter[tuple[Shape, str]] = Counter()
    for text, want in questions:
        result = platform_outcome(dialogue, text, want)
        if result is not None:
            counts[(shape(dialogue, text), result)] += 1
    return counts


ROWS: tuple[tuple[str, Callable[[Shape], bool]], ...] = (
    ("all platform answers", lambda s: True),
    ("one sentence", lambda s: not s.several),
    ("several sentences", lambda s: s.several),
    ("  the platform named where it asks", lambda s: s.several and s.in_asking),
    ("  the platform only in the context", lambda s: s.several and not s.in_asking),
    ("explicit", lambda s: s.explicit),
    ("implicit", lambda s: not s.explicit),
    ("  implicit, several sentences", lambda s: not s.explicit and s.several),
)


def table(counts: Counter[tuple[Shape, str]]) -> list[str]:
    lines = [f"{'':36s} {'right':>7s} {'wrong':>7s} {'wrong %':>8s}"]
    for name, keep in ROWS:
        right = sum(n for (s, r), n in counts.items() if r == "right" and keep(s))
        wrong = sum(n for (s, r), n in counts.items() if r == "wrong" and keep(s))
        share = f"{wrong / (right + wrong):.1%}" if right + wrong else "-"
        lines.append(f"{name:36s} {right:7d} {wrong:7d} {share:>8s}")
    return lines


def from_dataset(data: dict[str, Any]) -> Iterator[tuple[str, Want]]:
    """A dev file or a batch: `in_domain` (or `questions`) entries labelled with a topic or platforms, and
    `out_of_domain` ones (a question, or an entry with `q`). An entry without a question or a label is skipped."""
    for entry in (*(data.get("questions") or ()), *(data.get("in_domain") or ())):
        if isinstance(entry, dict) and entry.get("q") and (entry.get("topic") or entry.get("platform")):
            yield str(entry["q"]), _expected(entry)
    for entry in data.get("out_of_domain") or ():
        text = entry.get("q") if isinstance(entry, dict) else entry
        if text:
            yield str(text), None


def from_real(entries: list[dict[str, Any]], platforms: frozenset[str]) -> Iterator[tuple[str, Want]]:
    for entry in entries:
        yield str(entry["q"]), expected(entry.get("label"), platforms)


def _load(path: Path) -> Any:
    """A dev file or a batch of the repository."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def questions(args: argparse.Namespace, groups: dict[str, dict[str, Any]], platforms: frozenset[str],
              real: list[dict[str, Any]]) -> Iterator[tuple[str, Want]]:
    if args.dev:
        for path in DEV_FILES:
            yield from from_dataset(_load(path) or {})
    for group in args.batches:
        for batch in groups[group]["files"]:
            yield from from_dataset(_load(batch_path(batch)) or {})
    yield from from_real(real, platforms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="the dev files")
    parser.add_argument("--batches", action="append", default=[], metavar="GROUP", help="a group of batches")
    parser.add_argument("--set", type=Path, default=None, help="a real-question set file")
    parser.add_argument("--split", default=None, help="with --set: only the entries of this split")
    args = parser.parse_args(argv)
    if not (args.dev or args.batches or args.set):
        parser.error("give --dev, --batches GROUP or --set FILE")
    if args.split is not None and args.set is None:
        parser.error("--split needs --set")
    groups = load_groups() if args.batches else {}
    unknown = set(args.batches) - set(groups)
    if unknown:
        parser.error(f"no such group of batches: {', '.join(sorted(unknown))}")
    try:
        real = read_entries(args.set, args.split) if args.set is not None else []
    except UnreadableSet as error:
        parser.error(str(error))
    if args.set is not None and not real:
        parser.error(f"{args.set}: no question{f' in split {args.split}' if args.split else ''}")
    dialogue = Dialogue(load_knowledge())
    counts = measure(dialogue, questions(args, groups, frozenset(dialogue.knowledge.platforms), real))
    print("\n".join(table(counts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
