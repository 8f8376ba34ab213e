"""Scheduled tips and the calendar export in Slack, end to end through bolt against the stand-in Web API."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from icalendar import Calendar

from adapters.slack.tips import NOT_INVITED
from bot.schedule import ChannelKey, Subscriptions, TipScheduler
from tests.schedule.fakes import FakeClock
from tests.slack.harness import CHANNEL, SlackHarness, dm_channel

ANN, BOB = "U0ANN", "U0BOB"
TYPED = ["visibility and leads", "mostly B2B", "25 to 45", "we do blog posts and some photos", "about 5 hours"]
TEAM = ChannelKey("slack", CHANNEL)


async def command(slack: SlackHarness, user: str, text: str, channel: str = CHANNEL) -> str:
    """Run `/advisor <text>` and return the ephemeral answer `user` got."""
    before = len(slack.visible(channel, user))
    assert (await slack.command(user, text, channel)).status == 200
    await slack.api.wait_for(lambda: len(slack.visible(channel, user)) > before)
    await slack.settle()
    return "\n".join(m.all_text() for m in slack.visible(channel, user)[before:] if m.visible_to == user)


def scheduler(slack: SlackHarness, at: float) -> TipScheduler:
    assert slack.service is not None
    service = slack.service
    return TipScheduler(service.handlers.advisor.store, service.handlers.advisor.knowledge, service.tip_sender(),
                        "slack", clock=FakeClock(datetime.fromtimestamp(at, UTC)))


async def due(slack: SlackHarness) -> float:
    assert slack.service is not None
    found = await Subscriptions(slack.service.handlers.advisor.store).get(TEAM)
    assert found is not None
    return found[0].next.at


async def test_tips_default_to_the_setters_time_zone_and_are_announced(slack: SlackHarness) -> None:
    slack.api.zones[ANN] = "Europe/Paris"
    answer = await command(slack, ANN, "tips weekly mon,thu 09:30")
    assert "every Mon and Thu at 09:30 (Europe/Paris)" in answer and "your time zone" in answer
    assert slack.api.calls_to("users.info")[0].args["user"] == ANN
    [announcement] = [m for m in slack.api.messages(CHANNEL) if m.visible_to is None]
    assert announcement.blocks[0]["text"]["text"].startswith(f"<@{ANN}> changed this channel's tips")
    assert "every Mon and Thu at 09:30 (Europe/Paris)" in await command(slack, BOB, "tips")
    assert "in UTC" in await command(slack, BOB, "tips daily 08:00")  # Bob's zone is unknown to Slack
    assert "about LinkedIn" in await command(slack, ANN, "tips about linkedin")
    assert "not a time" in await command(slack, ANN, "tips daily noonish")
    assert "off" in await command(slack, ANN, "tips off")


async def test_a_question_starting_with_tips_is_still_a_question(slack: SlackHarness) -> None:
    answer = await command(slack, ANN, "tips for growing our instagram audience?")
    assert "didn't understand that tips setting" not in answer and "/advisor tips" not in answer
    assert slack.api.calls_to("users.info") == []


async def test_a_channel_without_the_advisor_is_refused(slack: SlackHarness) -> None:
    slack.api.members = {"C0OTHER"}
    assert NOT_INVITED.split(",")[0] in await command(slack, ANN, "tips daily 09:00")
    assert slack.service is not None
    assert await Subscriptions(slack.service.handlers.advisor.store).all() == []


async def test_the_scheduled_tip_has_buttons_for_everyone(slack: SlackHarness) -> None:
    await command(slack, ANN, "tips daily 09:00")
    tips = scheduler(slack, await due(slack) + 15)
    assert await tips.tick() == 1
    tip = slack.api.messages(CHANNEL)[-1]
    assert "Tip of the day" in tip.text and tip.labels()[0] == "Tell me more" and tip.thread_ts is None
    for count, user in enumerate((BOB, ANN), start=1):
        await slack.click(tip, "Tell me more", user)
        await slack.api.wait_for(lambda n=count: len(slack.api.messages(CHANNEL, tip.ts)) >= n)
    await slack.settle()
    answers = slack.api.messages(CHANNEL, tip.ts)
    assert len(answers) == 2 and all(a.visible_to is None for a in answers)  # each got the details, in a thread
    assert slack.api.calls_to("chat.update") == [] and tip.labels()[0] == "Tell me more"  # left for others
    assert await tips.tick() == 0


async def test_a_removed_channel_is_unsubscribed(slack: SlackHarness) -> None:
    await command(slack, ANN, "tips daily 09:00")
    tips = scheduler(slack, await due(slack) + 15)
    slack.api.error_next("chat.postMessage", "is_archived")
    assert await tips.tick() == 0
    assert slack.service is not None
    assert await Subscriptions(slack.service.handlers.advisor.store).all() == []


async def test_rate_limit_retry_after_is_honoured(slack: SlackHarness) -> None:
    await command(slack, ANN, "tips daily 09:00")
    tips = scheduler(slack, await due(slack) + 15)
    slack.api.rate_limit_next("chat.postMessage", retry_after=1)
    started = time.monotonic()
    assert await tips.tick() == 1
    posts = slack.api.calls_to("chat.postMessage")[-2:]
    assert [c.status for c in posts] == [429, 200] and time.monotonic() - started >= 1


async def walkthrough(slack: SlackHarness) -> str:
    channel = dm_channel(ANN)
    await slack.dm(ANN, "help me choose platforms")
    for step, answer in enumerate(TYPED, start=1):
        await slack.api.wait_for(lambda n=step: len(slack.api.messages(channel)) >= n)
        await slack.dm(ANN, answer)
    await slack.api.wait_for(lambda: "Export calendar" in slack.api.messages(channel)[-1].labels())
    await slack.settle()
    return channel


async def test_export_calendar_uploads_both_files_into_the_conversation(slack: SlackHarness) -> None:
    channel = await walkthrough(slack)
    await slack.click(slack.with_button(channel, ANN, "Export calendar"), "Export calendar", ANN)
    await slack.api.wait_for(lambda: len(slack.api.files) == 2)
    await slack.settle()
    steps = [c.method for c in slack.api.calls if c.method.startswith(("files.", "upload"))]
    assert sorted(steps[:4]) == ["files.getUploadURLExternal"] * 2 + ["upload"] * 2
    assert steps[4:] == ["files.completeUploadExternal"]  # both files shared in one message
    files = {f.name: f for f in slack.api.files}
    assert {f.channel for f in files.values()} == {channel}
    assert list(Calendar.from_ical(files["social-media-plan.ics"].content).walk("VEVENT"))
    rows = list(csv.reader(io.StringIO(files["social-media-plan.csv"].content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "day", "platform", "format", "idea", "estimated hours"]
    assert "LinkedIn: article" in slack.api.messages(channel)[-1].text


async def test_a_failed_upload_is_explained_and_the_plan_is_still_text(slack: SlackHarness) -> None:
    channel = await walkthrough(slack)
    slack.api.error_next("files.completeUploadExternal", "file_upload_failed")
    await slack.click(slack.with_button(channel, ANN, "Export calendar"), "Export calendar", ANN)
    await slack.api.wait_for(lambda: "couldn't deliver" in slack.api.messages(channel)[-1].text)
    texts = [m.text for m in slack.api.messages(channel)]
    assert "LinkedIn: article" in texts[-2] and "file_upload_failed" in texts[-1]
    assert slack.api.files == []


async def test_slash_command_export_sends_the_files_to_the_dm(slack: SlackHarness) -> None:
    await command(slack, ANN, "platforms")
    for answer in TYPED:
        await command(slack, ANN, answer)
    message = slack.with_button(CHANNEL, ANN, "Export calendar")
    await slack.click(message, "Export calendar", ANN)
    await slack.api.wait_for(lambda: len(slack.api.files) == 2)
    await slack.settle()
    assert {f.channel for f in slack.api.files} == {dm_channel(ANN)}
    assert any("direct messages" in m.text for m in slack.visible(CHANNEL, ANN))


async def test_message_shortcut_shows_the_setting_with_presets(slack: SlackHarness) -> None:
    payload = {"type": "message_action", "callback_id": "advisor_tips", "trigger_id": "1.2",
               "team": {"id": "T0ACME", "domain": "acme"}, "user": {"id": ANN, "name": "ann"},
               "channel": {"id": CHANNEL, "name": "marketing"}, "message_ts": "1800000000.000001",
               "message": {"type": "message", "user": BOB, "ts": "1800000000.000001", "text": "our plan"},
               "response_url": slack.api.new_hook(CHANNEL, ANN), "token": "legacy-verification-token"}
    assert (await slack.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
            ).status == 200
    await slack.api.wait_for(lambda: any(m.visible_to == ANN for m in slack.api.messages(CHANNEL)))
    shown = slack.with_button(CHANNEL, ANN, "Daily at 09:00")
    assert "No scheduled tips in this channel" in shown.text and shown.visible_to == ANN
    assert shown.labels() == ["Daily at 09:00", "Mon and Thu at 09:30", "About LinkedIn", "Stop the tips"]
    await slack.click(shown, "Mon and Thu at 09:30", ANN)
    await slack.api.wait_for(lambda: "Done:" in shown.text)
    assert slack.service is not None
    [sub] = await Subscriptions(slack.service.handlers.advisor.store).all()
    assert sub.schedule.days == ("mon", "thu") and sub.set_by == ANN
