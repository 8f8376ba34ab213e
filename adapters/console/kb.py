"""`advisor kb check`: a readable report of a pack's problems; exit 1 when there are errors."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.knowledge.check import check_pack
from bot.knowledge.pack import bundled_knowledge_dir


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
