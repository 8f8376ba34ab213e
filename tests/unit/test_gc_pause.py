"""bot/gc_pause.py: the cyclic collector waits while long-lived structures are built, and comes back."""

from __future__ import annotations

import gc

import pytest

from bot.gc_pause import paused_collection


def test_the_collector_is_off_inside_and_back_on_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with paused_collection():
        assert not gc.isenabled()
        with paused_collection():   # a nested build
            assert not gc.isenabled()
        assert not gc.isenabled()   # the inner one does not turn it back on
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_collection():
        raise ValueError("a broken pack")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_loading_a_pack_and_building_an_engine_leave_the_collector_on(knowledge) -> None:
    from bot.dialogue.engine import Dialogue
    from bot.knowledge.pack import load_knowledge

    load_knowledge()
    Dialogue(knowledge)
    assert gc.isenabled()
