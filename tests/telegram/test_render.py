"""The neutral markup as Telegram HTML: escaping hostile strings, splitting long answers."""

from __future__ import annotations

import pytest

from adapters.telegram.render import MESSAGE_LIMIT, layout, render_reply, units
from bot.types import Attachment, Reply
from tests.telegram.fake_bot_api import visible_text

HOSTILE = [
    ("<b>bold</b>", "<b>bold</b>"),
    ("Tom & Jerry &amp; co", "Tom & Jerry &amp; co"),
    ("<script>alert('x')</script>", "<script>alert('x')</script>"),
    ("a < b > c", "a < b > c"),
    ("&lt;already escaped&gt;", "&lt;already escaped&gt;"),
    ("**<i>nested</i>**", "<i>nested</i>"),
    ('[<b>label</b>](https://example.com/?q="x"&y=<z>)', "<b>label</b>"),
    ("quotes \" and ' stay", "quotes \" and ' stay"),
    ("\u200bzero\u0007width", "zerowidth"),
]


@pytest.mark.parametrize(("text", "shown"), HOSTILE)
def test_hostile_text_is_shown_as_written(text: str, shown: str) -> None:
    part, = render_reply(Reply(text))
    assert visible_text(part.html) == shown  # visible_text raises like Telegram on bad markup
    assert "<script" not in part.html and "<i>" not in part.html


def test_markup_becomes_tags() -> None:
    part, = render_reply(Reply("Use **one** place.\n\n- first [guide](https://example.com/a?b=1&c=2)\n- second"))
    assert part.html == ('Use <b>one</b> place.\n\n• first <a href="https://example.com/a?b=1&amp;c=2">guide</a>'
                         "\n• second")
    assert part.plain == "Use one place.\n\n• first guide (https://example.com/a?b=1&c=2)\n• second"


def test_link_url_cannot_break_out_of_the_attribute() -> None:
    part, = render_reply(Reply('[x](https://e.com/"onmouseover="alert(1))'))
    assert '"onmouseover' not in part.html
    visible_text(part.html)


def test_attachment_is_a_link_paragraph() -> None:
    part, = render_reply(Reply("See this.", attachment=Attachment("Guide <2025>", "https://example.com/g.pdf")))
    assert part.html.endswith('📎 <a href="https://example.com/g.pdf">Guide &lt;2025&gt;</a>')


def test_long_answer_is_split_between_paragraphs() -> None:
    paragraphs = [f"**Part {i}.** " + ("word & more " * 70).strip() for i in range(12)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 10_000
    parts = render_reply(Reply(text))
    assert len(parts) >= 3
    for part in parts:
        shown = visible_text(part.html)
        assert units(part.html) <= MESSAGE_LIMIT
        assert shown.startswith("Part ") and shown.rstrip().endswith("more")  # whole paragraphs only
    assert "\n\n".join(visible_text(p.html) for p in parts) == visible_text("\n\n".join(p.html for p in parts))


def test_one_endless_paragraph_is_cut_between_lines_then_words() -> None:
    long_line = "**Bold start** " + "x&y " * 3000
    parts = render_reply(Reply(f"short line\n{long_line}\nlast line"))
    assert len(parts) >= 3
    assert all(units(p.html) <= MESSAGE_LIMIT for p in parts)
    joined = " ".join(visible_text(p.html) for p in parts)
    assert joined.count("x&y") == 3000 and "last line" in joined


def test_limit_counts_utf16_units() -> None:
    text = "\n\n".join(["🙂" * 1500] * 3)  # 3000 units per paragraph, 1500 characters
    parts = render_reply(Reply(text))
    assert len(parts) == 3
    assert all(units(p.html) <= MESSAGE_LIMIT for p in parts)


def test_layout_puts_short_labels_together_and_long_ones_alone() -> None:
    rows = layout(["Back", "Skip", "Cancel", "Four keys to communicating well", "2 h", "5 h"])
    assert rows == [[0, 1, 2], [3], [4, 5]]
