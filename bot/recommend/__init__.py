"""The platform walk-through's recommendation: scoring, advice and its presentation."""

from bot.recommend.advice import LeftOut, Pick, PlanItem, Recommendation, recommend
from bot.recommend.present import recommendation_replies
from bot.recommend.scoring import MARKET_CHOICES, Fit, Profile, rank

__all__ = ["MARKET_CHOICES", "Fit", "LeftOut", "Pick", "PlanItem", "Profile", "Recommendation", "rank",
           "recommend", "recommendation_replies"]
