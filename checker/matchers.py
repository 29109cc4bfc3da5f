"""The matching vocabulary: the few check types every rule is built from.

A matcher finds `Hit`s (spans of the document) in a `MatchContext`. Rules
combine them in YAML; `checker.packs` compiles that YAML into these objects
once, at load time. The types:

- `PhraseMatcher`  — phrase lists, tolerant of case, spacing, punctuation,
  hyphens, curly quotes and simple inflections (all phrases of all packs are
  found in one pass over the document's tokens, see `PhraseIndex`);
- `RegexMatcher`   — RE2 regular expressions (linear time: a pack cannot hang us);
- `ExtractMatcher` — e-mail, phone, URL, postal address, date, duration;
- `AllMatcher` / `AnyMatcher` / `NearMatcher` — boolean composition and
  proximity within a sentence, block, section or the document;
- filters on any matcher: negation, headings only, under matching headings.

Matchers read the document through a `MatchContext` (`checker.match_context`),
find phrases through the `PhraseIndex` (`checker.phrases`) and return `Hit`s
(`checker.hits`).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import eq, le, lt, sub
from typing import Any

from checker.hits import (
    HIT_END,
    HIT_FIRST_TOKEN,
    HIT_LAST_TOKEN,
    HIT_SENTENCE,
    HIT_SPAN,
    HIT_START,
    HIT_START_END,
    HIT_VALUE,
    Hit,
    new_hit,
)
from checker.match_context import MatchContext
from checker.phrases import SpanHits, union_of_spans
from checker.re2text import compile_re2

NEGATION_MODES = ("ignore", "exclude", "only")
# `near` looks for a part's hits among those that start at most this many words before the
# anchor's reach: a hit that starts further back would have to span more words than any
# phrase, regex or extractor hit does to end within `within` words of the anchor.
LONGEST_PART = 64


# -- matchers ---------------------------------------------------------------


@dataclass(eq=False)
class Matcher:
    """Base: `hits` applies the filters shared by every type to `_find`."""

    negation: str = "ignore"
    headings_only: bool = False
    under: Matcher | None = None  # keep hits under a heading this matcher finds
    not_under: Matcher | None = None
    not_after: Matcher | None = None  # drop hits in the items of a lead-in this matcher finds
    line: int = 0  # where it was defined, for messages
    # Phrase lists (by id) that must all have found something for this matcher to find anything
    # (`set_phrase_needs`): where one found nothing, its parts and filters are not evaluated.
    # An __init__ field, not init=False: a compiled (mypyc) class sets no default for the latter,
    # and a matcher `set_phrase_needs` leaves alone would have no `needs` at all.
    needs: frozenset[int] = field(default=frozenset(), repr=False)
    # No filter at all (negation, headings only, under, not under, not after): set with
    # `needs`, once packs load, so that the ~1,000 evaluations a policy of a matcher without
    # one skip its five tests. False (the default) tests each filter.
    unfiltered: bool = field(default=False, repr=False)

    def hits(self, ctx: MatchContext) -> list[Hit]:
        key = id(self)
        cached = ctx.cache.get(key)
        if cached is not None:
            return cached
        needs = self.needs
        if needs:
            lists_found = ctx.lists_found  # read directly once known: a method call per evaluation
            if lists_found is None:
                lists_found = ctx.phrase_lists_found()
            if not needs.issubset(lists_found):
                found: list[Hit] = []  # what `_find` and the filters would give, without reading the parts
                if key not in ctx.uncached:
                    ctx.cache[key] = found
                return found
        found = self._find(ctx)
        if not self.unfiltered:
            if self.negation != "ignore":
                found = self._judge_negation(ctx, found)
            if self.headings_only:
                found = ctx.in_headings(found)
            if self.under is not None:
                found = _filter_by_heading(ctx, found, self.under, keep=True)
            if self.not_under is not None:
                found = _filter_by_heading(ctx, found, self.not_under, keep=False)
            if self.not_after is not None:
                found = _drop_after_lead_in(ctx, found, self.not_after)
        if key not in ctx.uncached:
            ctx.cache[key] = found
        return found

    def _find(self, ctx: MatchContext) -> list[Hit]:
        raise NotImplementedError

    def _judge_negation(self, ctx: MatchContext, found: list[Hit]) -> list[Hit]:
        """The hits negated (`negation: only`) or not (`exclude`)."""
        return ctx.with_negation(found, self.negation == "only")

    def children(self) -> list[Matcher]:
        return [m for m in (self.under, self.not_under, self.not_after) if m is not None]


def set_phrase_needs(roots: list[Matcher]) -> None:
    """Set `needs` (and `unfiltered`) on the matchers under `roots`: the phrase lists without whose hits a matcher
    finds nothing. `all` and `near` need every part's lists, `any` those every part needs, any
    matcher those of the heading it must be `under`; a regular expression or an extractor
    needs none. Set only where skipping saves work (a plain phrase matcher reads its list)."""
    known: dict[int, frozenset[int]] = {}

    def needed(matcher: Matcher) -> frozenset[int]:
        key = id(matcher)
        found = known.get(key)
        if found is not None:
            return found
        known[key] = frozenset()  # (a reference cycle, were there one, needs nothing)
        own: set[int] = set()
        if isinstance(matcher, PhraseMatcher):
            own.add(matcher.group)
        elif isinstance(matcher, RefMatcher):
            if matcher.target is not None:
                own.update(needed(matcher.target))
        elif isinstance(matcher, AllMatcher):
            for part in matcher.required:
                own.update(needed(part))
        elif isinstance(matcher, NearMatcher):
            for part in matcher.parts:
                own.update(needed(part))
        elif isinstance(matcher, AnyMatcher) and matcher.parts:
            own.update(needed(matcher.parts[0]))
            for part in matcher.parts[1:]:
                own.intersection_update(needed(part))
        if matcher.under is not None:
            own.update(needed(matcher.under))
        found = known[key] = frozenset(own)
        matcher.unfiltered = (
            matcher.negation == "ignore"
            and not matcher.headings_only
            and matcher.under is None
            and matcher.not_under is None
            and matcher.not_after is None
        )
        plain_phrases = isinstance(matcher, PhraseMatcher) and matcher.under is None and matcher.negation == "ignore"
        if not plain_phrases and not (isinstance(matcher, RefMatcher) and matcher.plain):
            matcher.needs = found
        return found

    for matcher in with_descendants(roots):
        needed(matcher)


def with_descendants(roots: list[Matcher]) -> list[Matcher]:
    """The matchers `roots` and every matcher reached from them (`children`), each once."""
    found: dict[int, Matcher] = {}
    pending = list(roots)
    while pending:
        matcher = pending.pop()
        if id(matcher) not in found:
            found[id(matcher)] = matcher
            pending.extend(matcher.children())
    return list(found.values())


def _first_item(pair: tuple) -> Any:
    return pair[0]


def _by_first_token(ctx: MatchContext, hits: list[Hit]) -> tuple[list[int], list[int], list[Hit]]:
    """The hits in order of their first token (stably), with their first and last tokens.

    Phrase hits know their tokens and come in order: that case costs a few passes in C."""
    firsts = list(map(HIT_FIRST_TOKEN, hits))
    if min(firsts) >= 0 and all(map(le, firsts, firsts[1:])):
        return firsts, list(map(HIT_LAST_TOKEN, hits)), hits
    spanned = sorted(((ctx.token_span(h), h) for h in hits), key=_first_item)
    return [s[0][0] for s in spanned], [s[0][1] for s in spanned], [s[1] for s in spanned]


def heading_blocks(ctx: MatchContext, heading: Matcher) -> frozenset[int]:
    """The headings (blocks) where `heading` matches: worked out once per document for each
    matcher, which filters hits and ranks the quotes of the rules that look under it."""
    key = id(heading)
    found = ctx.heading_blocks.get(key)
    if found is None:
        blocks = ctx.doc.blocks
        found = frozenset(
            block for block in ctx.units_of("block", heading.hits(ctx)) if blocks[block].kind == "heading"
        )
        ctx.heading_blocks[key] = found
    return found


def _title_section(doc: Any) -> int:
    """The section of the policy's title: the first section, when it encloses every other (the
    only one at the top level, with others under it); -1 when there is none."""
    sections = doc.sections
    if len(sections) < 2 or sections[0].parent != -1 or any(s.parent == -1 for s in sections[1:]):
        return -1
    return 0


def _filter_by_heading(ctx: MatchContext, hits: list[Hit], heading: Matcher, keep: bool) -> list[Hit]:
    doc = ctx.doc
    headings = heading_blocks(ctx, heading)
    if not headings:  # no such heading: nothing is under one
        return [] if keep else hits
    sections = {i for i, s in enumerate(doc.sections) if s.heading in headings}
    if not keep:
        # The policy's title heads the whole policy, not a part of it: a notice "for parents and
        # carers" is not a parents' section whose text a `not_under` sets aside.
        sections.discard(_title_section(doc))
    hit_sections = list(ctx.units_of("section", hits))
    inside = {
        section: any(s in sections for s in doc.section_ancestors(section)) == keep for section in set(hit_sections)
    }
    return list(compress(hits, map(inside.__getitem__, hit_sections)))


def _drop_after_lead_in(ctx: MatchContext, hits: list[Hit], lead_in: Matcher) -> list[Hit]:
    """The hits not in the list items or cells of a lead-in that `lead_in` matches
    ("For residents of other states, your rights include:" + "The right to delete")."""
    leads = {h.sentence for h in lead_in.hits(ctx)}
    if not leads:
        return hits
    passages = ctx.passages
    return [h for h in hits if passages[h.sentence] == h.sentence or passages[h.sentence] not in leads]


@dataclass(eq=False)
class PhraseMatcher(Matcher):
    group: int = -1  # its phrase list in the PhraseIndex

    def _find(self, ctx: MatchContext) -> list[Hit]:
        return ctx.phrase_hits(self.group)


@dataclass(eq=False)
class RegexMatcher(Matcher):
    pattern: Any = None  # a compiled re2 pattern

    def _find(self, ctx: MatchContext) -> list[Hit]:
        return ctx.regex_hits(self.pattern)


def compile_regex(pattern: str) -> Any:
    """Compile a pack's regular expression with RE2 (case-insensitive; the text is folded)."""
    return compile_re2(pattern, case_sensitive=False)


@dataclass(eq=False)
class ExtractMatcher(Matcher):
    kind: str = "email"

    def _find(self, ctx: MatchContext) -> list[Hit]:
        return ctx.extracted(self.kind)


@dataclass(eq=False)
class AllMatcher(Matcher):
    """Every positive part matches, and no `not` part matches, within one unit of `scope`.

    The hits are the first part's: it is what the rule is about and what gets
    quoted; the other parts are its context (a heading, a nearby "you have the
    right"). Values the other parts extracted in the unit (a date) ride along.
    """

    required: list[Matcher] = field(default_factory=list)
    forbidden: list[Matcher] = field(default_factory=list)
    scope: str = "sentence"

    def _find(self, ctx: MatchContext) -> list[Hit]:
        # The context parts only decide which units qualify, so they are reduced to sets of
        # units (in C) rather than grouped hit by hit; a part with no hits ends the search
        # before the rest are looked for.
        scope = self.scope
        unit_of = ctx.unit_function(scope)
        quoted = self.required[0].hits(ctx)
        if not quoted:
            return []
        quoted_units = list(ctx.units_of(scope, quoted))
        units = set(quoted_units)
        context_parts = []
        for part in self.required[1:]:
            hits = part.hits(ctx)
            units.intersection_update(ctx.units_of(scope, hits))
            if not units:
                return []
            context_parts.append(hits)
        for part in self.forbidden:
            units.difference_update(ctx.units_of(scope, part.hits(ctx)))
            if not units:
                return []
        context_values: dict[int, dict[str, Any]] = {}
        for hits in context_parts:
            for h in filter(HIT_VALUE, hits):  # few hits carry a value (a date): picked out in C
                unit = unit_of(h)
                if unit in units:
                    values = context_values.setdefault(unit, {})
                    for key, value in (h.value or {}).items():  # (never empty: filtered above)
                        values.setdefault(key, value)
        if not context_values:
            # The common case: the quoted hits in the units left, as they are, chosen in C.
            found = list(compress(quoted, map(units.__contains__, quoted_units)))
            return _in_span_order(found)
        found = []
        for h, unit in zip(quoted, quoted_units, strict=True):
            if unit in units:
                unit_values = context_values.get(unit)
                if unit_values:
                    h = h._replace(value={**unit_values, **(h.value or {})})
                found.append(h)
        return _in_span_order(found)

    def children(self) -> list[Matcher]:
        return [*super().children(), *self.required, *self.forbidden]


def _in_span_order(hits: list[Hit]) -> list[Hit]:
    """`hits` (a list of its own) sorted by start and end, as `sorted(hits, key=HIT_START_END)`
    gives them: as they are when their starts rise (most of `all`'s: its first part's hits
    are in span order), else by two stable sorts by one integer each (end, then start),
    which make no tuple of each hit's start and end."""
    starts = list(map(HIT_START, hits))
    if all(map(lt, starts, islice(starts, 1, None))):
        return hits
    hits.sort(key=HIT_END)
    hits.sort(key=HIT_START)
    return hits


@dataclass(eq=False)
class AnyMatcher(Matcher):
    """Any part matches; with `min`, at least that many different parts in one unit of `scope`."""

    parts: list[Matcher] = field(default_factory=list)
    minimum: int = 1
    scope: str = "document"

    def _find(self, ctx: MatchContext) -> list[Hit]:
        if self.minimum <= 1:
            # One hit per span (the last part's, in the first one's place), in span order.
            of_parts = [part.hits(ctx) for part in self.parts]
            nonempty = [hits for hits in of_parts if hits]
            phrase_lists: list[Any] = [hits for hits in nonempty if isinstance(hits, SpanHits)] if ctx.lean else []
            if phrase_lists and len(phrase_lists) == len(nonempty):
                # Phrase lists of a long text: merged as their spans, the hits made when read.
                return union_of_spans(phrase_lists) if len(phrase_lists) > 1 else nonempty[0]  # type: ignore[return-value]
            if len(nonempty) <= 1:
                # One part found anything (a part's hits are usually each span once, in
                # order: then they are the answer as they are).
                if not nonempty:
                    return []
                # In span order, each span once, if their starts rise (the spans, compared
                # only where two start together): the starts are integers the hits hold.
                starts = list(map(HIT_START, nonempty[0]))
                if all(map(lt, starts, islice(starts, 1, None))):
                    return nonempty[0]
                spans = list(map(HIT_SPAN, nonempty[0]))
                if all(map(lt, spans, islice(spans, 1, None))):
                    return nonempty[0]
            if ctx.lean or sum(map(len, of_parts)) > _MERGE_IN_PLACE:
                return _merged_by_span(of_parts)
            return _united_by_span(list(chain.from_iterable(of_parts)))
        by_unit: dict[int, dict[int, list[Hit]]] = defaultdict(dict)
        unit_of = ctx.unit_function(self.scope)
        for index, part in enumerate(self.parts):
            for h in part.hits(ctx):
                by_unit[unit_of(h)].setdefault(index, []).append(h)
        found = [h for parts in by_unit.values() if len(parts) >= self.minimum for hs in parts.values() for h in hs]
        return sorted(found, key=HIT_START_END)

    def children(self) -> list[Matcher]:
        return [*super().children(), *self.parts]


# Above this many hits, `any` merges its parts' lists in order instead of keying every hit
# by its span (a tuple and a dictionary entry each: 10 MB for the 100,000 of a long text);
# in a long text (`MatchContext.lean`) always: its rules' peak is such merges.
_MERGE_IN_PLACE = 20_000


def _united_by_span(hits: list[Hit]) -> list[Hit]:
    """`hits` (several lists one after the other) one per span (the last one's), in span
    order: what keying them by span and sorting the keys gives, without a tuple of each
    hit's span. Three stable sorts by one integer each (sentence, end, start: the span's
    fields from the least significant on) put equal spans next to each other in the
    order the lists gave them; of each run of equal spans the last is kept.

    An `any` of several parts that found something merges ~5,900 hits a policy (every 16th
    corpus policy): keyed by their spans, each hit made a tuple that was hashed twice and
    sorted as a tuple; an integer key makes no object and compares in a few instructions."""
    hits.sort(key=HIT_SENTENCE)
    hits.sort(key=HIT_END)
    hits.sort(key=HIT_START)
    starts = list(map(HIT_START, hits))
    if all(map(lt, starts, islice(starts, 1, None))):
        return hits  # no two start together: each span once
    # Equal spans start together: only the pairs that do are compared whole.
    keep = [True] * len(hits)
    for i in compress(range(len(hits) - 1), map(eq, starts, islice(starts, 1, None))):
        if HIT_SPAN(hits[i]) == HIT_SPAN(hits[i + 1]):
            keep[i] = False
    return list(compress(hits, keep))


def _merged_by_span(found: list[list[Hit]]) -> list[Hit]:
    """The hits of several lists, one per span (the last list's), in span order: what keying
    them by span gives, made by merging the lists, each in span order (most already are)."""
    ordered = []
    for hits in found:
        if any(HIT_SPAN(a) > HIT_SPAN(b) for a, b in zip(hits, islice(hits, 1, None), strict=False)):
            hits = sorted(hits, key=HIT_SPAN)  # stable: equal spans keep their order
        ordered.append(hits)
    merged: list[Hit] = []
    previous = None
    for hit in heapq.merge(*ordered, key=HIT_SPAN):  # equal spans: in the lists' order
        span = HIT_SPAN(hit)
        if span == previous:
            merged[-1] = hit
        else:
            merged.append(hit)
            previous = span
    return merged


@dataclass(eq=False)
class NearMatcher(Matcher):
    """Every part at most `within` words away from the first part's hit, inside one unit of `scope`."""

    parts: list[Matcher] = field(default_factory=list)
    within: int = 10
    scope: str = "sentence"

    def _find(self, ctx: MatchContext) -> list[Hit]:
        ordered = []
        for part in self.parts:
            hits = part.hits(ctx)
            if not hits:
                return []
            ordered.append(_by_first_token(ctx, hits))
        scope, within = self.scope, self.within
        found: list[Hit] = []
        a_firsts, a_lasts, anchors = ordered[0]
        # Each part's hits with their units (in C); a part's hit starts at most its list's
        # longest span (in words) before where it must end to be within reach: usually a few
        # words rather than LONGEST_PART.
        others = []
        shared: set[int] | None = None  # the units where every other part has a hit
        for firsts, lasts, candidates in ordered[1:]:
            units = list(ctx.units_of(scope, candidates))
            if shared is None:
                shared = set(units)
            else:
                shared.intersection_update(units)
            reach = within + min(LONGEST_PART - 1, max(map(sub, lasts, firsts))) + 1
            others.append((firsts, lasts, candidates, units, reach))
        anchor_units = list(ctx.units_of(scope, anchors))
        # Only an anchor in such a unit can have every part near it (a third of them): the
        # others are passed over in C.
        eligible: Any = zip(a_firsts, a_lasts, anchors, anchor_units, strict=True)
        if shared is not None:
            eligible = compress(eligible, map(shared.__contains__, anchor_units))
        for a_first, a_last, anchor, unit in eligible:
            start, end = anchor.start, anchor.end
            first, last = a_first, a_last
            value = anchor.value  # copied only into a hit found: most anchors have none
            for firsts, lasts, candidates, units, reach in others:
                best = -1
                for k in range(bisect_left(firsts, a_first - reach), bisect_right(firsts, a_last + within)):
                    gap = max(firsts[k] - a_last, a_first - lasts[k], 1) - 1  # words in between
                    if gap <= within and units[k] == unit:
                        best = k
                        break
                if best < 0:
                    break
                hit = candidates[best]
                start, end = min(start, hit.start), max(end, hit.end)
                first, last = min(first, firsts[best]), max(last, lasts[best])
                if hit.value:
                    value = {**hit.value, **(value or {})}  # e.g. the date an `extract` part found
            else:
                found.append(new_hit((start, end, anchor.sentence, dict(value) if value else None, first, last)))
        return found

    def _judge_negation(self, ctx: MatchContext, found: list[Hit]) -> list[Hit]:
        """A near's hit spans its parts and the words between them: a cue there ("service
        providers do not give us ...") negates it too, besides one before or after it."""
        if not found:
            return found
        parts = [part.hits(ctx) for part in self.parts]
        negated = set(map(id, ctx.with_negation(found, True)))
        only = self.negation == "only"
        return [h for h in found if (id(h) in negated or ctx.negated_between_parts(h, parts)) == only]

    def children(self) -> list[Matcher]:
        return [*super().children(), *self.parts]


@dataclass(eq=False)
class RefMatcher(Matcher):
    """A named definition of the pack, resolved after every definition is compiled."""

    name: str = ""
    target: Matcher | None = None
    # No filter of its own (set once references are resolved): its hits are its target's,
    # read without a cache entry of its own (a policy reads references thousands of times).
    plain: bool = False

    def hits(self, ctx: MatchContext) -> list[Hit]:
        if self.plain and not ctx.lean:  # a long text's cache is managed matcher by matcher
            assert self.target is not None
            return self.target.hits(ctx)
        return super().hits(ctx)

    def _find(self, ctx: MatchContext) -> list[Hit]:
        assert self.target is not None, f"unresolved reference {self.name}"
        return self.target.hits(ctx)

    def children(self) -> list[Matcher]:
        return [*super().children(), *([self.target] if self.target else [])]
