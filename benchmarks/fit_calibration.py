"""Fit the matcher's calibrated confidence on the dev sets, and choose the answer threshold.

1. Every dev question (in domain and out of domain) goes through the matcher; each one whose evidence
   allows an answer gives a sample: the calibration inputs of its best candidate (bot.matching.
   calibration.FEATURES) and whether that candidate is right (an out-of-domain question never is).
   The in-domain questions are also asked of packs that lack their topic (leave one topic out): the
   best candidate is then a neighbour, never right; these samples weigh `--loto-weight`, how often a
   real question is about something the pack does not cover.
2. A logistic regression (Newton's method, a little L2; pure Python) maps the inputs to the
   probability of being right.
3. The answer threshold is the lowest confidence at which the dev questions' wrong answers stay at or
   under `--max-wrong` of all dev questions and the left-out topics' questions are held back (not
   answered with a neighbour) at least `--min-held` of the time.
4. The coefficients and the threshold are written to bot/matching/calibration_fit.py.

Usage: python benchmarks/fit_calibration.py [--max-wrong 0.005] [--dry-run]
Never run on the blind set: it is not read here.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace
from pathlib import Path

from bot.dialogue.engine import Dialogue
from bot.knowledge.model import TopicKind
from bot.knowledge.pack import load_knowledge
from bot.matching import FLOW_PREFIX, Matcher, MatchSettings, build_matcher
from bot.matching.calibration import FEATURES, Calibration
from bot.matching.datasets import DEV_SETS, load_sets
from bot.matching.evaluation import evaluate, without_topic

OUT = Path(__file__).resolve().parent.parent / "bot" / "matching" / "calibration_fit.py"
L2 = 0.01


Sample = tuple[tuple[float, ...], int, float]
"""(calibration inputs, 1 when the best candidate is right, sample weight)."""


def _samples(matcher: Matcher, cases: list[tuple[str, str | None]], weight: float) -> list[Sample]:
    out = []
    for question, expected in cases:
        match = matcher.match(question)
        if match.features is None or not match.in_domain or not match.candidates:
            continue
        top = match.candidates[0].intent
        label = "flow" if top.startswith(FLOW_PREFIX) else top
        out.append((match.features, int(label == expected), weight))
    return out


def samples(loto_weight: float) -> list[Sample]:
    """The dev questions (weight 1), and the same questions asked of packs that lack their topic
    (weight `loto_weight`: how often a real question is about something the pack does not cover)."""
    knowledge = load_knowledge()
    data = load_sets(list(DEV_SETS))
    cases = [(c.question, c.label.topic) for c in data.in_domain if c.label.topic in knowledge.topics
             or c.label.topic in ("flow", "tip")]
    out = _samples(build_matcher(knowledge), cases + [(c.question, None) for c in data.out_of_domain], 1.0)
    for topic_id in sorted({t for _, t in cases if t in knowledge.topics}):
        if knowledge.topics[topic_id].kind is TopicKind.SMALLTALK:
            continue
        out += _samples(build_matcher(without_topic(knowledge, topic_id)), [(q, t) for q, t in cases if t == topic_id],
                        loto_weight)
    return out


def fit(data: list[Sample], iterations: int = 50) -> list[float]:
    """Logistic regression by Newton's method; returns [bias, *weights]."""
    size = len(FEATURES) + 1
    beta = [0.0] * size
    for _ in range(iterations):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for values, y, weight in data:
            x = (1.0, *values)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, sum(b * v for b, v in zip(beta, x, strict=True))))))
            for i in range(size):
                gradient[i] += weight * (y - p) * x[i]
                for j in range(size):
                    hessian[i][j] -= weight * p * (1 - p) * x[i] * x[j]
        for i in range(1, size):
            gradient[i] -= L2 * beta[i]
            hessian[i][i] -= L2
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(col + 1, n):
            factor = a[row][col] / a[col][col]
            for k in range(col, n + 1):
                a[row][k] -= factor * a[col][k]
    x = [0.0] * n
    for row in range(n - 1, -1, -1):
        x[row] = (a[row][n] - sum(a[row][k] * x[k] for k in range(row + 1, n))) / a[row][row]
    return x


def choose_threshold(data: list[Sample], calibration: Calibration, max_wrong: float,
                     min_held: float) -> tuple[float, list[str]]:
    """The lowest threshold at which, through the whole dialogue, the dev sets' confident wrong
    answers stay at or under `max_wrong` of all dev questions, and the left-out topics' questions
    (samples) are held back, not answered with a neighbour, at least `min_held` of the time."""
    knowledge = load_knowledge()
    dev = load_sets(list(DEV_SETS))
    loto = [(values, y) for values, y, w in data if w != 1.0]
    loto_total = sum(1 for c in dev.in_domain if c.label.topic in knowledge.topics
                     and knowledge.topics[c.label.topic].kind is not TopicKind.SMALLTALK)
    rows, chosen = [], 0.99
    for step in range(50, 100):
        threshold = step / 100
        matcher = build_matcher(knowledge, replace(MatchSettings(), answer_confidence=threshold), calibration)
        result = evaluate(Dialogue(knowledge, matcher=matcher), dev)
        held = 1 - sum(1 for values, y in loto if not y and calibration.confidence(*values) >= threshold) / loto_total
        rows.append(f"{threshold:.2f}  right {result.right:6.1%}  answered or offered "
                    f"{result.answered_or_offered:6.1%}  confident wrong {result.confident_wrong_share:5.2%}  "
                    f"left-out topics held {held:6.1%}")
        if result.confident_wrong_share <= max_wrong and held >= min_held:
            chosen = min(chosen, threshold)
    return chosen, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-wrong", type=float, default=0.005, help="confident wrong share allowed on dev")
    parser.add_argument("--min-held", type=float, default=0.9, help="left-out topics' questions held back")
    parser.add_argument("--loto-weight", type=float, default=0.25, help="weight of the left-out-topic samples")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write calibration_fit.py")
    args = parser.parse_args()
    data = samples(args.loto_weight)
    beta = fit(data)
    calibration = Calibration(beta[0], tuple(beta[1:]))
    right = sum(y for _, y, _ in data)
    print(f"{len(data)} samples ({right} right): bias {beta[0]:.3f}, "
          + ", ".join(f"{name} {w:.3f}" for name, w in zip(FEATURES, beta[1:], strict=True)))
    threshold, rows = choose_threshold(data, calibration, args.max_wrong, args.min_held)
    print("\n".join(rows))
    print(f"answer threshold: {threshold:.2f}")
    if args.dry_run:
        return
    OUT.write_text(
        '"""Generated by benchmarks/fit_calibration.py: do not edit by hand (re-run the script)."""\n\n'
        f"BIAS = {beta[0]:.4f}\n"
        f"WEIGHTS = ({', '.join(f'{w:.4f}' for w in beta[1:])})\n"
        f'"""Coefficients of {", ".join(FEATURES)} (bot.matching.calibration.FEATURES)."""\n'
        f"ANSWER_CONFIDENCE = {threshold:.2f}\n"
        '"""The matcher answers at or above this confidence (MatchSettings.answer_confidence)."""\n',
        encoding="utf-8")
    print(f"written to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
