"""Property-based tests: whatever the input, reading and checking never crash,
evidence always quotes the document exactly, lines stay inside the file, and
the shortcuts taken for speed find what the plain way finds.

150 examples per test by default; HYPOTHESIS_PROFILE=stress runs 3000."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.document import _SENTENCE_END, DocumentBuilder, collapse_spaces
from checker.engine import check_document
from checker.extractors import _PHONE, _phone_matches, _phone_windows
from checker.packs import load_packs
from checker.parsers import html
from checker.phrases import PhraseIndex, parse_phrase
from checker.re2text import EncodedText, compile_re2
from checker.reading import decode, parse_text
from checker.tokens import TOKEN, stem, tokenize, word_spans

from conftest import DEMO_PACK

PACKS = load_packs()  # every built-in pack
DEMO = load_packs([DEMO_PACK])

POLICY_WORDS = [
    "personal data", "delete", "right to erasure", "supervisory authority", "complain", "email",
    "privacy@example.com", "+44 20 7946 0958", "17 May 2018", "Last updated", "children", "not",
    "parental consent", "we", "you", "data protection officer", "7 years", "cookies", "Do Not Track",
    "your rights", "access", "Ltd", "transfer", "outside the EEA", "consent", "withdraw",
]  # fmt: skip
MARKUP = [
    "\n",
    "\n\n",
    ". ",
    "# ",
    "## ",
    "- ",
    "* ",
    "**",
    "_",
    "|",
    "1. ",
    "> ",
    "```",
    "<!-- x -->",
    "`",
    "[a](b)",
    "\t",
    "  ",
    "---\n",
    "+++\n",
    "title: x\n",
    "date: 2024-01-02\n",
    "{{< x >}}",
    "{% y %}",
    "<%= z %>",
    "{{",
    "&shy;",
    "\u00ad",
    "\u200b",
    "\u202e",
    "\\\n",
    "<table><tr><th>A</th><td>b</td></tr></table>",
    "| A | B |\n|---|---|\n| c | d |\n",
]
TAGS = ["<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<ul>", "<b>", "</b>", "<div hidden>", "</div>", "<script>",
        "</script>", "<br>", "<td>", "&amp;", "&nbsp;", "<", ">", "<!--", "-->", "<style>", "</style>", "<head>",
        "<th>", "<tr>", "<table>", "</table>", "<thead>", ".x{display:none}", '<p class="x">',
        '<div role="tabpanel" hidden>', "&shy;", "\u202e", "\u200b"]  # fmt: skip

text_like = st.lists(
    st.one_of(st.sampled_from(POLICY_WORDS), st.sampled_from(MARKUP), st.text(max_size=12)), max_size=60
)
html_like = st.lists(st.one_of(st.sampled_from(POLICY_WORDS), st.sampled_from(TAGS), st.text(max_size=8)), max_size=60)
LIMITS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_sound(source: str, fmt: str, pack_set) -> None:
    doc = parse_text(source, "generated", fmt)
    lines = source.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for offset in range(0, len(doc.text), max(1, len(doc.text) // 50)):
        assert 1 <= doc.line_of(offset) <= lines
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(doc.text)
    result = check_document(doc, pack_set)
    for r in result.results:
        assert (r.status == "pass") == bool(r.evidence) or r.status != "pass"
        evidence = list(r.evidence) + (list(r.applicability.evidence) if r.applicability else [])
        for e in evidence:
            assert_quotes_exactly(doc.text[e.start : e.end], e.text)
            assert 1 <= e.line <= lines


def assert_quotes_exactly(span: str, quote: str) -> None:
    """A quote is the document's text from its start to its end, apart from ellipses that mark
    what was left out and " | " between the cells of a table row (docs/writing-rules.md): each
    piece between them is the text, in order."""
    if span == quote:
        return
    assert "\u2026" in quote or " | " in quote, (quote, span)
    position = 0
    for piece in (p.strip() for p in re.split("\u2026| \\| ", quote)):
        found = span.find(piece, position)
        assert found >= 0, (piece, span)
        position = found + len(piece)


@LIMITS
@given(text_like, st.sampled_from(["text", "markdown"]))
def test_text_and_markdown_never_crash_and_evidence_is_exact(parts, fmt):
    assert_sound("".join(parts), fmt, PACKS)


@LIMITS
@given(html_like)
def test_html_never_crashes_and_evidence_is_exact(parts):
    assert_sound("".join(parts), "html", PACKS)


@LIMITS
@given(text_like)
def test_every_matcher_type_is_sound_on_arbitrary_text(parts):
    assert_sound("".join(parts), "markdown", DEMO)


@LIMITS
@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_a_clear_error(data):
    from checker.errors import InputError

    try:
        text, encoding, _ = decode(data, "bytes.txt")
    except InputError as exc:
        assert exc.path == "bytes.txt"
    else:
        assert isinstance(text, str)
        assert encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252")


@given(
    st.one_of(
        st.text(alphabet="0123456789 +-()./ab\n\t\u00a0", max_size=60),
        st.text(alphabet="0123456789 +-()./ab\n\t\r\x0b\x0c\x1c\x1f\x85", max_size=60),
    )
)
def test_phone_search_around_digits_finds_what_a_full_scan_finds(text):
    # The phone extractor only scans around digits (a speed-up), found by RE2 in a text of
    # ASCII only and by `re` otherwise; it must miss nothing.
    [(whole, offset, runs)] = list(_phone_windows(EncodedText(text), 1 << 16))
    assert (whole, offset) == (text, 0)
    assert [m.span() for m in _phone_matches(text, runs)] == [m.span() for m in _PHONE.finditer(text)]


_RE2_PATTERNS = [compile_re2(p) for p in (r"\w+", r"(?P<w>[a-zé]+)\d?", r"é+|€", r"x*", r"\bdata\b")]


@given(st.text(alphabet="adtxé€😀 \n.5-", max_size=40), st.sampled_from(_RE2_PATTERNS))
def test_encoded_text_reports_the_character_offsets_re2_reports_on_a_string(text, pattern):
    # Searching bytes encoded once (a speed-up) must give the spans and groups that re2 gives
    # on the str itself, whatever multi-byte characters come before a match.
    encoded = EncodedText(text)
    expected = [m for m in pattern.finditer(text) if m.end() > m.start()]
    assert list(encoded.spans(pattern)) == [m.span() for m in expected]
    found = [m for m in encoded.matches(pattern) if m.end() > m.start()]
    assert [(m.span(), m.group(), m.groupdict()) for m in found] == [
        (m.span(), m.group(), m.groupdict()) for m in expected
    ]


_PHRASE_VOCABULARY = ["how", "do", "you", "contact", "us", "right", "to", "object", "shared", "sharing", "data"]
phrase_like = st.lists(
    st.lists(st.sampled_from([*_PHRASE_VOCABULARY, "*", "shar*", "contac*"]), min_size=1, max_size=4).filter(
        lambda words: words[0] != "*" and words[-1] != "*"
    ),
    min_size=1,
    max_size=6,
)


def _brute_force_spans(patterns, words: list[str], sentences: list[int]) -> list[tuple[int, int]]:
    """Every (first, last) token span where one of the patterns matches, the slow and obvious way."""
    found = set()
    for pattern in patterns:
        for first in range(len(words) - len(pattern) + 1):
            last = first + len(pattern) - 1
            if sentences[first] != sentences[last]:
                continue
            if all(
                kind == "*"
                or (kind == "stem" and stem(words[first + k]) == value)
                or (kind == "prefix" and words[first + k].startswith(value))
                for k, (kind, value) in enumerate(pattern)
            ):
                found.add((first, last))
    return sorted(found)


def _occurrence(phrase: list[str], filler: str) -> list[str]:
    """Words that one phrase matches: `*` and the prefixes filled in."""
    return [filler if word == "*" else word.replace("*", "ing") for word in phrase]


@LIMITS
@given(st.lists(phrase_like, min_size=1, max_size=3), st.data())
def test_phrase_index_finds_what_a_brute_force_search_finds(phrase_lists, data):
    # The index splits patterns between an automaton and a trie walked only from some tokens
    # (speed-ups); together they must find every occurrence, once, in document order.
    pieces = st.one_of(
        st.sampled_from([*_PHRASE_VOCABULARY, ".", "\n\n"]).map(lambda word: [word]),
        st.sampled_from([p for phrases in phrase_lists for p in phrases]).flatmap(
            lambda phrase: st.sampled_from(_PHRASE_VOCABULARY).map(lambda filler: _occurrence(phrase, filler))
        ),
    )
    text_words = [word for piece in data.draw(st.lists(pieces, max_size=12)) for word in piece]
    index = PhraseIndex()
    groups = []
    for phrases in phrase_lists:
        patterns = [p for phrase in phrases for p in parse_phrase(" ".join(phrase))]
        groups.append((index.add_group([index.add(p) for p in patterns]), patterns))
    tokens = tokenize(parse_text(" ".join(text_words), "generated", "text"))
    found = index.find_all(tokens)
    for group, patterns in groups:
        spans = [(h.first, h.last) for h in found[group]]
        assert spans == _brute_force_spans(patterns, tokens.words, tokens.sentences)


@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=127), max_size=60),
        st.text(alphabet="ab1'_ .-\n", max_size=40),  # apostrophes in every position
        st.text(alphabet="ab1'_ .\u2019\u00e9", max_size=40),
        # mostly ASCII, with one other character (letter, digit, space or symbol) somewhere
        st.builds(
            lambda before, other, after: before + other + after,
            st.text(alphabet="ab1'_ .-\n", min_size=30, max_size=50),
            st.characters(min_codepoint=128),
            st.text(alphabet="ab1'_ .-\n", min_size=30, max_size=50),
        ),
        st.text(max_size=60),
    )
)
def test_tokenizing_finds_the_token_pattern_matches(text):
    # Texts of ASCII only, or mostly, are tokenized by a byte table and a split (a speed-up);
    # the tokens and offsets must be the token pattern's matches.
    starts, ends, words = word_spans(text)
    expected = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    assert list(zip(starts, ends, words, strict=True)) == expected


_PLAIN_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|;\s+(?=[A-Z])")


@given(st.text(alphabet=".!?;:\"'”’“‘)](  \n\tAaZ9é", max_size=40))
def test_sentence_ends_are_found_as_the_plainly_written_pattern_finds_them(text):
    # The pattern in checker.document is rearranged to start with one character class (a speed-up).
    found = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert found == [m.span() for m in _PLAIN_SENTENCE_END.finditer(text)]


@given(st.one_of(st.text(alphabet=" ab.\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", max_size=30), st.text(max_size=30)))
def test_collapsing_white_space_splits_and_joins_as_str_split(line):
    # Lines with nothing to collapse are returned as they are (a speed-up).
    assert collapse_spaces(line) == " ".join(line.split())


_LOWERED_MAIN_ELEMENT = re.compile(r"<main[\s>]")
_LOWERED_MAIN_ROLE = re.compile(r"role\s*=\s*[\"']?main\b")
_MAIN_PIECES = ["<", "main", "MaIn", "role", "ROLE", "=", "'", '"', " ", "\n", ">", "x", "\u0130", "\u212a"]


@given(
    st.one_of(
        st.lists(st.sampled_from(_MAIN_PIECES)).map("".join),
        st.text(max_size=30),
    )
)
def test_main_content_is_found_as_in_the_lower_cased_page(page):
    # The page is searched as it is, its letters in either case (a speed-up): lowering a long
    # page costs more than reading most of its tags.
    lowered = page.lower()
    expected = bool(_LOWERED_MAIN_ELEMENT.search(lowered) or _LOWERED_MAIN_ROLE.search(lowered))
    assert html._marks_main_content(page) == expected


# Markup whose reading depends on lines and on what came before: an unclosed <head>, line breaks,
# images, comments and directives, hidden classes, page chrome and the main content.
PAGE_PIECES = [*TAGS, "\n", "<title>T</title>", "<img alt='Logo'>", "<br/>", "<hr/>", "<p/>", "<main>", "</main>",
               "<nav>", "</nav>", "<header>", "</header>", '<div class="menu">', "<!-- privacylint-disable x -->",
               "</head>", "<body>", "<h1>", "</h1>", "</li>", "</ul>", "<svg><path/></svg>", "</tr>"]  # fmt: skip
page_like = st.lists(
    st.one_of(st.sampled_from(POLICY_WORDS), st.sampled_from(PAGE_PIECES), st.text(max_size=8)), max_size=60
)


@LIMITS
@given(page_like)
@example(["<head>", "<head>", "<p>", "We collect your name.", "</head>", "<p>", "Contact us."])  # <head> ended by <p>
def test_a_page_read_again_from_its_recorded_events_reads_as_when_tokenized_again(parts):
    # A page whose boilerplate removal is not trusted is read again from what the tokenizer
    # reported the first time, not tokenized again (a speed-up).
    page = "".join(parts)
    first = html._VisibleText(DocumentBuilder("p.html", "html"), remove_boilerplate=True, record=True)
    html._run(first, page)
    assert first.events is not None
    replayed, tokenized = DocumentBuilder("p.html", "html"), DocumentBuilder("p.html", "html")
    html._replay(first.events, html._VisibleText(replayed))
    html._run(html._VisibleText(tokenized), page)
    assert replayed.build(source_lines=1) == tokenized.build(source_lines=1)
