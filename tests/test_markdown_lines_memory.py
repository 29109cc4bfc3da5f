"""The Markdown reader splits a long text into lines without making it whole again with
its comments removed (each copy of a long text is megabytes): the lines must be those of
the text with each comment replaced by its line breaks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.parsers.markdown import _HTML_COMMENT, _lines_without_comments, parse

_PIECES = st.lists(st.sampled_from(["a", "b c", "\n", "\n\n", "<!--", "-->", "<!-- x -->", "é"]), max_size=20)


@given(_PIECES.map("".join))
def test_lines_without_comments_are_the_lines_of_the_text_with_comments_replaced(text):
    expected = _HTML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text).split("\n")
    assert _lines_without_comments(text) == expected


def test_text_after_a_comment_keeps_its_line():
    doc = parse("# Title\n\nWe <!-- a\nnote -->collect data.\n\nNo sale.\n", "p.md")
    assert doc.text == "Title\nWe collect data.\nNo sale."
    assert [doc.line_of(doc.text.index(word)) for word in ("We", "collect", "No")] == [3, 4, 6]
