"""Matching questions to topics."""

from bot.matching.intents import FLOW_PREFIX, TIP_INTENT, build_matcher, intents_of
from bot.matching.matcher import Candidate, Intent, Match, Matcher, MatchSettings

__all__ = ["FLOW_PREFIX", "TIP_INTENT", "Candidate", "Intent", "Match", "MatchSettings", "Matcher",
           "build_matcher", "intents_of"]
