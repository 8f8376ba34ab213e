"""`advisor ask` starts quickly: heavy modules it does not need are imported on first use only."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_the_console_entry_does_not_import_the_calendar_library_or_the_delivery_pipeline() -> None:
    probe = ("import sys, adapters.console.cli; "
             "print(sorted(m for m in ('icalendar', 'bot.delivery.pipeline', 'redis') "
             "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_lazy_exports_resolve_on_first_use_and_refuse_unknown_names() -> None:
    import bot.delivery
    from bot.delivery.pipeline import Pipeline

    assert bot.delivery.Pipeline is Pipeline
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = bot.delivery.Nope  # type: ignore[attr-defined]
