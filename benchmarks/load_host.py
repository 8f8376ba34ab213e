"""The machine side of the load benchmarks: CPU accounting, quiet checks, py-spy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def profile(pid: int, out: Path) -> subprocess.Popen[bytes]:
    """py-spy (on PATH, or next to this Python) samples the worker for 4 s; collapsed stacks go to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return subprocess.Popen([spy, "record", "--nonblocking", "-r", "200", "-d", "4", "-f", "raw", "-p", str(pid),
                             "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent not idle since boot (Linux /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def busy_cores(interval: float = 0.5) -> float:
    """How many cores the machine kept busy over `interval` seconds (Linux /proc/stat)."""
    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]

    total, idle = sample()
    time.sleep(interval)
    total2, idle2 = sample()
    return (1 - (idle2 - idle) / max(1, total2 - total)) * (os.cpu_count() or 1)


def wait_quiet(limit: float = 0.3, timeout: float = 120) -> float:
    """Wait (at most `timeout` s) until other work on the machine uses less than `limit` cores; the load seen."""
    deadline = time.monotonic() + timeout
    while (busy := busy_cores()) > limit and time.monotonic() < deadline:
        time.sleep(1)
    return busy


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
