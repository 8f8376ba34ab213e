"""The editors' commands as real processes on a shared SQLite store: what `advisor chat` recorded shows in
`advisor stats` and `advisor kb gaps`; `kb reload` refuses a broken pack and records a request."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from bot.editors.questions import LoggedQuestion, LogKind, QuestionLog
from bot.editors.reload import current_request
from bot.editors.stats import StatsLog
from bot.matching.datasets import load_set
from bot.store import SQLiteStore
from tests.console.test_cli import run
from tests.editors.packs import break_pack, copy_pack

SESSION = "\n".join([
    "how do I set up payroll for my employees", "how to set up a payroll", "what is seo", "+", "+",
    "what is a persona", "-", "my email is jane@acme.com, can you audit our tiktok", ""])


def test_chat_then_stats_and_gaps(tmp_path: Path) -> None:
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/shared.db"}
    chat = run("chat", stdin=SESSION, env=env)
    assert chat.returncode == 0, chat.stderr
    assert "(helpful? type + or -)" in chat.stdout and chat.stdout.count("Thanks for your feedback.") == 3
    assert "What were you looking for?" in chat.stdout

    stats = json.loads(run("stats", "--json", env=env).stdout)
    assert {k: stats[k] for k in ("asked", "answered", "unanswered", "offered", "picked")} == \
        {"asked": 5, "answered": 2, "unanswered": 2, "offered": 1, "picked": 0}  # "audit our tiktok": did you mean
    assert stats["share_answered"] == 0.4 and stats["feedback"] == {"up": 1, "down": 1}
    assert {t["topic"] for t in stats["top_topics"]} == {"seo", "persona"} and stats["platforms"] == {"console": 5}
    assert stats["scheduled_tips"] == []
    text = run("stats", env=env).stdout
    assert "5 questions, 40% answered" in text and "Feedback: 1 👍, 1 👎" in text
    assert "Channels with scheduled tips:\n  None yet" in text

    gaps = json.loads(run("kb", "gaps", "--json", env=env).stdout)
    assert gaps["questions"] == 4 and gaps["groups"][0]["count"] == 2
    assert gaps["groups"][0]["texts"][0] == "how do I set up payroll for my employees"
    assert {g["texts"][0] for g in gaps["groups"]} >= {"what is a persona",
                                                       "my email is [email], can you audit our tiktok"}
    assert all(set(g) >= {"nearest", "suggestion", "advice", "file", "kinds"} for g in gaps["groups"])
    assert "jane@acme.com" not in json.dumps(gaps)
    shown = run("kb", "gaps", "--since", "1d", env=env)
    assert shown.returncode == 0 and '"how do I set up payroll for my employees" (+1 similar)' in shown.stdout

    exported = tmp_path / "to-label.yaml"
    result = run("kb", "gaps", "--export", str(exported), env=env)
    assert result.returncode == 0 and "to-label.yaml" in result.stdout
    data = load_set(exported)
    assert len(data.in_domain) + len(data.out_of_domain) == 4


def test_text_storage_off_keeps_no_question_text(tmp_path: Path) -> None:
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/shared.db", "ADVISOR_QUESTIONS_TEXT": "off"}
    assert run("chat", stdin=SESSION, env=env).returncode == 0
    gaps = json.loads(run("kb", "gaps", "--json", env=env).stdout)
    assert gaps["groups"] == [] and gaps["dislikes_without_text"] == {"persona": 1}
    db = (tmp_path / "shared.db").read_bytes()
    assert b"payroll" not in db and b"audit our tiktok" not in db


def test_bad_settings_and_flags_are_one_line_errors(tmp_path: Path) -> None:
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/s.db"}
    for args, extra in ((("stats", "--since", "soon"), {}), (("kb", "gaps", "--since", "0d"), {}),
                        (("stats",), {"ADVISOR_QUESTIONS_RETENTION": "forever"}),
                        (("kb", "gaps"), {"ADVISOR_QUESTIONS_TEXT": "maybe"})):
        result = run(*args, env=env | extra)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("advisor") and any(w in last for w in ("--since", "ADVISOR_QUESTIONS")), last
    unreachable = run("stats", env={"ADVISOR_STORE": "redis://127.0.0.1:1/0"})
    assert unreachable.returncode == 1 and "Traceback" not in unreachable.stderr


def test_kb_reload_checks_the_pack_then_records_a_request(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path / "pack")
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/s.db", "ADVISOR_KNOWLEDGE": str(pack)}
    ok = run("kb", "reload", env=env)
    assert ok.returncode == 0 and "requested" in ok.stdout
    token = asyncio.run(_request(tmp_path / "s.db"))
    assert token
    break_pack(pack)
    refused = run("kb", "reload", env=env)
    assert refused.returncode == 1 and "seo.yaml" in refused.stdout and "not requested" in refused.stderr
    assert asyncio.run(_request(tmp_path / "s.db")) == token, "no new request for a broken pack"


async def _request(path: Path) -> str | None:
    store = SQLiteStore(path)
    try:
        return await current_request(store)
    finally:
        await store.close()


def test_stats_lists_the_channels_with_scheduled_tips(tmp_path: Path) -> None:
    from bot.knowledge.pack import load_knowledge
    from bot.schedule import ChannelKey, TipSettings, ZoneDefault

    async def subscribe() -> None:
        store = SQLiteStore(tmp_path / "s.db")
        tips = TipSettings(store, load_knowledge())
        await tips.apply(ChannelKey("telegram", "-1001", "7"), tips.parse("weekly mon,thu 09:30 Europe/Paris"),
                         "42", ZoneDefault("UTC", "default", ""), time.time(), "Marketing team")
        await store.close()

    asyncio.run(subscribe())
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/s.db"}
    [channel] = json.loads(run("stats", "--json", env=env).stdout)["scheduled_tips"]
    assert channel == {"platform": "telegram", "channel": "-1001", "thread": "7", "title": "Marketing team",
                       "schedule": "every Mon and Thu at 09:30 (Europe/Paris)", "about": None}
    assert "  • Marketing team: every Mon and Thu at 09:30 (Europe/Paris)" in run("stats", env=env).stdout


def test_since_keeps_only_the_period_asked_for(tmp_path: Path) -> None:
    """What was recorded 10 days ago shows with `--since 30d`, not with `--since 7d` nor by default
    (stats: 7 days); an hour ago shows in both."""
    now = time.time()
    recorded = (("how do we pay zorblax invoices", now - 10 * 86400), ("can you book me a flight", now - 3600))

    async def record() -> None:
        store = SQLiteStore(tmp_path / "s.db")
        for text, at in recorded:
            await QuestionLog(store).append(LoggedQuestion(text[:8], at, "slack", LogKind.FALLBACK, text, None, None))
            await StatsLog(store).count(["asked", "unanswered", "via:slack"], at=at)
        await store.close()

    asyncio.run(record())
    env = {"ADVISOR_STORE": f"sqlite:///{tmp_path}/s.db"}

    def gap_texts(*since: str) -> set[str]:
        groups = json.loads(run("kb", "gaps", "--json", *since, env=env).stdout)["groups"]
        return {t for g in groups for t in g["texts"]}

    assert gap_texts() == gap_texts("--since", "30d") == {"how do we pay zorblax invoices", "can you book me a flight"}
    assert gap_texts("--since", "7d") == {"can you book me a flight"}
    assert gap_texts("--since", "2h") == {"can you book me a flight"}
    asked = {since: json.loads(run("stats", "--json", "--since", since, env=env).stdout)["asked"]
             for since in ("30d", "7d")}
    assert asked == {"30d": 2, "7d": 1}
    assert json.loads(run("stats", "--json", env=env).stdout)["asked"] == 1, "stats default: 7 days"
