"""The App Home tab: a short how-to, the main buttons and the week's questions, published with views.publish."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import Block, actions_blocks, button_elements, context, escape, mrkdwn_paragraphs, section
from bot.editors.stats import SCHEDULED_TITLE
from bot.types import Button

HOME_THREAD = ""
"""Buttons pressed in the Home tab continue the user's direct-message conversation."""


def home_view(user: str, buttons: Sequence[Button], command: str = "/advisor",
              week: Sequence[str] = (), channels: Sequence[str] = ()) -> dict[str, Any]:
    """The Home tab for `user`. `buttons` are the main entry points (those of the help answer); `week`
    the lines (neutral markup) about this week's questions, shown under "This week", and `channels` the
    channels with scheduled tips, when given."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Social Media Advisor", "emoji": True}},
        section("I answer your team's questions about social media marketing, share strategy tips and walk "
                "you through choosing the platforms that fit your target and your means."),
        section("*How to ask*\n"
                "• *Here:* open the *Messages* tab and write your question in your own words.\n"
                "• *In a channel:* invite me (`/invite @Social Media Advisor`), then mention me with "
                "your question. I answer in a thread; reply in that thread to continue, no mention needed.\n"
                f"• *Anywhere:* `{escape(command)} your question`, `{escape(command)} platforms`, "
                f"`{escape(command)} tip` or `{escape(command)} help`. Only you see the answer, and a "
                "button shares it with the channel."),
        {"type": "divider"},
        section("*Start here*"),
    ]
    blocks += actions_blocks(button_elements(buttons, user, HOME_THREAD), "home")
    blocks.append(context("Answers go to your messages with me. Say *start over* or *cancel* at any time."))
    for title, lines in (("This week", week), (SCHEDULED_TITLE, channels)):
        if lines:
            blocks += [{"type": "divider"}, section(f"*{title}*"), *_sections(lines)]
    return {"type": "home", "blocks": blocks}


def _sections(lines: Sequence[str]) -> list[Block]:
    return [section(text) for text in mrkdwn_paragraphs("\n".join(lines)) if text.strip()]


async def publish_home(client: AsyncWebClient, user: str, buttons: Sequence[Button], week: Sequence[str] = (),
                       channels: Sequence[str] = ()) -> None:
    await client.views_publish(user_id=user, view=home_view(user, buttons, week=week, channels=channels))
