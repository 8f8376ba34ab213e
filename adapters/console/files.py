"""Files that come with replies, written to a folder (the console's current folder by default)."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.export import UPLOAD_FAILED
from bot.types import FileAttachment

log = logging.getLogger("advisor.console")


def save_files(files: tuple[FileAttachment, ...], folder: Path) -> list[str]:
    """Write each file into `folder` (replacing a file of the same name); returns one line per file:
    where it was written, or why it could not be."""
    lines = []
    for attached in files:
        target = folder / Path(attached.filename).name  # never outside the folder
        try:
            target.write_bytes(attached.content)
        except OSError as exc:
            log.warning("could not write %s: %s", target, exc.strerror or type(exc).__name__)
            lines.append(UPLOAD_FAILED.format(name=target.name, error=exc.strerror or type(exc).__name__))
            continue
        lines.append(f"saved {target}")
    return lines


def write_file(content: bytes, path: Path) -> str | None:
    """Write one file at `path`; None when done, else the reason it could not be written."""
    try:
        path.write_bytes(content)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None
