"""The editors' commands: `advisor kb gaps`, `advisor stats`, `advisor kb reload`. Each reads or writes
the configured store (ADVISOR_STORE), so it sees what every worker on that store recorded."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from adapters.console.render import render_text
from bot.config import CoreSettings
from bot.dialogue.engine import Dialogue
from bot.editors.gaps import Gap, export_yaml, find_gaps, intent_files, untyped_dislikes
from bot.editors.questions import QuestionLog
from bot.editors.reload import request_reload
from bot.editors.stats import SCHEDULED_TITLE, Stats, StatsLog, names_of, scheduled_lines, summary_lines
from bot.knowledge.check import check_pack
from bot.knowledge.model import Knowledge
from bot.knowledge.pack import bundled_knowledge_dir, load_knowledge
from bot.schedule.service import list_subscriptions
from bot.schedule.subscriptions import Subscription
from bot.store import Store, open_store

T = TypeVar("T")


def _with_store(settings: CoreSettings, work: Callable[[Store], Awaitable[T]]) -> T:
    """Run `work` on the configured store. Raises StoreError when it cannot be opened or used."""
    async def run() -> T:
        store = open_store(settings.store_url)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())


def _day(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


def run_gaps(settings: CoreSettings, directory: Path | None, since: float, as_json: bool,
             export: Path | None) -> int:
    folder = directory or settings.knowledge_dir or bundled_knowledge_dir()
    knowledge = load_knowledge(folder)
    start = time.time() - since
    entries = _with_store(settings, lambda store: QuestionLog(store, settings.editors.retention).since(start))
    gaps = find_gaps(entries, Dialogue(knowledge), intent_files(folder, knowledge))
    without_text = untyped_dislikes(entries)
    if export is not None:
        header = (f"Questions the advisor did not answer well, from the questions log since {_day(start)}\n"
                  f"(advisor kb gaps --export, {_day(time.time())}). Check each label, move questions between\n"
                  "in_domain and out_of_domain as needed, then add them to a dev set (tests/data/).")
        export.write_text(export_yaml(gaps, header), encoding="utf-8")
        print(f"wrote {sum(len(g.texts) for g in gaps)} question(s) in {len(gaps)} group(s) to {export}")
        return 0
    if as_json:
        print(json.dumps({"since": start, "until": time.time(), "questions": sum(g.count for g in gaps),
                          "groups": [_gap_json(g) for g in gaps], "dislikes_without_text": without_text},
                         ensure_ascii=False))
        return 0
    print(f"Questions not answered well since {_day(start)}: {sum(g.count for g in gaps)} in {len(gaps)} group(s)")
    for gap in gaps:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(gap.kinds.items()))
        more = f" (+{len(gap.texts) - 1} similar)" if len(gap.texts) > 1 else ""
        nearest = f"{gap.nearest.intent} ({gap.nearest.score:.2f})" if gap.nearest else "none"
        print(f"\n{gap.count:>4}  {json.dumps(gap.texts[0], ensure_ascii=False)}{more}  [{kinds}]")
        print(f"      nearest topic now: {nearest}; {gap.suggestion}")
    if without_text:
        print("\nDislikes without a question text: " + ", ".join(f"{t} {n}" for t, n in without_text.items()))
    return 0


def _gap_json(gap: Gap) -> dict[str, Any]:
    return {"count": gap.count, "texts": list(gap.texts), "kinds": gap.kinds,
            "nearest": {"topic": gap.nearest.intent, "score": gap.nearest.score} if gap.nearest else None,
            "chosen": list(gap.chosen), "disliked": list(gap.disliked), "advice": gap.advice.value,
            "target": gap.target, "file": gap.file, "suggestion": gap.suggestion}


def run_stats(settings: CoreSettings, knowledge: Knowledge, since: float, as_json: bool) -> int:
    start = time.time() - since

    async def read(store: Store) -> tuple[Stats, list[Subscription]]:
        return await StatsLog(store, settings.editors.retention).read(start), await list_subscriptions(store)

    stats, channels = _with_store(settings, read)
    titles, names = names_of(knowledge)
    if as_json:
        print(json.dumps(stats_json(stats, titles, names, channels), ensure_ascii=False))
        return 0
    print(f"Since {_day(start)} (whole days, UTC):")
    for line in summary_lines(stats, titles, top=10, names=names):
        print("  " + render_text(line))
    if stats.platforms:
        print("  By platform: " + ", ".join(f"{p} {n}" for p, n in stats.platforms))
    print(f"{SCHEDULED_TITLE}:")
    print("\n".join("  " + line for line in render_text("\n".join(scheduled_lines(channels))).splitlines()))
    return 0


def stats_json(stats: Stats, titles: dict[str, str], names: dict[str, str],
               channels: list[Subscription]) -> dict[str, Any]:
    return {"since": stats.since, "until": stats.until, "asked": stats.asked, "answered": stats.answered,
            "offered": stats.offered, "picked": stats.picked, "unanswered": stats.unanswered,
            "share_answered": stats.share_answered,
            "top_topics": [{"topic": t, "title": titles.get(t), "count": n} for t, n in stats.topics],
            "top_platforms": [{"platform": p, "name": names.get(p), "count": n} for p, n in stats.catalog],
            "feedback": {"up": stats.up, "down": stats.down}, "platforms": dict(stats.platforms),
            "scheduled_tips": [{"platform": s.channel.platform, "channel": s.channel.chat, "thread": s.channel.thread,
                                "title": s.title, "schedule": s.schedule.describe(), "about": s.about}
                               for s in channels]}


def run_reload(settings: CoreSettings, directory: Path | None) -> int:
    """Check the pack the workers load, then ask them to load it again. Exit 1 when it has errors."""
    folder = directory or settings.knowledge_dir or bundled_knowledge_dir()
    _, problems = check_pack(folder)
    errors = [p for p in problems if p.error]
    if errors:
        for problem in errors:
            print(problem)
        print(f"kb reload: not requested, {folder} has {len(errors)} error(s) (advisor kb check)", file=sys.stderr)
        return 1
    _with_store(settings, request_reload)
    print(f"kb reload: requested; workers on this store load {folder} within {settings.kb_poll:g} s "
          "(each checks it again first)")
    return 0

