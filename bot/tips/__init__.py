"""Tips by subject and their rotation: what the scheduled tips of a channel draw from."""

from bot.tips.rotation import next_tip
from bot.tips.subjects import Subject, resolve_subject, subject_by_id, subjects, tips_about

__all__ = ["Subject", "next_tip", "resolve_subject", "subject_by_id", "subjects", "tips_about"]
