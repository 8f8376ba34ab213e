"""Calibrated confidence: the probability that the matcher's best candidate is the right answer.

`Calibration.confidence(*Calibration.features(...))` is a logistic function of the best candidate's
score, its lead over the second candidate, the message's domain evidence (capped at `EVIDENCE_CAP`),
the share of the message's concepts the candidate declares, and the weight of the message's features
the candidate has (capped at `MATCHED_CAP`). Its coefficients are
fitted on the dev sets by benchmarks/fit_calibration.py, which writes them to
bot/matching/calibration_fit.py; the accuracy benchmark's reliability table (stated confidence vs share
right) checks the result on the dev sets and on the blind set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.matching import calibration_fit

__all__ = ["EVIDENCE_CAP", "FEATURES", "MATCHED_CAP", "Calibration"]

EVIDENCE_CAP = 3.0
MATCHED_CAP = 8.0
FEATURES = ("score", "margin", "evidence", "concepts", "matched")
"""The inputs of the logistic function, in the order of `Calibration.features`."""


@dataclass(frozen=True, slots=True)
class Calibration:
    bias: float = calibration_fit.BIAS
    weights: tuple[float, ...] = calibration_fit.WEIGHTS
    """One coefficient per name in FEATURES."""

    @staticmethod
    def features(score: float, margin: float, evidence: float, concepts: float, matched: float) -> tuple[float, ...]:
        return score, margin, min(evidence, EVIDENCE_CAP), concepts, min(matched, MATCHED_CAP)

    def confidence(self, *values: float) -> float:
        """0..1, rounded to 3 decimals, from the values of `features`."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        return round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 3)
