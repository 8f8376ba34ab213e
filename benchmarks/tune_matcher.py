"""Grid search of the matcher's scorer, weights and thresholds on tests/data/dev.yaml (the first dev set).

The dev set is what the thresholds are tuned on (see README, "Matching"). To show the choice is
not fitted to noise, it also reports two-fold cross-validation: tune on one half, measure the other.
Usage: python benchmarks/tune_matcher.py
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import yaml

from bot.knowledge.pack import load_knowledge
from bot.matching import FLOW_PREFIX, MatchSettings, intents_of
from bot.matching.matcher import Matcher

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev.yaml"
SCORERS = ("token_sort_ratio", "token_set_ratio")
WEIGHTS = (0.3, 0.4, 0.5, 0.6)
UNKNOWN = (0.75, 1.0, 1.25)
LENGTH = (0.0, 0.25, 0.5)
ANSWER = tuple(x / 100 for x in range(40, 80, 2))
MARGIN = (0.0, 0.02, 0.04, 0.06)
OOD_FLOOR = 0.95


def _label(intent: str | None) -> str | None:
    return "flow" if intent and intent.startswith(FLOW_PREFIX) else intent


def main() -> None:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    cases = [(i["q"], i["topic"]) for i in data["in_domain"]] + [(q, None) for q in data["out_of_domain"]]
    knowledge = load_knowledge()
    intents = intents_of(knowledge)
    rng = random.Random(7)
    order = list(range(len(cases)))
    rng.shuffle(order)
    folds = [set(order[::2]), set(order[1::2])]
    results = []
    for scorer, weight, unknown, length in itertools.product(SCORERS, WEIGHTS, UNKNOWN, LENGTH):
        settings = MatchSettings(scorer=scorer, coverage_weight=weight, unknown_weight=unknown, length_power=length)
        matcher = Matcher(intents, settings, knowledge.synonyms)
        ranked = [matcher.match(q).candidates for q, _ in cases]
        for answer, margin in itertools.product(ANSWER, MARGIN):
            outcome = []
            for cands in ranked:
                behind = len(cands) > 1 and cands[0].score - cands[1].score < margin
                if not cands or cands[0].score < answer or (behind and cands[0].score < 0.999):
                    outcome.append(None)
                else:
                    outcome.append(_label(cands[0].intent))
            results.append(((scorer, weight, unknown, length, answer, margin), outcome))

    def score(outcome: list[str | None], subset: set[int] | None = None) -> tuple[float, float]:
        idx = [i for i in range(len(cases)) if subset is None or i in subset]
        ins = [i for i in idx if cases[i][1] is not None]
        outs = [i for i in idx if cases[i][1] is None]
        acc_in = sum(outcome[i] == cases[i][1] for i in ins) / len(ins)
        acc_out = sum(outcome[i] is None for i in outs) / len(outs)
        return acc_in, acc_out

    def best(subset: set[int] | None) -> tuple:
        ok = [(score(o, subset), p) for p, o in results if score(o, subset)[1] >= OOD_FLOOR]
        return max(ok, key=lambda x: (x[0][0], x[0][1]))

    (acc_in, acc_out), params = best(None)
    print(f"best on the whole set: {params}: in-domain {acc_in:.1%}, out-of-domain rejected {acc_out:.1%}")
    for k, (tune, test) in enumerate((folds, folds[::-1])):
        _, params = best(tune)
        outcome = dict(results)[params]
        print(f"fold {k}: tuned {params} -> held-back half: in {score(outcome, test)[0]:.1%}, "
              f"out {score(outcome, test)[1]:.1%}")
    print("top settings per scorer:")
    for scorer in SCORERS:
        ok = [(score(o), p) for p, o in results if p[0] == scorer and score(o)[1] >= OOD_FLOOR]
        if ok:
            (a, b), p = max(ok, key=lambda x: x[0])
            print(f"  {scorer:26s} {p}  in {a:.1%} out {b:.1%}")
    print("best per length_power (token_set_ratio):")
    for length in LENGTH:
        ok = [(score(o), p) for p, o in results if p[0] == "token_set_ratio" and p[3] == length
              and score(o)[1] >= OOD_FLOOR]
        if ok:
            (a, b), p = max(ok, key=lambda x: x[0])
            print(f"  {length}: {p}  in {a:.1%} out {b:.1%}")


if __name__ == "__main__":
    main()
