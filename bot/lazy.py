"""Package exports imported on first use, so that `import bot` (and `advisor ask`) start quickly.

A package's `__init__` names what it exports and where each name lives; the module holding a name is
imported the first time the name is read. Type checkers see the same names through a `TYPE_CHECKING` block.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence


def lazy_exports(package: str, modules: Mapping[str, Sequence[str]]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` exporting, from each module in `modules`, the names listed."""
    home = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> object:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
