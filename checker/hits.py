"""`Hit`: a span of the document a matcher found, and fast getters for its fields.

Every stage of matching passes hits: the phrase index makes them, matchers filter
and combine them, the engine quotes them as evidence.
"""

from __future__ import annotations

from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple


class Hit(NamedTuple):
    """A span of the document a matcher found. A tuple, not a dataclass: documents
    make hundreds of thousands of them, and tuples are built in C."""

    start: int
    end: int
    sentence: int
    value: dict[str, Any] | None = None
    first: int = -1  # first and last token of the span, when known (-1: look them up)
    last: int = -1


# Hit fields as C functions, for `map` and `sorted` over the thousands of hits of a policy.
HIT_START = itemgetter(0)
HIT_START_END = itemgetter(0, 1)
HIT_END = itemgetter(1)
HIT_SPAN = itemgetter(0, 1, 2)  # start, end, sentence
HIT_SENTENCE = itemgetter(2)
HIT_VALUE = itemgetter(3)
HIT_FIRST_TOKEN = itemgetter(4)
HIT_LAST_TOKEN = itemgetter(5)


# Hit's generated __new__ is Python code; the tuple constructor is not (hot loops make
# a Hit per phrase occurrence, thousands per policy).
new_hit = partial(tuple.__new__, Hit)
