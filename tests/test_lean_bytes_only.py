"""A long text's folded copy is held as its UTF-8 bytes alone while its extractors and
regular expressions run (the copy as a str is two bytes a character, megabytes): what they
find must be what they find in the whole folded text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.extractors import EXTRACTORS, phones
from checker.re2text import EncodedText, compile_re2, utf8_of_stretches

# Digits and what phone numbers are written with, words that say a number is no phone
# ("fax", "no."), a date, non-ASCII digits and spaces, letters of two and three bytes.
_PHONE_TEXT = st.lists(
    st.sampled_from(
        ["0", "1", "7", "44", "555", " ", "\n", "\u00a0", "\u2009", "(", ")", ".", "/", "+", "-", "a", "é", "ж",
         "€", "٣", "fax ", "no. ", "tel: ", "2026-03-03", "+44 20 7946 0958", "(555) 123-4567"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


def _bytes_only(text: str) -> EncodedText:
    return EncodedText(None, text.encode("utf-8"))


@given(_PHONE_TEXT, st.integers(min_value=1, max_value=12))
def test_phones_read_a_window_at_a_time_are_the_phones_of_the_whole_text(text, window):
    # Small windows cut the text every few characters, wherever no digit run goes on.
    assert list(phones(_bytes_only(text), window)) == list(phones(EncodedText(text)))


def test_every_extractor_finds_in_the_bytes_alone_what_it_finds_in_the_text():
    text = (
        "write to privacy@example.org or call +44 20 7946 0958 (fax 020 7946 0000); "
        "“updated” 3 march 2026 — we keep logs for 14 months at 10 downing street. ΟΔΟΣ é "
    ) * 3000
    for kind, extract in EXTRACTORS.items():
        assert list(extract(_bytes_only(text))) == list(extract(EncodedText(text))), kind


@given(st.text(alphabet="adtxé€😀 \n.5-", max_size=40))
def test_a_match_on_the_bytes_alone_reads_its_groups_as_on_the_text(text):
    pattern = compile_re2(r"(?P<w>[a-zé]+)(?P<n>\d)?")
    on_text = [(m.span(), m.group(), m.groupdict()) for m in EncodedText(text).matches(pattern)]
    on_bytes = [(m.span(), m.group(), m.groupdict()) for m in _bytes_only(text).matches(pattern)]
    assert on_bytes == on_text


def test_utf8_of_stretches_is_the_utf8_of_the_text_they_make():
    stretches = ["déjà vu ", "— “ΟΔΟΣ” ", "", "ok 😀"] * 1000
    assert utf8_of_stretches(stretches) == "".join(stretches).encode("utf-8")


def test_a_window_cut_between_a_number_and_the_word_before_it_still_sees_that_word():
    # "fax" and "registered under number" say the digits after them are no phone line;
    # a window may begin anywhere in those words, and must still read them.
    text = "x call +44 20 7946 0958, fax 020 7946 0000, registered under number 08123456 or 555 123 4567."
    expected = [found["phone"] for _, _, found in phones(EncodedText(text))]
    assert expected == ["+44 20 7946 0958", "555 123 4567"]
    for window in range(1, len(text)):
        assert list(phones(_bytes_only(text), window)) == list(phones(EncodedText(text))), window
