"""What gets recorded, in which conversation's lane and order, and claims owned by a delivery."""

from __future__ import annotations

from adapters.slack.delivery import Delivery, Ignored, Kind, delivery_event, read_delivery
from adapters.slack.memory import SlackMemory
from bot.store.memory import MemoryStore
from bot.types import ConversationKey

BOT = "U0ADVISOR"


def _callback(**event: object) -> dict[str, object]:
    base = {"type": "message", "user": "U1", "channel": "D1", "channel_type": "im", "ts": "1.1", "text": "hi"}
    return {"type": "event_callback", "event_id": "Ev1", "event": base | event}


def test_events_worth_recording() -> None:
    found = read_delivery(_callback(), "{}", BOT)
    assert isinstance(found, Delivery) and (found.id, found.kind, found.body["text"]) == ("Ev1", Kind.EVENT, "hi")
    mention = read_delivery(_callback(channel="C1", channel_type="channel", text=f"<@{BOT}> hi"), "{}", BOT)
    follow_up = read_delivery(_callback(channel="C1", channel_type="channel", thread_ts="0.1"), "{}", BOT)
    assert isinstance(mention, Delivery) and isinstance(follow_up, Delivery)
    home = {"type": "event_callback", "event_id": "Ev2", "event": {"type": "app_home_opened", "user": "U1",
                                                                    "tab": "home"}}
    assert isinstance(read_delivery(home, "{}", BOT), Delivery)


def test_events_acknowledged_without_recording() -> None:
    for event in ({"bot_id": "B9"}, {"subtype": "message_changed"}, {"user": BOT},
                  {"channel": "C1", "channel_type": "channel"}, {"type": "reaction_added"}):
        assert read_delivery(_callback(**event), "{}", BOT) is Ignored.EVENT, event
    assert read_delivery({"type": "event_callback", "event": {"type": "message"}}, "{}", BOT) is Ignored.EVENT


def test_clicks_and_commands_are_named_by_their_signed_body() -> None:
    click = {"type": "block_actions", "actions": [{"action_id": "adv:0"}], "trigger_id": "1.2"}
    first, again = read_delivery(click, "payload=a", BOT), read_delivery(click, "payload=a", BOT)
    other = read_delivery(click, "payload=b", BOT)
    assert isinstance(first, Delivery) and isinstance(again, Delivery) and isinstance(other, Delivery)
    assert first.kind is Kind.BUTTON and first.id == again.id != other.id
    share = read_delivery({"type": "block_actions", "actions": [{"action_id": "adv:share"}]}, "x", BOT)
    assert isinstance(share, Delivery) and share.kind is Kind.SHARE
    assert read_delivery({"type": "block_actions", "actions": [{"action_id": "other"}]}, "x", BOT) is None
    command = read_delivery({"command": "/advisor", "text": "tip"}, "command=%2Fadvisor", BOT)
    assert isinstance(command, Delivery) and command.kind is Kind.COMMAND
    assert read_delivery({"type": "url_verification", "challenge": "x"}, "{}", BOT) is None


def test_a_recorded_delivery_reads_back() -> None:
    delivery = Delivery("Ev1", Kind.EVENT, {"text": "café <@U1>"})
    assert Delivery.decode("Ev1", delivery.encode()) == delivery
    assert Delivery.decode("Ev1", "not json") is None


def _message_event(**event: object) -> Delivery:
    found = read_delivery(_callback(**event), "{}", BOT)
    assert isinstance(found, Delivery)
    return found


def test_a_message_is_ordered_by_its_ts_and_waits_the_window_past_it() -> None:
    dm = delivery_event(_message_event(ts="1000.5"), BOT, now=1000.6, window=0.25)
    assert dm.lane == ConversationKey("slack", "D1", "", "U1").as_str() and dm.conversation is not None
    assert (dm.order, dm.not_before) == (1000.5, 1000.75)
    assert dm.aliases == ("seen:slack:msg:D1:1000.5",)
    late = delivery_event(_message_event(ts="1000.5"), BOT, now=1003.0, window=0.25)
    assert late.not_before <= 1003.0, "a message arriving after its window is not delayed"
    future = delivery_event(_message_event(ts="2000.0"), BOT, now=1000.0, window=0.25)
    assert future.not_before == 1000.25, "a clock ahead of ours never makes a message wait longer"
    assert delivery_event(_message_event(ts="1000.5"), BOT, now=1000.6, window=0).not_before == 0


def test_a_thread_s_messages_share_the_lane_of_the_user_in_that_thread() -> None:
    reply = delivery_event(_message_event(channel="C1", channel_type="channel", thread_ts="900.1", ts="1000.5"),
                           BOT, 1000.6, 0.1)
    mention = delivery_event(_message_event(channel="C1", channel_type="channel", ts="900.1",
                                            text=f"<@{BOT}> hi"), BOT, 1000.6, 0.1)
    assert reply.lane == mention.lane == ConversationKey("slack", "C1", "900.1", "U1").as_str()


def test_clicks_and_commands_are_ordered_by_arrival() -> None:
    command = read_delivery({"command": "/advisor", "text": "tip", "user_id": "U1", "channel_id": "D1"}, "c", BOT)
    assert isinstance(command, Delivery)
    event = delivery_event(command, BOT, now=1234.5, window=0.1)
    assert (event.lane, event.order, event.not_before) == (ConversationKey("slack", "D1", "", "U1").as_str(),
                                                           1234.5, 0)


async def test_claims_belong_to_the_delivery_that_made_them() -> None:
    memory = SlackMemory(MemoryStore(), 60)
    assert await memory.first_click("a1", "C1", "2.2")
    assert await memory.first_click("a1", "C1", "2.2"), "the same delivery, resumed"
    assert not await memory.first_click("a2", "C1", "2.2"), "another click on the same message"
