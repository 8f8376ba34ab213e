"""Scheduled tips in Slack: `/advisor tips ...` for the channel it is typed in, and the sender the
scheduler posts through.

A time without a zone is in the zone of the person who set it (users.info). A change is announced in
the channel, so the team knows who set what; when the advisor cannot post there (not invited), the
change is undone and the person told how to invite it. Anyone in a channel may change its tips.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.events import PLATFORM
from adapters.slack.render import ANYONE, button_elements, render_reply, text_message
from bot.schedule import ChannelGone, ChannelKey, RetryLater, Subscriptions, TipsCommandError, TipSettings
from bot.schedule.service import ZoneDefault
from bot.types import Button, Reply

log = logging.getLogger("advisor.slack")

GONE = frozenset({"not_in_channel", "channel_not_found", "is_archived", "account_inactive", "team_access_not_granted",
                  "restricted_action", "ekm_access_denied", "missing_scope", "not_authed", "invalid_auth",
                  "access_denied"})
"""Web API errors after which the advisor can no longer post in a channel: its tips are dropped."""
TIPS_PAYLOAD = "tips:"
"""Payload prefix of the shortcut's preset buttons: the rest is a tips setting ("daily 09:00")."""
PRESETS = (("Daily at 09:00", "daily 09:00"), ("Mon and Thu at 09:30", "weekly mon,thu 09:30"),
           ("About LinkedIn", "about linkedin"), ("Stop the tips", "off"))
SETTINGS = frozenset({"daily", "weekly", "about", "off", "stop"})
NOT_INVITED = ("I can't post in this channel yet, so I can't send it tips. Invite me first "
               "(`/invite @Social Media Advisor`), then try again.")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_TIPS = re.compile(r"^\s*tips\b(.*)$", re.IGNORECASE | re.DOTALL)


def tips_arguments(text: str) -> str | None:
    """The setting after `tips` (`tips`, `tips daily 09:00`, ...); None for anything else, including
    a question that starts with "tips" ("tips for instagram?")."""
    found = _TIPS.match(text)
    if found is None:
        return None
    rest = found.group(1).strip()
    return rest if not rest or rest.split()[0].lower() in SETTINGS else None


class SlackTips:
    def __init__(self, settings: TipSettings, client: AsyncWebClient) -> None:
        self.settings = settings
        self.client = client

    async def command(self, channel: str, user: str, arguments: str) -> str:
        """Apply `/advisor tips <arguments>` to `channel`; returns the answer (markup) for the person."""
        key = ChannelKey(PLATFORM, channel)
        try:
            command = self.settings.parse(arguments)
            zone = await self._zone(user) if self.settings.changes(command) else ZoneDefault("UTC", "default")
            answer = await self.settings.apply(key, command, user, zone, time.time())
        except TipsCommandError as exc:
            return _slash(str(exc))
        if self.settings.changes(command):
            found = await self.settings.subscriptions.get(key)
            what = self.settings.describe(found[0] if found else None)
            try:
                await self._announce(channel, user, f"changed this channel's tips. {what}")
            except SlackApiError as exc:
                if api_error(exc) not in GONE:
                    raise
                await self.settings.subscriptions.delete(key)
                return NOT_INVITED
        return _slash(answer)

    async def shortcut(self, channel: str) -> Reply:
        """The message shortcut's answer: the channel's setting and preset buttons (the same as typing
        `/advisor tips daily 09:00` and so on)."""
        found = await self.settings.subscriptions.get(ChannelKey(PLATFORM, channel))
        text = _slash(self.settings.describe(found[0] if found else None))
        return Reply(text, buttons=tuple(Button(label, TIPS_PAYLOAD + setting) for label, setting in PRESETS))

    async def _zone(self, user: str) -> ZoneDefault:
        """The person's own zone (users.info), or UTC when Slack does not say."""
        try:
            info = await self.client.users_info(user=user)
            tz = (info.get("user") or {}).get("tz")
        except SlackApiError as exc:
            log.warning("users.info failed: %s", api_error(exc), extra={"user": user})
            tz = None
        if isinstance(tz, str) and tz:
            return ZoneDefault(tz, "setter", f"Times are in your time zone ({tz}); add another after the time "
                                             "to change it.")
        return ZoneDefault("UTC", "default", "Times are in UTC: add a zone after the time, e.g. "
                                             "`/advisor tips daily 09:00 Europe/Paris`.")

    async def _announce(self, channel: str, user: str, markup: str) -> None:
        """Post `<@user> markup` in the channel (the mention is built here from a user id, never typed text)."""
        message = text_message(_slash(markup))
        mention = f"<@{user}> " if _USER_ID.fullmatch(user) else ""
        first, *rest = message.blocks
        blocks = [{**first, "text": {**first["text"], "text": mention + first["text"]["text"]}}, *rest]
        await self.client.chat_postMessage(channel=channel, text=message.text, blocks=blocks, unfurl_links=False,
                                           unfurl_media=False)


def _slash(markup: str) -> str:
    return markup.replace("`tips", "`/advisor tips")


class SlackTipSender:
    """Posts scheduled tips with buttons anyone in the channel may press. Removed, archived or unknown
    channels -> ChannelGone; a 429 that outlasted the client's own retries -> RetryLater."""

    def __init__(self, client: AsyncWebClient, subscriptions: Subscriptions) -> None:
        self.client = client
        self.subscriptions = subscriptions

    async def send_tip(self, channel: ChannelKey, reply: Reply) -> None:
        for message in render_reply(reply, button_elements(reply.buttons, ANYONE, "")):
            try:
                await self.client.chat_postMessage(channel=channel.chat, text=message.text, blocks=list(message.blocks),
                                                   unfurl_links=False, unfurl_media=False)
            except SlackApiError as exc:
                error = api_error(exc)
                if error in GONE:
                    raise ChannelGone(error) from None
                if exc.response.status_code == 429:
                    raise RetryLater(_retry_after(exc.response.headers)) from None
                raise


def api_error(exc: SlackApiError) -> str:
    """Slack's error code ("not_in_channel"), or the HTTP status when the answer was not JSON."""
    data = exc.response.data
    return str(data.get("error") or "") if isinstance(data, dict) else str(exc.response.status_code)


def _retry_after(headers: Any) -> float:
    for name in ("Retry-After", "retry-after"):
        value = headers.get(name) if headers else None
        if value:
            try:
                return max(1.0, float(value if isinstance(value, str) else value[0]))
            except (TypeError, ValueError):
                break
    return 30.0
