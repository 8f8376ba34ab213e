"""`advisor kb check` on the concept lexicon (knowledge/concepts.yaml): errors and warnings with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.console.cli import main
from bot.knowledge.check import check_pack
from bot.knowledge.pack import bundled_knowledge_dir


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_knowledge_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _append_concept(pack: Path, body: str) -> Path:
    path = pack / "concepts.yaml"
    path.write_text(path.read_text() + body)
    return path


def test_a_topic_declaring_an_unknown_concept_is_an_error_at_its_line(pack: Path) -> None:
    path = pack / "topics" / "seo.yaml"
    path.write_text(path.read_text().replace("concepts: [search-ranking]", "concepts: [search-ranking, no-such-idea]"))
    problems = [str(p) for p in check_pack(pack)[1] if p.error]
    line = _line_of(path, "concepts:")
    assert f"{path}:{line}: error: topic 'seo' declares the unknown concept 'no-such-idea'" in problems


def test_a_phrase_claimed_by_two_concepts_is_an_error_at_the_phrase(pack: Path) -> None:
    path = _append_concept(pack, "  copycat:\n    phrases: [lurkers, something else entirely]\n")
    problems = [str(p) for p in check_pack(pack)[1] if p.error]
    line = _line_of(path, "phrases: [lurkers, something else entirely]")
    assert any(p.startswith(f"{path}:{line}: error: phrase 'lurkers' of 'copycat' is already a phrase of")
               for p in problems), problems


def test_plural_and_synonym_forms_count_as_the_same_phrase(pack: Path) -> None:
    """"lurker" is "lurkers" once stemmed; "client care" is "customer care" once synonyms are folded."""
    _append_concept(pack, "  copycat:\n    phrases: [lurker, client care]\n")
    problems = [p.message for p in check_pack(pack)[1] if p.error]
    assert any("'lurker' of 'copycat'" in p for p in problems)
    assert any("'client care' of 'copycat'" in p for p in problems)


def test_a_concept_no_topic_declares_is_a_warning(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _append_concept(pack, "  orphan-idea:\n    phrases: [orphan phrase here]\n")
    assert main(["kb", "check", str(pack)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:{_line_of(path, 'orphan-idea:') + 1}: warning: concept 'orphan-idea' is declared by no topic" in out


def test_a_too_common_phrase_and_a_bad_scope_are_errors(pack: Path) -> None:
    _append_concept(pack, "  vague:\n    scope: everywhere\n    phrases: [what is it]\n"
                          "  vaguer:\n    phrases: [with me]\n")
    problems = [p.message for p in check_pack(pack)[1] if p.error]
    assert any("scope must be one of: topic, domain, out" in p for p in problems)
    assert any("'with me' is too common" in p for p in problems)


def test_a_topic_may_not_declare_an_out_of_scope_concept(pack: Path) -> None:
    path = pack / "topics" / "seo.yaml"
    path.write_text(path.read_text().replace("concepts: [search-ranking]", "concepts: [account-support]"))
    problems = [p.message for p in check_pack(pack)[1] if p.error]
    assert "topic 'seo' declares 'account-support', a concept of scope 'out' (only scope 'topic' answers " \
           "questions)" in problems


def test_chatter_and_follow_up_files_report_bad_items(pack: Path) -> None:
    (pack / "chatter.yaml").write_text("openers: [hey team, '!!!']\nclosers: [thanks]\nasks: [how]\nextra: 1\n")
    problems = [str(p) for p in check_pack(pack)[1] if p.error]
    chatter = pack / "chatter.yaml"
    assert any(p.startswith(f"{chatter}:1:") and "has no letters or digits" in p for p in problems)
    assert any(p.startswith(f"{chatter}:4:") and "unknown field 'extra'" in p for p in problems)
