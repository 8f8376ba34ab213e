"""Applying the tips command to a channel: what adapters call once they know who may change it.

The adapter says which channel, who typed the command, the zone to use when the command names none
(Slack: the person's own zone; Telegram: UTC) and whether to say that default was used. Answers are
in the neutral markup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

from bot.knowledge.model import Knowledge
from bot.schedule.command import Action, TipsCommand, TipsCommandError, parse_tips_command
from bot.schedule.slots import Cadence, Schedule
from bot.schedule.subscriptions import ChannelKey, Subscription, Subscriptions
from bot.store.base import Store
from bot.tips import resolve_subject, subject_by_id, subjects

DEFAULT_AT = time(9, 0)
"""The time of a channel's tips when only a subject was given."""


@dataclass(frozen=True, slots=True)
class ZoneDefault:
    """The zone used when a command names none; `note` is said when it was used ("" for nothing)."""

    tz: str
    source: str
    note: str = ""


class TipSettings:
    def __init__(self, store: Store, knowledge: Knowledge, place: str = "channel") -> None:
        """`place` is what the platform calls where tips go ("channel", "chat")."""
        self.subscriptions = Subscriptions(store)
        self.knowledge = knowledge
        self.place = place

    @staticmethod
    def parse(text: str) -> TipsCommand:
        """Raises TipsCommandError (its message is the answer)."""
        return parse_tips_command(text)

    @staticmethod
    def changes(command: TipsCommand) -> bool:
        """Whether the command changes the setting (only then do permissions matter)."""
        return command.action is not Action.SHOW

    async def apply(self, channel: ChannelKey, command: TipsCommand, user: str, zone: ZoneDefault, now: float,
                    title: str = "") -> str:
        """Carry the command out for the channel and say what the setting is now."""
        found = await self.subscriptions.get(channel)
        current = found[0] if found else None
        match command.action:
            case Action.SHOW:
                return self.describe(current)
            case Action.OFF:
                removed = await self.subscriptions.delete(channel)
                return (f"Scheduled tips are off for this {self.place}." if removed
                        else f"This {self.place} had no scheduled tips. " + _HOW)
            case Action.ABOUT:
                return await self._about(channel, command, current, user, zone, now, title)
            case Action.SET:
                assert command.cadence is not None and command.at is not None
                tz, source = (command.tz, "explicit") if command.tz else (zone.tz, zone.source)
                schedule = Schedule(command.cadence, command.at, tz, command.days)
                sub = Subscription(channel, schedule, current.about if current else None, user, source, now,
                                   schedule.next_slot(now), current.used if current else (), title)
                await self.subscriptions.save(sub)
                return self._confirm(sub, zone if not command.tz else None)
        raise AssertionError(command.action)  # pragma: no cover

    async def _about(self, channel: ChannelKey, command: TipsCommand, current: Subscription | None, user: str,
                     zone: ZoneDefault, now: float, title: str) -> str:
        about = None
        if command.subject is not None:
            subject = resolve_subject(self.knowledge, command.subject)
            if subject is None:
                names = ", ".join(s.label for s in subjects(self.knowledge)[:12])
                raise TipsCommandError(f"I have no tips about \"{command.subject}\". Try one of: {names}, "
                                       "or `tips about anything`.")
            about = subject.id
        if current is None:
            schedule = Schedule(Cadence.DAILY, DEFAULT_AT, zone.tz)
            sub = Subscription(channel, schedule, about, user, zone.source, now, schedule.next_slot(now), (), title)
            await self.subscriptions.save(sub)
            return self._confirm(sub, zone)
        sub = replace(current, about=about, set_by=user, used=())
        await self.subscriptions.save(sub)
        return self._confirm(sub, None)

    def describe(self, sub: Subscription | None) -> str:
        if sub is None:
            return f"No scheduled tips in this {self.place}. " + _HOW
        return (f"Scheduled tips here: {self._what(sub)}, {sub.schedule.describe()}. "
                f"Next one: {sub.next.id.replace('T', ' at ')}. `tips off` stops them.")

    def _confirm(self, sub: Subscription, zone: ZoneDefault | None) -> str:
        note = f" {zone.note}" if zone is not None and zone.note else ""
        return (f"Done: {self._what(sub)} in this {self.place}, {sub.schedule.describe()}.{note} "
                f"The first one comes {sub.next.id.replace('T', ' at ')}. `tips off` stops them.")

    def _what(self, sub: Subscription) -> str:
        subject = subject_by_id(self.knowledge, sub.about) if sub.about else None
        return f"a tip about {subject.label}" if subject else "a tip"


_HOW = "Set them with `tips daily 09:00` or `tips weekly mon,thu 09:30` (add a zone such as `Europe/Paris`)."


async def list_subscriptions(store: Store, platform: str | None = None) -> list[Subscription]:
    """The channels with scheduled tips (of one platform), for listings such as Slack's App Home."""
    return await Subscriptions(store).all(platform)
