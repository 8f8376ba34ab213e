"""Engine speed: per-message latency (p50/p99), messages/s, on the bundled pack and on generated packs
of 1,000 and 10,000 topics; cold start of `advisor ask "hi"`; peak RSS.

Usage: python benchmarks/bench_engine.py [--runs 5]   (prints a table; figures go to benchmarks/README.md)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from packs import generated_pack

from bot.dialogue.engine import Dialogue
from bot.dialogue.state import ConversationState
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import load_knowledge
from bot.matching import build_matcher
from bot.matching.datasets import DEV_SETS, load_set
from bot.normalize import normalize
from bot.types import ConversationKey, Incoming

ROOT = Path(__file__).resolve().parent.parent
KEY = ConversationKey("bench", "c", "", "u")


def dev_questions() -> list[str]:
    """The questions of tests/data/dev.yaml (the first dev set: the timing workload since issue 2)."""
    return load_set(DEV_SETS[0]).questions()


def latency(dialogue: Dialogue, questions: list[str], rounds: int) -> tuple[float, float, float]:
    """p50 and p99 in microseconds and messages per second over `rounds` passes."""
    timings = []
    state = ConversationState()
    messages = [Incoming(KEY, text=q) for q in questions]
    for message in messages[:50]:  # warm-up
        dialogue.respond(state, message)
    started = time.perf_counter()
    for _ in range(rounds):
        for message in messages:
            t0 = time.perf_counter_ns()
            dialogue.respond(state, message)
            timings.append(time.perf_counter_ns() - t0)
    elapsed = time.perf_counter() - started
    timings.sort()
    return (timings[len(timings) // 2] / 1000, timings[int(len(timings) * 0.99)] / 1000, len(timings) / elapsed)


def accuracy_vs_full_scan(pack: Knowledge, labelled: list[tuple[str, str]]) -> tuple[float, float]:
    """Top-1 topic of the indexed matcher vs a full scan of every example, on the same queries."""
    from rapidfuzz import fuzz, process

    matcher = build_matcher(pack)
    examples = [(normalize(e), t.id) for t in pack.topics.values() for e in t.examples]
    texts = [e for e, _ in examples]
    ours = scan = 0
    for query, topic in labelled:
        ranked = matcher.match(query).candidates
        ours += bool(ranked) and ranked[0].intent == topic
        best = process.extractOne(normalize(query), texts, scorer=fuzz.token_set_ratio)
        scan += best is not None and examples[best[2]][1] == topic
    return ours / len(labelled), scan / len(labelled)


def cold_start(runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "adapters.console", "ask", "hi"], check=True, capture_output=True,
                       cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """Peak RSS of a child process that loads the bundled pack and answers every dev-set question
    20 times (run as `bench_engine.py --rss-child`)."""
    out = subprocess.run([sys.executable, __file__, "--rss-child"], check=True, capture_output=True, text=True,
                         cwd=ROOT).stdout
    return float(out.strip())


def rss_child() -> None:
    questions = dev_questions()
    dialogue = Dialogue(load_knowledge())
    for _ in range(20):
        for question in questions:
            dialogue.respond(ConversationState(), Incoming(KEY, text=question))
    status = Path("/proc/self/status")
    if status.exists():  # VmHWM is this process's own peak; ru_maxrss may carry the parent's across exec
        peak_kb = next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM"))
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak_kb / 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="repeat each measurement and keep the median")
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child()
        return
    base = load_knowledge()
    rows = []
    packs = [("bundled", base, dev_questions())]
    generated = []
    for size in (1_000, 10_000):
        t0 = time.perf_counter()
        pack, labelled = generated_pack(base, size)
        generated.append((size, pack, labelled))
        packs.append((f"{size:,} topics", pack, [q for q, _ in labelled] + dev_questions()[:100]))
        print(f"generated {size} topics in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    for name, pack, questions in packs:
        t0 = time.perf_counter()
        dialogue = Dialogue(pack)
        build = time.perf_counter() - t0
        runs = [latency(dialogue, questions, 3) for _ in range(args.runs)]
        p50 = statistics.median(r[0] for r in runs)
        p99 = statistics.median(r[1] for r in runs)
        rate = statistics.median(r[2] for r in runs)
        rows.append((name, len(pack.topics), p50, p99, rate, build))
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'pack':16} {'topics':>7} {'p50 us':>8} {'p99 us':>8} {'msg/s':>9} {'index s':>8}")
    for name, topics, p50, p99, rate, build in rows:
        print(f"{name:16} {topics:7d} {p50:8.1f} {p99:8.1f} {rate:9.0f} {build:8.2f}")
    for size, pack, labelled in generated:
        ours, scan = accuracy_vs_full_scan(pack, labelled)
        print(f"{size:,} topics, {len(labelled)} perturbed examples: right topic {ours:.1%} "
              f"(a full rapidfuzz token_set_ratio scan of every example: {scan:.1%})")
    print(f"cold start `advisor ask \"hi\"` (median of {args.runs}): {cold_start(args.runs) * 1000:.0f} ms")
    print(f"peak RSS, bundled pack, 20 x {len(dev_questions())} answers: {peak_rss_mb():.1f} MB")


if __name__ == "__main__":
    main()
