"""Sources, figures and review dates: what `kb check` reports (file and line), `kb review`, and the
Sources line of "tell me more"."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from adapters.console.cli import main
from adapters.console.kb import run_review
from bot.dialogue.replies import ReplyBuilder
from bot.knowledge.check import check_pack
from bot.knowledge.pack import KnowledgeError, bundled_knowledge_dir, load_knowledge, read_pack
from bot.knowledge.review import due_for_review

TODAY = date(2026, 11, 28)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_knowledge_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def problems(pack: Path, *, errors: bool = True, today: date = TODAY) -> list[str]:
    return [str(p) for p in read_pack(pack, today)[1] if p.error is errors]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_an_unbacked_figure_is_an_error_at_its_own_line(pack: Path) -> None:
    path = pack / "topics" / "seo.yaml"
    text = path.read_text()
    start = text.index("details: |\n") + len("details: |\n")
    text = text[:start] + "  About 68% of online experiences begin with a search.\n" + text[start:]
    path.write_text(text)
    line = line_of(path, "About 68%")
    assert f"{path}:{line}: error: figure '68%' in topic 'seo' has no source" in "\n".join(problems(pack))


def test_backs_cover_figures_whitespace_normalised(pack: Path) -> None:
    path = pack / "topics" / "seo.yaml"
    text = path.read_text().replace("answer: |\n", "answer: |\n  Over 3\u00a0billion people search.\n", 1)
    path.write_text(text.replace("review_by:", 'sources:\n  - {source: nielsen-participation-2006, '
                                               'backs: ["3  billion"]}\nreview_by:', 1))
    assert problems(pack) == []


def test_unknown_source_and_malformed_dates_are_errors(pack: Path) -> None:
    tips = pack / "tips.yaml"
    tips.write_text(tips.read_text().replace("source: nielsen-participation-2006", "source: no-such-source", 1))
    topic = pack / "topics" / "roi.yaml"
    topic.write_text(topic.read_text().replace("review_by: 2027-11-30", "review_by: 2027-02-30"))
    found = "\n".join(problems(pack))
    assert f"{tips}:{line_of(tips, 'no-such-source')}: error: unknown source id 'no-such-source'" in found
    assert f"{topic}:{line_of(topic, 'review_by')}: error: 'review_by' must be a date written YYYY-MM-DD" in found
    # the tip's figure lost its backing with its source
    assert "figure '90%' in tip 'tip-rule-90-9-1-2' has no source" in found


def test_a_source_needs_title_url_and_as_of(pack: Path) -> None:
    registry = pack / "sources.yaml"
    registry.write_text(registry.read_text() + "  - id: half-done\n    title: Something\n")
    found = "\n".join(problems(pack))
    assert f"{registry}:{line_of(registry, 'half-done')}: error: missing field 'url'" in found
    assert "missing field 'as_of'" in found


def test_review_by_is_required_on_topics_and_the_catalog(pack: Path) -> None:
    topic = pack / "topics" / "roi.yaml"
    topic.write_text(topic.read_text().replace("review_by: 2027-11-30\n", ""))
    catalog = pack / "platforms" / "catalog.yaml"
    catalog.write_text("\n".join(line for line in catalog.read_text().splitlines()
                                 if not line.startswith("review_by:")) + "\n")
    found = "\n".join(problems(pack))
    assert f"{topic}:1: error: missing field 'review_by'" in found
    assert f"{catalog}:" in found and "missing field 'review_by'" in found.split(f"{catalog}:", 1)[1]


def test_past_review_dates_and_old_sources_are_warnings(pack: Path) -> None:
    later = date(2028, 1, 1)
    warnings = problems(pack, errors=False, today=later)
    assert problems(pack, today=later) == []
    assert any("topic 'roi' was due for review on 2027-11-30" in w for w in warnings)
    assert any("the catalog was due for review" in w for w in warnings)
    assert any("source 'nielsen-participation-2006' is from 2006-10-09" in w and "informational" in w
               for w in warnings)


def _tip_platforms(pack: Path, platforms: str) -> Path:
    tips = pack / "tips.yaml"
    tips.write_text(tips.read_text().replace("    topic: definition\n",
                                             f"    topic: definition\n    platforms: {platforms}\n", 1))
    return tips


def test_tip_platforms_must_be_catalog_ids(pack: Path) -> None:
    tips = _tip_platforms(pack, "[linkedin, myspace]")
    found = "\n".join(problems(pack))
    assert f"{tips}:{line_of(tips, 'myspace')}: error: unknown platform id 'myspace'" in found
    with pytest.raises(KnowledgeError, match="myspace"):
        load_knowledge(pack)


def test_tip_platforms_are_loaded(pack: Path) -> None:
    _tip_platforms(pack, "[linkedin]")
    knowledge = load_knowledge(pack)
    assert knowledge.tips[0].platforms == ("linkedin",)


def test_catalog_figures_need_sources(pack: Path) -> None:
    catalog = pack / "platforms" / "catalog.yaml"
    text = catalog.read_text()
    catalog.write_text(text.replace("    post_ideas:\n", "    post_ideas:\n      - Clips under 90 seconds\n", 1))
    found = "\n".join(problems(pack))
    assert f"{catalog}:{line_of(catalog, 'Clips under 90 seconds')}: error: figure '90 seconds'" in found


def test_bundled_pack_has_no_errors_and_only_informational_warnings() -> None:
    found = read_pack(bundled_knowledge_dir())[1]
    assert [str(p) for p in found if p.error] == []
    assert all("informational" in p.message for p in found), [str(p) for p in found]


def test_kb_review_lists_due_items_oldest_first(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topic = pack / "topics" / "roi.yaml"
    topic.write_text(topic.read_text().replace("review_by: 2027-11-30", "review_by: 2026-01-15"))
    assert run_review(pack, 0, TODAY) == 0
    lines = capsys.readouterr().out.splitlines()
    items, summary = lines[:-1], lines[-1]
    assert items[0].startswith("2009-10-09  overdue  source   nielsen-participation-2006")
    assert "cited by topic rule-90-9-1, tip tip-rule-90-9-1-2" in items[0]
    assert "2026-01-15  overdue  topic    roi  (review_by 2026-01-15)" in items
    assert [line[:10] for line in items] == sorted(line[:10] for line in items)
    assert all(date.fromisoformat(line[:10]) <= TODAY for line in items)
    assert summary.endswith(f"{len(items)} item(s) due for review today")


def test_kb_review_within_looks_ahead(knowledge) -> None:
    soon = due_for_review(knowledge, TODAY, within_days=400)
    kinds = {d.kind for d in soon}
    assert {"topic", "catalog", "source"} <= kinds
    assert [d.when for d in soon] == sorted(d.when for d in soon)
    assert due_for_review(knowledge, TODAY, 0) == [d for d in soon if d.when <= TODAY]


def test_kb_review_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "review", "--within", "10000"]) == 0
    out = capsys.readouterr().out
    assert "topic    rule-90-9-1" in out and "catalog  platforms/catalog.yaml" in out


def test_kb_review_refuses_a_broken_pack(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pack / "sources.yaml").write_text("sources:\n  - id: x\n    title: t\n    url: ftp://x\n    as_of: 2025-01-01\n")
    assert run_review(pack, 0, TODAY) == 1
    assert "must start with http" in capsys.readouterr().out


def test_tell_me_more_shows_the_sources(knowledge) -> None:
    details = ReplyBuilder(knowledge).details(knowledge.topics["rule-90-9-1"])
    last = details.text.split("\n\n")[-1]
    assert last.startswith("**Sources:** [Participation Inequality")
    assert "(https://www.nngroup.com/articles/participation-inequality/) (Oct 2006)" in last
    plain = ReplyBuilder(knowledge).details(knowledge.topics["seo"])
    assert "Sources" not in plain.text


def test_check_pack_reports_the_same_as_read_pack(pack: Path) -> None:
    assert [p for p in check_pack(pack)[1] if p.error] == []
