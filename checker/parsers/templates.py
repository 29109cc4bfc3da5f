"""Template tags of site generators and server templates, which are no policy text.

Policies are often published from the template a site is built from: Hugo, Jekyll,
Liquid and Jinja (`{{< x >}}`, `{{% x %}}`, `{% x %}`, `{{ x }}`, `{# x #}`) or ERB,
EJS and etlua (`<% x %>`, `<%= x %>`). The tags go; text between paired tags stays.

A long text is read a stretch at a time, cut only where no tag can straddle the cut,
so that the reader never holds more than the source and its result (each copy of a
5 MB policy is 10 MB): substituting in the whole text held the source, the pieces
between the tags and their join at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Each pattern starts with a literal, so the search skips ahead to the next "{" or "<%"; each
# alternative stops at the first brace or % it cannot use, so an unclosed tag costs no
# more than the text up to the next one.
_BRACE_TAG = re.compile(
    r"\{(?:"
    r"\{[^{}]*\}\}"  # Hugo shortcodes {{< x >}} {{% x %}}, Liquid/Jinja/Handlebars {{ x }}
    r"|%[^{}]*%\}"  # Liquid/Jinja statements {% x %}
    r"|#[^{}]*#\})"  # Jinja comments {# x #}
)
_PERCENT_TAG = re.compile(r"<%[^%]*%>")  # ERB, EJS, etlua <% x %>, <%= x %>

STRETCH = 1 << 16  # characters read at a time (at least: a stretch ends at a line break)


def remove_template_tags(text: str) -> str:
    """The text without template tags; a tag that spans lines leaves its line breaks. A text
    without any is returned as it is, not copied (a saved page's style sheets and scripts
    hold braces, but rarely a tag)."""
    if not _BRACE_TAG.search(text) and not _PERCENT_TAG.search(text):
        return text
    return "".join(_stretches_without_tags(text, 0))


def lines_without_template_tags(text: str, start: int = 0) -> list[str]:
    """The lines of `text[start:]` without template tags (tags that span lines leave their
    line breaks): `remove_template_tags(text[start:]).split("\\n")` without either copy."""
    lines = [""]
    for stretch in _stretches_without_tags(text, start):
        first_end = stretch.find("\n")
        if first_end < 0:
            lines[-1] += stretch
            continue
        lines[-1] += stretch[:first_end]
        lines.extend(stretch[first_end + 1 :].split("\n"))
    return lines


def _stretches_without_tags(text: str, start: int) -> Iterator[str]:
    """`text[start:]` without its tags, in stretches that join to the whole: tags are removed
    from the text first for `{…}` and then for `<%…%>`, each stretch as the whole text would
    have it, because a stretch ends only where no tag of either kind straddles its end."""
    length = len(text)
    while start < length:
        end = _line_end_after(text, start + STRETCH)
        while True:
            stretch = _BRACE_TAG.sub(_line_breaks, text[start:end]) if text.find("{", start, end) >= 0 else None
            if end >= length or _brace_tag_ends_before(text, start, end):
                if stretch is None:
                    stretch = text[start:end]
                if "<%" not in stretch:
                    break
                stretch = _PERCENT_TAG.sub(_line_breaks, stretch)
                if end >= length or not _percent_tag_open_at_end(stretch):
                    break
            # A tag may go on past `end`: take in as much again (doubling keeps a text that
            # opens a tag and never closes it linear).
            end = _line_end_after(text, end + max(STRETCH, end - start))
        yield stretch
        start = end


def _line_end_after(text: str, position: int) -> int:
    """The position after the first line break at or after `position` (or the text's end)."""
    if position >= len(text):
        return len(text)
    line_break = text.find("\n", position)
    return len(text) if line_break < 0 else line_break + 1


def _brace_tag_ends_before(text: str, start: int, end: int) -> bool:
    """Whether no `{…}` tag straddles `end` (just after a line break): a tag has no brace
    inside, so one straddles only when the last brace before `end` opens. Braces before
    `start` were checked when the stretch before was cut."""
    last_open, last_close = text.rfind("{", start, end), text.rfind("}", start, end)
    return last_open < last_close or last_open < 0


def _percent_tag_open_at_end(stretch: str) -> bool:
    """Whether a `<%` in `stretch` (ending in a line break, `{…}` tags removed) may close in
    the next one: a tag has no % inside, so only when the last % opens one."""
    last_percent = stretch.rfind("%")
    return last_percent > 0 and stretch[last_percent - 1] == "<"


def _line_breaks(tag: re.Match[str]) -> str:
    return "\n" * tag.group().count("\n")
