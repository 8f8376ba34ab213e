"""The mrkdwn / Block Kit renderer on its own: markup, escaping of hostile strings, Slack's limits."""

from __future__ import annotations

import pytest

from adapters.slack.render import (
    BUTTON_TEXT,
    MAX_BLOCKS,
    SECTION_TEXT,
    ButtonValue,
    button_elements,
    choice_note,
    chosen,
    escape,
    mrkdwn_paragraphs,
    render_reply,
)
from bot.types import Attachment, Button, Reply
from tests.slack.fake_web_api import check_blocks

HOSTILE = ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123|general>", "<https://evil.example|click>",
           "<!subteam^S1|@team>", "&lt;!channel&gt;", "a < b & c > d"]


def test_markup_becomes_mrkdwn() -> None:
    text = "**Bold** start\n- one\n- two with [a link](https://example.com/a?b=1&c=2)\n\nSecond paragraph"
    assert mrkdwn_paragraphs(text) == [
        "*Bold* start\n• one\n• two with <https://example.com/a?b=1&amp;c=2|a link>", "Second paragraph"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_can_never_ping_or_link(hostile: str) -> None:
    reply = Reply(f"You said {hostile} **{hostile}** - [{hostile}](https://ok.example)",
                  buttons=(Button(hostile, "topic:x"),))
    message = render_reply(reply, button_elements(reply.buttons, "U1", ""))[0]
    section = message.blocks[0]["text"]["text"]
    for parsed in (message.text, section):  # the fields Slack parses for mentions and links
        assert "<!" not in parsed and "<@" not in parsed and "<#" not in parsed and "<https://evil" not in parsed
    assert section.count("<") == 1 and "<https://ok.example|" in section
    label = message.blocks[-1]["elements"][0]["text"]
    assert label == {"type": "plain_text", "text": hostile, "emoji": True}  # plain_text is never parsed


def test_escape_is_complete() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert escape("&amp;") == "&amp;amp;"  # typed text stays what was typed


def test_fallback_text_is_always_set_and_plain() -> None:
    message = render_reply(Reply("**Hi** see [docs](https://example.com)"))[0]
    assert message.text == "Hi see docs (https://example.com)"
    assert render_reply(Reply(""))[0].text


def test_answer_longer_than_a_section_is_split_between_paragraphs() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * 150 for n in range(30)]  # ~23,000 characters
    messages = render_reply(Reply("\n\n".join(paragraphs), buttons=(Button("More", "cmd:more"),)),
                            button_elements((Button("More", "cmd:more"),), "U1", ""))
    assert len(messages) > 1
    for message in messages:
        assert check_blocks(list(message.blocks)) is None
        assert all(len(b["text"]["text"]) <= SECTION_TEXT for b in message.blocks if b["type"] == "section")
    shown = "\n\n".join(b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section")
    assert shown.replace("\n\n", "") == "".join(p.strip() for p in paragraphs).replace("\n\n", "")
    assert [b["type"] for b in messages[-1].blocks][-1] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)


def test_one_endless_line_is_cut_within_limits() -> None:
    messages = render_reply(Reply("x" * 10_000))
    sections = [b["text"]["text"] for m in messages for b in m.blocks]
    assert "".join(sections) == "x" * 10_000
    assert max(map(len, sections)) <= SECTION_TEXT


def test_many_short_paragraphs_respect_the_block_limit() -> None:
    messages = render_reply(Reply("\n\n".join("p" * 2900 + str(n) for n in range(60))))
    assert all(len(m.blocks) <= MAX_BLOCKS and check_blocks(list(m.blocks)) is None for m in messages)


def test_buttons_fit_slack_limits() -> None:
    buttons = tuple(Button(f"Option {n} " + "long " * 30, f"choice:r:s:{n}") for n in range(30))
    elements = button_elements(buttons, "U1", "1700000000.000100")
    message = render_reply(Reply("Pick", buttons=buttons), elements)[0]
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    assert all(len(e["text"]["text"]) <= BUTTON_TEXT for a in actions for e in a["elements"])
    assert check_blocks(list(message.blocks)) is None
    assert ButtonValue.decode(actions[1]["elements"][0]["value"]) == ButtonValue("U1", "1700000000.000100",
                                                                                 "choice:r:s:25")


def test_too_long_payload_is_left_out() -> None:
    elements = button_elements((Button("ok", "x" * 3000), Button("fine", "cmd:tip")), "U1", "")
    assert [e["text"]["text"] for e in elements] == ["fine"]


def test_button_value_rejects_foreign_values() -> None:
    for value in (None, "", "not json", "[1]", '{"o": 1}', '{"o":"U","t":"","p":3}'):
        assert ButtonValue.decode(value) is None


def test_attachment_is_a_link() -> None:
    message = render_reply(Reply("See", attachment=Attachment("<Guide>", "https://example.com/g.pdf")))[0]
    assert "<https://example.com/g.pdf|&lt;Guide&gt;>" in message.blocks[-1]["text"]["text"]


def test_chosen_removes_buttons_and_shows_the_choice() -> None:
    buttons = (Button("<!here>", "p"),)
    message = render_reply(Reply("Q?", buttons=buttons), button_elements(buttons, "U", ""))[0]
    after = chosen(message.blocks, choice_note("\u2713 <!here>"))
    assert [b["type"] for b in after] == ["section", "context"]
    assert after[-1]["elements"][0]["text"] == "\u2713 &lt;!here&gt;"


def test_the_feedback_row_fits_slacks_limits_under_the_longest_answer() -> None:
    from adapters.slack.render import is_feedback_block, kept_message_id, rated, reply_actions
    from bot.types import DOWN_LABEL, UP_LABEL, FeedbackRow

    buttons = tuple(Button(f"Topic {n} " + "x" * 80, f"topic:t{n}-" + "y" * 200) for n in range(60))
    reply = Reply("\n\n".join(["word " * 500] * 40), buttons=buttons,
                  feedback=FeedbackRow("AbC-_123", "employee-advocacy"))
    elements, row = reply_actions(reply, "U0ANN", "1700000000.000100", kept="m3ss4g3Id")
    assert row is not None and row["block_id"] == "fb:AbC-_123:m3ss4g3Id"
    assert kept_message_id(row["block_id"]) == "m3ss4g3Id" and kept_message_id("m:m3ss4g3Id:0") == "m3ss4g3Id"
    assert kept_message_id("fb:AbC-_123") is None and kept_message_id("home:0") is None
    messages = render_reply(reply, elements, "m:m3ss4g3Id", row)
    last = messages[-1].blocks
    assert all(check_blocks(list(m.blocks)) is None for m in messages)
    assert last[-1] is row and [e["text"]["text"] for e in row["elements"]] == [UP_LABEL, DOWN_LABEL]
    assert [b for m in messages[:-1] for b in m.blocks if b["type"] == "actions"] == []
    after = rated(list(last), "👍 Thanks <!channel>")
    assert after[-1]["type"] == "context" and is_feedback_block(after[-1]) and "<!channel>" not in str(after[-1])
    assert [b["type"] for b in after[:-1]] == [b["type"] for b in last[:-1]], "the other blocks stay"
    clicked = chosen(after, "✓ Tell me more")
    assert clicked[-1] is after[-1] and clicked[-2]["type"] == "context"
    assert not any(b["type"] == "actions" for b in clicked)
