"""bot/ knows nothing about chat platforms; adapters do not reach into the engine's insides."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_MODULES = ("telegram", "slack_bolt", "slack_sdk", "aiohttp", "tornado", "adapters")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_bot_imports_no_platform_library() -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(imports_of(p) & set(PLATFORM_MODULES))
                 for p in (ROOT / "bot").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_plain_ask_does_not_import_platform_sdks() -> None:
    import subprocess
    import sys

    code = ("import sys; from adapters.console.cli import main; main(['ask', 'hi']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'slack_bolt', 'slack_sdk')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip().endswith("[]")
