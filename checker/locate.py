"""Where a missing disclosure belongs: the line a failure points at.

A failure has no evidence to point at, yet a reviewer (and a code-scanning
alert) needs a place in the policy: the section where the disclosure would go.
Two signals, in order of trust:

1. The headings the rule itself looks for. A rule that accepts a right's name
   "under a rights heading", or a heading naming its topic, says what the
   section is called; the heading of the policy that most of those heading
   matchers find is where the disclosure belongs.
2. Otherwise, the section whose title shares the most topic words with the
   rule's title ("Right to erasure" → "Your rights"; "Retention period" →
   "Data retention"). Words every policy heading uses ("data", "information",
   "policy", "your"…) say nothing about a topic and are not counted.

Line 1 only when neither finds a heading. Failures only: a pass points at its
evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from checker.match_context import MatchContext
from checker.matchers import AllMatcher, Matcher
from checker.model import Rule
from checker.tokens import stem

# Words that appear in headings of every topic; they cannot tell sections apart.
_GENERIC = frozenset(
    stem(w)
    for w in (
        *("a", "an", "and", "are", "as", "at", "by", "can", "do", "does", "for", "from", "how", "if", "in", "is"),
        *("it", "its", "of", "on", "or", "our", "the", "this", "to", "us", "we", "what", "when", "where", "which"),
        *("who", "whom", "why", "with", "you", "your", "not", "about", "any", "other", "their", "they"),
        *("use", "used", "using", "data", "information", "personal", "policy", "privacy", "notice", "statement"),
    )
)
_WORD = re.compile(r"[a-z0-9]+")


@cache
def heading_matchers(matcher: Matcher) -> tuple[Matcher, ...]:
    """The matchers in a rule's tree that find headings: `under` targets and `heading:` parts.

    What a rule must not be under (`not_under`, `not_after`) or must not match (`not`) is left
    out: those name the sections where the disclosure does not belong. The same for
    every document, so walked once per rule (matchers hash by identity)."""
    found: list[Matcher] = []
    seen: set[int] = set()

    def walk(m: Matcher) -> None:
        if id(m) in seen:
            return
        seen.add(id(m))
        if m.headings_only:
            found.append(m)
        if m.under is not None:
            found.append(m.under)
        excluded = {id(x) for x in (m.not_under, m.under, m.not_after) if x is not None}
        if isinstance(m, AllMatcher):
            excluded |= {id(x) for x in m.forbidden}
        for child in m.children():
            if id(child) not in excluded:
                walk(child)

    walk(matcher)
    return tuple(found)


def _topic_words(text: str) -> frozenset[str]:
    return frozenset({stem(w) for w in _WORD.findall(text.lower())} - _GENERIC)


_title_topic = cache(_topic_words)

# The section titles' topic words of the document checked last: a document's
# failures are located one after another, so one entry saves all but the first pass.
_last_sections: list[tuple[object, tuple[frozenset[str], ...]]] = []


def _section_topics(doc) -> tuple[frozenset[str], ...]:
    if _last_sections and _last_sections[0][0] is doc:
        return _last_sections[0][1]
    topics = tuple(_topic_words(s.title) for s in doc.sections)
    _last_sections[:] = [(doc, topics)]
    return topics


def relevant_heading_line(rule: Rule, ctx: MatchContext) -> int:
    """The line of the heading where `rule`'s missing disclosure belongs, or 1."""
    doc = ctx.doc
    if not doc.sections:
        return 1
    votes: Counter[int] = Counter()
    for heading in heading_matchers(rule.match):
        blocks = {ctx.unit(hit, "block") for hit in heading.hits(ctx)}
        votes.update(b for b in blocks if doc.blocks[b].kind == "heading")
    if votes:
        block = min(votes, key=lambda b: (-votes[b], b))
        return doc.line_of(doc.blocks[block].start)
    topic = _title_topic(rule.title)
    if topic:
        scored = [(len(topic & words), -i) for i, words in enumerate(_section_topics(doc))]
        shared, position = max(scored)
        if shared:
            return doc.heading_line(-position)
    return 1
