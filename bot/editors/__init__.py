"""The editors' loop: feedback on answers, the questions log, question counts, knowledge reloads.

Whoever keeps the knowledge pack sees where it fails (`advisor kb gaps`, `advisor stats`), fixes the
YAML, and running workers load it again without a restart (`advisor kb reload`, SIGHUP).
"""

from bot.editors.loop import EditorsLoop, EditorsSettings
from bot.editors.privacy import mask
from bot.editors.questions import LoggedQuestion, LogKind, QuestionLog
from bot.editors.stats import Stats, StatsLog

__all__ = ["EditorsLoop", "EditorsSettings", "LogKind", "LoggedQuestion", "QuestionLog", "Stats", "StatsLog",
           "mask"]
