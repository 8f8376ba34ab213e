"""What a marketer expects from the walk-through, checked over every profile it can be given.

Each property is a rule of the trade, not a snapshot of today's scores: it must hold for all
combinations of goals, ages, formats and hours where it applies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bot.knowledge.model import Knowledge
from bot.knowledge.vocabulary import AGES, FORMATS, GOALS
from bot.recommend import Profile, rank, recommend
from bot.recommend.scoring import MARKET_CHOICES

ADULT_AGES = AGES[1:]
HOURS = (1, 3, 5, 12)


def subsets(values: tuple[str, ...], most: int = 3) -> list[tuple[str, ...]]:
    return [c for n in range(1, min(most, len(values)) + 1) for c in itertools.combinations(values, n)]


def profiles(*, markets: tuple[str, ...] = MARKET_CHOICES, ages: tuple[str, ...] = AGES,
             contents: list[tuple[str, ...]] | None = None, goals: list[tuple[str, ...]] | None = None,
             hours: tuple[float, ...] = HOURS) -> Iterator[Profile]:
    for goal, market, age, content, hour in itertools.product(
            goals or subsets(GOALS, 2), markets, subsets(ages, 2), contents or subsets(FORMATS, 2), hours):
        yield Profile(goal, market, age, content, hour)


def top(knowledge: Knowledge, profile: Profile, n: int) -> list[str]:
    """The n best platforms the profile can publish on (the ranking the picks are taken from)."""
    return [f.platform.id for f in rank(knowledge, profile) if f.can_publish][:n]


def test_b2b_with_short_video_puts_linkedin_in_the_top_two(knowledge: Knowledge) -> None:
    """For business buyers (a target that includes people of working age, 25-54) and the goals LinkedIn
    is made for. SEO alone (blog, YouTube) and customer care (WhatsApp, X) rightly go elsewhere."""
    with_video = [c for c in subsets(FORMATS, 2) if "short-video" in c]
    linkedin_goals = ("visibility", "traffic", "leads", "reputation", "monitoring")
    checked = 0
    for profile in profiles(markets=("b2b",), ages=ADULT_AGES, contents=with_video, hours=(5,),
                            goals=subsets(linkedin_goals, 2)):
        if {"25-34", "35-54"} & set(profile.ages):
            assert "linkedin" in top(knowledge, profile, 2), profile
            checked += 1
    assert checked > 300


def test_whatsapp_is_never_recommended_without_a_customer_care_goal(knowledge: Knowledge) -> None:
    goals = [g for g in subsets(GOALS, 3) if "customer-care" not in g]
    for profile in profiles(goals=goals, contents=subsets(FORMATS, 1)):
        result = recommend(knowledge, profile)
        assert "whatsapp" not in [p.id for p in result.platforms], profile
        assert "whatsapp" not in [o.id for o in result.left_out], profile


def test_whatsapp_can_serve_customer_care(knowledge: Knowledge) -> None:
    result = recommend(knowledge, Profile(("customer-care",), "b2c", ("25-34", "35-54"), ("text",), 3))
    assert result.platforms[0].id == "whatsapp"


def test_a_platform_that_reaches_none_of_the_audience_is_never_recommended(knowledge: Knowledge) -> None:
    """A 0 ("not at all") for the market or for every chosen age group rules a platform out: no
    LinkedIn for a teen-only audience, no Snapchat for business buyers."""
    for profile in profiles():
        for pick in recommend(knowledge, profile).platforms:
            platform = knowledge.platforms[pick.id]
            assert any(platform.ages[a] > 0 for a in profile.ages), (profile, pick.id)
            assert profile.market != "b2b" or platform.markets["b2b"] > 0, (profile, pick.id)
        if profile.ages == ("13-17",):
            assert "linkedin" not in [p.id for p in recommend(knowledge, profile).platforms], profile


def test_teens_with_short_video_start_on_a_video_platform_they_use(knowledge: Knowledge) -> None:
    for profile in profiles(markets=("b2c",), ages=("13-17",), contents=[("short-video",)],
                            goals=[("visibility",), ("visibility", "reputation")]):
        if profile.ages == ("13-17",):
            assert top(knowledge, profile, 1)[0] in {"tiktok", "youtube", "instagram", "snapchat"}, profile


def test_seo_with_articles_keeps_the_blog_in_the_top_two(knowledge: Knowledge) -> None:
    for profile in profiles(goals=[("seo",), ("seo", "traffic"), ("seo", "leads")], ages=ADULT_AGES,
                            contents=[("articles",), ("articles", "text")], hours=(5,)):
        assert "blog" in top(knowledge, profile, 2), profile


def test_monitoring_with_text_puts_x_or_reddit_in_the_top_two(knowledge: Knowledge) -> None:
    for profile in profiles(goals=[("monitoring",)], contents=[("text",)], hours=(5,)):
        assert {"x", "reddit"} & set(top(knowledge, profile, 2)), profile


def test_consumer_traffic_with_images_puts_pinterest_in_the_top_two(knowledge: Knowledge) -> None:
    for profile in profiles(markets=("b2c",), ages=ADULT_AGES, goals=[("traffic",)], contents=[("images",)]):
        assert "pinterest" in top(knowledge, profile, 2), profile


@pytest.mark.parametrize("platform", ["instagram", "x", "linkedin", "youtube", "tiktok", "threads"])
def test_every_stated_limit_is_sourced(knowledge: Knowledge, platform: str) -> None:
    """The corrections cite where they come from: a platform with limits cites a source."""
    assert knowledge.platforms[platform].limits
    assert knowledge.cited(knowledge.platforms[platform].sources)
