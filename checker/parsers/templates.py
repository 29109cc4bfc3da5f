"""Template tags of site generators and server templates, which are no policy text.

Policies are often published from the template a site is built from: Hugo, Jekyll,
Liquid and Jinja (`{{< x >}}`, `{{% x %}}`, `{% x %}`, `{{ x }}`, `{# x #}`) or ERB,
EJS and etlua (`<% x %>`, `<%= x %>`). The tags go; text between paired tags stays.
"""

from __future__ import annotations

import re

# Template tags of site generators and server templates. Each alternative stops at the
# first brace or % it cannot use, so an unclosed tag costs no more than the text up to it.
_TEMPLATE_TAG = re.compile(
    r"\{\{[^{}]*\}\}"  # Hugo shortcodes {{< x >}} {{% x %}}, Liquid/Jinja/Handlebars {{ x }}
    r"|\{%[^{}]*%\}"  # Liquid/Jinja statements {% x %}
    r"|\{#[^{}]*#\}"  # Jinja comments {# x #}
    r"|<%[^%]*%>"  # ERB, EJS, etlua <% x %>, <%= x %>
)
_TEMPLATE_OPENERS = ("{{", "{%", "{#", "<%")


def remove_template_tags(text: str) -> str:
    """The text without template tags; a tag that spans lines leaves its line breaks."""
    if not any(opener in text for opener in _TEMPLATE_OPENERS):
        return text
    return _TEMPLATE_TAG.sub(lambda m: "\n" * m.group().count("\n"), text)
