"""benchmarks/answer_shapes.py: the shape of a message answered with a platform answer, the right and wrong counts
per shape, and no question ever printed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.answer_shapes import Shape, from_dataset, main, measure, platform_outcome, shape, table
from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge

ONE_ASKING_EXPLICIT = "Is TikTok good for B2B?"
CONTEXT_IMPLICIT = "Our Facebook page has 2,000 likes. Is that good?"
ONE_IMPLICIT = "our facebook page has 2,000 likes, is that good?"
SEVERAL_ASKING_EXPLICIT = "We sell handmade candles. Is Instagram worth it for us?"
CONTEXT_EXPLICIT = "We post cake photos on Instagram every day. Nobody comments. What are we doing wrong?"
NO_PLATFORM = "how to cook rice?"

ENTRIES = [
    {"id": "A", "q": ONE_ASKING_EXPLICIT, "label": "tiktok", "split": "held"},
    {"id": "B", "q": ONE_IMPLICIT, "label": "kpis", "split": "held"},
    {"id": "C", "q": SEVERAL_ASKING_EXPLICIT, "label": "instagram", "split": "held"},
    {"id": "D", "q": CONTEXT_EXPLICIT, "label": "none", "split": "held"},
    {"id": "E", "q": NO_PLATFORM, "label": "none", "split": "held"},
    {"id": "F", "q": ONE_ASKING_EXPLICIT, "label": "tiktok", "split": "dev"},
]


def test_the_shape_of_a_message(knowledge: Knowledge) -> None:
    dialogue = Dialogue(knowledge)
    assert shape(dialogue, ONE_ASKING_EXPLICIT) == Shape(several=False, in_asking=True, explicit=True)
    assert shape(dialogue, CONTEXT_IMPLICIT) == Shape(several=True, in_asking=False, explicit=False)
    assert shape(dialogue, SEVERAL_ASKING_EXPLICIT) == Shape(several=True, in_asking=True, explicit=True)
    assert shape(dialogue, CONTEXT_EXPLICIT) == Shape(several=True, in_asking=False, explicit=True)
    assert shape(dialogue, ONE_IMPLICIT) == Shape(several=False, in_asking=True, explicit=False)
    assert shape(dialogue, NO_PLATFORM) == Shape(several=False, in_asking=False, explicit=False)


def test_only_platform_answers_count_and_out_of_scope_answered_is_wrong(knowledge: Knowledge) -> None:
    dialogue = Dialogue(knowledge)
    assert platform_outcome(dialogue, ONE_ASKING_EXPLICIT, ("platform", ("tiktok",))) == "right"
    assert platform_outcome(dialogue, ONE_ASKING_EXPLICIT, ("platform", ("instagram",))) == "wrong"
    assert platform_outcome(dialogue, ONE_ASKING_EXPLICIT, None) == "wrong"
    assert platform_outcome(dialogue, NO_PLATFORM, None) is None


def test_counts_per_shape(knowledge: Knowledge) -> None:
    questions = [("Is TikTok good for B2B?", ("platform", ("tiktok",))), (ONE_IMPLICIT, ("kpis", ())),
                 (CONTEXT_EXPLICIT, None), (CONTEXT_IMPLICIT, ("kpis", ())), (NO_PLATFORM, None)]
    counts = measure(Dialogue(knowledge), iter(questions))
    assert sum(counts.values()) == 3  # the implicit story is offered, not answered; no platform in the last
    rows = {line[:36].strip(): line[36:].split() for line in table(counts)[1:]}
    assert rows["all platform answers"] == ["1", "2", "66.7%"]
    assert rows["one sentence"] == ["1", "1", "50.0%"]
    assert rows["the platform only in the context"] == ["0", "1", "100.0%"]
    assert rows["the platform named where it asks"] == ["0", "0", "-"]
    assert rows["implicit"] == ["0", "1", "100.0%"]


def test_a_set_file_prints_counts_never_questions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(ENTRIES), encoding="utf-8")
    assert main(["--set", str(path), "--split", "held"]) == 0
    out, _ = capsys.readouterr()
    rows = {line[:36].strip(): line[36:].split() for line in out.splitlines()[1:]}
    assert rows["all platform answers"] == ["2", "2", "50.0%"]
    assert "TikTok" not in out and "facebook" not in out and "candles" not in out


def test_a_source_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([])
    assert "give --dev, --batches GROUP or --set FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--batches", "no-such-group"])
    assert "no such group" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--dev", "--split", "held"])
    assert "--split needs --set" in capsys.readouterr().err


def test_a_bad_set_file_is_named_never_quoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('- {id: A, q: "Is our secret Reddit plan any good?, label: reddit\n- [', encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--set", str(broken)])
    err = capsys.readouterr().err
    assert "broken.yaml: cannot be read as YAML" in err and "secret" not in err
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(ENTRIES), encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--set", str(path), "--split", "held9"])  # a mistyped split is no table of zeros
    assert "no question in split held9" in capsys.readouterr().err


def test_entries_without_a_question_or_a_label_are_skipped() -> None:
    data = {"in_domain": [{"q": "how often should we post?"}, {"topic": "kpis"}, {"q": "a", "topic": "kpis"},
                          {"q": "b", "platform": ["tiktok", "instagram"]}],
            "out_of_domain": [{"id": "x"}, "how to cook rice?", {"q": "best pizza in town?"}, ""]}
    assert list(from_dataset(data)) == [("a", ("kpis", ())), ("b", ("platform", ("instagram", "tiktok"))),
                                        ("how to cook rice?", None), ("best pizza in town?", None)]
