"""Children under the platforms' minimum age are not a 13-17 audience; the catalog says who may join."""

from __future__ import annotations

from bot.dialogue.slots import parse_choices
from bot.knowledge.model import Knowledge


def test_kids_and_gen_alpha_are_not_taken_for_teenagers(knowledge: Knowledge) -> None:
    step = knowledge.flows["platforms"].step("ages")
    assert step is not None
    assert parse_choices(step, "kids") == ()
    assert parse_choices(step, "gen alpha") == ()
    assert parse_choices(step, "teens") == ("13-17",)
    assert "parents" in step.hint


def test_every_social_platform_states_its_minimum_age(knowledge: Knowledge) -> None:
    ages = {pid: p.min_age for pid, p in knowledge.platforms.items() if pid != "blog"}
    assert all(age is not None and 13 <= age <= 18 for age in ages.values()), ages
    assert ages["linkedin"] == 16
    assert knowledge.minors_note and "DSA" in knowledge.minors_note
