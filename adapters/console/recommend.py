"""`advisor recommend`: the walk-through's recommendation for a profile given as flags."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.files import write_file
from adapters.console.render import render_text
from bot.export import plan_csv, plan_ics, post_slots
from bot.export.reply import ADVICE_TOPIC
from bot.knowledge.model import Knowledge
from bot.recommend import Profile, Recommendation, recommend, recommendation_replies

EXIT_USAGE = 2


def _values(raw: str) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in raw.split(",") if v.strip())


def run_recommend(knowledge: Knowledge, args: argparse.Namespace) -> int:
    profile = Profile(goals=_values(args.goal), market=args.market.strip().lower(), ages=_values(args.age),
                      content=_values(args.content), hours=args.hours)
    problems = profile.problems()
    if problems:
        for problem in problems:
            print(f"advisor recommend: {problem}", file=sys.stderr)
        return EXIT_USAGE
    rec = recommend(knowledge, profile)
    if (args.ics or args.csv) and not _export(knowledge, rec, args.ics, args.csv):
        return 1
    if args.json:
        print(json.dumps(rec.to_json(), ensure_ascii=False))
    else:
        print("\n\n".join(render_text(r.text) for r in recommendation_replies(knowledge, rec)))
    return 0


def _export(knowledge: Knowledge, rec: Recommendation, ics: str | None, csv: str | None) -> bool:
    """Write the plan's calendar (`--ics`) and 4-week CSV (`--csv`), starting today; paths go to stderr
    so `--json` output stays one JSON object. False (after a one-line error) when a file can't be written."""
    slots = post_slots(knowledge, rec)
    today = datetime.now(UTC).date()
    title = knowledge.topics[ADVICE_TOPIC].title if ADVICE_TOPIC in knowledge.topics else "The editorial calendar"
    advice = f"{title}: run `advisor ask \"editorial calendar\"`."
    for raw, content in ((ics, lambda: plan_ics(slots, today, advice)), (csv, lambda: plan_csv(slots, today))):
        if raw is None:
            continue
        error = write_file(content(), Path(raw))
        if error is not None:
            print(f"advisor recommend: cannot write {raw}: {error}", file=sys.stderr)
            return False
        print(f"advisor recommend: wrote {raw}", file=sys.stderr)
    return True
