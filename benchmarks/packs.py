"""Synthetic knowledge packs for the speed benchmarks: N topics x 10 examples in a made-up vocabulary."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

from bot.knowledge.model import Knowledge, Topic

_SYLLABLES = ("ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "de", "po", "ga", "ze", "fi", "bu", "ro", "ni")
_FILLER = ("what", "is", "the", "how", "do", "we", "a", "our", "for", "about", "should", "why", "can", "i")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def generated_pack(base: Knowledge, topics: int, seed: int = 1) -> tuple[Knowledge, list[tuple[str, str]]]:
    """The bundled pack plus `topics` generated topics; returns it and (query, topic id) pairs: an example
    of the topic with one word dropped and a typo (two letters swapped) in its longest word."""
    rng = random.Random(seed)
    vocab = vocabulary(max(2000, topics * 3), rng)
    cumulative = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(vocab))))
    generated: dict[str, Topic] = {}
    queries: list[tuple[str, str]] = []
    for n in range(topics):
        own = rng.sample(vocab, 4)
        examples = []
        for _ in range(10):
            words = rng.sample(own, 2) + rng.choices(vocab, cum_weights=cumulative, k=rng.randint(1, 3))
            words += rng.sample(_FILLER, rng.randint(1, 3))
            rng.shuffle(words)
            examples.append(" ".join(words))
        topic_id = f"gen-{n}"
        generated[topic_id] = Topic(id=topic_id, title=f"Generated {n}", answer=f"Answer {n}.", details=None,
                                    examples=tuple(examples), keywords=tuple(own[:2]), related=())
        if n % max(1, topics // 200) == 0:
            words = rng.choice(examples).split()
            words.pop(rng.randrange(len(words)))
            typo = list(max(words, key=len))
            typo[1], typo[2] = typo[2], typo[1]
            words[words.index(max(words, key=len))] = "".join(typo)
            queries.append((" ".join(words), topic_id))
    return replace(base, topics={**base.topics, **generated}), queries
