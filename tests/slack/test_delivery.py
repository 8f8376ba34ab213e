"""What gets recorded in the inbox, claims owned by a delivery, and the turn journal that keeps a resumed
delivery from being applied twice."""

from __future__ import annotations

from adapters.slack.delivery import Delivery, Ignored, Kind, read_delivery
from adapters.slack.memory import SlackMemory
from bot.inbox import Pending
from bot.store.memory import MemoryStore

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


def test_a_recorded_delivery_reads_back_as_resumed() -> None:
    delivery = Delivery("Ev1", Kind.EVENT, {"text": "café <@U1>"})
    back = Delivery.decode(Pending("Ev1", delivery.encode()))
    assert back == Delivery("Ev1", Kind.EVENT, {"text": "café <@U1>"}, resumed=True)
    assert Delivery.decode(Pending("Ev1", "not json")) is None


async def test_claims_belong_to_the_delivery_that_made_them() -> None:
    memory = SlackMemory(MemoryStore(), 60)
    assert await memory.first_delivery("Ev1", "C1", "1.1")
    assert await memory.first_delivery("Ev1", "C1", "1.1"), "the same delivery, resumed"
    assert not await memory.first_delivery("Ev2", "C1", "1.1"), "the same message under another event id"
    assert await memory.first_click("a1", "C1", "2.2") and not await memory.first_click("a2", "C1", "2.2")
