"""`advisor recommend`: the walk-through's recommendation for a profile given as flags."""

from __future__ import annotations

import argparse
import json
import sys

from adapters.console.render import render_text
from bot.knowledge.model import Knowledge
from bot.recommend import Profile, recommend, recommendation_replies

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
    if args.json:
        print(json.dumps(rec.to_json(), ensure_ascii=False))
    else:
        print("\n\n".join(render_text(r.text) for r in recommendation_replies(knowledge, rec)))
    return 0
