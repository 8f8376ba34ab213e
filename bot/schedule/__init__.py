"""Scheduled tips for team channels: the setting people type, when tips fall due (time zones and
daylight saving), subscriptions in the store, and the scheduler every worker runs (each tip once)."""

from bot.schedule.command import TipsCommand, TipsCommandError, parse_tips_command
from bot.schedule.scheduler import DEFAULT_GRACE, ChannelGone, RetryLater, TipScheduler, TipSender
from bot.schedule.service import TipSettings, ZoneDefault, list_subscriptions
from bot.schedule.slots import Cadence, Schedule, Slot
from bot.schedule.subscriptions import ChannelKey, Subscription, Subscriptions

__all__ = ["DEFAULT_GRACE", "Cadence", "ChannelGone", "ChannelKey", "RetryLater", "Schedule", "Slot",
           "Subscription", "Subscriptions", "TipScheduler", "TipSender", "TipSettings", "TipsCommand",
           "TipsCommandError", "ZoneDefault", "list_subscriptions", "parse_tips_command"]
