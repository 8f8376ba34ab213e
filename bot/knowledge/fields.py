"""Typed field readers over a YamlFile that report problems with file and line instead of raising."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.knowledge.yamlfile import Path_, YamlFile

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of the knowledge check. `error` False means a warning."""

    path: Path
    line: int
    message: str
    error: bool = True

    def __str__(self) -> str:
        level = "error" if self.error else "warning"
        return f"{self.path}:{self.line}: {level}: {self.message}"


class FieldReader:
    """Reads typed fields from one file, collecting problems in `problems`."""

    def __init__(self, file: YamlFile, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def report(self, at: Path_, message: str, *, error: bool = True) -> None:
        self.problems.append(Problem(self.file.path, self.file.line(at), message, error))

    def problem_at_text(self, at: Path_, offset: int, message: str, *, error: bool = True) -> Problem:
        """A problem located at the line of character `offset` inside the text value at `at`."""
        return Problem(self.file.path, self.file.line_in_text(at, offset), message, error)

    def _missing(self, obj: dict[str, Any], at: Path_, key: str) -> None:
        """A required field that is absent (reported at its parent) or written with no value (at its line)."""
        if key in obj:
            self.report((*at, key), f"'{key}' is empty")
        else:
            self.report(at, f"missing field '{key}'")

    def mapping(self, value: Any, at: Path_, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.report(at, f"{what} must be a mapping of fields")
        return None

    def mappings(self, raw: Any, key: str, what: str, fields: set[str]) -> list[tuple[Path_, dict[str, Any]]]:
        """The items of the top-level list `key` (`raw`), each a mapping of `fields` ("a source": {id, title...}),
        with its path; an item that is no mapping, and fields outside `fields`, are reported."""
        out: list[tuple[Path_, dict[str, Any]]] = []
        for i, data in enumerate(raw):
            at: Path_ = (key, i)
            item = self.mapping(data, at, what)
            if item is not None:
                self.unknown_fields(item, at, fields)
                out.append((at, item))
        return out

    def text(self, obj: dict[str, Any], at: Path_, key: str, *, required: bool = True) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self._missing(obj, at, key)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.report((*at, key), f"'{key}' must be text")
            return None
        value = str(value).strip()
        if not value and required:
            self.report((*at, key), f"'{key}' is empty")
            return None
        return value

    def text_list(
        self, obj: dict[str, Any], at: Path_, key: str, *, required: bool = True
    ) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            if required:
                self._missing(obj, at, key)
            return ()
        if not isinstance(value, list):
            self.report((*at, key), f"'{key}' must be a list")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item).strip():
                self.report((*at, key, i), f"'{key}' item {i + 1} must be non-empty text")
                continue
            out.append(str(item).strip())
        return tuple(out)

    def number(
        self, obj: dict[str, Any], at: Path_, key: str, *, required: bool = True,
        low: float | None = None, high: float | None = None,
    ) -> float | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.report(at, f"missing field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report((*at, key), f"'{key}' must be a number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.report((*at, key), f"'{key}' must be between {low} and {high}, not {value}")
            return None
        return float(value)

    def score_map(
        self, obj: dict[str, Any], at: Path_, key: str, allowed: tuple[str, ...],
        *, low: float = 0, high: float = 5,
    ) -> dict[str, float]:
        """A mapping whose keys must be exactly `allowed` and values numbers in [low, high]."""
        value = obj.get(key)
        if value is None:
            self.report(at, f"missing field '{key}'")
            return {}
        inner = self.mapping(value, (*at, key), f"'{key}'")
        if inner is None:
            return {}
        out: dict[str, float] = {}
        for name in inner:
            if str(name) not in allowed:
                self.report((*at, key, str(name)),
                            f"unknown {key} value '{name}' (valid: {', '.join(allowed)})")
        for name in allowed:
            number = self.number(inner, (*at, key), name, low=low, high=high)
            if number is not None:
                out[name] = number
        return out

    def date(self, obj: dict[str, Any], at: Path_, key: str, *, required: bool = True) -> date | None:
        """A calendar date written YYYY-MM-DD (YAML reads it as a date; quoted text is accepted too)."""
        value = obj.get(key)
        if value is None:
            if required:
                self.report(at, f"missing field '{key}' (a date, YYYY-MM-DD)")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.report((*at, key), f"'{key}' must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def unknown_fields(self, obj: dict[str, Any], at: Path_, allowed: set[str]) -> None:
        for key in obj:
            if key not in allowed:
                self.report((*at, str(key)), f"unknown field '{key}' (valid: {', '.join(sorted(allowed))})")
