"""Platform scoring: profiles any marketer agrees on, and properties over many profiles."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.knowledge.catalog import AGES, FORMATS, GOALS
from bot.recommend import Profile, recommend
from bot.recommend.scoring import MARKET_CHOICES


def rec(knowledge, goals, market, ages, content, hours):
    return recommend(knowledge, Profile(tuple(goals), market, tuple(ages), tuple(content), hours))


def test_b2b_lead_generation_with_articles_puts_linkedin_first(knowledge) -> None:
    result = rec(knowledge, ["leads"], "b2b", ["25-34", "35-54"], ["articles"], 6)
    assert result.platforms[0].id == "linkedin"


def test_teenagers_with_short_videos_get_tiktok_or_instagram_first(knowledge) -> None:
    result = rec(knowledge, ["visibility"], "b2c", ["13-17"], ["short-video"], 10)
    assert result.platforms[0].id in {"tiktok", "instagram"}


def test_seo_and_traffic_with_articles_recommend_a_blog(knowledge) -> None:
    result = rec(knowledge, ["seo", "traffic"], "both", ["25-34", "35-54"], ["articles"], 5)
    assert "blog" in [p.id for p in result.platforms]


def test_capacity_caps_the_number_of_platforms(knowledge) -> None:
    counts = {h: len(rec(knowledge, ["visibility"], "b2c", ["18-24", "25-34"], ["images", "short-video"], h).platforms)
              for h in (1, 2.9, 3, 8, 8.5, 40)}
    assert counts == {1: 1, 2.9: 1, 3: 2, 8: 2, 8.5: 3, 40: 3}


def test_left_out_explains_format_mismatch(knowledge) -> None:
    result = rec(knowledge, ["visibility"], "b2c", ["13-17", "18-24"], ["articles"], 2)
    assert "tiktok" not in [p.id for p in result.platforms]
    reasons = {o.id: o.reason for o in result.left_out}
    assert result.left_out and all(reasons.values())


def test_reasons_are_tied_to_the_answers(knowledge) -> None:
    result = rec(knowledge, ["leads"], "b2b", ["35-54"], ["articles"], 2)
    reasons = " ".join(result.platforms[0].reasons)
    assert "Leads" in reasons and "B2B" in reasons and "35-54" in reasons


def test_plan_fits_the_hours(knowledge) -> None:
    result = rec(knowledge, ["visibility", "leads"], "b2b", ["25-34"], ["articles", "images"], 5)
    assert [i.platform for i in result.plan] == [p.id for p in result.platforms]
    for item in result.plan:
        assert 1 <= item.posts_per_week == len(item.days) or item.posts_per_week > 7
        assert item.ideas
    assert sum(i.hours_per_week for i in result.plan) <= 5 + 0.5 * len(result.plan)


def test_scoring_is_deterministic(knowledge) -> None:
    a = rec(knowledge, ["visibility"], "both", list(AGES), list(FORMATS), 10).to_json()
    b = rec(knowledge, ["visibility"], "both", list(AGES), list(FORMATS), 10).to_json()
    assert a == b


def _subsets(values: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [c for n in range(1, len(values) + 1) for c in itertools.combinations(values, n)]


def _profiles() -> list[Profile]:
    rng = random.Random(2026)
    goals, ages, contents = _subsets(GOALS), _subsets(AGES), _subsets(FORMATS)
    profiles = [Profile(rng.choice(goals), market, rng.choice(ages), content, hours)
                for content in contents for market in MARKET_CHOICES for hours in (0.5, 2, 3, 8, 9, 40)]
    profiles += [Profile(rng.choice(goals), rng.choice(MARKET_CHOICES), rng.choice(ages), rng.choice(contents),
                         rng.choice((1, 4, 12))) for _ in range(2000)]
    return profiles


@pytest.mark.parametrize("chunk", range(4))
def test_property_over_profiles(knowledge, chunk: int) -> None:
    profiles = _profiles()[chunk::4]
    cap_of = knowledge.scoring.cap_for
    for profile in profiles:
        result = recommend(knowledge, profile)
        assert 1 <= len(result.platforms) <= cap_of(profile.hours), profile
        for pick in result.platforms:
            assert pick.reasons, profile
            formats = knowledge.platforms[pick.id].formats
            assert any(formats[c] > 0 for c in profile.content), (profile, pick.id)
        assert len({p.id for p in result.platforms}) == len(result.platforms)
        assert not {o.id for o in result.left_out} & {p.id for p in result.platforms}


def test_the_plan_never_needs_a_post_longer_than_the_week_allows(knowledge) -> None:
    result = recommend(knowledge, Profile(("seo",), "b2b", ("35-54",), ("articles",), 1))
    assert all(item.hours_per_week <= 1 for item in result.plan)
    assert any("more than the 1 h" in o.reason for o in result.left_out)
