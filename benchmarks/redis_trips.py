"""Counting the round trips workers make to Redis, with MONITOR: every command a client sends is one line
(`[db 127.0.0.1:port]`); the commands a Lua script runs show as `[db lua]` and are not round trips.

MONITOR slows Redis down: count in a phase of its own, never while measuring throughput.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import AsyncIterator


class TripCounter:
    def __init__(self) -> None:
        self.by_command: collections.Counter[str] = collections.Counter()
        self.in_scripts = 0

    @property
    def trips(self) -> int:
        return sum(self.by_command.values())

    def summary(self, events: int) -> str:
        """Round trips per event, and the commands that made them."""
        parts = ", ".join(f"{name} {count / events:.2f}" for name, count in self.by_command.most_common())
        return f"{self.trips / events:.2f} round trips per event ({parts}; {self.in_scripts / events:.1f} " \
               f"commands per event inside scripts)"


@contextlib.asynccontextmanager
async def counting(port: int) -> AsyncIterator[TripCounter]:
    """Count what clients send to the Redis server on `port` while the block runs."""
    counter = TripCounter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"MONITOR\r\n")
    await writer.drain()
    assert (await reader.readline()).startswith(b"+OK")

    async def read() -> None:
        while line := await reader.readline():
            _, _, rest = line.partition(b"[")
            client, _, command = rest.partition(b"]")
            name = command.strip().split(b" ", 1)[0].strip(b'"').decode(errors="replace").upper()
            if client.endswith(b" lua"):
                counter.in_scripts += 1
            elif name:
                counter.by_command[name] += 1

    task = asyncio.create_task(read())
    try:
        yield counter
        await asyncio.sleep(0.2)  # the last lines in flight
    finally:
        task.cancel()
        writer.close()
