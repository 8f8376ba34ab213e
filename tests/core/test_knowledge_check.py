"""`advisor kb check`: the bundled pack passes; broken packs are reported with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.console.cli import main
from bot.knowledge.check import check_pack
from bot.knowledge.pack import KnowledgeError, bundled_knowledge_dir, load_knowledge

REQUIRED_TOPICS = (
    "definition", "social-media-vs-networks", "main-platforms", "media-types", "community", "rule-90-9-1",
    "engagement-types", "why-use", "seo", "e-reputation", "customer-relationship", "market-monitoring", "roi",
    "good-practices", "persona", "strategy", "choose-platforms", "editorial-calendar", "risks",
    "greeting", "help", "thanks", "goodbye",
)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_knowledge_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def test_bundled_pack_is_clean(knowledge) -> None:
    _, problems = check_pack(bundled_knowledge_dir())
    assert [p for p in problems if p.error or "informational" not in p.message] == []
    assert set(REQUIRED_TOPICS) <= set(knowledge.topics)
    assert all(len(t.examples) >= 8 for t in knowledge.topics.values())
    assert len(knowledge.tips) >= 30
    assert {t.topic for t in knowledge.tips} <= set(knowledge.topics)
    assert any(b.payload == "flow:platforms" for b in knowledge.topics["choose-platforms"].buttons)


def test_kb_check_cli_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check"]) == 0
    assert "0 errors" in capsys.readouterr().out


def _lines(problems) -> list[str]:
    return [str(p) for p in problems if p.error]


def test_schema_error_names_file_and_line(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = pack / "topics" / "seo.yaml"
    lines = path.read_text().splitlines()
    related = next(i for i, line in enumerate(lines) if line.startswith("related:"))
    lines[related] = "related: [community, no-such-topic]"
    path.write_text("\n".join(lines) + "\n")
    assert main(["kb", "check", str(pack)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{related + 1}: error: unknown related topic id 'no-such-topic'" in out


def test_yaml_syntax_error_has_line(pack: Path) -> None:
    path = pack / "topics" / "roi.yaml"
    path.write_text("id: roi\ntitle: [unclosed\nanswer: x\n")
    problems = _lines(check_pack(pack)[1])
    assert any(p.startswith(f"{path}:") and "invalid YAML" in p for p in problems)


def test_duplicate_ids_few_examples_and_missing_fields(pack: Path) -> None:
    (pack / "topics" / "zz-copy.yaml").write_text(
        "id: seo\ntitle: Copy\nanswer: x\nexamples: [a, b]\n")
    (pack / "topics" / "bare.yaml").write_text("id: bare\ntitle: Bare\nexamples: [one, two, three]\n")
    problems = _lines(check_pack(pack)[1])
    assert any("zz-copy.yaml:1: error: duplicate topic id 'seo'" in p for p in problems)
    assert any("zz-copy.yaml:4" in p and "at least 8" in p for p in problems)
    assert any("bare.yaml:1: error: missing field 'answer'" in p for p in problems)


def test_near_identical_examples_across_topics(pack: Path) -> None:
    seo = (pack / "topics" / "seo.yaml").read_text()
    seo = seo.replace("examples:\n", "examples:\n  - what is a community exactly\n", 1)
    (pack / "topics" / "seo.yaml").write_text(seo)
    community = (pack / "topics" / "community.yaml").read_text()
    (pack / "topics" / "community.yaml").write_text(
        community.replace("examples:\n", "examples:\n  - what is a community exactly?\n", 1))
    problems = _lines(check_pack(pack)[1])
    assert any("nearly identical" in p for p in problems)


def test_catalog_unknown_values_and_missing_fields(pack: Path) -> None:
    path = pack / "platforms" / "catalog.yaml"
    text = path.read_text().replace("family: networking", "family: gossip", 1).replace("    note:", "    nope:", 1)
    path.write_text(text)
    problems = _lines(check_pack(pack)[1])
    assert any("unknown family 'gossip'" in p and str(path) in p for p in problems)
    assert any("missing field 'note'" in p for p in problems)


def test_broken_pack_refuses_to_load(pack: Path) -> None:
    (pack / "messages.yaml").write_text("fallback: only this\n")
    with pytest.raises(KnowledgeError, match="missing field 'clarify'"):
        load_knowledge(pack)


def test_flow_actions_named_in_the_schema_all_exist() -> None:
    from bot.dialogue.actions import ACTIONS
    from bot.knowledge.flows import ACTIONS as NAMES

    assert set(NAMES) == set(ACTIONS)


def test_a_pack_without_the_help_topic_is_refused(pack: Path) -> None:
    (pack / "topics" / "help.yaml").unlink()
    problems = _lines(check_pack(pack)[1])
    assert any("missing the topic 'help'" in p for p in problems)


@pytest.mark.parametrize("examples", ["examples: []", "examples:", "examples: [only one]"])
def test_a_topic_with_no_or_too_few_examples_is_an_error(pack: Path, examples: str) -> None:
    path = pack / "topics" / "roi.yaml"
    text = path.read_text()
    start = text.index("examples:")
    end = text.index("\nkeywords:")
    path.write_text(text[:start] + examples + text[end:])
    line = text[:start].count("\n") + 1
    errors = _lines(check_pack(pack)[1])
    assert any(p.startswith(f"{path}:{line}: error:") and "examples" in p for p in errors), errors


def _break_topic(pack: Path, name: str, bad_line: str) -> tuple[Path, int]:
    """Replace the `title:` line of a topic with a YAML syntax error; returns the file and that line."""
    path = pack / "topics" / f"{name}.yaml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[number] = bad_line
    path.write_text("\n".join(lines) + "\n")
    return path, number + 1


@pytest.mark.parametrize("bad_line", ["title: [Know your target", 'title: "Know your target',
                                      "title: Know: your: target", "  title: Know your target",
                                      "title:\tKnow your target\n\t- oops"])
def test_a_yaml_syntax_error_is_reported_once_at_its_line(pack: Path, bad_line: str) -> None:
    path, line = _break_topic(pack, "persona", bad_line)
    errors = _lines(check_pack(pack)[1])
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:") and "invalid YAML" in errors[0]
    reported = int(errors[0].split(":")[1])
    assert line <= reported <= line + 1, (errors[0], line)


@pytest.mark.parametrize("name", ["topics/greeting.yaml", "topics/help.yaml", "flows/platforms.yaml",
                                  "platforms/catalog.yaml", "platforms/scoring.yaml", "platforms/aspects.yaml",
                                  "tips.yaml", "commands.yaml", "messages.yaml", "synonyms.yaml"])
def test_any_file_with_a_syntax_error_gives_one_error(pack: Path, name: str) -> None:
    path = pack / name
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines.insert(number, "broken: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    errors = _lines(check_pack(pack)[1])
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:{number + 1}: error: invalid YAML"), errors


def test_errors_that_do_not_come_from_the_broken_file_are_still_reported(pack: Path) -> None:
    _break_topic(pack, "persona", "title: [Know your target")
    seo = pack / "topics" / "seo.yaml"
    seo.write_text(seo.read_text().replace("related: [", "related: [no-such-topic, ", 1))
    errors = _lines(check_pack(pack)[1])
    assert len(errors) == 2, errors
    assert any("unknown related topic id 'no-such-topic'" in p for p in errors)


def test_a_catalog_note_too_long_for_one_phone_screen_is_a_warning(pack: Path) -> None:
    from bot.recommend.present import NOTE_MAX

    path = pack / "platforms" / "catalog.yaml"
    text = path.read_text()
    start = text.index('    note: "', text.index("id: linkedin"))
    line = text[:start].count("\n") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + '    note: "' + "x" * (NOTE_MAX + 5) + '"' + text[end:])
    problems = check_pack(pack)[1]
    warnings = [str(p) for p in problems if not p.error]
    assert not _lines(problems)
    assert any(w.startswith(f"{path}:{line}: warning:") and "linkedin" in w and str(NOTE_MAX) in w
               for w in warnings), warnings


def test_step_help_fields_are_checked(pack: Path) -> None:
    path = pack / "flows" / "platforms.yaml"
    text = path.read_text()
    market = text.index("  - id: market")
    help_at = text.index("    help: |", market)
    asks_at = text.index("    asks:", market)
    # the market step loses its help but keeps its ways of asking; the hours step gets a select_all
    text = text[:help_at] + text[asks_at:]
    text = text.replace("    quick_answers: [2, 5, 10, 20]", "    quick_answers: [2, 5, 10, 20]\n    select_all: [all]")
    path.write_text(text)
    errors = _lines(check_pack(pack)[1])
    assert any("'asks' needs a 'help'" in e for e in errors), errors
    assert any("'select_all' only fits a multi_choice step" in e for e in errors), errors


def test_every_walkthrough_step_has_help(knowledge) -> None:
    flow = knowledge.flows["platforms"]
    assert flow.step_asks
    assert all(step.help and step.asks for step in flow.steps)


def test_aspects_question_concepts_must_be_concepts_of_the_lexicon(pack: Path) -> None:
    path = pack / "platforms" / "aspects.yaml"
    text = path.read_text()
    assert "question_concepts: [marketing-goals," in text
    path.write_text(text.replace("question_concepts: [marketing-goals,", "question_concepts: [no-such-concept,"))
    _, problems = check_pack(pack)
    assert any("unknown concept id 'no-such-concept'" in line and "aspects.yaml" in line for line in _lines(problems))


def test_a_term_naming_two_platforms_is_an_error(pack: Path) -> None:
    path = pack / "platforms" / "catalog.yaml"
    text = path.read_text()
    assert "terms: [inmail, inmails," in text
    path.write_text(text.replace("terms: [inmail, inmails,", "terms: [inmail, inmails, pins,"))
    problems = _lines(check_pack(pack)[1])
    assert any("alias or term 'pins' of 'pinterest' already names 'linkedin'" in p and str(path) in p
               for p in problems)


def test_a_cue_telling_two_platforms_is_an_error(pack: Path) -> None:
    path = pack / "platforms" / "catalog.yaml"
    text = path.read_text()
    assert "cues: [blue, " in text
    path.write_text(text.replace("cues: [blue, ", "cues: [blue, ghost, two words, ", 1))
    problems = _lines(check_pack(pack)[1])
    assert any("cue 'ghost' of 'snapchat' already tells 'facebook'" in p and str(path) in p for p in problems)
    assert any("cue 'two words' of 'facebook' is more than one word" in p for p in problems)


def test_a_spelling_group_of_one_word_is_an_error(pack: Path) -> None:
    path = pack / "platforms" / "aspects.yaml"
    path.write_text(path.read_text() + "\nspellings:\n  - [should, shud]\n  - [often]\n")
    problems = _lines(check_pack(pack)[1])
    assert any("a spelling group is a list of two single words or more" in p and str(path) in p for p in problems)


def test_a_channel_word_or_subject_head_of_two_words_is_an_error(pack: Path) -> None:
    """They are looked up one token after a platform's name: a phrase could never match."""
    path = pack / "platforms" / "aspects.yaml"
    text = path.read_text()
    assert "channel_words: [" in text and "subject_heads: [" in text
    path.write_text(text.replace("channel_words: [", "channel_words: [direct messages, ", 1)
                    .replace("subject_heads: [", "subject_heads: [paid ads, ", 1))
    problems = _lines(check_pack(pack)[1])
    assert any("'direct messages' in 'channel_words' is more than one word" in p and str(path) in p for p in problems)
    assert any("'paid ads' in 'subject_heads' is more than one word" in p and str(path) in p for p in problems)


def test_a_phrase_holding_a_chat_spelling_is_an_error(pack: Path) -> None:
    path = pack / "platforms" / "aspects.yaml"
    path.write_text(path.read_text().replace("how_to: [", "how_to: [how shud we, ", 1))
    problems = _lines(check_pack(pack)[1])
    assert any("phrase 'how shud we' holds 'shud'" in p and str(path) in p for p in problems)


def test_a_platform_not_covered_that_the_catalog_names_is_an_error(pack: Path) -> None:
    path = pack / "platforms" / "catalog.yaml"
    path.write_text(path.read_text().replace("  - {name: Tumblr}", "  - {name: Tumblr, aliases: [insta]}", 1))
    errors = _lines(check_pack(pack)[1])
    assert any("'insta' names 'instagram', a platform of the catalog" in p and str(path) in p for p in errors), errors
