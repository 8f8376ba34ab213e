"""Text normalisation shared by the matcher, the command detector and the slot parsers.

Everything here is a pure function of its input and never raises on any string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

MAX_MATCH_CHARS = 500
"""Only this many characters of a message are used for matching: longer input is not a question."""

_MENTION = re.compile(r"^\s*(?:@[\w.]+|<@[A-Z0-9]+(?:\|[^>]*)?>)[\s,:]*")
_STRETCH = re.compile(r"([^\W\d])\1{2,}")
_NON_WORD = re.compile(r"[^\w%+]+")
_NUMBER_SLASH = re.compile(r"(?<=\d)[/\-.](?=\d)")
_HASH_SIGN = re.compile(r"(?<!\S)#(?!\S)")
"""A "#" standing alone names the sign: "those # tags", "the # sign" (a "#" glued to a word is dropped)."""
_CASUAL_FORMS = {"kinda": "kind of", "sorta": "sort of", "wanna": "want to", "gonna": "going to",
                 "gotta": "got to", "dunno": "dont know", "lemme": "let me", "gimme": "give me",
                 "outta": "out of", "lotta": "lot of", "lotsa": "lots of", "whatcha": "what are you"}
"""Casual spellings of two words, read as those words: "what kinda content" is "what kind of content"."""
_CASUAL = re.compile(r"\b(?:" + "|".join(_CASUAL_FORMS) + r")\b")

STOPWORDS = frozenset(
    (
        "a", "an", "the", "whether", "is", "are", "am", "was", "were", "be", "been", "being", "do", "does",
        "did", "doing", "i", "me", "my", "we", "us", "our", "you", "your", "it", "its", "they", "them", "their",
        "he", "she", "his", "her", "this", "that", "these", "those", "to", "of", "for", "in", "on", "at", "by",
        "with", "from", "and", "or", "but", "if", "so", "as", "into", "about", "can", "could", "would",
        "should", "will", "shall", "may", "might", "must", "please", "pls", "plz", "just", "really", "actually",
        "quick", "question", "there", "some", "any", "what", "whats", "which", "who", "whom", "how", "tell",
        "explain", "mean", "means", "meaning", "know", "want", "wanted", "need", "let", "lets", "get", "got",
        "have", "has", "had", "thing", "things", "stuff", "kind", "sort", "one", "ok", "okay", "um", "uh",
        "like", "also", "exactly", "then", "than", "again", "too", "very", "much", "many", "more", "most",
        "all", "anything", "something", "someone", "anyone", "everyone", "team", "guys", "folks", "dear", "bit",
        "little",
    )
)
"""Words that carry no topic on their own. They still count for whole-sentence fuzzy scores."""


_ABBREVIATION = re.compile(r"(?<![\w.])(e\.g|i\.e|vs)\.(?=\s|$)", re.IGNORECASE)


def undot_abbreviations(text: str) -> str:
    """"e.g.", "i.e." and "vs." lose their dots, so that no sentence or clause ends there: "Instagram vs. TikTok
    for a bakery?" is one question, "we use e.g. Facebook" one sentence."""
    return _ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), text) if "." in text else text


def clean(text: str) -> str:
    """Remove control characters and zero-width marks, keep newlines as spaces."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(" " if ch in "\n\r\t" else "")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced form of a message.

    A leading mention ("@advisor", Slack's "<@U123>") is removed and stretched letters
    ("helloooo") are shortened. The result may be empty (emoji-only or punctuation-only input).
    """
    text = clean(text[: MAX_MATCH_CHARS * 2])
    text = _MENTION.sub("", text, count=1)
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    text = _NUMBER_SLASH.sub(" ", text)
    text = _HASH_SIGN.sub(" hashtag ", text)
    text = _NON_WORD.sub(" ", text)
    text = _STRETCH.sub(r"\1", text)
    text = _CASUAL.sub(lambda found: _CASUAL_FORMS[found.group(0)], text)
    return " ".join(text.split())[:MAX_MATCH_CHARS]


_UNSTEMMED = frozenset((
    "socials", "news", "series", "species", "always", "analytics", "does", "has", "was", "morning", "evening",
    "something", "nothing", "anything", "everything", "during", "thing", "wedding", "ceiling", "string", "spring",
    "clothing", "sibling", "pudding", "viking", "ring", "king", "sing", "bring", "ping",
))
"""Words whose ending is no plural or -ing form: "socials" (social media accounts) is not "social",
"evening" is not "even"."""


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light English stemmer: enough to make plurals and -ing/-ed forms meet."""
    if len(word) <= 3 or not word.isalpha() or word in _UNSTEMMED:
        return word
    if word[-1] == "s" and word[:-1] in _UNSTEMMED:
        return word[:-1]  # "evenings" is the plural of "evening", not "even"
    for suffix, repl, min_len in (
        ("ies", "y", 5), ("sses", "ss", 5), ("ings", "", 7), ("ing", "", 6),
        ("ers", "er", 5), ("ed", "", 5), ("es", "e", 5), ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def content_stems(normalized: str) -> list[str]:
    """Stems of the words that carry meaning, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in normalized.split():
        if word not in STOPWORDS:
            seen.setdefault(stem(word), None)
    return list(seen)


FRAMING = frozenset((
    "good", "bad", "important", "matter", "matters", "worth", "best", "better", "worse", "useful", "necessary",
    "essential", "normal", "tips", "advice", "ideas", "examples"))
"""Words that ask how good or how important something is, or for tips on it, and name nothing of their
own: "is our strategy any good?", "which is the best app for..."."""

SKIPPABLE = frozenset(("a", "an", "the", "my", "our", "your", "their", "his", "her", "its"))
"""Words a concept phrase never depends on: "worth the money" and "worth our money" are one phrase."""


def phrase_stems(normalized: str, synonyms: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The stems a concept phrase, or a sentence looked at for phrases, is compared on: synonyms folded
    (knowledge/synonyms.yaml), articles and possessives dropped, each word stemmed. Empty when nothing
    is left."""
    folded = (synonyms.get(w, w) for w in normalized.split()) if synonyms else normalized.split()
    return tuple(stem(w) for w in folded if w not in SKIPPABLE)


THEIRS = frozenset(("their", "his", "her"))
"""The possessives of someone else: "share their photos" (customers') is not "share our photos"."""

_NO_MARKS: frozenset[int] = frozenset()
"""Shared by every text without such a possessive: each `frozenset()` call would allocate its own."""


def theirs_marks(words: Sequence[str]) -> frozenset[int]:
    """Where someone else's possessive (THEIRS) stood among `words` once SKIPPABLE words are dropped: the
    index of the kept word it came before (the number of kept words when it ends the text). A concept
    phrase written with "their" matches only where a sentence has one of them at the same place."""
    marks: set[int] = set()
    kept, pending = 0, False
    for word in words:
        if word in SKIPPABLE:
            pending = pending or word in THEIRS
            continue
        if pending:
            marks.add(kept)
        pending = False
        kept += 1
    if pending:
        marks.add(kept)
    return frozenset(marks) if marks else _NO_MARKS
