"""The terminal side of the console chat: reading lines without blocking the exit, and Ctrl-C.

Ctrl-C makes the terminal send SIGINT to its whole foreground process group. Under `make chat` that
group holds make too, and make reports "Interrupt" (or "Error 130") whatever the chat does. So while
the chat runs under such a wrapper it takes a foreground process group of its own, and gives the
terminal back when it leaves: Ctrl-C then reaches the chat alone, which says goodbye and exits 0.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO


@contextmanager
def own_foreground(stream: TextIO) -> Iterator[None]:
    """Give this process its own foreground process group on the terminal of `stream` when it shares
    one with a parent (make); a no-op otherwise (not a terminal, or already the group's leader).
    Ctrl-Z is ignored meanwhile: stopping a group the shell does not know about would hang the terminal."""
    fd = _terminal(stream)
    if fd is None or os.tcgetpgrp(fd) != os.getpgrp() or os.getpgrp() == os.getpid():
        yield
        return
    previous = os.getpgrp()
    try:
        os.setpgid(0, 0)
        _set_foreground(fd, os.getpgrp())
    except OSError:  # not allowed here (e.g. a session leader): keep the shared group
        yield
        return
    stop_handler = signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGTSTP, stop_handler)
        with suppress(OSError):
            _set_foreground(fd, previous)


def _terminal(stream: TextIO) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


def _set_foreground(fd: int, group: int) -> None:
    """tcsetpgrp from what may be a background group: SIGTTOU is ignored for the call."""
    handler = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, group)
    finally:
        signal.signal(signal.SIGTTOU, handler)


class LineReader:
    """Lines of `stream`, read by a daemon thread so a pending read never delays the exit.
    `next_line` returns "" at end of input, and None once `interrupted` is set (Ctrl-C)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self.interrupted = asyncio.Event()
        loop = asyncio.get_running_loop()
        thread = threading.Thread(target=self._read, args=(loop,), name="console-stdin", daemon=True)
        thread.start()

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                line = self._stream.readline()
            except (OSError, ValueError):
                line = ""
            with suppress(RuntimeError):  # the loop has closed: nobody is reading any more
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
            if not line:
                return

    async def next_line(self) -> str | None:
        line = asyncio.ensure_future(self._lines.get())
        stop = asyncio.ensure_future(self.interrupted.wait())
        done, pending = await asyncio.wait({line, stop}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        return line.result() if line in done else None

    @contextmanager
    def on_sigint(self) -> Iterator[None]:
        """While active, SIGINT (Ctrl-C) sets `interrupted` instead of raising KeyboardInterrupt."""
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self.interrupted.set)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread: keep the default
            yield
            return
        try:
            yield
        finally:
            loop.remove_signal_handler(signal.SIGINT)
