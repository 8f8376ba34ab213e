"""Reading a chat message before matching: mentions, emoji and chatter out, sentences weighed.

`Cleaner.segments(text)` returns the message as normalised segments (sentences), each with a weight:
1.0 for a sentence that asks (a question mark, or it starts with one of the chatter `asks`), and
`context_weight` for the sentences around it that only give context (`referred_weight` when a
sentence that asks points back to them: "that", "this", from the follow-ups' references). When no
sentence asks, every sentence weighs 1.0. Openers ("hey team", "quick question") and closers ("thanks in advance") from
knowledge/chatter.yaml are removed when they stand apart; a message made only of chatter is returned
whole, so "hi" and "thanks!" still reach small talk. Pure functions of the text; never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.knowledge.model import Chatter
from bot.normalize import MAX_MATCH_CHARS, clean, normalize, undot_abbreviations

__all__ = ["CONTEXT_WEIGHT", "REFERRED_WEIGHT", "Cleaner", "Segment"]

CONTEXT_WEIGHT = 0.4
"""The weight of a sentence that gives context around the question (tuned on the dev sets)."""
REFERRED_WEIGHT = 0.8
"""The weight of the context when the question points back to it ("does that apply to us?")."""

_SLACK_TOKEN = re.compile(r"<[@!#][^>]*>")
_SLACK_LINK = re.compile(r"<(https?://[^|>]*)(?:\|([^>]*))?>")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"(?<![\w.])@[\w.-]+")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_EMOTICON = re.compile(r"(?<!\w)[:;=8][-']?[()\[\]dpo/\\|*]+(?!\w)", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]+|\s-+\s|\.\.\.")


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence of a message, normalised, with how much it counts in matching. `chatter` is set
    on the one segment returned for a message made only of chatter ("hi!", "thanks a lot")."""

    text: str
    weight: float
    asks: bool
    chatter: bool = False


def _symbols_out(text: str) -> str:
    """Emoji and pictographs become clause breaks: "asking for the intern 🙏" ends a clause."""
    if text.isascii():
        return text
    return "".join(" , " if unicodedata.category(ch) in ("So", "Sk") or 0xFE00 <= ord(ch) <= 0xFE0F else ch
                   for ch in text)


class Cleaner:
    """Built once per knowledge pack from its chatter phrases."""

    def __init__(self, chatter: Chatter, references: tuple[str, ...] = (), context_weight: float = CONTEXT_WEIGHT,
                 referred_weight: float = REFERRED_WEIGHT) -> None:
        self._references = frozenset(references)
        self.referred_weight = referred_weight
        self._openers = frozenset(chatter.openers)
        self._closers = frozenset(chatter.closers)
        self._asks = tuple(sorted(chatter.asks, key=len, reverse=True))
        self._longest = max((p.count(" ") + 1 for p in (*chatter.openers, *chatter.closers)), default=1)
        self.context_weight = context_weight

    def asks(self, normalized: str) -> bool:
        """Whether a normalised sentence starts like a question or a request."""
        return any(normalized == a or normalized.startswith(a + " ") for a in self._asks)

    def segments(self, text: str, keep_chatter: bool = False) -> list[Segment]:
        """The message's sentences; with `keep_chatter`, openers and closers are kept (a message whose
        only signal is in its chatter: "That's what I needed. Thanks so much!")."""
        raw = self._raw(text)
        sentences = []
        for sentence in _SENTENCE_BREAK.split(raw):
            clauses = [c for c in (normalize(part) for part in _CLAUSE.split(sentence)) if c]
            if clauses:
                sentences.append(("?" in sentence, clauses))
        whole = [" ".join(c) for _, c in sentences]
        if not sentences:
            return []
        kept = [(q, " ".join(c)) for q, c in sentences] if keep_chatter else self._strip(sentences)
        if not kept:  # only chatter: "hi!", "thanks a lot 🙏"
            return [Segment(" ".join(whole)[:MAX_MATCH_CHARS], 1.0, False, chatter=True)]
        asking = [question or self.asks(text) for question, text in kept]
        any_asks = any(asking)
        context = self.context_weight
        if any(a and not self._references.isdisjoint(t.split()) for a, (_, t) in zip(asking, kept, strict=True)):
            context = self.referred_weight
        out, budget = [], MAX_MATCH_CHARS
        for (_, sentence), asks in zip(kept, asking, strict=True):
            if budget <= 0:
                break
            weight = 1.0 if asks or not any_asks else context
            out.append(Segment(sentence[:budget], weight, asks))
            budget -= len(sentence) + 1
        return out

    @staticmethod
    def _raw(text: str) -> str:
        text = undot_abbreviations(clean(text[: MAX_MATCH_CHARS * 4]))
        text = _SLACK_LINK.sub(lambda m: f" {m.group(2) or ''} ", text)
        text = _SLACK_TOKEN.sub(" , ", text)
        text = _URL.sub(" ", text)
        text = _MENTION.sub(" , ", text)
        text = _SHORTCODE.sub(" , ", text)
        text = _EMOTICON.sub(" , ", text)
        return _symbols_out(text)

    def _strip(self, sentences: list[tuple[bool, list[str]]]) -> list[tuple[bool, str]]:
        """Drop chatter clauses at the start and the end; return the sentences left, as text."""
        clauses = [(i, q, c) for i, (q, cs) in enumerate(sentences) for c in cs]
        start, end = 0, len(clauses)
        while start < end and self._made_of(clauses[start][2], self._openers):
            start += 1
        while end > start and self._made_of(clauses[end - 1][2], self._closers):
            end -= 1
        if start == end:
            return []
        index, question, clause = clauses[start]
        clauses[start] = (index, question, self._strip_lead(clause))
        out: dict[int, tuple[bool, list[str]]] = {}
        for index, question, clause in clauses[start:end]:
            if clause:
                out.setdefault(index, (question, []))[1].append(clause)
        return [(q, " ".join(cs)) for q, cs in out.values()]

    def _made_of(self, clause: str, phrases: frozenset[str]) -> bool:
        """The clause is one or more of these phrases in a row ("hey", "hey hey", "thanks cheers")."""
        words = clause.split()
        ends = {0}
        for stop in range(1, len(words) + 1):
            if any(stop - size in ends and " ".join(words[stop - size:stop]) in phrases
                   for size in range(1, min(self._longest, stop) + 1)):
                ends.add(stop)
        return bool(words) and len(words) in ends

    def _strip_lead(self, clause: str) -> str:
        """"hey what is seo" -> "what is seo": an opener glued to a question (no punctuation between)."""
        words = clause.split()
        for size in range(min(self._longest, len(words) - 1), 0, -1):
            head, rest = " ".join(words[:size]), " ".join(words[size:])
            if head in self._openers and self.asks(rest):
                return self._strip_lead(rest)
        return clause
