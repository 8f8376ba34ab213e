"""The vocabulary shared by the catalog, the walk-through and the recommendation (contract values)."""

from __future__ import annotations

__all__ = ["AGES", "DAYS", "FAMILIES", "FORMATS", "GOALS", "MARKETS", "PRODUCTION", "WEIGHTS"]

FAMILIES = ("sharing", "networking", "messaging", "publishing", "collaborative")
MARKETS = ("b2b", "b2c")
AGES = ("13-17", "18-24", "25-34", "35-54", "55+")
FORMATS = ("short-video", "long-video", "images", "articles", "text", "live")
GOALS = ("visibility", "seo", "traffic", "leads", "customer-care", "reputation", "monitoring")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PRODUCTION = ("low", "medium", "high")
WEIGHTS = ("goals", "market", "ages", "formats")
