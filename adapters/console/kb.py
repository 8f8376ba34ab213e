"""`advisor kb check`: a readable report of a pack's problems; exit 1 when there are errors.
`advisor kb review`: what is due for review, oldest first.
`advisor kb explain QUESTION`: how the matcher reads and ranks a question (to fix a missed one)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from bot.knowledge.check import check_pack
from bot.knowledge.pack import bundled_knowledge_dir, read_pack
from bot.knowledge.review import due_for_review
from bot.matching import build_matcher
from bot.matching.explain import explain


def run_check(directory: Path | None) -> int:
    folder = directory or bundled_knowledge_dir()
    knowledge, problems = check_pack(folder)
    errors = [p for p in problems if p.error]
    for problem in problems:
        print(problem)
    if knowledge is not None:
        print(f"{folder}: {len(knowledge.topics)} topics, {len(knowledge.tips)} tips, {len(knowledge.flows)} flows, "
              f"{len(knowledge.platforms)} platforms; {len(errors)} errors, {len(problems) - len(errors)} warnings")
    if errors:
        print(f"kb check failed: {len(errors)} error(s)", file=sys.stderr)
        return 1
    return 0


def run_review(directory: Path | None, within_days: int = 0, today: date | None = None) -> int:
    """One line per due item: date, overdue or due, kind, id, why. Exit 1 only when the pack
    cannot be read (its errors are printed); items being due is not a failure."""
    folder = directory or bundled_knowledge_dir()
    today = today or date.today()
    knowledge, problems = read_pack(folder, today)
    errors = [p for p in problems if p.error]
    if knowledge is None or errors:
        for problem in errors:
            print(problem)
        print(f"kb review: fix the {len(errors)} error(s) first (advisor kb check)", file=sys.stderr)
        return 1
    due = due_for_review(knowledge, today, max(0, within_days))
    for item in due:
        state = "overdue" if item.when < today else "due"
        print(f"{item.when}  {state:<7}  {item.kind:<7}  {item.id}  ({item.detail})")
    horizon = f"within {within_days} days" if within_days > 0 else "today"
    print(f"{folder}: {len(due)} item(s) due for review {horizon}")
    return 0


def run_explain(directory: Path | None, question: str) -> int:
    """Print the sentences kept, the concepts and platforms found, the evidence, the candidates and
    the decision. Exit 1 only when the pack cannot be read."""
    folder = directory or bundled_knowledge_dir()
    knowledge, problems = read_pack(folder)
    errors = [p for p in problems if p.error]
    if knowledge is None or errors:
        for problem in errors:
            print(problem)
        print(f"kb explain: fix the {len(errors)} error(s) first (advisor kb check)", file=sys.stderr)
        return 1
    print("\n".join(explain(build_matcher(knowledge), question)))
    return 0
