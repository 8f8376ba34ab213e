"""Platform-answer coverage (issue 10) on tests/data/coverage.yaml, aggregates only; or on a dev file.

The coverage set is blind: on it this script prints figures, never its questions, and nothing in the
knowledge may be tuned on it. A dev file (`--set tests/data/dev-platforms.yaml`, any tests/data/dev*.yaml)
is measured the same way, and `--show-errors` lists its misses (refused for the coverage and blind sets and
for the held dev sets tests/data/dev-extra5.yaml and dev-extra6.yaml, kept for measuring a round:
aggregates only).

A question labelled `choose-platforms` ("which networks should a local accountant be on?") that starts
the walk-through which chooses platforms with the asker is answered right, and so is a question labelled
`flow` that gets the choose-platforms topic (which offers that walk-through): the two are one question
answered in two forms, and the dev sets label it either way. The figures print how many answers count
as right that way, and the figure without them ("strictly").

Usage:
    python benchmarks/platform_coverage.py                                    # the coverage set
    python benchmarks/platform_coverage.py --set tests/data/dev-platforms.yaml --show-errors
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.pack import load_knowledge
from bot.matching.datasets import HELD_DEV_SETS, PLATFORM_LABEL
from bot.matching.evaluation import FLOW_LABEL, reply_label
from bot.types import ConversationKey, Incoming, Reply

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
COVERAGE = DATA / "coverage.yaml"
BLIND = DATA / "blind.yaml"
KEY = ConversationKey("coverage", "c", "", "u")
CHOOSE_PLATFORMS = "choose-platforms"
ONE_QUESTION = frozenset((CHOOSE_PLATFORMS, FLOW_LABEL))
"""Labels of one question answered in two forms: the choose-platforms topic and its walk-through."""


def _expected(entry: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    platform = entry.get("platform")
    if platform is not None:
        ids = platform if isinstance(platform, list) else [platform]
        return PLATFORM_LABEL, tuple(sorted(str(p) for p in ids))
    return str(entry.get("topic")), ()


def _got(first: Reply) -> tuple[str | None, tuple[str, ...]]:
    """What a reply answers with, as the accuracy benchmark reads it (a started walk-through is "flow");
    (None, ()) for a "did you mean" or a fallback."""
    label = reply_label(first)
    return (label.topic, label.platforms) if label is not None else (None, ())


def strictly_right(got: tuple[str | None, tuple[str, ...]], want: tuple[str, tuple[str, ...]]) -> bool:
    """The reply answers with the expected topic, and with the expected platforms when it is a platform answer
    (the choose-platforms topic and the walk-through are not taken for each other here: see ONE_QUESTION)."""
    return got[0] == want[0] and (got[1] == want[1] or want[0] != PLATFORM_LABEL)


def counts_right(got: tuple[str | None, tuple[str, ...]], want: tuple[str, tuple[str, ...]]) -> bool:
    """Right as this benchmark counts it: strictly right, or the other form of one question (ONE_QUESTION)."""
    return strictly_right(got, want) or {got[0], want[0]} == ONE_QUESTION


def answer_of(dialogue: Dialogue, text: str) -> tuple[str | None, tuple[str, ...]]:
    """What the first reply to `text`, asked alone in a fresh conversation, answers with."""
    _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=text))
    return _got(replies[0])


def _shown(got: tuple[str | None, tuple[str, ...]], first: Reply) -> str:
    topic, ids = got
    return first.kind.value if topic is None else f"{topic}:{','.join(ids)}" if ids else topic


@dataclass
class Tally:
    """The coverage figures of one set."""

    entries: int = 0
    right: int = 0
    wrong: int = 0
    platform_total: int = 0
    platform_right: int = 0
    platform_other_ids: int = 0
    platform_topic: int = 0
    platform_refused: int = 0
    topic_total: int = 0
    topic_as_platform: int = 0
    ood_total: int = 0
    ood_as_platform: int = 0
    other_form: int = 0
    """Counted right: the walk-through for a question labelled choose-platforms, or the other way round."""
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.entries} questions ({self.platform_total} platform questions, "
               f"{self.topic_total} topic questions)",
               f"all: right {self.right / max(self.entries, 1):.1%}, "
               f"answered wrong {self.wrong / max(self.entries, 1):.1%}",
               f"walk-through and choose-platforms topic taken for each other: {self.other_form} (counted right; "
               f"strictly: right {(self.right - self.other_form) / max(self.entries, 1):.1%}, "
               f"answered wrong {(self.wrong + self.other_form) / max(self.entries, 1):.1%})"]
        if self.platform_total:
            out.append(f"platform questions: right {self.platform_right / self.platform_total:.1%} "
                       f"({self.platform_right}), platform answer with other platforms {self.platform_other_ids}, "
                       f"a topic instead {self.platform_topic}, refused or clarified {self.platform_refused}")
        out.append(f"topic questions answered with a platform answer: {self.topic_as_platform} of {self.topic_total}")
        if self.ood_total:
            out.append(f"out-of-domain questions answered with a platform answer: {self.ood_as_platform} "
                       f"of {self.ood_total}")
        return out


def measure(dialogue: Dialogue, data: dict[str, Any]) -> Tally:
    """Each question asked on its own, in a fresh conversation."""
    tally = Tally()
    entries = [e for key in ("questions", "in_domain") for e in data.get(key) or ()
               if isinstance(e, dict) and "q" in e]
    for entry in entries:
        tally.entries += 1
        topic, ids = _expected(entry)
        _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=str(entry["q"])))
        first = replies[0]
        got = _got(first)
        answered = got[0] is not None
        is_right = strictly_right(got, (topic, ids))
        other_form = not is_right and {got[0], topic} == ONE_QUESTION
        tally.other_form += other_form
        is_right = is_right or other_form
        if is_right:
            tally.right += 1
        else:
            tally.wrong += answered
            want = f"{topic}:{','.join(ids)}" if ids else topic
            tally.misses.append(f"want {want:28} got {_shown(got, first):28} {entry['q']!r}")
        if topic == PLATFORM_LABEL:
            tally.platform_total += 1
            if is_right:
                tally.platform_right += 1
            elif got[0] == PLATFORM_LABEL:
                tally.platform_other_ids += 1
            elif answered:
                tally.platform_topic += 1
            else:
                tally.platform_refused += 1
        else:
            tally.topic_total += 1
            tally.topic_as_platform += got[0] == PLATFORM_LABEL
    for entry in data.get("out_of_domain") or ():
        text = entry.get("q") if isinstance(entry, dict) else entry
        _, replies = dialogue.respond(ConversationState(), Incoming(KEY, text=str(text)))
        tally.ood_total += 1
        if replies[0].topic == PLATFORM_LABEL:
            tally.ood_as_platform += 1
            tally.misses.append(f"want {'-':28} got {_shown(_got(replies[0]), replies[0]):28} {text!r}")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=COVERAGE, metavar="FILE", help="a dev file instead of coverage")
    parser.add_argument("--show-errors", action="store_true", help="list the misses (dev files only)")
    args = parser.parse_args()
    blind = args.set.resolve() in {p.resolve() for p in (COVERAGE, BLIND, *HELD_DEV_SETS)}
    if blind and args.show_errors:
        parser.error("the misses of the coverage set, the blind set and the held dev sets "
                     f"({', '.join(h.name for h in HELD_DEV_SETS)}) are never printed (tune on the other dev sets)")
    tally = measure(Dialogue(load_knowledge()), yaml.safe_load(args.set.read_text(encoding="utf-8")) or {})
    if args.show_errors:
        print("\n".join(tally.misses), end="\n\n")
    name = "coverage set" if args.set.resolve() == COVERAGE.resolve() else args.set.name
    print(f"{name}: " + "\n".join(tally.lines()))


if __name__ == "__main__":
    main()
