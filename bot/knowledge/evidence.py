"""Evidence in the knowledge: the sources registry, `sources:` citations, figure coverage, review dates.

Contract (the agreed schema, knowledge/README.md "Sources, figures and review dates"):
- errors: a figure in a stated text that no `backs` entry of its item covers; a cited source id missing
  from sources.yaml; a source without title, url or as_of; a malformed date;
- warnings: a `review_by` in the past; a source whose `as_of` is more than 3 years old (informational).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.knowledge.fields import FieldReader
from bot.knowledge.figures import find_figures, normalise_figure
from bot.knowledge.model import Citation, Source
from bot.knowledge.yamlfile import Path_

__all__ = ["SOURCE_AGE_YEARS", "Evidence", "read_sources", "source_due"]

SOURCE_AGE_YEARS = 3
"""A source's figures older than this are flagged (informational): look for newer ones."""
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://[^\s]+$")


def source_due(source: Source) -> date:
    """The day a source's figures become older than SOURCE_AGE_YEARS."""
    as_of = source.as_of
    try:
        return as_of.replace(year=as_of.year + SOURCE_AGE_YEARS)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year + SOURCE_AGE_YEARS, day=28)


def read_sources(reader: FieldReader, today: date) -> dict[str, Source]:
    """The registry in sources.yaml: `sources:` is a list of {id, title, url, as_of}."""
    obj = reader.mapping(reader.file.data, (), "sources.yaml") or {}
    reader.unknown_fields(obj, (), {"sources"})
    raw = obj.get("sources")
    if not isinstance(raw, list):
        reader.report((), "sources.yaml needs a list under 'sources'")
        return {}
    sources: dict[str, Source] = {}
    for at, item in reader.mappings(raw, "sources", "a source", {"id", "title", "url", "as_of"}):
        source_id, title, url = (reader.text(item, at, k) for k in ("id", "title", "url"))
        as_of = reader.date(item, at, "as_of")
        if source_id is not None and not _ID.match(source_id):
            reader.report((*at, "id"), f"source id '{source_id}' must be lowercase letters, digits and dashes")
            continue
        if url is not None and not _URL.match(url):
            reader.report((*at, "url"), f"url '{url}' must start with http:// or https://")
            continue
        if source_id is None or title is None or url is None or as_of is None:
            continue
        if source_id in sources:
            reader.report((*at, "id"), f"duplicate source id '{source_id}'")
            continue
        source = Source(source_id, title, url, as_of)
        if as_of > today:
            reader.report((*at, "as_of"), f"as_of {as_of} of source '{source_id}' is in the future")
        elif source_due(source) < today:
            reader.report((*at, "as_of"), f"source '{source_id}' is from {as_of}, more than {SOURCE_AGE_YEARS} "
                          "years ago (informational: look for newer figures)", error=False)
        sources[source_id] = source
    return sources


@dataclass(frozen=True, slots=True)
class Evidence:
    """Reads and checks the evidence fields of topics, tips and platforms against one registry."""

    sources: dict[str, Source]
    today: date

    def citations(self, reader: FieldReader, obj: dict[str, Any], at: Path_) -> tuple[Citation, ...]:
        """The optional `sources:` list of {source, backs}; unknown source ids are errors."""
        raw = obj.get("sources")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            reader.report((*at, "sources"), "'sources' must be a list of {source: <id>, backs: [figures]}")
            return ()
        out = []
        for i, data in enumerate(raw):
            c_at: Path_ = (*at, "sources", i)
            item = reader.mapping(data, c_at, "a citation")
            if item is None:
                continue
            reader.unknown_fields(item, c_at, {"source", "backs"})
            source_id = reader.text(item, c_at, "source")
            backs = reader.text_list(item, c_at, "backs", required=False)
            if source_id is None:
                continue
            if source_id not in self.sources:
                reader.report((*c_at, "source"), f"unknown source id '{source_id}' (not in sources.yaml)")
                continue
            out.append(Citation(source_id, tuple(normalise_figure(b) for b in backs)))
        return tuple(out)

    def review_by(self, reader: FieldReader, obj: dict[str, Any], at: Path_, what: str,
                  *, required: bool = True) -> date | None:
        """The `review_by` date; a warning when it has passed."""
        when = reader.date(obj, at, "review_by", required=required)
        if when is not None and when < self.today:
            reader.report((*at, "review_by"), f"{what} was due for review on {when}", error=False)
        return when

    @staticmethod
    def unbacked(reader: FieldReader, texts: Iterable[tuple[Path_, str]], citations: Iterable[Citation],
                 what: str) -> None:
        """An error for each figure in `texts` (value path, text) that no citation backs."""
        backed = {figure for c in citations for figure in c.backs}
        for at, text in texts:
            for figure, offset in find_figures(text):
                if figure not in backed:
                    reader.problems.append(reader.problem_at_text(
                        at, offset, f"figure '{figure}' in {what} has no source: add it to the `backs` of a "
                                    "`sources` entry (or reword without the figure)"))
