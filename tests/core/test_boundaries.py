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


def _module_imports() -> dict[str, set[str]]:
    """Each module of bot/ and adapters/ and the modules of those it imports (anywhere in it)."""
    paths = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for top in ("bot", "adapters") for p in (ROOT / top).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in paths else node.module
                             for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def test_no_module_imports_itself_back() -> None:
    graph = _module_imports()
    circles = []
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                circles.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
    assert circles == []


def test_the_stores_do_not_know_the_delivery_pipeline() -> None:
    """The store protocol is the seam: the pipeline builds on the stores, never the other way round."""
    graph = _module_imports()
    knows = {m: sorted(d for d in deps if d.startswith("bot.delivery")) for m, deps in graph.items()
             if m.startswith("bot.store")}
    assert {m: deps for m, deps in knows.items() if deps} == {}
