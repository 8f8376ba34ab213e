"""Quality checks of a loaded pack beyond its schema: what `advisor kb check` adds to loading."""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz

from bot.knowledge.fields import Problem
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import read_pack
from bot.knowledge.vocabulary import AGES, FORMATS, GOALS
from bot.knowledge.yamlfile import YamlError, read_yaml
from bot.normalize import normalize

NEAR_DUPLICATE = 95
"""Two examples of different topics scoring this much (rapidfuzz ratio, 0-100) confuse the matcher."""
_MAX_PAIRWISE = 5000
_FLOW_VOCABULARY = {"goals": GOALS, "market": ("b2b", "b2c", "both"), "ages": AGES, "content": FORMATS}


def check_pack(directory: Path) -> tuple[Knowledge | None, list[Problem]]:
    knowledge, problems = read_pack(directory)
    if knowledge is not None:
        problems += near_duplicate_examples(knowledge, directory)
        problems += flow_vocabulary(knowledge, directory)
        problems += long_notes(knowledge, directory)
    return knowledge, problems


def near_duplicate_examples(knowledge: Knowledge, directory: Path) -> list[Problem]:
    """Examples nearly identical across two topics (exact duplicates only for very large packs)."""
    owners: list[str] = []
    texts: list[str] = []
    for topic in knowledge.topics.values():
        for example in topic.examples:
            owners.append(topic.id)
            texts.append(normalize(example))
    problems = []
    reported: set[tuple[str, str]] = set()
    if len(texts) > _MAX_PAIRWISE:
        seen: dict[str, str] = {}
        pairs = [(seen.setdefault(t, o), o, t, t) for t, o in zip(texts, owners, strict=True) if seen.get(t, o) != o]
    else:
        pairs = [(owners[i], owners[j], texts[i], texts[j])
                 for i in range(len(texts)) for j in range(i + 1, len(texts))
                 if owners[i] != owners[j] and fuzz.ratio(texts[i], texts[j], score_cutoff=NEAR_DUPLICATE)]
    for a, b, text_a, text_b in pairs:
        if (a, b) in reported:
            continue
        reported.add((a, b))
        problems.append(Problem(directory / "topics" / f"{b}.yaml", 0,
                                f"example {text_b!r} of '{b}' is nearly identical to {text_a!r} of '{a}'"))
    return problems


def flow_vocabulary(knowledge: Knowledge, directory: Path) -> list[Problem]:
    """The platform walk-through's choice values must be the catalog's vocabulary."""
    problems = []
    for flow in knowledge.flows.values():
        if flow.on_complete != "recommend_platforms":
            continue
        path = directory / "flows" / f"{flow.id}.yaml"
        for name, valid in _FLOW_VOCABULARY.items():
            step = flow.step(name)
            if step is None:
                problems.append(Problem(path, 0, f"the walk-through needs a step '{name}'"))
                continue
            for choice in step.choices:
                if choice.value not in valid:
                    problems.append(Problem(path, 0, f"step '{name}': unknown value '{choice.value}' "
                                                     f"(valid: {', '.join(valid)})"))
        if flow.step("hours") is None:
            problems.append(Problem(path, 0, "the walk-through needs a step 'hours'"))
        platforms = directory / "platforms"
        missing = [name for name in ("catalog.yaml", "scoring.yaml") if not (platforms / name).exists()]
        if missing:  # a file that exists but could not be read has been reported already
            problems.append(Problem(directory / "platforms", 0,
                                    "the walk-through needs platforms/catalog.yaml and platforms/scoring.yaml"))
    return problems


def long_notes(knowledge: Knowledge, directory: Path) -> list[Problem]:
    """Catalog notes longer than the recommendation's first message is sized for (a warning)."""
    from bot.recommend.present import NOTE_MAX

    long = {pid: p.note for pid, p in knowledge.platforms.items() if len(p.note) > NOTE_MAX}
    if not long:
        return []
    path = directory / "platforms" / "catalog.yaml"
    try:
        file = read_yaml(path)
        entries = file.data["platforms"]
        lines = {str(e.get("id")): file.line(("platforms", i, "note")) for i, e in enumerate(entries)}
    except (OSError, YamlError, KeyError, TypeError, AttributeError):
        lines = {}
    return [Problem(path, lines.get(pid, 0), f"the note of '{pid}' is {len(note)} characters; keep it to "
                    f"{NOTE_MAX} so a recommendation fits one phone screen", error=False)
            for pid, note in long.items()]
