"""How well the advisor understands questions: the dev sets and the blind set, reported separately.

Usage:
    python benchmarks/accuracy.py                 # dev sets (datasets.DEV_SETS; not the held dev-extra5/6)
    python benchmarks/accuracy.py --only tests/data/dev-extra5.yaml   # a held dev set (5 or 6): aggregates only
    python benchmarks/accuracy.py --show-errors   # dev sets, with every miss (what to fix in the lexicon)
    python benchmarks/accuracy.py --blind         # the blind set: aggregate figures only, never its misses

Figures (issue 9): right topic answered; answered or offered in "did you mean"; out of domain refused;
confident wrong answers as a share of all questions; follow-up transcripts resolved; per style; and a
reliability table (stated confidence vs share right). Tune on the dev sets only; run the blind set at
milestones.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.dialogue.engine import Dialogue
from bot.knowledge.pack import load_knowledge
from bot.matching.datasets import BLIND_SET, DEV_SETS, HELD_DEV_SETS, load_sets
from bot.matching.evaluation import Evaluation, evaluate, leave_one_topic_out


def report(name: str, result: Evaluation) -> list[str]:
    answerable = result.answerable
    lines = [
        f"== {name}: {len(answerable)} in-domain questions the pack can answer "
        f"({len(result.in_domain) - len(answerable)} about topics not in the pack), "
        f"{len(result.out_of_domain)} out of domain, {len(result.follow_ups)} follow-ups",
        f"right topic answered          {result.right:6.1%}",
        f"answered or offered           {result.answered_or_offered:6.1%}",
        f"out of domain refused         {result.refused:6.1%}   (plain fallback {result.fallback:.1%})",
        f"confident wrong (of all)      {result.confident_wrong_share:6.1%}   ({result.confident_wrong} answers)",
        f"follow-ups resolved           {result.follow_ups_resolved:6.1%}",
        "in domain: " + ", ".join(f"{n} {o.value}" for o, n in result.outcomes().items()),
        "",
        f"{'style':12} {'n':>4} {'right':>7} {'ans/off':>8}",
    ]
    for style, (n, right, offered) in result.by_style().items():
        lines.append(f"{style:12} {n:4d} {right:7.1%} {offered:8.1%}")
    lines += ["", f"{'out of domain':14} {'n':>4} {'refused':>8}"]
    for style, (n, refused) in result.ood_by_style().items():
        lines.append(f"{style:14} {n:4d} {refused:8.1%}")
    lines += ["", "reliability (answers by stated confidence)", f"{'band':11} {'answers':>7} {'mean':>6} {'right':>7}"]
    for low, high, n, mean, right in result.reliability():
        lines.append(f"{low:.2f}-{high:.2f}  {n:7d} {mean:6.2f} {right:7.1%}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blind", action="store_true", help="measure the blind set (aggregates only)")
    parser.add_argument("--show-errors", action="store_true", help="print every dev-set miss")
    parser.add_argument("--knowledge", type=Path, default=None, help="another knowledge pack")
    parser.add_argument("--only", type=Path, default=None, metavar="FILE", help="one dev-set file instead of all")
    parser.add_argument("--loto", action="store_true", help="also leave each topic out (slower)")
    args = parser.parse_args()
    if args.blind and args.show_errors:
        parser.error("the blind set's misses are never printed (tune on the dev sets)")
    if args.only is not None and args.only.resolve() == BLIND_SET.resolve():
        parser.error("use --blind for the blind set (aggregates only)")
    if args.only is not None and args.only.resolve() in {h.resolve() for h in HELD_DEV_SETS} and args.show_errors:
        parser.error(f"{args.only.name} is kept for measuring: aggregates only, its misses are never printed")
    dialogue = Dialogue(load_knowledge(args.knowledge) if args.knowledge else load_knowledge())
    data = load_sets([BLIND_SET]) if args.blind else load_sets([args.only] if args.only else list(DEV_SETS))
    started = time.perf_counter()
    result = evaluate(dialogue, data)
    elapsed = time.perf_counter() - started
    if args.show_errors:
        print("\n".join(result.misses()))
        print()
    print("\n".join(report("blind set" if args.blind else f"dev sets ({data.name})", result)))
    if args.loto:
        for drop, what in ((False, "the lexicon kept"), (True, "its own concepts dropped too")):
            counts = leave_one_topic_out(dialogue.knowledge, data, drop)
            held, total = sum(h for h, _ in counts.values()), sum(t for _, t in counts.values())
            print(f"leave one topic out ({what}): {held / total:.1%} of {total} questions not answered "
                  "with another topic")
    print(f"\n{len(data.questions())} messages in {elapsed:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
