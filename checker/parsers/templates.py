"""Template tags of site generators and server templates, which are no policy text.

Policies are often published from the template a site is built from: Hugo, Jekyll,
Liquid and Jinja (`{{< x >}}`, `{{% x %}}`, `{% x %}`, `{{ x }}`, `{# x #}`) or ERB,
EJS and etlua (`<% x %>`, `<%= x %>`). The tags go; text between paired tags stays.
"""

from __future__ import annotations

import re

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


def remove_template_tags(text: str) -> str:
    """The text without template tags; a tag that spans lines leaves its line breaks."""
    if "{" in text and ("{{" in text or "{%" in text or "{#" in text):  # one memchr for most texts
        text = _BRACE_TAG.sub(_line_breaks, text)
    if "<%" in text:
        text = _PERCENT_TAG.sub(_line_breaks, text)
    return text


def _line_breaks(tag: re.Match[str]) -> str:
    return "\n" * tag.group().count("\n")
