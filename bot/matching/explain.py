"""Why a message got its answer: what `advisor kb explain QUESTION` prints for a knowledge writer."""

from __future__ import annotations

from bot.matching.matcher import Matcher

__all__ = ["explain"]


def explain(matcher: Matcher, text: str) -> list[str]:
    """Lines describing how the matcher read and ranked `text`: the sentences kept (with their weight),
    the concepts and platforms found (weak ones marked), the domain evidence, the candidates and the
    decision. Never raises."""
    match = matcher.match(text)
    reading = match.reading or matcher.reader.read(text)
    lines = []
    for sentence in reading.sentences:
        role = "question" if sentence.weight >= 1.0 else "context"
        lines.append(f"sentence ({role}, weight {sentence.weight:.1f}): {sentence.text}")
        for hit in sentence.hits:
            words = " ".join(sentence.stems[hit.start:hit.end])
            strength = "weak" if hit.weak else "strong"
            lines.append(f"  {hit.scope.value:6} {hit.concept} ({strength}): {words}")
    if not reading.sentences:
        lines.append("nothing left to match (empty, emoji or punctuation only)")
    lines.append(f"domain evidence {reading.evidence:.1f}, out of scope {reading.out_evidence:.1f}: "
                 + ("about the domain" if match.in_domain else "not about the domain"))
    for candidate in match.candidates[:5]:
        lines.append(f"  candidate {candidate.intent}: score {candidate.score:.3f}")
    if match.best is not None:
        lines.append(f"answer: {match.best.intent} (confidence {match.confidence:.2f})")
    elif match.choices:
        offered = ", ".join(c.intent for c in match.choices)
        if not match.in_domain:  # the confidence may be high: too little evidence to answer at all
            why = (f"too little domain evidence to answer (below {matcher.settings.min_evidence:.1f}), "
                   "or a concept no topic declares")
        else:
            why = (f"confidence of the first {match.confidence:.2f}, below the answer threshold "
                   f"{matcher.settings.answer_confidence:.2f}")
        lines.append(f"did you mean: {offered} ({why})")
    else:
        lines.append("fallback")
    return lines
