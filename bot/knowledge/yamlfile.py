"""Reading one YAML file into plain data while remembering the line of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class YamlFile:
    """The parsed content of one file and a map from a value's path to its 1-based line."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, at: Path_) -> int:
        """The line of the value at `at`, or of its nearest parent that has one."""
        while at:
            if at in self.lines:
                return self.lines[at]
            at = at[:-1]
        return self.lines.get((), 1)


class YamlError(Exception):
    """A file that is not valid YAML; `line` is 1-based."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def read_yaml(path: Path) -> YamlFile:
    """Parse `path`. Raises YamlError on a syntax error, OSError when the file can't be read."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(path, line, str(exc.problem or exc).strip()) from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, str(exc).strip()) from None
    result = YamlFile(path=path, data=None)
    if node is not None:
        result.data = _convert(node, (), result.lines)
    return result


def _convert(node: yaml.Node, at: Path_, lines: dict[Path_, int]) -> Any:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            out[key] = _convert(value_node, (*at, str(key)), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*at, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _constructor.construct_object(node)
    return str(node.value)
