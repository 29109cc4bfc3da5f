"""Evaluate rule packs against a Document and produce results.

For each rule, in dependency order: decide applicability, then find the
matcher's hits; a rule passes when it has hits, and the hits become quoted
evidence. The engine never formats output.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Mapping
from functools import cache

from checker.conditions import Decision
from checker.document import Document
from checker.matchers import HIT_SENTENCE, HIT_START_END, HIT_VALUE, Hit, MatchContext, Matcher
from checker.model import PackSet, Rule
from checker.results import Applicability, DocumentResult, Evidence, PackInfo, RuleResult
from checker.settings import resolve_settings

MAX_QUOTE = 320  # characters of a sentence quoted as evidence


def check_document(doc: Document, pack_set: PackSet, settings: Mapping[str, str] | None = None) -> DocumentResult:
    # Matching allocates millions of short-lived objects (tokens, spans, hits) that hold no
    # cycles; with the cyclic collector on, it rescans them as they pile up: a quarter of
    # the time on a 5 MB policy. Reference counting still frees them as they go.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_document(doc, pack_set, settings)
    finally:
        if collecting:
            gc.enable()


def _check_document(doc: Document, pack_set: PackSet, settings: Mapping[str, str] | None) -> DocumentResult:
    resolved = resolve_settings(pack_set, settings)  # as given once for a whole run: not checked again
    ctx = MatchContext(doc, pack_set.phrase_index, resolved)
    statuses: dict[str, str] = {}
    by_id: dict[str, RuleResult] = {}
    for rule in pack_set.ordered_rules:
        result = evaluate_rule(rule, ctx, statuses)
        statuses[rule.id] = result.status
        by_id[rule.id] = result
    return DocumentResult(
        path=doc.path,
        format=doc.format,
        encoding=doc.encoding,
        sha256=doc.sha256,
        lines=doc.source_lines,
        location_unit=doc.location_unit,
        packs=tuple(PackInfo(p.id, p.name, p.version) for p in pack_set.packs),
        results=tuple(by_id[r.id] for r in pack_set.rules),
        settings=tuple(sorted(resolved.items())),
        warnings=tuple(doc.warnings),
        directives=tuple(doc.directives),
    )


def evaluate_rule(rule: Rule, ctx: MatchContext, statuses: Mapping[str, str]) -> RuleResult:
    """A disclosure in the text passes whatever the applicability decision (the result
    still carries the decision); `not_applicable` only ever replaces a failure."""
    decision = rule.applicability.decide(ctx, statuses) if rule.applicability else None
    applicability = _applicability(decision, ctx) if decision else None
    hits = rule.match.hits(ctx)
    if hits:
        evidence = quote_hits(ctx, hits, rule.evidence_max)
        return _result(rule, "pass", f"Found: {rule.title}.", evidence, applicability, ctx, hits)
    if decision and not decision.applicable:
        return _result(rule, "not_applicable", f"Not applicable: {decision.reason}.", (), applicability, ctx)
    message = f"Missing: {rule.title}."
    if decision and decision.missing:
        # e.g. audience=children declared in the configuration, which the policy itself must still state
        message = f"Missing: {rule.title}. {decision.missing}"
    return _result(rule, "fail", message, (), applicability, ctx)


def _result(
    rule: Rule,
    status: str,
    message: str,
    evidence: tuple[Evidence, ...],
    applicability: Applicability | None,
    ctx: MatchContext,
    hits: list[Hit] | None = None,
) -> RuleResult:
    value = None
    if rule.evidence_value and hits:
        value = next((h.value for h in hits if h.value and rule.evidence_value in h.value), None)
    location = evidence[0].line if evidence else _relevant_heading_line(rule.match, ctx)
    return RuleResult(
        rule=rule.id,
        pack=rule.pack,
        title=rule.title,
        severity=rule.severity,
        citation=rule.citation,
        status=status,
        message=message,
        description=rule.description,
        remediation=rule.remediation,
        evidence=evidence,
        applicability=applicability,
        value=value,
        location_line=location,
        url=rule.url,
        applies_from=rule.applies_from,
    )


def _applicability(decision: Decision, ctx: MatchContext) -> Applicability:
    return Applicability(
        applicable=decision.applicable,
        decided_by=decision.decided_by,
        reason=decision.reason,
        evidence=quote_hits(ctx, list(decision.hits), 2),
    )


def _relevant_heading_line(matcher: Matcher, ctx: MatchContext) -> int:
    """For a failure: the first heading the rule looks under, if the policy has one."""
    for heading_matcher in _heading_matchers(matcher):
        for hit in heading_matcher.hits(ctx):
            block = ctx.doc.blocks[ctx.unit(hit, "block")]
            if block.kind == "heading":
                return ctx.doc.line_of(block.start)
    return 1


@cache
def _heading_matchers(matcher: Matcher) -> tuple[Matcher, ...]:
    """The `under` headings in a rule's matcher tree: the same for every document,
    so walked once per matcher (matchers hash by identity)."""
    found: list[Matcher] = []
    if matcher.under is not None:
        found.append(matcher.under)
    for child in matcher.children():
        if child is not matcher.under:
            found.extend(_heading_matchers(child))
    return tuple(found)


def quote_hits(ctx: MatchContext, hits: list[Hit], limit: int) -> tuple[Evidence, ...]:
    """Quote the sentences holding the hits, one piece of evidence per sentence, best first.

    Best: a sentence of text before a heading (a heading names a topic; the text
    makes the disclosure), then the sentence where the most hits meet, then the
    earliest."""
    doc = ctx.doc
    # Counted and picked in C: a rule can have hundreds of hits, and every passing rule is quoted.
    per_sentence = Counter(map(HIT_SENTENCE, hits))
    last_first = sorted(hits, key=HIT_START_END)[::-1]
    first_hit = dict(zip(map(HIT_SENTENCE, last_first), last_first, strict=True))  # the earliest one is set last
    with_values = list(filter(HIT_VALUE, hits))

    def rank(hit: Hit) -> tuple[bool, int, int]:
        is_heading = bool(doc.sentences) and doc.blocks[doc.sentences[hit.sentence].block].kind == "heading"
        return (is_heading, -per_sentence[hit.sentence], hit.start)

    quoted: list[Evidence] = []
    for hit in sorted(first_hit.values(), key=rank)[:limit]:
        start, end = _quote_span(doc, hit)
        block = doc.blocks[doc.sentences[hit.sentence].block] if doc.sentences else None
        section = " › ".join(doc.section_path(block.section)) if block else ""
        values = [h.value for h in with_values if h.sentence == hit.sentence]
        quoted.append(
            Evidence(
                text=doc.text[start:end],
                line=doc.line_of(start),
                start=start,
                end=end,
                section=section,
                value=values[0] if values else None,
            )
        )
    return tuple(quoted)


def _quote_span(doc: Document, hit: Hit) -> tuple[int, int]:
    if not doc.sentences:
        return hit.start, hit.end
    sentence = doc.sentences[hit.sentence]
    start, end = sentence.start, sentence.end
    if end - start <= MAX_QUOTE:
        return start, end
    # Centre a window on the hit, cut at word boundaries.
    middle = (hit.start + hit.end) // 2
    start = max(sentence.start, middle - MAX_QUOTE // 2)
    end = min(sentence.end, start + MAX_QUOTE)
    start = max(sentence.start, min(start, hit.start))
    end = max(end, min(hit.end, sentence.end))
    space = doc.text.find(" ", start, hit.start)
    if start > sentence.start and space != -1:
        start = space + 1
    space = doc.text.rfind(" ", hit.end, end)
    if end < sentence.end and space != -1:
        end = space
    return start, end
