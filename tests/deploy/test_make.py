"""`make install` gives a deployer the platform extras without test tools, tests or root; the quick
starts use it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def planned(target: str) -> str:
    """The commands `make TARGET` would run on a fresh clone (`-n -B`: printed, not run)."""
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_install_installs_the_platform_extras_and_nothing_else() -> None:
    commands = planned("install")
    assert "pip install -q -e '.[telegram,slack,redis]'" in commands
    for unwanted in ("pytest", "ruff", "mypy", "ensure-redis", "apt", "sudo", "dev,"):
        assert unwanted not in commands, unwanted


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_dev_installs_what_make_test_uses_without_running_it() -> None:
    commands = planned("dev")
    assert "'.[dev,telegram,slack,redis]'" in commands
    assert "pytest" not in commands and "ensure-redis" not in commands


def test_the_quick_starts_use_make_install_not_make_test() -> None:
    readme = (ROOT / "README.md").read_text()
    for section in ("## Telegram", "## Slack"):
        body = readme.split(section, 1)[1].split("\n## ", 1)[0]
        assert "make install" in body and not re.search(r"^\s*make test\b", body, re.MULTILINE), section
    for doc in ("telegram.md", "slack.md"):
        text = (ROOT / "docs" / doc).read_text()
        assert "make install" in text and "`make test`, which installs" not in text, doc
