"""The `advisor` CLI contract, run as a real subprocess where the contract is about processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console.cli import main

REQUIRED = {
    "what is social media": "definition",
    "difference between social media and social networks": "social-media-vs-networks",
    "what are the main social networks": "main-platforms",
    "what types of social media exist": "media-types",
    "what is an online community": "community",
    "what is the 90/9/1 rule": "rule-90-9-1",
    "what are the types of engagement": "engagement-types",
    "why should we use social media": "why-use",
    "does social media help seo": "seo",
    "what is e-reputation": "e-reputation",
    "customer relationship on social media": "customer-relationship",
    "how do we monitor our market": "market-monitoring",
    "we tried social media and saw no return": "roi",
    "what are the good practices": "good-practices",
    "what is a persona": "persona",
    "do we need a documented strategy": "strategy",
    "should we be on every social network": "choose-platforms",
    "what is an editorial calendar": "editorial-calendar",
    "what are the risks of social media": "risks",
    "hello": "greeting",
    "what can you do": "help",
    "thanks": "thanks",
    "goodbye": "goodbye",
    "give me a tip": "tip",
}


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adapters.console", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


def test_ask_json_answers_every_required_topic() -> None:
    questions = list(REQUIRED)
    result = run("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    for question, line in zip(questions, lines, strict=True):
        data = json.loads(line)
        assert set(data) >= {"kind", "topic", "confidence", "text", "buttons"}
        assert data["kind"] == "answer", (question, data)
        assert data["topic"] == REQUIRED[question], (question, data["topic"])
        assert 0 <= data["confidence"] <= 1
        assert all(set(b) == {"label", "payload"} for b in data["buttons"])


@pytest.mark.parametrize("question", ["how do I reset my facebook password", "what's the weather",
                                      "write me a poem", "who won the football match yesterday"])
def test_ask_rejects_out_of_domain(question: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", question]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "fallback" and data["topic"] is None


def test_ask_stdin_one_line_per_input_line_whatever_it_is() -> None:
    hostile = ["", "   ", "🙂🙂", "x" * 100_000, "a\x00b\x1b[31mred", "what is\tseo", "Привет 你好 مرحبا",
               "help me choose platforms", "what is the 90 9 1 rule"]
    for flags in ([], ["--json"]):
        result = run("ask", *flags, stdin="\n".join(hostile) + "\n")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.split("\n")
        assert lines[-1] == "" and len(lines) - 1 == len(hostile)
        assert all(line.strip() for line in lines[:-1]), "every input line gets a non-empty answer"
    json_lines = run("ask", "--json", stdin="\n".join(hostile) + "\n").stdout.splitlines()
    kinds = [json.loads(line)["kind"] for line in json_lines]
    assert kinds[7] == "flow" and kinds[8] == "answer"
    assert json.loads(json_lines[8])["topic"] == "rule-90-9-1"


def test_ask_did_you_mean_has_null_topic_and_candidate_buttons(capsys: pytest.CaptureFixture[str]) -> None:
    from adapters.console.ask import to_json
    from bot.types import Button, Reply, ReplyKind

    data = to_json([Reply("Did you mean?", ReplyKind.CLARIFY, None, 0.5, (Button("A", "topic:a"),))])
    assert data["topic"] is None and data["kind"] == "clarify" and data["buttons"][0]["payload"] == "topic:a"


def test_ask_did_you_mean_in_plain_text_lists_what_it_offers() -> None:
    from adapters.console.ask import render_line
    from bot.types import Button, Reply, ReplyKind

    offer = Reply("Did you mean one of these?", ReplyKind.CLARIFY, None, 0.5,
                  (Button("Choose my platforms", "flow:platforms"), Button("Tools *for* <b>", "topic:tools")))
    assert render_line([offer], as_json=False) == "Did you mean one of these? Choose my platforms / Tools *for* <b>"
    answer = Reply("SEO is...", ReplyKind.ANSWER, "seo", 1.0, (Button("Tell me more", "more:seo"),))
    assert render_line([answer], as_json=False) == "SEO is..."


def test_recommend_json_contract() -> None:
    result = run("recommend", "--goal", "leads", "--market", "b2b", "--age", "25-34,35-54",
                 "--content", "articles", "--hours", "5", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["platforms"][0]["id"] == "linkedin"
    assert all(set(p) >= {"id", "score", "reasons"} and p["reasons"] for p in data["platforms"])
    assert [p["score"] for p in data["platforms"]] == sorted((p["score"] for p in data["platforms"]), reverse=True)
    assert all(set(o) >= {"id", "reason"} for o in data["left_out"])
    assert isinstance(data["plan"], list) and data["plan"]


@pytest.mark.parametrize(("flag", "value", "valid"), [
    ("--goal", "fame", "visibility"), ("--market", "b2x", "b2b"), ("--age", "30-40", "25-34"),
    ("--content", "podcasts", "short-video"),
])
def test_recommend_unknown_values_exit_2_listing_valid_ones(flag: str, value: str, valid: str) -> None:
    args = {"--goal": "leads", "--market": "b2b", "--age": "25-34", "--content": "articles", "--hours": "5"}
    args[flag] = value
    result = run("recommend", *(x for kv in args.items() for x in kv))
    assert result.returncode == 2
    assert value in result.stderr and valid in result.stderr
    assert "Traceback" not in result.stderr


def test_recommend_text_output() -> None:
    result = run("recommend", "--goal", "visibility", "--market", "b2c", "--age", "13-17,18-24",
                 "--content", "short-video", "--hours", "2")
    assert result.returncode == 0
    assert "TikTok" in result.stdout or "Instagram" in result.stdout
    assert "**" not in result.stdout


def test_knowledge_flag_and_env_load_another_pack(tmp_path: Path) -> None:
    import shutil

    from bot.knowledge.pack import bundled_knowledge_dir

    pack = tmp_path / "pack"
    shutil.copytree(bundled_knowledge_dir(), pack, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = pack / "topics" / "seo.yaml"
    path.write_text(path.read_text().replace("answer: |\n", "answer: |\n  CUSTOM-SEO-ANSWER.\n", 1))
    by_flag = run("ask", "--knowledge", str(pack), "does social media help seo")
    by_env = run("ask", "does social media help seo", env={"ADVISOR_KNOWLEDGE": str(pack)})
    assert "CUSTOM-SEO-ANSWER" in by_flag.stdout and "CUSTOM-SEO-ANSWER" in by_env.stdout
    broken = run("ask", "--knowledge", str(tmp_path / "nope"), "hi")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr


def test_chat_console_buttons_by_number_and_resume_after_restart(tmp_path: Path) -> None:
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/chat.db"}
    first = run("chat", stdin="help me choose platforms\n1\n4\n8\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "[1] Visibility" in first.stdout and "Selected: Visibility, Leads" in first.stdout
    assert "2/5" in first.stdout
    second = run("chat", stdin="2\n", env=env)
    assert "Back to where we were" in second.stdout and "2/5" in second.stdout
    assert "3/5" in second.stdout, "pressing [2] answered the market step after the restart"


def test_bad_store_url_exit_2() -> None:
    result = run("chat", stdin="", env={"ADVISOR_STORE": "postgres://nope"})
    assert result.returncode == 2 and "ADVISOR_STORE" in result.stderr and "Traceback" not in result.stderr


def test_console_typed_number_answers_the_hours_question() -> None:
    env = {"ADVISOR_STORE": "memory://"}
    result = run("chat", stdin="/platforms\nleads\nb2b\n25 to 45\narticles\n1\n", env=env)
    assert "My advice: 1 platform for your 1 h a week" in result.stdout, "1 means one hour, not the first button"


def test_redaction_of_token_shapes_inside_urls() -> None:
    from adapters.logs import redact

    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"
    line = f"GET https://api.telegram.org/bot{token}/getMe xoxb-1234-5678-abcdefghij"
    assert redact(line) == "GET https://api.telegram.org/bot***/getMe ***"


def test_ask_conversation_reads_stdin_as_one_conversation_kept_in_the_store(tmp_path: Path) -> None:
    """`--conversation NAME`: "why?" follows up the answer before it, "what about LinkedIn?" gets the
    platform answer; the state is in ADVISOR_STORE under that name, so a later call continues it.
    Without the flag each line is its own conversation."""
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path / 'ask.db'}"}
    result = run("ask", "--json", "--conversation", "team", stdin="does social media help seo?\nwhy?\n", env=env)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["topic"] == second["topic"] == "seo" and second["kind"] == "answer"
    assert second["text"] != first["text"]
    later = run("ask", "--json", "--conversation", "team", "what about linkedin?", env=env)
    assert json.loads(later.stdout)["platforms"] == ["linkedin"]
    alone = run("ask", "--json", stdin="does social media help seo?\nwhy?\n", env=env)
    assert [json.loads(line)["topic"] for line in alone.stdout.splitlines()] == ["seo", None]
    other = run("ask", "--json", "--conversation", "someone-else", "why?", env=env)
    assert json.loads(other.stdout)["topic"] is None
