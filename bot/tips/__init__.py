"""Tips by subject and their rotation: what the scheduled tips of a channel draw from."""

from bot.tips.request import find_subject, subject_words
from bot.tips.rotation import next_tip
from bot.tips.subjects import Subject, resolve_subject, subject_by_id, subjects, tips_about

__all__ = ["Subject", "find_subject", "next_tip", "resolve_subject", "subject_by_id", "subject_words", "subjects",
           "tips_about"]
