"""The event loop the servers run on: uvloop when it is installed (the telegram and slack extras bring it;
it makes each socket round trip cheaper), asyncio's own otherwise. Behaviour is the same on both."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on a new event loop, as `asyncio.run` does."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)
