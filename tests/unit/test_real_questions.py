"""benchmarks/real_questions.py: how a real question's outcome is read, and held questions' misses never shown."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.real_questions import main, measure
from bot.dialogue.engine import Dialogue
from bot.knowledge.model import Knowledge

ENTRIES = [
    {"id": "A", "q": "how often should we post on instagram?", "label": "instagram", "kind": "quoted", "split": "dev"},
    {"id": "B", "q": "what is the 90-9-1 rule?", "label": "rule-90-9-1", "kind": "faq", "split": "dev"},
    {"id": "C", "q": "what is the 90-9-1 rule?", "label": "kpis", "kind": "faq", "split": "held"},
    {"id": "D", "q": "I forgot my Instagram password, how do I get back in?", "label": "none", "kind": "forum",
     "split": "dev"},
    {"id": "E", "q": "Should we be on Mastodon?", "label": "other", "kind": "forum", "split": "dev"},
    {"id": "F", "q": "zxqv plmk", "label": "kpis", "kind": "forum", "split": "dev"},
    {"id": "G", "q": "Instagram or TikTok for a bakery?", "label": ["tiktok", "instagram"], "kind": "forum",
     "split": "dev"},
    {"id": "H", "q": "hashtags or kpis", "label": "hashtags", "kind": "forum", "split": "dev"},  # offered with it
    {"id": "I", "q": "hashtags or kpis", "label": "roi", "kind": "forum", "split": "dev"},       # offered without
]


def test_outcomes_are_counted_per_set_and_per_kind(knowledge: Knowledge) -> None:
    total, kinds = measure(Dialogue(knowledge), ENTRIES)
    assert dict(total.counts) == {"right": 3, "wrong": 1, "refused": 1, "offered_right": 1, "offered": 1,
                                  "out_refused": 2}
    assert (total.in_domain, total.out_of_scope) == (7, 2)
    assert dict(kinds["faq"].counts) == {"right": 1, "wrong": 1}
    assert [m.split()[1] for m in total.misses] == ["F", "H", "I"]  # C is wrong but held: not kept for printing
    assert total.line().startswith("in-domain 7: right 42.9% (3), answered wrong 14.3% (1), "
                                   "offered 2 (the right answer among the choices 1), refused 1")


def test_show_errors_is_refused_for_held_questions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(ENTRIES), encoding="utf-8")
    assert main(["--set", str(path), "--show-errors"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "never printed" in err
    assert main(["--set", str(path), "--split", "dev", "--show-errors"]) == 0
    out, _ = capsys.readouterr()
    assert "refused      F want kpis" in out and "90-9-1" not in out


def test_the_manifest_lists_ids_addresses_and_labels_never_a_question() -> None:
    manifest = Path(__file__).resolve().parents[2] / "benchmarks" / "real_questions" / "manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert all(set(e) == {"id", "url", "kind", "label", "split"} for e in entries)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(str(e["url"]).startswith("http") and e["label"] for e in entries)
    assert len(entries) == 1145  # rounds 20 to 23, as the READMEs say
    splits = Counter(e["split"] for e in entries)
    assert set(splits) == {"dev", "held", "held2", "held3", "held4", "dev2", "held5", "held6", "held7"}
    for split, letter, in_domain, out_of_scope in (("held6", "X", 135, 66), ("held7", "Y", 88, 32)):
        held = [e for e in entries if e["split"] == split]
        assert {e["id"][0] for e in held} == {letter}
        assert (sum(e["label"] not in ("none", "other") for e in held),
                sum(e["label"] in ("none", "other") for e in held)) == (in_domain, out_of_scope)


def test_a_bad_set_file_is_named_never_quoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('- {id: A, q: "Is our secret Reddit plan any good?, label: reddit\n- [', encoding="utf-8")
    assert main(["--set", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml: cannot be read as YAML" in err and "secret" not in err
