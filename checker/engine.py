"""Evaluate rule packs against a Document and produce results.

For each rule, in dependency order: decide applicability, then find the
matcher's hits; a rule passes when it has hits, and the hits become quoted
evidence. The engine never formats output.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from heapq import heapify, heappop, heappush
from itertools import filterfalse

from checker.conditions import Condition, Decision
from checker.document import Document, Sentence
from checker.hits import HIT_END, HIT_SENTENCE, HIT_START_END, HIT_VALUE, Hit
from checker.locate import relevant_heading_line
from checker.match_context import MatchContext
from checker.matchers import Matcher, heading_blocks, with_descendants
from checker.model import PackSet, Rule
from checker.results import Applicability, DocumentResult, Evidence, PackInfo, RuleResult
from checker.settings import resolve_settings


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
    ctx = MatchContext(doc, pack_set.phrase_index, resolved, pack_set.regex_screen)
    statuses: dict[str, str] = {}
    by_id: dict[str, RuleResult] = {}
    decided: dict[int, tuple[Decision, Applicability]] = {}
    # In a long text the matchers' cached hits are most of the memory: each is let go after
    # the last rule that reads it (a typical policy's take little, and are kept).
    done_after = None
    if ctx.lean:
        done_after, ctx.uncached = _matcher_lifetimes(pack_set)
    for index, rule in enumerate(pack_set.ordered_rules):
        result = evaluate_rule(rule, ctx, statuses, decided)
        statuses[rule.id] = result.status
        by_id[rule.id] = result
        if done_after is not None:
            for key in done_after[index]:
                ctx.cache.pop(key, None)
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


@lru_cache(maxsize=4)
def _matcher_lifetimes(pack_set: PackSet) -> tuple[list[list[int]], frozenset[int]]:
    """How long each matcher's hits are kept in `MatchContext.cache` for a long text.

    For each rule in evaluation order, the matchers no later rule reads (its own match and
    applicability and the filters and parts within them), to let go after it: a matcher's
    hits are cached when first read, and one the rule skipped (a condition decided before,
    a combination cut short) has none. And the matchers never cached at all: a part that
    one combination reads, once (it caches its own hits), and nothing else reads, as the
    engine reads a rule's match and its heading filters again to quote and locate."""
    last: dict[int, int] = {}
    readers: dict[int, int] = {}  # matcher → how many references read it
    kept: set[int] = set()  # read again by the engine, or filters
    seen: set[int] = set()
    conditions: set[int] = set()
    for index, rule in enumerate(pack_set.ordered_rules):
        roots = list(rule.matchers())
        kept.add(id(rule.match))
        kept.update(map(id, rule.evidence_parts))  # read again to rank the rule's quotes
        condition = rule.applicability
        if condition is not None and id(condition) not in conditions:  # decided once, for every rule naming it
            conditions.add(id(condition))
            for matcher in condition.matchers():
                readers[id(matcher)] = readers.get(id(matcher), 0) + 1
        for matcher in with_descendants(roots):
            last[id(matcher)] = index
            if id(matcher) not in seen:
                seen.add(id(matcher))
                for child in matcher.children():
                    readers[id(child)] = readers.get(id(child), 0) + 1
                kept.update(id(m) for m in (matcher.under, matcher.not_under, matcher.not_after) if m is not None)
                if matcher.headings_only:
                    kept.add(id(matcher))
    done_after: list[list[int]] = [[] for _ in pack_set.ordered_rules]
    for key, index in last.items():
        done_after[index].append(key)
    uncached = frozenset(key for key, count in readers.items() if count == 1 and key not in kept)
    return done_after, uncached


def evaluate_rule(
    rule: Rule,
    ctx: MatchContext,
    statuses: Mapping[str, str],
    decided: dict[int, tuple[Decision, Applicability]] | None = None,
) -> RuleResult:
    """A disclosure in the text passes whatever the applicability decision (the result
    still carries the decision); `not_applicable` only ever replaces a failure.

    `decided` holds the document's decisions by condition, for the rules that share one."""
    decision: Decision | None = None
    applicability: Applicability | None = None
    if rule.applicability is not None:
        decision, applicability = _decide(rule.applicability, ctx, statuses, decided)
    hits = _disclosing(ctx, rule.match.hits(ctx), rule.evidence_value)
    if hits:
        evidence = quote_hits(
            ctx,
            hits,
            rule.evidence_max,
            rule.match,
            _reader_right(rule.title),
            rule.home,
            rule.evidence_parts,
            rule.evidence_practice,
        )
        return _result(rule, "pass", f"Found: {rule.title}.", evidence, applicability, ctx, hits)
    if decision and not decision.applicable:
        return _result(rule, "not_applicable", f"Not applicable: {decision.reason}.", (), applicability, ctx)
    message = f"Missing: {rule.title}."
    if decision and decision.missing:
        # e.g. audience=children declared in the configuration, which the policy itself must still state
        message = f"Missing: {rule.title}. {decision.missing}"
    return _result(rule, "fail", message, (), applicability, ctx)


def _disclosing(ctx: MatchContext, hits: list[Hit], value_kind: str | None = None) -> list[Hit]:
    """The hits outside definitions of terms and outside headings with nothing under them.
    "'Share' means making data available to a third party" defines a word of the policy; it
    does not say the company shares anything. "### 9.6 Right to Limit Use of Sensitive
    Personal Information" over nothing but a template tag (`{{< rights/limit >}}`, which is
    not policy text) names a topic the page never fills in: the heading alone promises
    nothing. A value such a heading holds (a date, an address) is still given, and a date
    rule reads a date standing as a heading of its own ("May 12, 2014" closing a page)."""
    if not hits or not ctx.doc.sentences:
        return hits
    sentences = set(map(HIT_SENTENCE, hits))
    defining = {sentence for sentence in sentences if _defines(ctx, sentence)}
    bare = sentences & _bare_heading_sentences(ctx) if value_kind != "date" else set()
    if not defining and not bare:
        return hits
    return [h for h in hits if h.sentence not in defining and (h.sentence not in bare or h.value)]


def _bare_heading_sentences(ctx: MatchContext) -> frozenset[int]:
    """The sentences of short headings with nothing under them: the next block is a heading
    of the same or a higher level, or the document ends (a heading over sub-headings is not
    bare). A long heading is a sentence of the text, not a label; and in a page whose headings
    outnumber its other blocks and hold such sentences, the headings are the text (a page set
    in heading elements throughout): none of them is bare; nor in a text of headings alone (a
    single line, a field label, is read as a heading)."""
    if ctx.bare_heading_sentences is None:
        doc = ctx.doc
        blocks = doc.blocks
        headings = [index for index, block in enumerate(blocks) if block.kind == "heading"]
        words = {index: len(doc.text[blocks[index].start : blocks[index].end].split()) for index in headings}
        bare: set[int] = set()
        has_body = len(headings) < len(blocks)
        if has_body and (2 * len(headings) <= len(blocks) or max(words.values(), default=0) <= BARE_HEADING_WORDS):
            for index in headings:
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if words[index] <= BARE_HEADING_WORDS and (
                    following is None or (following.kind == "heading" and following.level <= blocks[index].level)
                ):
                    bare.add(index)
        ctx.bare_heading_sentences = (
            frozenset(number for number, sentence in enumerate(doc.sentences) if sentence.block in bare)
            if bare
            else frozenset()
        )
    return ctx.bare_heading_sentences


# The longest heading read as a label of its section rather than a sentence of the text.
BARE_HEADING_WORDS = 14


def _defines(ctx: MatchContext, sentence: int) -> bool:
    known = ctx.defining_sentences.get(sentence)
    if known is None:
        span = ctx.doc.sentences[sentence]
        folded = ctx.doc.folded_between(span.start, span.end)
        # The words a definition needs, looked for in C before the pattern runs.
        known = any(word in folded for word in _DEFINING_WORDS) and bool(
            _DEFINITION.match(folded)
            or _defined_term_names_no_one(_CAPITALISED_DEFINITION.match(ctx.doc.text, span.start, span.end))
        )
        ctx.defining_sentences[sentence] = known
    return known


def _lists_contents(doc: Document, sentence: int) -> bool:
    """A list item under the policy's own introduction ("This policy describes:" + "- How you
    can access your information") is a table of contents: it names a topic; one under the
    lead-in of a glossary ("Here are some terms used in this policy:") defines a term."""
    if doc.blocks[doc.sentences[sentence].block].kind != "list_item":
        return False
    lead = _lead_in(doc, sentence)
    if lead is None:
        return False
    text = doc.folded_between(lead.start, lead.end)
    if _INTRODUCTION.search(text) or _GLOSSARY.match(text):
        return True
    # the topics of a notice promised, item by item: "It will notify you of the following:" +
    # "- How you can correct any inaccuracies in the information."
    if "you" not in text or not _PROMISED_TOPICS.search(text):
        return False
    span = doc.sentences[sentence]
    return doc.folded_between(span.start, span.end).lstrip(" -*\u2022(0123456789.)").startswith(_TOPIC_OPENINGS)


_PROMISED_TOPICS = re.compile(
    r"\b(?:notify|inform|tell|advise|explain to)\s+you\s+(?:of|about|on)?\s*(?:the following|these)?(?:\s+\w+)?\W*$"
)
_TOPIC_OPENINGS = ("how ", "what ", "why ", "which ", "whether ", "who ", "where ", "when ")


# A heading in the words of a question, set as a paragraph: "How you can access your
# information.", "What we collect" (a statement opens otherwise: "When you register, we ...").
_ASKING = frozenset({"how ", "what", "why ", "whic", "who "})
_QUESTION_WORDS = 10


def _asks(doc: Document, span: Sentence, text: str) -> bool:
    # a list item goes on with its lead-in: "It tells you: - how you can correct it"
    if doc.blocks[span.block].kind != "paragraph" or not _fills_block(doc, span) or text.count(" ") >= _QUESTION_WORDS:
        return False
    return text.startswith(("how ", "what ", "why ", "which ", "who "))


def _denies(text: str) -> bool:
    return ("no" in text or "n't" in text or "never" in text) and bool(_DENIAL.search(text))


def _only_asks_not(text: str) -> bool:
    """Whether a denying sentence (folded) only gives the reader a right to have something not
    done: "You may ask us not to sell your personal information", "you can request that we not
    share it". For a rule about a right of the reader it is no denial; for a rule about the
    practice ("whether personal information is sold") it stays one."""
    if "not" not in text or not ("ask" in text or "request" in text or "direct" in text or "instruct" in text):
        return False
    return not _DENIAL.search(_ASKED_NOT.sub(" ", text))


_ASKED_NOT = re.compile(
    r"\b(?:ask|asking|request|requesting|direct|directing|instruct|instructing)"
    r"(?: (?:us|that we|the business|that the business|the company|that the company|businesses|a business|them))?"
    r" (?:to )?not\b"
)


def _word_gaps(text: str) -> int:
    """The spaces between a sentence's words, not counting one before its closing mark:
    "Your Communications with Us ." is a label of four words."""
    return text.count(" ") - text.endswith((" .", " :", " ;"))


def _fills_block(doc: Document, sentence: Sentence) -> bool:
    """The sentence is its paragraph, give or take a list number before it or a mark after it."""
    block = doc.blocks[sentence.block]
    return sentence.start <= block.start + 8 and sentence.end >= block.end - 2


def _denies_and_addresses_reader(folded: str) -> tuple[bool, bool]:
    """Two of a sentence's notes (`_sentence_notes`), cheap enough to take before the rest."""
    return _denies(folded), "you" in folded


def _sentence_notes(ctx: MatchContext, sentence: int) -> tuple[bool, bool, bool, bool]:
    """(only names a topic, defines a term, denies, addresses the reader) for a sentence,
    worked out once per document however many rules quote it."""
    notes = ctx.sentence_notes.get(sentence)
    if notes is None:
        doc = ctx.doc
        span = doc.sentences[sentence]
        text = doc.folded_between(span.start, span.end)  # lower-cased; the patterns run only where a plain
        # substring test (in C) says they could match
        defines = _defines(ctx, sentence)
        names_topic = (
            doc.blocks[span.block].kind == "heading"
            or _word_gaps(text) < _LABEL_WORDS - 1
            or _is_title(doc, span)
            or _titled(doc.text[span.start : span.end])
            or (
                "right" in text[:24]
                and ";" not in text  # "The right to ...; and the right to ..." runs a list on
                and _names_right(text)
                # not a list item: "You have the right to:" + "- The right to erasure." gives it
                and doc.blocks[span.block].kind != "list_item"
            )
            or defines
            or ((" is " in text or " are " in text) and _describes_term(doc.text, span))
            or (text[:4] in _DATA_NOUNS and _labels_data(doc, span, text))
            or (
                ("polic" in text or "notice" in text or "statement" in text or "this page" in text or "section" in text)
                and bool(_INTRODUCTION.search(text))
            )
            or text.rstrip(" \"'\u201d\u2019)").endswith("?")  # a question is a heading: "How can you access it?"
            or _points(text)
            or _lists_contents(doc, sentence)
            or _glossary_entry(text)
            or (text[:4] in _ASKING and _asks(doc, span, text))
        )
        denies, addresses_reader = _denies_and_addresses_reader(text)
        notes = (names_topic, defines, denies, addresses_reader)
        ctx.sentence_notes[sentence] = notes
    return notes


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
    location = evidence[0].line if evidence else relevant_heading_line(rule, ctx)
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


def _decide(
    condition: Condition,
    ctx: MatchContext,
    statuses: Mapping[str, str],
    decided: dict[int, tuple[Decision, Applicability]] | None,
) -> tuple[Decision, Applicability]:
    """The rule's applicability decision and how the report shows it. A condition decides the
    same for every rule that names it (twenty rules of a pack share one): what it reads of the
    text is fixed, and the rules it reads are evaluated before any rule it decides for."""
    known = decided.get(id(condition)) if decided is not None else None
    if known is None:
        decision = condition.decide(ctx, statuses)
        known = (decision, _applicability(decision, ctx))
        if decided is not None:
            decided[id(condition)] = known
    return known


def _applicability(decision: Decision, ctx: MatchContext) -> Applicability:
    return Applicability(
        applicable=decision.applicable,
        decided_by=decision.decided_by,
        reason=decision.reason,
        evidence=quote_hits(ctx, list(decision.hits), 2) if decision.hits else (),
    )


@cache
def _heading_matchers(matcher: Matcher) -> tuple[Matcher, ...]:
    """The `under` headings in a rule's matcher tree, for ranking quotes: the same for every
    document, so walked once per matcher (matchers hash by identity). `locate.heading_matchers`
    takes `heading:` parts too, to place a failure; a quote under such a heading is not
    thereby stronger."""
    found: list[Matcher] = []
    if matcher.under is not None:
        found.append(matcher.under)
    for child in matcher.children():
        if child is not matcher.under:
            found.extend(_heading_matchers(child))
    return tuple(found)


# -- evidence: the strongest sentence first -----------------------------------------------

MAX_QUOTE = 300  # characters of a quote; a longer sentence is shortened around its hit
ELLIPSIS = "\u2026"

# A sentence that defines a term ("'Share' means ...") names the topic without disclosing it.
_DEFINITION = re.compile(
    r"""\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:the\s+)?["'\u201c\u2018][\w\s/-]{1,40}["'\u201d\u2019]\s*(?:\([^)]*\)\s*)?"""
    r"(?:means|refers to|shall mean|is defined as|has the meaning|(?:shall be|is) understood to mean)\b"
    # with the notice named first: "In this Privacy Policy, "Example" means Example, Inc. and its stores ..."
    r"""|\W*(?:in|throughout|within) this (?:\w+ ){0,2}?(?:notice|policy|statement|section|addendum),?\s+"""
    r"""(?:the (?:term )?)?["'\u201c\u2018][\w\s/-]{1,40}["'\u201d\u2019]\s*(?:\([^)]*\)\s*)?"""
    r"(?:means|refers to|shall mean|is defined as)\b"
    # a term defined for the notice: "For purposes of this Notice, "sensitive information" includes ..."
    r"""|\W*for (?:the )?purposes? of this (?:\w+ ){0,2}?(?:notice|policy|statement|section|addendum),?\s+"""
    r"""(?:the (?:term )?)?["'\u201c\u2018][\w\s/-]{1,40}["'\u201d\u2019]\s*(?:includes|include|means)\b"""
    # a term defined with a lead: "As used herein, an affiliate of Example Inc. is defined as any entity ...",
    # "We use the term "personal information" ... to refer to ..."
    r"|\W*as used (?:herein|in this (?:\w+ ){0,2}?(?:notice|policy|statement|section)),?\s+[^;:]{1,80}?"
    r"\b(?:means|refers to|shall mean|is defined as|has the meaning)\b"
    r"""|\W*we use the (?:term|terms|word|words|phrase)\s+["'\u201c\u2018][\w\s/-]{1,40}["'\u201d\u2019][^.;:]{0,80}?"""
    r"\bto (?:refer to|mean|describe|designate)\b",
)
# The policy's own introduction ("This policy describes how we collect and use ...").
_INTRODUCTION = re.compile(
    r"\b(?:this|our|the)\s+(?:privacy\s+|data\s+protection\s+|cookie\s+)?(?:policy|notice|statement|page|section)\s+"
    # "This Section 8 provides details about ...", "This privacy policy will explain how ..."
    r"(?:\([^)]{0,40}\)\s+)?(?:\w+\s+){0,2}?(?:describes?|explains?|sets out|tells you|outlines?|covers|informs|"
    r"applies|addresses|discusses|provides (?:details|information|an overview|a summary)|"
    r"is meant|is used to inform|is intended to|to learn|to understand|to explain|to inform|to describe|to tell you)\b"
    # its acceptance: "By using the Site ..., you agree to the terms and conditions of this Policy"
    r"|\byou (?:hereby )?(?:agree|accept|consent) to (?:be bound by )?(?:the terms (?:and conditions )?of )?"
    r"(?:this|our|the) (?:privacy )?(?:policy|notice|statement)\b",
)
# The reader given a right or a way to act: "you can ask", "you have the right to", "your
# rights". For a rule about a right of the reader, such a sentence shows it better than one
# about what the company does ("we delete inactive accounts after a year").
# A label naming the right ("Right to Know.") gives it to no one.
_READER_RIGHT = re.compile(
    r"\byou(?: also| always| still| then)? (?:can|may|could|have|are entitled|are able|will be able|should|must|"
    r"need to)\b|\byour rights?\b|\b(?:has|have) the rights?\b|\bentitled to\b"
)
# A rule about a right of the reader, by its title: "Right to erasure", "Parents' rights to
# review ...", "How users can review and request changes ...".
_RIGHT_TITLE = re.compile(r"\brights?\b|\bcan\b", re.I)
# A denial: still a disclosure for some rules ("we do not transfer ..."), but where a
# sentence says it positively, that one shows it better.
_DENIAL = re.compile(r"\b(?:not|never|no|nor)\b|n't\b")
# A pointer to where the disclosure is, not the disclosure: "Learn more about how we make
# automated decisions", "This is where we tell you what our legitimate interests are".
# Opening the sentence:
_POINTER_OPENING = re.compile(
    r"^\W*(?:please\s+)?(?:learn|find out|read|see|click here to (?:learn|read|find out))\s+more\b"
    # "For more information about your rights, please review the Data Subject Rights section above.",
    # "If you want to find out more about the cookies we use, take a look at our cookie notice."
    r"|^\W*(?:(?:for (?:more|further) (?:information|info|details)|(?:if you (?:want|wish|would like) )?to "
    # "To understand how you can designate an authorized agent, please refer to our Requests page."
    r"(?:(?:find out|learn|read|know) more|understand|learn how|find out how))\b[^.;:]{0,160}?,\s*)?"
    r"(?:please\s+)?(?:see|review|read|refer to|consult|"
    r"take a look at)\s+(?:our|the|this|that)\b[^.;:]{0,60}?\b(?:section|notice|policy|page|statement|above|below)\b"
    # the section named by its quoted title: "For more information regarding third-party ad
    # servers, see "Collection of Information by Third-Party Sites, Ad Servers, and Sponsors" below."
    r"|^\W*(?:for (?:more|further|additional) (?:information|info|details)|to (?:find out|learn|read) more)\b"
    r"[^.;:]{0,160}?,\s*(?:please\s+)?(?:see|review|read|refer to|consult)\s+(?:the\s+)?\"[^\"]{3,120}\"\s*"
    r"(?:section\b|above\b|below\b|\W*$)"
    # a pointer elsewhere, on the web too: "For more information regarding the choices you have about
    # these technologies (such as opting out), visit the Network Advertising Initiative."
    r"|^\W*(?:for (?:more|further|additional) (?:information|info|details)|to (?:find out|learn|read) more)\b"
    r"[^.;:]{0,160}?,\s*(?:please\s+)?(?:visit|go to|click|check out)\b"
    # a wish of the reader answered only by a pointer: "If you wish to make an opt-out request,
    # please see the details in the relevant sections below."
    r"|^\W*if you (?:want|wish|would like|are looking)\b[^.;:]{0,160}?,\s*(?:please\s+)?"
    r"(?:see|review|read|refer to|consult|take a look at)\s+(?:our|the|this|that)\b[^.;:]{0,60}?"
    r"\b(?:section|sections|notice|policy|page|above|below)\b"
)
# A pointer to the organisation with no channel: "If you would like to know more about the
# processing of your data and whether it is transferred abroad, please contact us using any of
# the methods described in Contact Us." (a channel in it, "contact us at privacy@...", is a contact).
_POINTER_CONTACT = re.compile(
    r"^\W*(?:for (?:more|further|additional) (?:information|info|details)|(?:if you (?:want|wish|would like) )?to "
    r"(?:find out|learn|know|understand|hear) more)\b[^.;:]{0,200}?,\s*(?:please\s+)?(?:feel free to\s+)?"
    r"(?:contact|get in touch with|reach out to|write to|ask)\s+us\b"
    r"(?:\s*[.!]?$|\s+(?:using|via|through|by|with|in)\s+(?:any\s+(?:one\s+)?of\s+)?(?:the|our)\s+(?:contact\s+)?"
    r"(?:methods?|details|information|means|options|channels|ways)\b)"
)
# Anywhere in it (each searched for only where its words are in the sentence):
_POINTER_WHERE = re.compile(r"\b(?:this|that|here) is (?:also )?where we (?:tell|explain|describe|set out|list)\b")
_POINTER_PLACE = re.compile(
    # "The purpose of the processing is explained in this privacy policy.", "Your rights are set out below."
    r"\b(?:is|are) (?:explained|described|set out|detailed|listed) (?:in|under) (?:this|the|our) "
    r"(?:\w+ ){0,3}?(?:policy|notice|statement|section)\b"
    r"|\b(?:described|explained|set out|detailed) (?:above|below) (?:under|in) (?:the )?section\b"
    r"|\b(?:is|are) (?:listed |set out |described |shown |detailed )?below\b",
)


def _points(text: str) -> bool:
    """A pointer to another part of the policy (folded text)."""
    return _may_point(text) and bool(
        _POINTER_OPENING.match(text)
        or (" us" in text and _POINTER_CONTACT.match(text))
        or ("where we" in text and _POINTER_WHERE.search(text))
        or (
            (
                "explained" in text
                or "described" in text
                or "set out" in text
                or "detailed" in text
                or "listed" in text
                or "below" in text
            )
            and _POINTER_PLACE.search(text)
        )
    )


def _may_point(text: str) -> bool:
    """The words a pointer needs, looked for in C (and not in a loop) before the pattern runs."""
    return (
        "more" in text
        or "where we" in text
        or "see " in text
        or "review" in text
        or "refer" in text
        or "consult" in text
        or "take a look" in text
        or "below" in text
        or "above" in text
        or "explained" in text
    )


# A glossary: its lead-in ("Here are some terms that will come in handy when reading this policy:"),
# or an entry that names its term again ("j) Third party: Third party is a natural or legal person").
_GLOSSARY_HEAD = 130  # characters before a glossary's colon
_GLOSSARY = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?(?:(?:here are|below are|the following are)\s+)?(?:some\s+|the\s+)?(?:following\s+)?"
    r"(?:key\s+|defined\s+)?(?:terms|definitions)\b[^:]{0,80}:"
    r"|\W*(?:\w{1,4}[.)]\s+)?([a-z][\w' -]{1,40}):\s+(?:an?\s+|the\s+)?\1\s+(?:is|are|means|refers)\b"
)
# The same without quotes, the defined term capitalised: "Usage Data refers to data collected
# automatically ...", "Device means any device that can access the Service".
_CAPITALISED_DEFINITION = re.compile(
    r"\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:[Tt]he\s+)?([A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|and|or|to)){0,5})"
    r"\s*(?:\([^)]*\)\s*)?(?:means|refers to|shall mean|is defined as|(?:shall be|is) understood to mean)\b",
)
# A defined term that stands for the organisation itself: its definition names the controller
# ("Company (referred to as "We") refers to Example Ltd").
_ORGANISATION_TERMS = frozenset(
    {"company", "we", "us", "our", "controller", "data controller", "operator", "owner", "publisher", "developer"}
)


# "It means that this information may be transferred ..." explains; it defines no term.
_PRONOUNS = frozenset({"it", "this", "that", "which", "what", "who", "these", "those", "they", "he", "she", "so"})


def _defined_term_names_no_one(match: re.Match[str] | None) -> bool:
    if match is None:
        return False
    term = match.group(1).lower()
    if term == "by" and match.group(0).endswith("means"):
        # "By means of cookies placed by other parties, ..." opens with a preposition; no term
        return False
    if term.split()[0] in _PRONOUNS:
        # "It refers to third-party companies ..." goes on defining the term before it
        return match.group(0).endswith("refers to")
    return term not in _ORGANISATION_TERMS


# A term described by the kind of data it stands for: "Payment Data is the information that you
# provide when you make purchases" introduces a word of the policy in the shape of a definition
# (it stays a disclosure for the rules, but a sentence that uses the term outranks it).
_DESCRIBED_TERM = re.compile(
    r"\W*(?:\d+(?:\.\d+)*\.?\s+)?([A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|and|or)){0,4})"
    r"\s+(?:is|are)\s+(?:the\s+|any\s+|all\s+)?(?:personal\s+)?(?:information|data|details)\s+"
    r"(?:that|which|you|we|about|relating|collected|provided|generated|associated)\b",
)


# A paragraph that only names a kind of data, set as a sentence: "Personal information you
# provide to us.", "Information we collect automatically." (a statement about it says what it
# is, includes or does: "Information you provide is stored in the EU.").
_DATA_NOUNS = frozenset({"pers", "info", "data", "your", "othe"})
_DATA_LABEL = re.compile(r"(?:personal |your |other )?(?:information|data)\b")
_STATEMENT_WORDS = re.compile(
    r"\b(?:is|are|was|were|may|will|can|might|must|should|includes?|including|consists?|contains?|such as)\b|[:;,]"
)


def _labels_data(doc: Document, span: Sentence, text: str) -> bool:
    if doc.blocks[span.block].kind != "paragraph" or not _fills_block(doc, span) or text.count(" ") >= _QUESTION_WORDS:
        return False
    return bool(_DATA_LABEL.match(text)) and not _STATEMENT_WORDS.search(text)


def _describes_term(text: str, span: Sentence) -> bool:
    match = _DESCRIBED_TERM.match(text, span.start, span.end)
    return match is not None and match.group(1).split()[0].lower() not in _PRONOUNS


_DEFINING_WORDS = (
    " means",
    " refers to",
    " shall mean",
    " is defined as",
    " has the meaning",
    " understood to mean",
    "purposes of this",
    "as used ",
    "the term",
)
_LABEL_WORDS = 5  # a "sentence" of fewer words is a label ("The right of access"), not a statement
_SHORTLIST = 12  # candidate sentences ranked closely for a rule's quotes


def quote_hits(
    ctx: MatchContext,
    hits: list[Hit],
    limit: int,
    matcher: Matcher | None = None,
    reader_right: bool = False,
    home: str = "",
    parts: tuple[Matcher, ...] = (),
    practice: bool = False,
) -> tuple[Evidence, ...]:
    """Quote the sentences holding the hits, one piece of evidence per sentence, strongest first.

    Strongest: text that makes the disclosure, not a heading that names its topic (a label
    in title case too), a definition of a term or the policy's own introduction (and of
    those, a heading quoted with the statement under it before a label quoted alone or with
    more labels); then a sentence under a heading the rule looks under; then the quote where
    most different words of the rule meet (a lead-in with its items, a list item with its
    lead-in); then one that addresses the reader (for a rule about a right of the reader,
    `reader_right`: one that gives the reader the right or a way to act, its lead-in
    included); then a whole sentence that fits a quote; then document order. Only the
    candidate sentences are looked at, never the document again. For a rule of a European
    law (`home` "europe"), a sentence about the rights or law of a US state or of Canada ranks
    with the weak ones, and for a Californian one ("california") a sentence about the rights
    of Europe's residents; for any rule, a sentence that names what it speaks of only by pointing
    back ("these sources", "such data") ranks below an equal one that names it. For a rule
    whose evidence names its `parts` (review and change), a quote holding more of them ranks
    first after the weak ones, and a sentence missing one is quoted with the adjacent sentence
    of its paragraph that holds it (`_with_parts`). For a rule about the organisation's practice
    (`practice`: what it sells, shares, uses or gets), a sentence that only offers the reader a
    right or a choice about it ranks with the weak ones."""
    doc = ctx.doc
    if not doc.sentences:
        first = min(hits, key=HIT_START_END)  # a text without sentences quotes its first hit
        value = next((h.value for h in hits if h.value and h.sentence == first.sentence), None)
        text = doc.text[first.start : first.end]
        return (Evidence(text=text, line=doc.line_of(first.start), start=first.start, end=first.end, value=value),)
    with_values = list(filter(HIT_VALUE, hits))
    quoted: list[Evidence] = []
    if limit <= 0:
        return ()
    candidates: Iterable[tuple[Hit, tuple[int, int, str]]]
    if len(set(map(HIT_SENTENCE, hits))) == 1:
        # One candidate sentence (a quarter of the quoted rules): nothing to rank, nor the
        # rule's words to count; its earliest hit is quoted.
        earliest = min(hits, key=HIT_START_END)
        quote = _quote(doc, earliest)
        if parts:
            quote = _with_parts(doc, earliest, quote, _part_hits(ctx, parts))
        candidates = ((earliest, quote),)
    else:
        candidates = (
            (hit, quote) for _, hit, quote in ranked_candidates(ctx, hits, matcher, reader_right, home, parts, practice)
        )
    for hit, (start, end, text) in candidates:
        if any(e.start == start and e.end == end for e in quoted):
            continue  # two cells of one table row, quoted as the row
        block = doc.blocks[doc.sentences[hit.sentence].block]
        section = " \u203a ".join(doc.section_path(block.section))
        values = [h.value for h in with_values if h.sentence == hit.sentence]
        quoted.append(
            Evidence(
                text=text,
                line=doc.line_of(start),
                start=start,
                end=end,
                section=section,
                value=values[0] if values else None,
            )
        )
        if len(quoted) == limit:
            break  # the candidates after it are never quoted, nor ranked exactly
    return tuple(quoted)


def _words_by_sentence(doc: Document, hits: list[Hit]) -> dict[int, set[str]]:
    """The different words of the rule each sentence holds: a word said again ("the school ...
    each school ... the schools") counts once, so that a long sentence repeating a context
    word does not outrank one naming three recipients. Alternatives of the rule that match
    the same words ("not sell or share", "sell or share") each count.

    A hit's words are folded, without determiners, a plural or possessive ending dropped:
    "school's", "schools" and "School" are one word, "withdraw your consent" and "withdraw
    consent" one. (Worked out here rather than in a function called for each of a rule's
    hundreds of hits.)"""
    found: dict[int, set[str]] = {}
    folded_between = doc.folded_between
    for hit in hits:
        text = folded_between(hit.start, hit.end)
        if " " in text:
            text = " ".join(filterfalse(_DETERMINERS.__contains__, text.split()))
        if text.endswith("s"):
            text = text.removesuffix("'s").removesuffix("\u2019s")
            if text.endswith("s") and not text.endswith("ss"):
                text = text[:-1]
        words = found.get(hit.sentence)
        if words is None:
            found[hit.sentence] = {text}
        else:
            words.add(text)
    return found


_DETERMINERS = frozenset(
    {"the", "a", "an", "your", "our", "their", "its", "his", "her", "my", "this", "these", "those"}
)


def _quoted_words(
    doc: Document, words: dict[int, set[str]], starts: list[int], sentence: int, quote: tuple[int, int, str]
) -> int:
    """How many different words of the rule a quote holds: a lead-in with the items quoted
    after it counts theirs (not those of items left out), a list item quoted with its lead-in
    and the items between counts theirs too; one quoted far from its lead-in ("You have the
    right to: … - object to ...") counts its own and those after it."""
    own = words[sentence]
    start, end, text = quote
    first = doc.sentences[sentence]
    if start >= first.start and end <= first.end:
        return len(own)
    joined = set(own)
    position = bisect_left(starts, sentence)  # sentences are numbered in document order
    if ELLIPSIS not in text:
        low = position
        while low > 0 and doc.sentences[starts[low - 1]].start >= start:
            low -= 1
            joined |= words[starts[low]]
    high = position + 1
    while high < len(starts) and doc.sentences[starts[high]].end <= end:
        other = doc.sentences[starts[high]]
        if doc.text[other.start : other.end] in text:
            joined |= words[starts[high]]
        high += 1
    return len(joined)


def _topic_grade(ctx: MatchContext, sentence: int, end: int) -> int:
    """1 for a heading or label quoted with a statement after it ("8. Information We Share"
    + "We share your information with ..."), 2 for one quoted alone or with more labels only
    (an entry of a table of contents: "Information We Share With Third Parties" + "How to
    Control your Information" + ...)."""
    doc = ctx.doc
    following = sentence + 1
    while following < len(doc.sentences) and doc.sentences[following].start < end:
        if not _sentence_notes(ctx, following)[0] and _states(doc, doc.sentences[following]):
            return 1
        following += 1
    return 2


def _states(doc: Document, sentence: Sentence) -> bool:
    """A sentence, not a line of a list of labels: it ends as a sentence does or runs long."""
    text = doc.text[sentence.start : sentence.end].rstrip()
    return text.endswith((".", "!", ";", ":", ")")) or text.count(" ") >= _TITLE_WORDS


# a candidate's rank: its topic grade, then the parts of the requirement it holds (negated),
# then `_rank`'s other elements
Rank = tuple[int, int, bool, int, bool, int, bool, int]
_ExactRank = tuple[int, bool, int, bool, int, bool, int]  # `_rank`'s, without the parts


def _with_covered(exact: _ExactRank, covered: int) -> Rank:
    """`_rank`'s rank with the parts a quote holds in second place (written out: the compiled
    build checks the tuple's shape)."""
    return (exact[0], covered, exact[1], exact[2], exact[3], exact[4], exact[5], exact[6])


def ranked_candidates(
    ctx: MatchContext,
    hits: list[Hit],
    matcher: Matcher | None = None,
    reader_right: bool = False,
    home: str = "",
    parts: tuple[Matcher, ...] = (),
    practice: bool = False,
) -> Iterator[tuple[Rank, Hit, tuple[int, int, str]]]:
    """The candidate sentences of `quote_hits`, strongest first: each one's rank, first hit
    and quote (start, end, text), worked out as they are asked for.

    Each candidate's rank is first bounded from what its sentence's notes and the rule's words
    in and near it say (a rank it cannot beat); a candidate's quote is built, and its rank
    made exact, only when its bound comes first: most are never quoted.

    The rank's second part is how many of the rule's evidence `parts` the quote holds (negated;
    0 for a rule without parts), its bound how many have a hit within a quote's reach."""
    doc = ctx.doc
    # Counted and picked in C: a rule can have hundreds of hits, and every passing rule is quoted.
    in_order = sorted(hits, key=HIT_START_END)
    last_first = in_order[::-1]
    first_hit = dict(zip(map(HIT_SENTENCE, last_first), last_first, strict=True))  # the earliest one is set last
    # the latest one's end, for whether all of a sentence's hits are in a condition opening it
    last_end = dict(zip(map(HIT_SENTENCE, in_order), map(HIT_END, in_order), strict=True))
    words = _words_by_sentence(doc, last_first)
    relevant = _relevant_sections(matcher, ctx) if matcher is not None else frozenset()
    found = _part_hits(ctx, parts) if parts else ()
    # The sentence notes and the quotes cost a few pattern searches each: only a shortlist by
    # the cheap criteria (most different words, earliest) is read that closely.
    candidates = list(first_hit.values())
    if len(candidates) > _SHORTLIST:
        # (the sentences holding most of the rule's evidence parts first, for a rule with parts)
        candidates = sorted(
            candidates,
            key=lambda h: (
                -_parts_in_sentence(doc, found, h.sentence) if found else 0,
                -len(words[h.sentence]),
                h.start,
            ),
        )[:_SHORTLIST]
    starts = sorted(words)
    sentences, blocks = doc.sentences, doc.blocks
    # A candidate's entry: its rank, exact (_EXACT) or a bound (_NOTED: from its sentence's
    # notes; _UNNOTED: without whether it only names a topic, the costliest of the notes,
    # worked out only for a candidate whose bound comes first).
    queue: list[tuple[Rank, int, int]] = []  # equal ranks in the shortlist's order
    quotes: dict[int, tuple[int, int, str]] = {}
    known_notes = ctx.sentence_notes
    for position, hit in enumerate(candidates):
        sentence = sentences[hit.sentence]
        block = blocks[sentence.block]
        if block.row >= 0:  # a table cell's quote may reach far along its row: ranked exactly
            quote = quotes[position] = _quote(doc, hit)
            exact = _rank(
                ctx, hit, quote, words, starts, relevant, reader_right, last_end[hit.sentence], home, practice
            )
            covered = -_parts_quoted(doc, found, quote) if found else 0
            queue.append((_with_covered(exact, covered), position, _EXACT))
            continue
        notes = known_notes.get(hit.sentence)
        if notes is None:
            text = doc.folded_between(sentence.start, sentence.end)
            # a heading names its topic whatever else it says
            topic = 1 if block.kind == "heading" else 0
            denies, addresses_reader = _denies_and_addresses_reader(text)
            stage = _UNNOTED
        else:
            topic, denies, addresses_reader, stage = _topic_bound(block.kind, notes[0]), notes[2], notes[3], _NOTED
        if denies and reader_right and _only_asks_not(doc.folded_between(sentence.start, sentence.end)):
            denies = False  # at most the exact rank's (`_rank`)
        # Each part at most the exact rank's: a list item read with its lead-in may lose its
        # note of naming a topic, and a heading quoted alone is graded 2; the lead-in may deny,
        # or give the reader a right; the quote holds no more words than the rule's sentences
        # within a quote's length of this one.
        bound = (
            topic,
            -_parts_near(doc, found, hit.sentence) if found else 0,
            bool(relevant) and block.section not in relevant,
            -_words_near(doc, words, starts, hit.sentence),
            denies,
            0 if reader_right else 1 if addresses_reader else 2,
            sentence.end - sentence.start > MAX_QUOTE,
            hit.start,
        )
        queue.append((bound, position, stage))
    heapify(queue)
    while queue:
        rank, position, stage = heappop(queue)
        hit = candidates[position]
        if stage == _UNNOTED:
            topic = _topic_bound(blocks[sentences[hit.sentence].block].kind, _sentence_notes(ctx, hit.sentence)[0])
            if topic > rank[0]:
                heappush(
                    queue, ((topic, rank[1], rank[2], rank[3], rank[4], rank[5], rank[6], rank[7]), position, _NOTED)
                )
                continue
        if stage != _EXACT:
            quote = _quote(doc, hit)
            if found:
                quote = _with_parts(doc, hit, quote, found)
            quotes[position] = quote
            exact = _rank(
                ctx, hit, quote, words, starts, relevant, reader_right, last_end[hit.sentence], home, practice
            )
            covered = -_parts_quoted(doc, found, quote) if found else 0
            heappush(queue, (_with_covered(exact, covered), position, _EXACT))
        else:
            yield rank, hit, quotes[position]


_EXACT, _NOTED, _UNNOTED = 0, 1, 2  # how a candidate's rank in `ranked_candidates` is known

PartHits = tuple[tuple[list[int], list[Hit]], ...]  # each evidence part's hits, and their starts, in order


def _part_hits(ctx: MatchContext, parts: tuple[Matcher, ...]) -> PartHits:
    """Each of a rule's evidence parts' hits in document order (its matcher's cached hits)."""
    found = []
    for part in parts:
        hits = sorted(part.hits(ctx), key=HIT_START_END)
        found.append(([h.start for h in hits], hits))
    return tuple(found)


def _parts_score(held: int, n: int) -> int:
    """A quote's standing by the evidence parts it holds (`held`: bit n-1-i set for part i):
    more parts first; of as many, the one holding the parts listed first (the requirement's
    core before its details: review and change before the process)."""
    return (held.bit_count() << n) | held


def _all_parts(found: PartHits) -> int:
    """The score (`_parts_score`) of a quote holding every part."""
    return _parts_score((1 << len(found)) - 1, len(found))


def _parts_between(found: PartHits, start: int, end: int) -> int:
    """The score (`_parts_score`) of the parts with a hit within [start, end)."""
    n = len(found)
    held = 0
    for i, (starts, hits) in enumerate(found):
        j = bisect_left(starts, start)
        if j < len(starts) and hits[j].start < end:
            held |= 1 << (n - 1 - i)
    return _parts_score(held, n)


def _parts_in_sentence(doc: Document, found: PartHits, sentence: int) -> int:
    span = doc.sentences[sentence]
    return _parts_between(found, span.start, span.end)


def _parts_near(doc: Document, found: PartHits, sentence: int) -> int:
    """At least the score of the parts any quote of the sentence holds (`_parts_quoted`): those
    with a hit within a quote's reach of it (as `_words_near`); all of them for a list item,
    whose lead-in may be quoted from far above."""
    span = doc.sentences[sentence]
    if doc.blocks[span.block].kind == "list_item":
        return _all_parts(found)
    return _parts_between(found, min(span.start, span.end - MAX_QUOTE), max(span.end, span.start + MAX_QUOTE))


def _parts_quoted(doc: Document, found: PartHits, quote: tuple[int, int, str]) -> int:
    """The score (`_parts_score`) of the rule's evidence parts a quote holds: a hit of the part
    within it (in a quote with pieces left out, one whose words are in a piece quoted)."""
    start, end, text = quote
    whole = ELLIPSIS not in text and ROW_SEPARATOR not in text
    n = len(found)
    held = 0
    for i, (starts, hits) in enumerate(found):
        j = bisect_left(starts, start)
        while j < len(hits) and hits[j].start < end:
            hit = hits[j]
            if hit.end <= end and (whole or doc.text[hit.start : hit.end] in text):
                held |= 1 << (n - 1 - i)
                break
            j += 1
    return _parts_score(held, n)


def _with_parts(doc: Document, hit: Hit, quote: tuple[int, int, str], found: PartHits) -> tuple[int, int, str]:
    """A quote holding some of a rule's evidence parts (two or more) but not all, with the
    adjacent sentence of its paragraph or list item that holds one it misses, where the two
    fit a quote: "You have the right to
    access your data." + "If anything in it is wrong, ask us to correct it." The sentence after
    it is tried first, then the one before. Only a quote of whole sentences in one block is
    joined so (not a table row, nor a quote with pieces left out)."""
    start, end, text = quote
    if len(found) < 2 or ELLIPSIS in text or ROW_SEPARATOR in text:
        return quote
    have = _parts_quoted(doc, found, quote)
    if have == 0 or have == _all_parts(found):
        return quote
    sentences = doc.sentences
    block = sentences[hit.sentence].block
    kind = doc.blocks[block].kind
    if kind not in ("paragraph", "list_item"):
        return quote
    if _is_line(doc, block) and start == doc.blocks[block].start:
        lines = _lines_with_parts(doc, block, found, have)
        if lines is not None:
            return lines
    after = hit.sentence + 1
    while after < len(sentences) and sentences[after].start < end:
        after += 1
    if after < len(sentences) and sentences[after].block == block and sentences[after].end - start <= MAX_QUOTE:
        joined = (start, sentences[after].end, doc.text[start : sentences[after].end])
        if _parts_quoted(doc, found, joined) > have:
            return joined
    before = hit.sentence - 1
    while before >= 0 and sentences[before].end > start:
        before -= 1
    if before >= 0 and sentences[before].block == block and end - sentences[before].start <= MAX_QUOTE:
        joined = (sentences[before].start, end, doc.text[sentences[before].start : end])
        if _parts_quoted(doc, found, joined) > have:
            return joined
    return quote


_LINE = 80  # characters at most of a line of a block set as short paragraphs (an address, a signature)
_LINE_WALK = 10  # lines looked at on each side
_LINE_WORDS = 8  # words at most of a line (a sentence of more is a statement, not a line of a block)


def _is_line(doc: Document, block: int) -> bool:
    found = doc.blocks[block]
    return (
        found.kind == "paragraph"
        and found.end - found.start <= _LINE
        and _word_gaps(doc.text[found.start : found.end]) < _LINE_WORDS
    )


def _lines_with_parts(doc: Document, block: int, found: PartHits, have: int) -> tuple[int, int, str] | None:
    """A line of a block set as short paragraphs (a contact block: "Example Inc." + "1 Main
    Street" + "Springfield, IL 62701" + "(555) 010-2000" + "privacy@example.com") quoted with
    the lines around it in its section that hold the parts it misses: of the runs of lines
    holding it that fit a quote, the one holding most parts, then the shortest, then the
    earliest. None where no run holds more parts than the line alone."""
    blocks = doc.blocks
    section = blocks[block].section
    low = block
    while low > 0 and block - low < _LINE_WALK and _is_line(doc, low - 1) and blocks[low - 1].section == section:
        low -= 1
    high = block
    while (
        high + 1 < len(blocks)
        and high - block < _LINE_WALK
        and _is_line(doc, high + 1)
        and blocks[high + 1].section == section
    ):
        high += 1
    best: tuple[tuple[int, int, int], tuple[int, int, str]] | None = None
    for first in range(low, block + 1):
        for last in range(block, high + 1):
            start, end = blocks[first].start, blocks[last].end
            if end - start > MAX_QUOTE:
                break
            quote = (start, end, doc.text[start:end])
            score = _parts_quoted(doc, found, quote)
            key = (-score, end - start, start)
            if score > have and (best is None or key < best[0]):
                best = (key, quote)
    return best[1] if best is not None else None


def _topic_bound(kind: str, names_topic: bool) -> int:
    """At most the first part of a candidate's rank (`_rank`): a list item read with its
    lead-in may lose its note of naming a topic."""
    return (0 if kind == "list_item" else 1) if names_topic else 0


def _rank(
    ctx: MatchContext,
    hit: Hit,
    quote: tuple[int, int, str],
    words: dict[int, set[str]],
    starts: list[int],
    relevant: frozenset[int],
    reader_right: bool,
    last_end: int,
    home: str = "",
    practice: bool = False,
) -> _ExactRank:
    doc = ctx.doc
    sentence = doc.sentences[hit.sentence]
    names_topic, defines, denies, addresses_reader = _sentence_notes(ctx, hit.sentence)
    own = doc.folded_between(sentence.start, sentence.end)
    lead = _lead_in(doc, hit.sentence) if quote[0] < sentence.start else None
    led = lead is not None and doc.blocks[sentence.block].kind == "list_item"
    if lead is not None and led:
        # a list item quoted with its lead-in says what the lead-in says of it ("We share it
        # with the following third parties:" + "- Affiliates."), unless it is a label above
        # its own item's text ("- Right to rectification. The right to obtain ...") or an entry of
        # a glossary ("- Recipient: Recipient is a natural or legal person ...")
        names_topic = _lists_contents(doc, hit.sentence) or (
            names_topic and (_heads_item(doc, hit.sentence) or defines or _glossary_entry(own))
        )
        # and denies what it denies: "We will not disclose it unless:" + "- the law requires it"
        lead_text = doc.folded_between(lead.start, lead.end)
        own = f"{lead_text} {own}"
        lead_denies = _denies(lead_text)
        denies = denies or lead_denies
        # an item of a negative list ("We do not collect the following information:", "Personal
        # information does not include:") is what the policy does not do: never first while
        # another candidate exists, as a heading is not; a list of exceptions ("We do not share
        # it except:") names what it does
        negative_list = lead_denies and _negative_list(lead_text)
    else:
        negative_list = False
    return (
        max(
            _topic_grade(ctx, hit.sentence, quote[1]) if names_topic else 0,
            int(
                negative_list
                or _in_condition(doc, sentence, last_end)
                or (reader_right and (_assumes_exercise(own) or _handles_request(own)))
                or _counts_requests(own)
                or _about_non_personal(own)
                # a right hedged on where the reader lives: "Depending on where you are located, you
                # may have the right to ..." ranks below one that holds for everyone (a table row)
                or (reader_right and "depending on" in own[:24] and bool(_HEDGED_ON_PLACE.match(own)))
                or _describes_law(own)
                # a right or a law of another place, for a European rule: "If you are a California
                # resident, you may ask us to delete ...", "Under the CCPA, you have the right to ..."
                or (home == "europe" and _scoped_elsewhere(own))
                # the mirror, for a Californian rule: "If you are located in the EEA, you have the
                # right to access and rectify your data", "Under the GDPR, you may ..."
                or (home == "california" and _scoped_to_europe(own))
                # a right or a choice about the practice, for a rule about the practice: "You may ask
                # us which categories of third parties we share it with", "You can opt out of sales"
                or (practice and _offers_choice(own))
                # a denial that defers to the policy ("We do not sell it except as described in this
                # policy"), a practice only said to be what a law may call it ("may be considered a sale")
                or (practice and _hedged(own, denies))
                # a lead-in quoted with a sub-heading, not its content: "The following criteria are
                # used to determine retention periods:" + "Retention in case of queries"
                or (quote[1] > sentence.end and _leads_to_heading(ctx, hit.sentence, quote[1]))
                # a lead-in quoted without the items it announces: "We use it for the following
                # purposes, as our policy also describes." (the items in a table or list below it)
                or (lead is None and quote[1] <= sentence.end and _announces_items(own))
            ),
        ),
        bool(relevant) and doc.blocks[sentence.block].section not in relevant,
        -_quoted_words(doc, words, starts, hit.sentence, quote),
        # a right to have something not done is no denial where the rule asks for a right
        (denies and not (reader_right and _only_asks_not(own))) or _refers_back(own),
        _reader_rank(own, addresses_reader, reader_right),
        sentence.end - sentence.start > MAX_QUOTE,
        hit.start,
    )


# A sentence announcing purposes it does not give: "We collect and share it for the following
# purposes, as our policy also describes." (the items in a table or list below it). One that
# gives them ("the following categories: (a) identifiers ...", "... the following data, such as
# your name") or ends in a colon (a lead-in, quoted with its items) is not such a sentence.
_ANNOUNCES = re.compile(r"\bthe following (?:\w+ )?(?:purposes|reasons|uses)\b")
_GIVES_ITEMS = re.compile(r"[:;\u2022]|\b(?:such as|including|includes|namely|e\.g|for example|like)\b")


def _announces_items(text: str) -> bool:
    """Whether a sentence (folded) announces purposes it does not give (`_ANNOUNCES`)."""
    if "following" not in text:
        return False
    match = _ANNOUNCES.search(text)
    if match is None:
        return False
    rest = text[match.end() :].rstrip()
    return (not rest or rest.endswith(".")) and not _GIVES_ITEMS.search(rest)


# The reader offered a right or a choice about what the organisation does: "You have the right
# to know the categories of third parties with whom we share it", "You can opt out of sales",
# "If you do not want us to sell your information, click here". It says what the reader may ask
# or choose, not whether or how the organisation does it.
_CHOICE = re.compile(
    r"\byou(?: also| always| still)? (?:can|may|could|have the right to|have a right to|are entitled to|"
    r"will be able to|are able to)(?: also| always)?\s+(?:\w+\s+){0,2}?(?:request|ask|know|opt[- ]?out|"
    r"object|obtain|exercise|direct us|instruct us|make|submit|send|change your|permit us|allow us)\b"
    r"|\b(?:your|the|a) rights? to (?:request|know|access|obtain|opt[- ]?out)\b"
    r"|\bif you (?:do not|don't|no longer) (?:want|wish) (?:us|them) to\b"
    r"|\bto opt[- ]?out (?:of|from)\b[^.;]{0,120}?\b(?:click|visit|go to|contact us|e-?mail us|call us|submit)\b"
)


def _offers_choice(text: str) -> bool:
    """Whether a sentence (folded; a list item with its lead-in) offers the reader a right or a
    choice about the practice: for a rule about the practice, it is not the disclosure."""
    return ("you" in text or "right" in text) and bool(_CHOICE.search(text))


# A denial that defers to the policy itself: "We do not sell your personal information, except
# as described in this Privacy Policy", "Unless specifically stated, we do not share it": it
# does not say whether the practice happens. A practice said to be what a law may call it: "Our
# use of cookies may be considered a sale under certain laws" does not say that it is.
_DEFERS = re.compile(
    r"\b(?:except|other than|unless|save)\b[^.;]{0,60}?\b(?:(?:described|set forth|set out|stated|specified|provided|"
    r"outlined|explained|disclosed|permitted)(?: \w+)? (?:in|by|within|under) (?:this|our|the)"
    r"(?: \w+){0,2}? (?:policy|notice|statement|section|terms)"
    r"|(?:specifically|expressly|otherwise) (?:stated|described|set forth|provided|noted)"
    r"|in accordance with (?:the terms (?:set forth |set out )?(?:in|of) )?(?:this|our))\b"
)
_HEDGED_NAME = re.compile(
    r"\b(?:may|might|could|can)\b[^.;]{0,40}? (?:be )?(?:considered|deemed|treated|regarded|viewed|qualify|"
    r"constitute|count|classify)\b[^.;]{0,60}?[\"'\u201c\u2018]?\b(?:sale|sales|selling|sold|sharing)\b"
)


# the verbs of `_HEDGED_NAME`, looked for before it is searched
_HEDGED_VERB_STEMS = ("consider", "deem", "treat", "regard", "view", "qualif", "constitut", "count", "classif")


def _hedged(text: str, denies: bool) -> bool:
    """Whether a sentence (folded) leaves open whether the practice happens: a denial that defers
    to the policy, or a practice only said to be what a law may call it."""
    if (
        denies
        and ("except" in text or "unless" in text or "other than" in text or "save" in text)
        and _DEFERS.search(text)
    ):
        return True
    return any(stem in text for stem in _HEDGED_VERB_STEMS) and bool(_HEDGED_NAME.search(text))


_SUBHEADING_WORDS = 6  # a sub-heading of at most this many words


def _leads_to_heading(ctx: MatchContext, sentence: int, end: int) -> bool:
    """Whether a lead-in ending in ":" is quoted (up to `end`) with a heading or a label that is a
    lead-in itself ("Personal Information Collected:") rather than with the items it introduces."""
    doc = ctx.doc
    span = doc.sentences[sentence]
    lead = doc.text[span.start : span.end].rstrip()
    # a lead-in that carries its own value ("contact us at privacy@example.com or at:") is quoted for it
    if not lead.endswith(":") or "@" in lead or "www" in lead or "http" in lead:
        return False
    following = sentence + 1
    if following >= len(doc.sentences) or doc.sentences[following].start >= end:
        return False
    after = doc.sentences[following]
    kind = doc.blocks[after.block].kind
    text = doc.text[after.start : after.end].rstrip()
    # a short title, not a heading that states the content ("To provide our Services.") nor a
    # longer lead-in of its own ("Fulfil our contract with you and provide the services, such as:")
    if text.endswith(".") or text.count(" ") >= _SUBHEADING_WORDS:
        return False
    if kind == "heading":
        return True
    return kind == "paragraph" and text.endswith(":") and _sentence_notes(ctx, following)[0]


# A lead-in whose denial is the list's point: not a list of exceptions ("We do not share it
# except:", "... other than the following:", "... unless:") nor a condition ("If you do not
# want us to:", "Where you do not provide:").
_NOT_NEGATIVE_LIST = re.compile(
    r"\b(?:except|unless|other than|apart from|aside from|save|but|without|only|however|instead)\b"
    r"|^\W*(?:\w{1,4}[.)]\s+)?(?:if|when|where|whether|should|in case|in the event|to|before|once|after)\b"
)


# A condition about what the organisation or the data does, opening the sentence: "If data are
# transferred to third countries, we comply with ...", "Insofar as we share it, ...". Not one
# about the reader ("If you would like a copy, e-mail us" gives the reader a way to act; "If a
# user rejects cookies, parts of the site may not work" says what refusing costs) or an event
# ("If an account is inactive for two years, it is deleted" is a retention criterion).
_CONDITION = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?(?:if|insofar as|in so far as|to the extent(?: that)?|in the event(?: that| of)?"
    r"|in cases?(?: of| where)?|should)\s+(?:we|our|the company|selling|transferring|sharing|disclosing"
    # the practice named as a noun: "In cases of onward transfer to third parties of EU data
    # received under the Privacy Shield, we may be liable"
    r"|(?:an? |any )?(?:onward )?(?:transfers?|sales?|disclosures?)"
    r"|(?:your |the |such |any |this |that )?(?:personal )?(?:data|information))\b[^,;:]{3,160}?,"
)


def _in_condition(doc: Document, sentence: Sentence, last_end: int) -> bool:
    """Whether the rule's words in the sentence (the last ending at `last_end`) are all in a
    condition opening it: "If data are transferred abroad, we comply with the law" does not
    say whether they are; "If we change this policy, we will e-mail you" says what is done."""
    head = doc.folded_between(sentence.start, min(sentence.end, sentence.start + 200))
    if not head[:3].lstrip(" -*\u2022(").startswith(("if", "ins", "in ", "to ", "sho")):
        return False
    match = _CONDITION.match(head)
    if match is None or last_end > sentence.start + match.end():
        return False
    # a change of the policy is the condition of every notice of changes: "If we make material
    # changes to this policy, we will e-mail you"
    condition = match.group(0)
    return "polic" not in condition and "notice" not in condition and "statement" not in condition


# The right's exercise taken for granted and its effect told, not the right offered: "If you
# choose to delete your data, we won't be able to ...", "By opting out, you will stop sharing
# ...", "In case you select to delete your account, this means ...". Not a wish followed by the
# way to act ("If you wish to delete it, e-mail us") nor a condition whose main clause gives one
# ("If you decide to opt out, click the link below").
_EXERCISE = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?(?:but |and |however,? |also )?"
    r"(?:(?:if|when|once|after|in case|in the event|should|where) you (?:have )?"
    r"(?:choose|chose|decide|elect|select|opt(?:ed)? (?:out|in)|delete|deleted|close|closed|deactivate|withdraw|"
    r"withdrew|object|disable|unsubscribe|revoke|exercise|request|requested|asked us|make a request|submit a request"
    r"|(?:make|submit|send) (?:a|an|your) (?:\w+ ){0,2}?request"
    r"|(?:contact|write to|e-?mail) us (?:to request|requesting|with a request))"
    r"|by (?:opting|choosing|deleting|closing|deactivating|withdrawing|disabling|unsubscribing|revoking|objecting))\b"
    r"[^,;:]{0,160}?,"
)
_OFFERS = re.compile(
    r"\b(?:you (?:can|may|could|must|should|need to|will need to|have to)|please|contact|e-?mail|click|visit|call|"
    r"write|send|let us know|go to|follow|submit|by (?:using|clicking|visiting|logging|adjusting|changing)"
    r")\b"
)


# A count of the requests received, not the right: "We received 18 requests to delete
# personal information in 2021, and complied with 15."
_REQUEST_COUNT = re.compile(
    r"\breceived\b[^.;]{0,40}?\b\d[\d,]*\b[^.;]{0,80}?\brequests?\b|\b\d[\d,]*\b[^.;]{0,60}?\brequests?\b[^.;]{0,80}?\breceived\b"
)


_REQUEST_METRICS = re.compile(r"\bmetrics (?:regarding|about|on|for|of) (?:the )?(?:\w+ ){0,2}requests\b")


# Data that is not personal: "We may share aggregate usage data with advertisers", "We use
# Non-Personal Information to track the use of the site" (what the rules ask about is personal
# data; a sentence about it ranks below one about personal data, as a condition does).
_NON_PERSONAL = re.compile(
    r"\b(?:non[- ]?personal(?:ly identifiable)?|non[- ]?identifiable|aggregated?|anonymi[sz]ed|anonymous|"
    r"de[- ]?identified|pseudonymi[sz]ed)(?:,?(?: and| or)? (?:general|anonymous|anonymi[sz]ed|aggregated?|statistical|"
    r"demographic|usage|technical|non[- ]?personal|de[- ]?identified))*\s+(?:\w+\s+)?(?:information|data|statistics)\b"
)


def _about_non_personal(text: str) -> bool:
    """Whether a sentence (folded) speaks only of data that is not personal: no personal data
    named beside it ("personal information" outside "non-personal information"). Not one that
    goes on to list the kinds of data ("non-personal information, such as your IP address and
    browser type", which the data-category rules ask for whatever the policy calls them)."""
    if not ("aggregat" in text or "non" in text or "anonym" in text or "identifi" in text):
        return False
    found = False
    for match in _NON_PERSONAL.finditer(text):
        if _LISTS_KINDS.match(text, match.end()):
            return False
        found = True
    if not found:
        return False
    rest = _NON_PERSONAL.sub(" ", text)
    return "personal" not in rest and "identif" not in rest and "about you" not in rest


_LISTS_KINDS = re.compile(r"""[^.;:]{0,30}?(?:\bsuch as\b|\bincluding\b|\bincludes?\b|\be\.? ?g\b|\blike\b|:)""")


# The law described, not what the policy does or gives the reader: "The Directive generally
# restricts the transfer of personal data to the United States unless ...", "As a general rule,
# the CCPA provides consumers with the right to opt out", "Businesses that sell personal
# information are required to give notice ...". It ranks below a statement of the practice.
_LAW_SUBJECT = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?(?:(?:as a general rule|in general|generally|in short),?\s+)?(?:the\s+)?"
    r"(?:(?:(?:eu|european|california|federal|u\.?s\.?|state|applicable|data protection|privacy)\s+){0,3}"
    r"(?:directive|gdpr|uk gdpr|general data protection regulation|ccpa|cpra|coppa|caloppa|lgpd|pipeda|law|laws|"
    r"regulation|regulations|statute|legislation)(?:\s+\([^)]{1,12}\))?"
    # a statute by its name: "The Texas Public Information Act requires disclosure ..."
    r"|(?:[a-z'\u2019]+\s+){1,5}act(?:\s+\([^)]{1,12}\))?"
    r"|(?:businesses|companies|a business|a company|controllers|a controller)\s+(?:that|which|who)\s+"
    r"(?:(?!\b(?:we|us|our|you|your)\b)[^,;]){3,80}?"
    # the duty of businesses in general: "Companies must promptly respond to verifiable requests ..."
    r"|(?:businesses|companies|controllers)"
    # the law's maker: "The European Commission has adopted standard contractual clauses, which ..."
    r"|(?:(?:european|eu)\s+)?commission(?=\s+has\s+(?:adopted|approved|issued)\b))"
    # the law named with its examples: "Applicable European privacy law, such as the UK DPA and the GDPR, permits ..."
    r"(?:,?\s+(?:such as|including|like)\s+[^,;]{1,60}?,?)?"
    r"\s+(?:generally\s+|also\s+|further\s+|only\s+)?(?:restricts?|requires?|provides?|gives?|grants?|defines?|"
    r"prohibits?|permits?|allows?|mandates?|obliges?|entitles?|are required|is required|must"
    r"|has (?:adopted|approved|issued))\b"
    # of others, not of the reader or the policy's own practice ("the law requires us to keep ...")
    r"(?!\s+(?:us|you|we|our|your|that we|that you)\b)"
)


def _describes_law(text: str) -> bool:
    return bool(_LAW_SUBJECT.match(text))


_HEDGED_ON_PLACE = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?depending on (?:where you (?:are|live|reside)|your (?:location|jurisdiction|country|state|"
    r"place of residence|residence)|the (?:jurisdiction|country|state|region|laws?)|(?:applicable|local) laws?)\b"
)


# The rights or the law of a US state or of Canada: for the rules of a European law, a sentence
# offering a right only to "California residents", or under the CCPA, tells the reader nothing
# (the CCPA's rules read it as their own disclosure).
_ELSEWHERE_PLACES = (
    r"(?:the state of )?(?:california|nevada|virginia|colorado|connecticut|utah|texas|oregon|montana|arizona|"
    r"delaware|iowa|indiana|tennessee|florida|new jersey|new hampshire|minnesota|maryland|kentucky|nebraska|"
    r"rhode island|vermont|maine|illinois|washington state|canada|quebec|(?:certain |other |some )?u\.?s\.? states?)"
)
_ELSEWHERE = re.compile(
    r"\b(?:ccpa|cpra|cdpa|vcdpa|cpa|ctdpa|pipeda|california consumer privacy act|california privacy rights act"
    r"|shine the light)\b"
    rf"|\b(?:residents?|consumers?|reside|resident|live|living) (?:of|in) {_ELSEWHERE_PLACES}\b"
    rf"|\b{_ELSEWHERE_PLACES} (?:residents?|consumers?|(?:privacy )?law|privacy rights|civil code)\b"
)


def _scoped_elsewhere(text: str) -> bool:
    """Whether a sentence (folded) is about a US state's or Canada's law or the rights of its residents."""
    return (
        "resid" in text
        or "consumer" in text
        or "live" in text
        or "law" in text
        or "right" in text
        or "code" in text
        or "cpa" in text
        or "cpra" in text
        or "pipeda" in text
        or "calif" in text
        or "shine" in text
    ) and bool(_ELSEWHERE.search(text))


# The rights of Europe's residents: for the rules of a Californian law, a sentence offering a
# right only to residents of the EU, the EEA, the UK or Switzerland ("If you are located in the
# EEA, you have the right to access and rectify your data") tells a California reader nothing
# (spec: CCPA rights and their scope). One that names California too ("EU and California
# residents may ...") is not scoped away from the reader; nor is a right under the GDPR given to
# every reader, nor an organisation based in Europe.
_EUROPE_PLACES = (
    r"(?:the )?(?:european union|european economic area|eu|eea|e\.u\.|uk|u\.k\.|united kingdom|switzerland|europe)"
    r"(?:(?: or| and|/|,) (?:the )?(?:eea|uk|united kingdom|switzerland|european economic area))*"
)
_EUROPE = re.compile(
    rf"\b(?:residents?|reside|live|living|(?:you are|you're|who are) (?:habitually )?(?:located|based)"
    rf"|users|visitors|individuals|citizens|data subjects|consumers) (?:of|in|within|from) {_EUROPE_PLACES}(?!\w)"
    r"|\b(?:eu|eea|uk|european|swiss|e\.u\.|u\.k\.) (?:residents?|users|visitors|individuals|citizens|data subjects)\b"
)


def _scoped_to_europe(text: str) -> bool:
    """Whether a sentence (folded) gives the rights of Europe's residents, not California's too."""
    return (
        (
            "eu" in text
            or "ee" in text
            or "uk" in text
            or "u.k" in text
            or "e.u" in text
            or "kingdom" in text
            or "swi" in text
        )
        and bool(_EUROPE.search(text))
        and "californi" not in text
        and "ccpa" not in text
        and "cpra" not in text
    )


# A sentence that leans on the one before for what it speaks of: "You can control the
# information we receive from these sources", "To request removal of such data, contact us".
# A candidate that names it itself outranks it (the same number of the rule's words found).
_POINTS_BACK = re.compile(
    r"\b(?:these|those|such|said|the above|the aforementioned|the foregoing)\s+(?:(?:personal|third|other)\s+)?"
    r"(?:sources?|purposes|data|information|recipients|parties|companies|partners|providers|categories|interests|"
    r"transfers)\b"
)


def _refers_back(text: str) -> bool:
    """Whether a sentence (folded) names what it speaks of only by pointing back."""
    return (
        "these" in text or "those" in text or "such" in text or "above" in text or "said" in text or "forego" in text
    ) and bool(_POINTS_BACK.search(text))


def _counts_requests(text: str) -> bool:
    if "metrics" in text and _REQUEST_METRICS.search(text):  # "... requires recording of metrics regarding requests"
        return True
    return "receiv" in text and "request" in text and bool(_DIGIT.search(text)) and bool(_REQUEST_COUNT.search(text))


def _assumes_exercise(text: str) -> bool:
    """Whether a sentence (folded) takes the exercise of a right for granted and tells its effect."""
    if (
        not text[:4]
        .lstrip(" -*\u2022(")
        .startswith(("if", "whe", "onc", "aft", "in ", "sho", "by ", "but", "and", "how", "als"))
    ):
        return False
    match = _EXERCISE.match(text)
    # what exercising a right will not cost is the right not to be discriminated against
    return (
        match is not None
        and "discriminat" not in text
        and "retaliat" not in text
        and not _OFFERS.search(text, match.end())
    )


# The handling of a request the reader is taken to have made, not the right: "We will verify
# your request to know or delete using the information associated with your account.", "To
# process your request for access, deletion or correction we must verify your identity.",
# "In some cases we may decline a request to know where we cannot verify who you are."
_HANDLES_REQUEST = re.compile(
    r"\W*(?:\w{1,4}[.)]\s+)?"
    # (after a condition on when: "In certain circumstances, we may decline a request to know")
    r"(?:(?:in|under) (?:certain|some|limited|rare|such|these|those|other) (?:\w+ )?"
    r"(?:circumstances|cases|situations|instances),? )?"
    r"(?:(?:in order )?to (?:verify|process|respond to|fulfil|fulfill|complete|handle|review) "
    r"(?:your|a|the|any|such|each|every) (?:\w+ ){0,5}?requests?\b"
    # (the company by its name too: "U.GG will respond to your access request within a reasonable time")
    r"|(?:we|the company|our team|(?!you\b|your\b|i\b|they\b)[a-z][\w.&-]*)(?: \w+){0,2}? "
    r"(?:will|may|must|shall|can|need to|would|might) "
    r"(?:first |then |also )?"
    r"(?:verify|process|respond to|review|honou?r|fulfil|fulfill|handle|confirm receipt of|acknowledge|"
    # passed on to others: "We will also communicate your deletion request to our customers"
    r"communicate|forward|pass on|relay|"
    # or turned down: "We may decline a request to correct it where we cannot verify your identity"
    r"decline|deny|refuse|reject) "
    r"(?:your|a|the|any|such|all|each|every) (?:\w+ ){0,5}?requests?\b)"
)


def _handles_request(text: str) -> bool:
    """Whether a sentence (folded) only handles a request the reader is taken to have made,
    giving the reader no right or way to act in it."""
    if "request" not in text:
        return False
    match = _HANDLES_REQUEST.match(text)
    if match is None:
        return False
    named = "you" in text or "the right" in text or "entitled" in text
    return not (named and _READER_RIGHT.search(text)) and not _OFFERS.search(text, match.end())


# Its verb denied ("do not", "will never"); "at no charge", "no more than twice" deny nothing.
_NEGATED_VERB = re.compile(
    r"\b(?:do|does|did|will|shall|would|may|can|could|is|are|was|were|has|have)\s+(?:not|never)\b"
    r"|\b(?:don't|doesn't|didn't|won't|isn't|aren't|cannot|can't|never)\b"
)


def _negative_list(lead_text: str) -> bool:
    """Whether a lead-in that denies introduces what the policy does not do (folded text)."""
    return bool(_NEGATED_VERB.search(lead_text)) and not _NOT_NEGATIVE_LIST.search(lead_text)


def _words_near(doc: Document, words: dict[int, set[str]], starts: list[int], sentence: int) -> int:
    """At least as many different words of the rule as any quote of the sentence holds
    (`_quoted_words`): its own and those of the rule's sentences a quote of it could reach,
    outside a table (a quote starts at most MAX_QUOTE before the sentence's end and ends at
    most MAX_QUOTE after its start)."""
    own = words[sentence]
    span = doc.sentences[sentence]
    low_limit = min(span.start, span.end - MAX_QUOTE)
    high_limit = max(span.end, span.start + MAX_QUOTE)
    position = bisect_left(starts, sentence)
    low = position
    while low > 0 and doc.sentences[starts[low - 1]].start >= low_limit:
        low -= 1
    high = position + 1
    while high < len(starts) and doc.sentences[starts[high]].end <= high_limit:
        high += 1
    if high - low == 1:
        return len(own)
    joined = set(own)
    for other in starts[low:high]:
        joined |= words[other]
    return len(joined)


def _glossary_entry(text: str) -> bool:
    return ":" in text[:_GLOSSARY_HEAD] and bool(_GLOSSARY.match(text))


def _heads_item(doc: Document, sentence: int) -> bool:
    """Whether a sentence of a list item has more of its item after it."""
    following = sentence + 1
    return following < len(doc.sentences) and doc.sentences[following].block == doc.sentences[sentence].block


@cache
def _reader_right(title: str) -> bool:
    """Whether a rule asks for a right of the reader (its title names one), so that its quote
    should be the sentence giving the reader the right, not the company's action."""
    return bool(_RIGHT_TITLE.search(title))


def _reader_rank(text: str, addresses_reader: bool, reader_right: bool) -> int:
    """0 for a sentence giving the reader a right or a way to act, where the rule asks for a
    right of the reader (a list item by its lead-in: "You have the right to:" + "- ask us to
    delete it"); then 1 for one addressing the reader ("your data"); 2 otherwise."""
    named = "you" in text or "the right" in text or "entitled" in text
    if reader_right and named and _READER_RIGHT.search(text):
        return 0
    return 1 if addresses_reader else 2


def _relevant_sections(matcher: Matcher, ctx: MatchContext) -> frozenset[int]:
    """Sections under a heading the rule's `under` filters look for (their hits are cached)."""
    doc = ctx.doc
    headings: set[int] = set()
    for heading_matcher in _heading_matchers(matcher):
        headings.update(heading_blocks(ctx, heading_matcher))
    if not headings:
        return frozenset()
    key = frozenset(headings)
    sections = ctx.sections_under.get(key)  # rules looking under the same headings share them
    if sections is None:
        sections = ctx.sections_under[key] = frozenset(
            i
            for i in range(len(doc.sections))
            if any(doc.sections[s].heading in headings for s in doc.section_ancestors(i))
        )
    return sections


def _quote(doc: Document, hit: Hit) -> tuple[int, int, str]:
    """The quote for a hit: its whole sentence; a list item with the lead-in above its list
    ("You have the right to:" + "- have your data corrected"); a heading, a short label or
    a lead-in ending in ':' with the sentence that follows it (a lead-in with as many of its
    items as fit) (the sentence is cut short,
    with an ellipsis, where the two would not fit); a sentence too long to quote, shortened
    around the hit with an ellipsis (never cut before the hit); a table cell with the other
    cells of its row that fit."""
    if not doc.sentences:
        return hit.start, hit.end, doc.text[hit.start : hit.end]
    sentence = doc.sentences[hit.sentence]
    start, end = sentence.start, sentence.end
    if end - start > MAX_QUOTE:
        return _shortened(doc, hit, sentence)
    if doc.blocks[sentence.block].row >= 0:
        row = _row_quote(doc, sentence.block)
        if row is not None:
            return row
    defined = _definition_of(doc, hit.sentence)
    if defined is not None:
        return defined
    begun = _begun_before(doc, hit.sentence)
    if begun is not None and end - begun.start <= MAX_QUOTE:
        return begun.start, end, doc.text[begun.start : end]
    going_on = _goes_on(doc, hit.sentence)
    if going_on is not None and going_on.end - start <= MAX_QUOTE:
        return start, going_on.end, doc.text[start : going_on.end]
    lead = _lead_in(doc, hit.sentence)
    if lead is not None:
        if end - lead.start <= MAX_QUOTE:
            return lead.start, end, doc.text[lead.start : end]
        # The items between are left out, and the head of a long lead-in: "…you have the
        # right to: … delete any data we hold about you;"
        room = MAX_QUOTE - (end - start) - 3
        tail = ""
        if room < _LEAD_ROOM:
            # A long item gives up its end to its lead-in: "…that we disclose: … The categories of
            # Personal Information sold or shared about you, as well as the categories of…"
            cut = doc.text.rfind(" ", hit.end, start + MAX_QUOTE - _LEAD_ROOM - 5)
            if cut > hit.end:
                end, tail, room = cut, ELLIPSIS, _LEAD_ROOM
        if room >= _LEAD_ROOM:
            lead_start = lead.start
            if lead.end - lead_start > room:
                lead_start = doc.text.find(" ", lead.end - room, lead.end) + 1 or lead.end - room
            head = ELLIPSIS if lead_start > lead.start else ""
            return lead_start, end, f"{head}{doc.text[lead_start : lead.end]} {ELLIPSIS} {doc.text[start:end]}{tail}"
    following = _completion(doc, hit.sentence)
    if following is None:
        return start, end, doc.text[start:end]
    if following.end - start <= MAX_QUOTE:
        end = _more_items(doc, hit.sentence + 1, start)
        return start, end, doc.text[start:end]
    # The hit is in the heading or lead-in: the sentence after it may be cut, at a word.
    cut = doc.text.rfind(" ", following.start, start + MAX_QUOTE)
    if cut <= following.start:
        return start, end, doc.text[start:end]
    return start, cut, doc.text[start:cut] + ELLIPSIS


def _definition_of(doc: Document, index: int) -> tuple[int, int, str] | None:
    """For the term of a definition list (a `<dt>` block), the quote of its definition, which
    the reader read with it ("Data Protection Officer: Dr. A. Vos, a.vos@example.com"): the
    term quoted with the block after it would show it twice."""
    sentence = doc.sentences[index]
    if index + 1 >= len(doc.sentences) or sentence.end - sentence.start > _MAX_TERM_QUOTED:
        return None
    block = doc.blocks[sentence.block]
    following = doc.sentences[index + 1]
    if block.start != sentence.start or block.end != sentence.end or following.block == sentence.block:
        return None  # a term is a block of its own
    term = doc.text[sentence.start : sentence.end]
    if not doc.text.startswith(f"{term}: ", following.start) or doc.blocks[following.block].start != following.start:
        return None
    return _quote(doc, Hit(following.start, following.start + len(term), index + 1))


_MAX_TERM_QUOTED = 100


ROW_SEPARATOR = " | "
_ROW_WALK = 24  # cells of a row looked at for its quote


def _row_quote(doc: Document, cell: int) -> tuple[int, int, str] | None:
    """A table cell quoted with the other cells of its row, each read with its column
    heading, in the row's order: its first cell and those nearest the matching one, as many
    as fit, a left-out cell marked with an ellipsis ("Recipient: Example Cloud | Location:
    United States | Safeguard: standard contractual clauses"). A cell alone ("Location:
    United States") does not say whose data goes where. None when the row has no other
    cell or the cell alone is too long."""
    blocks = doc.blocks
    row = blocks[cell].row
    own = blocks[cell]
    room = MAX_QUOTE - (own.end - own.start) - 2 * len(ROW_SEPARATOR + ELLIPSIS)  # with room for two marks
    if room <= len(ROW_SEPARATOR):
        return None
    continuations = doc.cell_continuations
    own_head = cell
    while own_head in continuations:
        own_head -= 1
    others = []
    for index in range(row, min(row + _ROW_WALK, len(blocks))):
        if blocks[index].row != row:
            break
        if index != cell and index not in continuations:  # a cell's first block stands for it
            others.append(index)
    # The row's first cell names what the row is about ("Identifiers", "Right to object"); then
    # the matching block's own cell, then the cells nearest it.
    others.sort(key=lambda index: (index != row, index != own_head, abs(index - cell), index))
    included = [cell]
    for index in others:
        cost = blocks[index].end - blocks[index].start + len(ROW_SEPARATOR)
        if cost <= room:
            included.append(index)
            room -= cost
    if len(included) == 1:
        return None
    included.sort()
    parts: list[str] = []
    for position, index in enumerate(included):
        if position and index != included[position - 1] + 1:
            parts.append(ELLIPSIS)  # cells left out between
        parts.append(doc.text[blocks[index].start : blocks[index].end])
    return blocks[included[0]].start, blocks[included[-1]].end, ROW_SEPARATOR.join(parts)


_INITIALS = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){1,3}$")  # "P.O.", "U.S." end no sentence


def _begun_before(doc: Document, index: int) -> Sentence | None:
    """The sentence before, in the same paragraph, when this one only goes on with it: one
    that starts in lower case ("or e-mail privacy@example.com") or follows initials that
    the sentence splitter took for its end ("P.O." + "Box 8041, Davenport")."""
    if index == 0:
        return None
    sentence = doc.sentences[index]
    before = doc.sentences[index - 1]
    if before.block != sentence.block or doc.blocks[sentence.block].kind == "list_item":
        return None
    opening = doc.text[sentence.start : sentence.start + 40].lstrip()
    if (
        opening[:1].islower()
        or _INITIALS.search(doc.text[before.start : before.end].rstrip())
        or _REFERS_BACK.match(opening)
    ):
        return before
    return None


def _goes_on(doc: Document, index: int) -> Sentence | None:
    """The sentence after, in the same paragraph, when it says how to do what this one says
    may be done: "You may designate an agent to make requests for you." + "To do so, the agent
    must send us your signed permission." """
    if index + 1 >= len(doc.sentences):
        return None
    following = doc.sentences[index + 1]
    sentence = doc.sentences[index]
    if following.block != sentence.block:
        return None
    if _HOW_FOLLOWS.match(doc.text, following.start, following.start + 40):
        return following
    # an agent allowed, then what the agent must show: "You may use an authorized agent to submit a
    # request." + "If you authorize an agent, the agent must provide written proof of your authorization."
    own = doc.folded_between(sentence.start, sentence.end)
    if "agent" in own and not _AGENT_PROOF.search(own):
        after = doc.folded_between(following.start, following.end)
        if _AGENT_PROOF.search(after):
            return following
    return None


_AGENT_PROOF = re.compile(
    r"\b(?:(?:written|signed|notari[sz]ed)(?: and signed)? (?:permission|proof|authori[sz]ation|consent|statement|"
    r"document|letter)|power of attorney"
    r"|proof (?:of|that) (?:your |the |their |his |her )?(?:authori[sz]ation|permission|identity)"
    r"|(?:verify|confirm) (?:your|their|the consumer's|the agent's) identity)"
)


# A sentence that says how to do what the one before allows: "To do so, ...", "In order to do this, ..."
_HOW_FOLLOWS = re.compile(r"\s*(?:(?:in order )?to do (?:this|so|that)|to exercise (?:this|that) right)\b", re.I)


# A sentence that opens by pointing at the one before: "In that case, the date will change.",
# "You can do so from your account settings." (do what? the sentence before says), "It might be
# a notice, an e-mail or a message in your app." (what might? the notice the sentence before promises)
_REFERS_BACK = re.compile(
    r"(?:in (?:that|this|such|either) (?:case|cases|event|instance)|if so|otherwise|this means|that means"
    r"|for (?:this|that) reason|(?:you|they) (?:can|may|could) do (?:so|this|that)"
    r"|(?:it|this) (?:might|may|could|will|would) be (?:a|an|by|through|via)"
    r"|(?:this|that) is (?:also |sometimes )?(?:known as|called|referred to as))\b",
    re.I,
)


def _more_items(doc: Document, item: int, start: int) -> int:
    """The end of a quote from `start` through list item `item` and the items after it that
    still fit: "for the following reasons: - to provide the service; - to analyse its use"
    shows more of what the lead-in introduces than its first item alone."""
    end = doc.sentences[item].end
    if doc.blocks[doc.sentences[item].block].kind != "list_item":
        return end
    for following in doc.sentences[item + 1 : item + _LIST_WALK]:
        block = doc.blocks[following.block]
        if block.kind != "list_item" or following.end - start > MAX_QUOTE:
            break
        end = following.end
    return end


_DIGIT = re.compile(r"\d")
_LIST_WALK = 12  # items looked back over for a list item's lead-in
_LEAD_ROOM = 60  # characters at least left for a lead-in quoted with a far list item


def _lead_in(doc: Document, index: int) -> Sentence | None:
    """The sentence introducing the list a list item is in, when it ends in ':' ("You may
    ask us to:"): the item alone ("- update data that is out of date;") does not say who
    may do what. For a paragraph, the paragraph before that ends in ':'. None otherwise."""
    sentence = doc.sentences[index]
    block = doc.blocks[sentence.block]
    if block.kind != "list_item":
        return _paragraph_lead_in(doc, index) if block.kind == "paragraph" else None
    earlier = index - 1
    level = block.level
    while earlier >= 0 and doc.blocks[doc.sentences[earlier].block].kind == "list_item":
        # a nested list flattened into one: "- We may release data for the following reasons." +
        # "- When a court requests it." (the item right above, where it introduces this one; one
        # further up may be a sibling: "- You may ask for the following:" ... "- You may ask us to
        # correct it")
        above = doc.sentences[earlier]
        if earlier == index - 1 and above.block != sentence.block and _introduces(doc.text[above.start : above.end]):
            return above
        # the item a nested list hangs from, its siblings between: "- You can request:" + "  - the
        # categories we collected" + "  - the categories we disclosed" (an item of the outer list
        # further up heads a list of its own)
        if doc.blocks[above.block].level < level and above.block != sentence.block:
            if _introduces(doc.text[above.start : above.end]):
                return above
            level = doc.blocks[above.block].level
        earlier -= 1
        if index - earlier > _LIST_WALK:
            return None
    if earlier < 0:
        return None
    lead = doc.sentences[earlier]
    lead_block = doc.blocks[lead.block]
    if lead_block.kind == "heading" or lead_block.section != block.section:
        return None
    return lead if _introduces(doc.text[lead.start : lead.end]) else None


def _paragraph_lead_in(doc: Document, index: int) -> Sentence | None:
    """The paragraph before, when it ends in ':' and this paragraph is what it introduces:
    "... or by writing to us at this address:" + "Data Team, 1 High Street, Leeds" (an
    address, a list or a table set as plain paragraphs)."""
    sentence = doc.sentences[index]
    if index == 0 or sentence.start > doc.blocks[sentence.block].start + 8:
        return None
    if doc.text[sentence.start : sentence.end].rstrip().endswith(":"):
        return None  # a lead-in itself, quoted with what it introduces
    above = doc.sentences[index - 1]
    above_block = doc.blocks[above.block]
    if above_block.kind != "paragraph" or above_block.section != doc.blocks[sentence.block].section:
        return None
    return above if doc.text[above.start : above.end].rstrip().endswith(":") else None


# A lead-in that introduces what follows without a colon: "... with the following parties",
# "Examples include", "such as".
_INTRODUCING_END = re.compile(r"(?:following(?: \w+){0,3}|as follows|include|includes|including|such as)\W*$", re.I)


def _introduces(text: str) -> bool:
    text = text.rstrip()
    return text.endswith((":", "\u2014", " -")) or bool(_INTRODUCING_END.search(text[-40:]))


def _completion(doc: Document, index: int) -> Sentence | None:
    """The sentence that completes a heading, a label of a few words, or a lead-in ending in
    ':' ("Right of access" + "You can ask us for a copy of your data."): the one right after
    it in the same section. None when the sentence says something by itself."""
    if index + 1 >= len(doc.sentences):
        return None
    sentence = doc.sentences[index]
    block = doc.blocks[sentence.block]
    text = doc.text[sentence.start : sentence.end].rstrip()
    # Most quoted sentences are statements: settle that with the cheapest tests first.
    if (
        block.kind != "heading"
        and not text.endswith(":")
        and _word_gaps(text) >= _LABEL_WORDS - 1
        and not _is_title(doc, sentence)
    ):
        return _contact_goes_on(doc, index, text)
    # A lead-in of a few words or more is completed by what follows even with a figure in it
    # ("... in the preceding twelve (12) months we have sold the following categories:"); a
    # short label with a value ("Last updated: 1 May 2024") is complete as it is.
    if _carries_value(text) and not (text.endswith(":") and _word_gaps(text) >= _LABEL_WORDS - 1):
        return None
    following = doc.sentences[index + 1]
    following_block = doc.blocks[following.block]
    if block.kind == "heading":
        # the first sentence of the heading's own section, not a sub-heading or the next section
        section = following_block.section
        if following_block.kind == "heading" or section < 0 or doc.sections[section].heading != sentence.block:
            return None
        return following
    if text.endswith(":"):
        return following  # whatever the next block is: lists are often marked up as headings
    if following_block.kind == "heading" or following_block.section != block.section:
        return None
    label = _word_gaps(text) < _LABEL_WORDS - 1
    if label and (following.block != sentence.block or not text.endswith((".", "!", "?"))):
        return following  # a label, e.g. a bold "Access" above its paragraph
    if following.block != sentence.block and _is_title(doc, sentence):
        return following  # a heading set as a paragraph: "Right of Access and Data Portability"
    return None


# A contact named after a colon at the end of its paragraph, its address in the paragraphs
# below: "If you have questions, please contact us: Privacy Officer, Example Inc." + "46 Park
# Avenue, Asheville" (the name alone gives no way to reach it).
_CONTACT_SLOT = re.compile(r"\b(?:contact|write to|reach|e-?mail|call)(?: us)?(?: at)?:\s*[^:@\d]{1,60}$", re.I)


def _contact_goes_on(doc: Document, index: int, text: str) -> Sentence | None:
    """The paragraph after a contact named at the end of its own (`_CONTACT_SLOT`)."""
    if ":" not in text[-80:]:
        return None
    sentence = doc.sentences[index]
    block = doc.blocks[sentence.block]
    if sentence.end < block.end - 2 or not _CONTACT_SLOT.search(text):
        return None
    following = doc.sentences[index + 1]
    following_block = doc.blocks[following.block]
    if following_block.kind != "paragraph" or following_block.section != block.section:
        return None
    return following


_LONG_TITLE_WORDS = 20  # a title-case sentence of up to this many words, with at least
_LONG_TITLE_CAPITALS = 6  # this many capitalised words, is a label too
_TITLE_WORDS = 10  # a paragraph of at most this many words, in title case, is a heading set as text


def _titled(text: str) -> bool:
    """A short sentence in title case, a full stop allowed: a label set as a sentence ("Right
    to Access, Update, or Erasure."), wherever it stands; it names a topic."""
    text = text.strip()
    if _NUMBER_END.search(text):  # most sentences have none: the substitution tries every character
        text = _NUMBERING.sub("", text)  # "(4) Right to Non-Discrimination for the Exercise of ..."
    if not text or text[-1] in "!?:;,":
        return False
    spaces = text.count(" ")
    if spaces >= _LONG_TITLE_WORDS:
        return False
    capitalised = 0
    for word in text.split():  # a statement is told at its first long word in lower case
        if len(word) > 3 and word[0].isalpha():
            if not word[0].isupper():
                return False
            capitalised += 1
    # a longer one needs more capitalised words: "Choices for Access, Deletion, Opt-Out of Sale, and
    # Right to Non-Discrimination for California Residents or As Required By Law."
    return capitalised >= (2 if spaces < _TITLE_WORDS else _LONG_TITLE_CAPITALS) and not _carries_value(text)


# A right named, not given: "c. Right to request access to or correction of your personal
# information", "Your rights to deletion or revocation of consent (sometimes called ...)." A noun
# phrase with no verb of a statement in it.
_RIGHT_NAME = re.compile(
    r"\W*(?:\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+)?(?:your |the |a |our users' )?rights? (?:to|of)\b"
)
_STATEMENT_VERB = re.compile(
    r"\b(?:you|we|us|is|are|was|were|be|been|can|may|might|will|shall|must|should|would|could|has|have|had|do|does"
    r"|include|includes|means|allows?|lets?|gives?|applies|exists?|entitles?)\b|:"
)


def _names_right(text: str) -> bool:
    """A sentence that only names a right (folded text)."""
    return bool(_RIGHT_NAME.match(text)) and not _STATEMENT_VERB.search(text)


_NUMBERING = re.compile(r"\(?(?:\d+(?:\.\d+)*|[a-zA-Z]|[ivxIVX]+)[.)]\s+")
_NUMBER_END = re.compile(r"[.)]\s")  # in every match of _NUMBERING


def _is_title(doc: Document, sentence: Sentence) -> bool:
    """A paragraph that is a heading in all but markup: one short line in title case or
    capitals, without a full stop ("Right of Access and Data Portability")."""
    if doc.blocks[sentence.block].kind == "heading" or not _fills_block(doc, sentence):
        return False
    text = doc.text[sentence.start : sentence.end].strip()
    if not text or text[-1] in ".!?:;," or text.count(" ") >= _TITLE_WORDS or _carries_value(text):
        return False
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _carries_value(text: str) -> bool:
    """Whether a heading or label gives its own value: "Last updated: 1 May 2024", "E-mail:
    privacy@example.com", "Effective 2024-05-01" (numbering such as "3." does not count)."""
    text = text.lstrip("0123456789.)( ")
    return ":" in text[:-1] or "@" in text or _DIGIT.search(text) is not None


_OPENING = 90  # characters at most of a long sentence's opening kept before a far hit


def _shortened(doc: Document, hit: Hit, sentence: Sentence) -> tuple[int, int, str]:
    """A window of the sentence centred on the hit, cut at word boundaries, the cuts marked
    with an ellipsis; it never starts after the hit's start. Where the window leaves out the
    sentence's opening, the opening comes first: "You have the right to: … (4) correct any
    inaccurate data" says who may do what; "… (4) correct any inaccurate data" does not."""
    opening = _opening(doc, sentence)
    if opening and hit.start - sentence.start > MAX_QUOTE // 2:
        head = doc.text[sentence.start : opening]
        start, end, rest = _window(doc, hit, Sentence(opening, sentence.end, sentence.block), MAX_QUOTE - len(head) - 3)
        if start > opening:
            return sentence.start, end, f"{head} {ELLIPSIS} {rest.removeprefix(ELLIPSIS)}"
    return _window(doc, hit, sentence, MAX_QUOTE)


def _opening(doc: Document, sentence: Sentence) -> int:
    """Where a long sentence's opening ends: after its first colon, or after the words of its
    first _OPENING characters; 0 when there is none worth keeping."""
    text = doc.text[sentence.start : sentence.start + _OPENING + 1]
    colon = text.find(":")
    if colon >= 10:
        return sentence.start + colon + 1
    space = text.rfind(" ", 0, _OPENING * 2 // 3)
    return sentence.start + space if space > 20 else 0


def _window(doc: Document, hit: Hit, sentence: Sentence, size: int) -> tuple[int, int, str]:
    middle = (hit.start + hit.end) // 2
    start = max(sentence.start, middle - size // 2)
    end = min(sentence.end, start + size)
    start = max(sentence.start, min(start, hit.start))
    end = max(end, min(hit.end, sentence.end))
    space = doc.text.find(" ", start, hit.start)
    if start > sentence.start and space != -1:
        start = space + 1
    space = doc.text.rfind(" ", hit.end, end)
    if end < sentence.end and space != -1:
        end = space
    before = ELLIPSIS if start > sentence.start else ""
    after = ELLIPSIS if end < sentence.end else ""
    return start, end, before + doc.text[start:end] + after
