from bot.markup import Span, chunk_paragraphs, parse, split_paragraphs


def test_parse_bold_bullets_links() -> None:
    paragraphs = parse("Intro **bold** and [site](https://example.com).\n- one\n- two\n\nSecond")
    assert len(paragraphs) == 2
    first = paragraphs[0].lines
    assert first[0].spans == (Span("Intro "), Span("bold", bold=True), Span(" and "),
                               Span("site", url="https://example.com"), Span("."))
    assert [line.bullet for line in first] == [False, True, True]


def test_unknown_syntax_stays_literal() -> None:
    (paragraph,) = parse("<b>x</b> & [no](javascript:alert(1)) **unclosed")
    text = "".join(s.text for s in paragraph.lines[0].spans)
    assert text == "<b>x</b> & [no](javascript:alert(1)) **unclosed"
    assert all(s.url is None for s in paragraph.lines[0].spans)


def test_split_and_chunk_respect_limit() -> None:
    paragraphs = split_paragraphs("\n\n".join(f"paragraph {i} " + "word " * 50 for i in range(40)))
    pieces = chunk_paragraphs(paragraphs, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == "".join(paragraphs).replace("\n", "").replace(" ", "")


def test_chunk_cuts_one_endless_line() -> None:
    pieces = chunk_paragraphs(["x" * 2500], 1000)
    assert [len(p) for p in pieces] == [1000, 1000, 500]
