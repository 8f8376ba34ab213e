"""Channels: a mention is answered in a thread, thread follow-ups need no mention, chatter is ignored,
and two people in one channel never share a conversation."""

from __future__ import annotations

from tests.slack.harness import CHANNEL, SlackHarness

ANN, BOB = "U0ANN", "U0BOB"


async def _answers(slack: SlackHarness, thread: str, count: int) -> list[str]:
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL, thread)) >= count)
    await slack.settle()
    return [m.text for m in slack.api.messages(CHANNEL, thread)]


async def test_mention_then_thread_reply_then_follow_up(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "what is a community?")  # as app_mention and as message.channels
    answers = await _answers(slack, root, 1)
    assert len(answers) == 1 and "community" in answers[0].lower()
    assert slack.api.messages(CHANNEL)[0].thread_ts == root  # in a thread under the question

    await slack.say(ANN, "and how do I plan an editorial calendar?", thread_ts=root)
    answers = await _answers(slack, root, 2)
    assert len(answers) == 2 and "calendar" in answers[1].lower()

    await slack.say(ANN, "tell me more", thread_ts=root)
    answers = await _answers(slack, root, 3)
    assert len(answers) == 3 and "calendar" in answers[2].lower()  # the details of the last topic
    assert answers[2] not in answers[:2]


async def test_channel_chatter_is_ignored(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "what is a persona?")
    await _answers(slack, root, 1)
    await slack.say(BOB, "what is a community?")  # top level, no mention
    await slack.say(BOB, "nice one", thread_ts=root)  # in the thread, but Bob never asked the advisor
    await slack.say(ANN, "lunch at noon?", thread_ts="1799999999.000001")  # another thread
    await slack.say(ANN, "<@U0BOB> what do you think?", thread_ts=root)  # Ann talks to Bob, not to us
    await slack.settle()
    assert len(slack.api.outgoing()) == 1


async def test_two_people_in_one_channel_never_share_a_conversation(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "help me choose platforms")
    await _answers(slack, root, 1)
    assert "1/5" in slack.api.messages(CHANNEL, root)[0].text

    await slack.mention(BOB, "what is a persona?", thread_ts=root)  # Bob joins the same thread
    answers = await _answers(slack, root, 2)
    assert "persona" in answers[1].lower() and "1/5" not in answers[1]

    await slack.say(ANN, "visibility and leads", thread_ts=root)
    answers = await _answers(slack, root, 3)
    assert "2/5" in answers[2]  # Ann's walk-through moved on

    await slack.say(BOB, "tell me more", thread_ts=root)  # Bob's own follow-up: more about personas
    answers = await _answers(slack, root, 4)
    assert "persona" in answers[3].lower() and "2/5" not in answers[3]

    bob_top = await slack.mention(BOB, "what is a community?")  # and his own thread at top level
    assert "community" in (await _answers(slack, bob_top, 1))[0].lower()


async def test_clicks_by_another_user_or_twice_get_an_ephemeral_note(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "help me choose platforms")
    await _answers(slack, root, 1)
    prompt = slack.api.messages(CHANNEL, root)[0]

    await slack.click(prompt, "Visibility", BOB)
    await slack.api.wait_for(lambda: slack.api.calls_to("chat.postEphemeral"))
    note = slack.api.calls_to("chat.postEphemeral")[0].args
    assert note["user"] == BOB and note["thread_ts"] == root and "someone else" in note["text"]
    assert "Visibility" in prompt.labels()  # Ann's buttons are untouched

    first_click = slack.click_payload(prompt, "Visibility", ANN)
    await slack.send_click(first_click)
    await slack.api.wait_for(lambda: len(slack.api.messages(CHANNEL, root)) == 3)  # Bob's note and the next prompt
    assert prompt.labels() == [] and "Visibility" in prompt.blocks[-1]["elements"][0]["text"]

    await slack.send_click(first_click)  # the same request again: a duplicate delivery, handled once
    # the same button again, from a client that had not seen the update: a new click, a new trigger_id
    second_click = first_click | {"trigger_id": "4711.second", "actions": [
        first_click["actions"][0] | {"action_ts": slack.new_ts()}]}
    await slack.send_click(second_click)
    await slack.api.wait_for(lambda: len(slack.api.calls_to("chat.postEphemeral")) == 2)
    stale = slack.api.calls_to("chat.postEphemeral")[1].args
    assert stale["user"] == ANN and "already" in stale["text"]
    await slack.settle()
    assert len([m for m in slack.api.messages(CHANNEL, root) if m.visible_to is None]) == 2


async def test_old_buttons_of_a_restarted_walk_through_have_expired(slack: SlackHarness) -> None:
    root = await slack.mention(ANN, "help me choose platforms")
    await _answers(slack, root, 1)
    old_prompt = slack.api.messages(CHANNEL, root)[0]
    await slack.say(ANN, "start over", thread_ts=root)
    await _answers(slack, root, 2)
    await slack.click(old_prompt, "SEO", ANN)
    answers = await _answers(slack, root, 3)
    assert answers[2].startswith("That choice has expired.") and "1/5" in answers[2]
    assert old_prompt.labels() == [] and old_prompt.blocks[-1]["elements"][0]["text"] == "That choice has expired."
