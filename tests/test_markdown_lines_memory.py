"""The Markdown reader makes its lines from a long text a stretch at a time, without making
the text whole again with its front matter, template tags or comments removed (each copy
of a long text is megabytes). The lines must be exactly those of the text with each tag and
then each comment replaced by its line breaks, as a substitution in the whole text gives,
wherever the stretches are cut."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker.document import DocumentBuilder, parse_directive
from checker.parsers import templates
from checker.parsers.markdown import _source_lines, parse
from checker.parsers.templates import lines_without_template_tags, remove_template_tags

# The reading as one substitution in the whole text each: tags of `{…}`, then `<%…%>`, then comments.
_BRACE_TAG = re.compile(r"\{(?:\{[^{}]*\}\}|%[^{}]*%\}|#[^{}]*#\})")
_PERCENT_TAG = re.compile(r"<%[^%]*%>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# a fence may open inside a block quote ("> ```"), as CommonMark reads it
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")


def _line_breaks(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def _without_tags(text: str) -> str:
    return _PERCENT_TAG.sub(_line_breaks, _BRACE_TAG.sub(_line_breaks, text))


def _directives(text: str) -> list:
    fenced, in_fence = set(), False
    for number, line in enumerate(text.split("\n"), start=1):
        fence = _FENCE.match(_BLOCKQUOTE.sub("", line))
        if in_fence or fence:
            fenced.add(number)
        if fence:
            in_fence = not in_fence
    found = []
    for comment in _HTML_COMMENT.finditer(text):
        line = text.count("\n", 0, comment.start()) + 1
        directive = parse_directive(comment.group()[4:-3], line) if line not in fenced else None
        if directive:
            found.append(directive)
    return found


_PIECES = st.lists(
    st.sampled_from(
        [
            *("a", "b c", "\n", "\n\n", "é", "```", "{", "}", "{{", "}}", "{%", "%}", "{#", "#}"),
            *("%", "<", ">", "<%", "%>", "<!--", "-->", "<!-- x -->"),
            "<!-- privacylint-disable gdpr.retention: kept elsewhere -->",
        ]
    ),
    max_size=40,
)


@pytest.fixture(autouse=True)
def tiny_stretches(monkeypatch):
    """Stretches of a few characters, so that cuts fall everywhere a short text allows."""
    monkeypatch.setattr(templates, "STRETCH", 3)


@given(_PIECES.map("".join))
def test_tags_are_removed_as_one_substitution_in_the_whole_text_removes_them(text):
    assert remove_template_tags(text) == _without_tags(text)
    assert lines_without_template_tags(text) == _without_tags(text).split("\n")


@given(_PIECES.map("".join))
@example(">```<!-- privacylint-disable gdpr.retention: kept elsewhere -->")
def test_lines_are_the_text_without_tags_then_comments_and_directives_are_those_of_its_comments(text):
    builder = DocumentBuilder("p.md", "markdown")
    without_tags = _without_tags(text)
    assert _source_lines(text, builder) == _HTML_COMMENT.sub(_line_breaks, without_tags).split("\n")
    assert builder.directives == _directives(without_tags)


@given(
    st.sampled_from(
        ["---\ntitle: T\nupdated: 2026-01-02\n---\n", "+++\ntitle = 'T'\n+++\n", '{\n"date": "2026-01-02"\n}\n']
    ),
    _PIECES,
)
def test_front_matter_lines_are_blank_and_the_body_keeps_its_line_numbers(front_matter, pieces):
    body = "".join(pieces)
    lines = _source_lines(front_matter + body, DocumentBuilder("p.md", "markdown"))
    skipped = front_matter.count("\n")
    assert lines[:skipped] == [""] * skipped
    assert lines[skipped:] == _HTML_COMMENT.sub(_line_breaks, _without_tags(body)).split("\n")


def test_a_tag_left_open_over_many_stretches_is_still_read_as_the_whole_text_reads_it():
    text = "We collect {{ your e-mail\n" + "and more\n" * 50 + "}} and your name. <% open\n" + "x\n" * 50 + "%> end"
    assert (
        remove_template_tags(text)
        == _without_tags(text)
        == "We collect " + "\n" * 51 + " and your name. " + "\n" * 51 + " end"
    )


def test_text_after_a_comment_keeps_its_line():
    doc = parse("# Title\n\nWe <!-- a\nnote -->collect data.\n\nNo sale.\n", "p.md")
    assert doc.text == "Title\nWe collect data.\nNo sale."
    assert [doc.line_of(doc.text.index(word)) for word in ("We", "collect", "No")] == [3, 4, 6]
