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
    literal_blocks: set[Path_] = field(default_factory=set)
    """Paths of the text values written as literal blocks (`key: |`): their lines map one to one."""

    def line(self, at: Path_) -> int:
        """The line of the value at `at`, or of its nearest parent that has one."""
        while at:
            if at in self.lines:
                return self.lines[at]
            at = at[:-1]
        return self.lines.get((), 1)

    def line_in_text(self, at: Path_, offset: int) -> int:
        """The line of the character at `offset` of the text value at `at`: exact for a literal
        block, the value's own line otherwise."""
        if at not in self.literal_blocks:
            return self.line(at)
        text = _value_at(self.data, at)
        before = text[:offset].count("\n") if isinstance(text, str) else 0
        return self.line(at) + 1 + before


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
        line, message = _where(exc, text)
        raise YamlError(path, line, message) from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, str(exc).strip()) from None
    result = YamlFile(path=path, data=None)
    if node is not None:
        result.data = _convert(node, (), result)
    return result


_OPENED_HERE = ("while scanning", "while parsing a flow")
"""Contexts whose start is the mistake: an unclosed quote or bracket, a key without its colon. The
parser notices them later (often at the end of the file), so the line where they start is reported."""


def _where(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 1-based line of a syntax error, as close to the mistake as the parser allows, and a message."""
    problem = (exc.problem or str(exc)).strip()
    found = exc.problem_mark.line + 1 if exc.problem_mark else None
    if exc.context and exc.context_mark and exc.context.startswith(_OPENED_HERE):
        started = exc.context_mark.line + 1
        if found is None or found == started:
            return started, f"{problem} ({exc.context})"
        return started, f"{problem} at line {found} ({exc.context} that starts on this line)"
    if found is not None and (quoted := _quote_running_into(text, found)) is not None:
        return quoted, (f"a quoted text starts on this line and runs on to line {found}, where the parser "
                        f"stops ({problem}): is its closing quote missing?")
    return found or 1, problem


def _quote_running_into(text: str, error_line: int) -> int | None:
    """The start line of the last quoted text spanning several lines before `error_line`, if any: an
    unclosed quote swallows the lines after it until the next quote, and the error shows up there."""
    start = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > error_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line):
                start = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return start


def _convert(node: yaml.Node, at: Path_, file: YamlFile) -> Any:
    file.lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            out[key] = _convert(value_node, (*at, str(key)), file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*at, i), file) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode) and node.style == "|":
        file.literal_blocks.add(at)
    return _scalar(node)


def _value_at(data: Any, at: Path_) -> Any:
    for part in at:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return _constructor.construct_object(node)
        except ValueError:  # a date-shaped value that is no date ("2027-02-30"): kept as text
            return str(node.value)
    return str(node.value)
