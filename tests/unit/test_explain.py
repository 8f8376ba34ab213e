"""`advisor kb explain`: the reason given for a "did you mean" is the matcher's real reason."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge
from bot.matching.explain import explain

DATA = Path(__file__).resolve().parents[1] / "data"
DEV_SETS = ("dev.yaml", "dev-extra.yaml", "dev-extra2.yaml", "dev-extra3.yaml", "dev-extra4.yaml", "dev-platforms.yaml")


def test_a_did_you_mean_names_the_reason_it_was_not_answered(knowledge: Knowledge) -> None:
    """A message offered for want of domain evidence may have a high confidence: the explanation must not
    call that confidence "below the threshold" (an editor would tune the wrong thing)."""
    matcher = Dialogue(knowledge).matcher
    threshold = matcher.settings.answer_confidence
    questions = [str(e["q"]) for name in DEV_SETS
                 for key in ("questions", "in_domain")
                 for e in yaml.safe_load((DATA / name).read_text(encoding="utf-8")).get(key) or ()]
    reasons = {"evidence": 0, "confidence": 0}
    for question in questions:
        match = matcher.match(question)
        if match.best is not None or not match.choices:
            continue
        last = explain(matcher, question)[-1]
        assert last.startswith("did you mean: "), last
        if match.in_domain:
            assert f"confidence of the first {match.confidence:.2f}, below the answer threshold" in last, last
            assert match.confidence < threshold
            reasons["confidence"] += 1
        else:
            assert "too little domain evidence" in last and "below the answer threshold" not in last, last
            reasons["evidence"] += 1
    assert reasons["evidence"] and reasons["confidence"], reasons  # both kinds met, or the test proves nothing
