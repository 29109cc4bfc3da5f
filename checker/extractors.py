"""Built-in extractors: e-mail addresses, phone numbers, URLs, postal addresses,
dates and durations.

Each takes the folded document text as an `EncodedText` (encoded once per
document and shared by its checks) and returns spans of it with a normalised value
(a date in ISO form, a duration in days). They run on RE2, like the packs'
own regular expressions: linear time, and several times faster than `re` on
patterns of this shape. RE2 has no look-around, so a pattern that must not
start right after a word character consumes that character and reports its
`m` group.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from checker.re2text import EncodedText, Match, compile_re2

Span = tuple[int, int, dict]
Extractor = Callable[[EncodedText], Iterator[Span]]


_EMAIL = compile_re2(
    r"(?:^|[^\w.+-])(?P<m>[a-z0-9][a-z0-9._%+-]{0,63}(?:@|\s?\[at\]\s?|\s\(at\)\s)"
    r"[a-z0-9-]{1,63}(?:(?:\.|\s?\[dot\]\s?)[a-z0-9-]{1,63}){0,5}(?:\.|\s?\[dot\]\s?)[a-z]{2,24})\b"
)
_URL = compile_re2(r"\b(?:https?://|www\.)[^\s<>\"')\]][^\s<>\"')\]]+")  # a bounded {2,n} costs RE2 its DFA
# Phones stay on `re`: their end needs a look-ahead, and consuming that character
# instead would hide the start of a number that follows straight after.
_PHONE = re.compile(r"(?<![\w/.-])(?:\+|00)?\(?\d{1,4}\)?(?:[\s.\-/]{0,2}\(?\d{1,5}\)?){2,6}(?![\w/-])")
_STREET_WORDS = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|way|place|"
    r"plaza|square|sq\.?|court|ct\.?|parkway|pkwy\.?|highway|hwy\.?|terrace|strasse|straße|str\.|"
    r"suite|floor|building|house|quay|rue|via|calle|allee|weg|platz|gasse|laan|straat|gade|vej"
)
_ADDRESS = compile_re2(
    r"\b(?:\d{1,6}[a-z]?(?:[-–]\d{1,6})?,?\s+(?:[a-z][\w.'-]{0,30}\s+){0,4}(?:" + _STREET_WORDS + r")\b"
    r"|(?:" + _STREET_WORDS + r")\s+(?:[a-z][\w.'-]{0,30}\s+){0,3}\d{1,6}\b"
    r"|p\.?\s?o\.?\s+box\s+\d{1,8}"
    r"|\b[a-zäöüéèà]{2,30}(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gracht|kade|singel|plein|dijk|gade|vej|gatan|vägen|katu)\s+\d{1,5}[a-z]?\b"
    r"|\b[a-z]{1,2}\d[a-z\d]?\s\d[a-z]{2}\b"  # UK postcode
    r"|\b(?:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|"
    r"nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc)\.?\s+\d{5}(?:-\d{4})?\b)"
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = [
    compile_re2(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # May 17, 2018
    # 17 May 2018, 21st of July 2017, "1st of January of 2025" (drafting translated from Spanish)
    compile_re2(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,|\s+of)?\s+{_YEAR}\b"),
    compile_re2(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"),  # 2018-05-17
    compile_re2(r"\b(?P<a>[0-3]?\d)[/.\-](?P<b>[0-3]?\d)[/.\-](?P<year>(?:19|20)\d\d)\b"),  # 17/05/2018
    compile_re2(r"\b(?P<a>[0-3]?\d)[/.\-](?P<b>[0-3]?\d)[/.\-](?P<yy>\d\d)\b"),  # 05/17/18
    compile_re2(rf"\b{_MONTH},?\s+{_YEAR}\b"),  # January 2020
    # 2026-06 (ISO year and month, as change logs write it); "2019-20", a span of years, is no month
    compile_re2(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])\b"),
    # 03/2026, 3.2026 (month and year in digits, as a revision line prints it); last, so that a
    # full day/month/year date is found whole first
    compile_re2(r"\b(?P<month>0?[1-9]|1[0-2])[/.](?P<year>(?:19|20)\d\d)\b"),
]

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
    "thirty-six": 36, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_DURATION = compile_re2(
    r"\b(?P<n>\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*\(\d{1,4}\))?[\s-]+(?:calendar\s+|business\s+|working\s+)?"
    r"(?P<unit>hour|day|week|month|year)s?\b"
)


def _iso(year: int, month: int, day: int | None) -> str | None:
    try:
        if day is None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _filled(groups: dict[str, str | None], name: str) -> str:
    """A group that the pattern fills whenever it matches."""
    value = groups[name]
    assert value is not None, f"group {name} of a date or duration pattern did not take part in the match"
    return value


def _date_value(m: Match) -> str | None:
    groups = m.groupdict()
    short_year = groups.get("yy")
    year = 2000 + int(short_year) if short_year else int(_filled(groups, "year"))
    first = groups.get("a")
    if first is not None:
        a, b = int(first), int(_filled(groups, "b"))
        # Day-first unless that is impossible: most policies in scope are European.
        day, month_number = (a, b) if b <= 12 else (b, a)
        return _iso(year, month_number, day)
    month = _filled(groups, "month")
    month_number = _MONTHS[month] if month.isalpha() else int(month)
    day_text = groups.get("day")
    return _iso(year, month_number, int(day_text) if day_text else None)


def dates(text: EncodedText) -> Iterator[Span]:
    # The spans taken so far, disjoint and in order (their ends in order too): whether a
    # match overlaps one is a binary search, not a scan, so a text of many dates (a change
    # log) costs linear time.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for form in _DATE_FORMS:
        for m in text.matches(form):
            start, end = m.span()
            following = bisect_right(taken_ends, start)  # the first taken span ending after `start`
            if following < len(taken_starts) and taken_starts[following] < end:
                continue
            value = _date_value(m)
            if value:
                taken_starts.insert(following, start)
                taken_ends.insert(following, end)
                yield start, end, {"date": value}


def durations(text: EncodedText) -> Iterator[Span]:
    for m in text.matches(_DURATION):
        groups = m.groupdict()
        n = _filled(groups, "n")
        number = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        unit = _filled(groups, "unit")
        yield (
            m.start(),
            m.end(),
            {
                "duration": f"{number} {unit}{'s' if number != 1 else ''}",
                "days": round(number * _UNIT_DAYS[unit], 3),
            },
        )


# A number right after these words identifies something else than a phone line: a
# register or reference number ("registered ... under number 08123456"), a fax line, or the
# ZIP code after ", CA" in an address. (The two letters before the number are a country
# prefix, "VAT no. DE 123456789", never a preposition: "questions about this policy on
# 0161 555 0199" gives a phone line.)
_NOT_A_PHONE = re.compile(
    r"\b(?:company|registration|registered|reg|vat|tax|ein|crn|abn|acn|siren|siret|kvk|duns|licen[cs]e|account|"
    r"reference|ref|order|invoice|policy|case|file|id|fax|telefax|facsimile)\.?\s*(?:number|no\.?|nr\.?|#|id|code)?"
    r"\s*[:.]?\s*(?:(?!(?:on|at|to|by|in|of|or|is|as)\b)[a-z]{2}\s?)?\(?$"
    # "a company registered in England and Wales under number 08123456"
    r"|\b(?:under|with)\s+(?:the\s+)?(?:company\s+|registration\s+|registered\s+)?(?:number|no\.?|nr\.?)\s*[:.]?\s*$"
    r"|,\s*(?:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|"
    r"oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc)\.?\s*$"
)


# The phone pattern starts with a look-behind, so `re` tries it at every character of
# the text. A phone number is made only of digits, spaces and "+()./-", so it is looked
# for only where digits occur: in each run of those characters around digits, with one
# character either side visible to the look-behind and look-ahead. Same matches, a
# tenth of the work on a typical policy.
_DIGIT_RUN = re.compile(r"\d[\d\s()./+-]*")
# The same runs in a text of ASCII only, found by RE2 on the encoded text (three times
# faster than `re`, which tests each character's Unicode category); `\s` spelled out as
# the ASCII characters `re` counts as white space.
_DIGIT_RUN_ASCII = compile_re2(r"[0-9][0-9\t\n\x0b\x0c\r\x1c-\x1f ()./+-]*")
_PHONE_PUNCTUATION = frozenset("()./+-")


def _phone_matches(text: str, runs: Iterable[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The phone pattern's matches in `text` around each of its digit `runs`."""
    for start, end in runs:
        while start > 0 and (text[start - 1] in _PHONE_PUNCTUATION or text[start - 1].isspace()):
            start -= 1
        yield from _PHONE.finditer(text, max(start - 1, 0), end + 1)


def phones(encoded: EncodedText, window: int = 1 << 16) -> Iterator[Span]:
    """Phone numbers; a text held as its bytes alone read `window` characters at a time."""
    for text, offset, runs in _phone_windows(encoded, window):
        for m in _phone_matches(text, runs):
            found = m.group().rstrip(".,;:")
            if sum(c.isdigit() for c in found) < 7 or _looks_like_date(found):
                continue
            if _NOT_A_PHONE.search(text, max(0, m.start() - 30), m.start()):
                continue
            yield offset + m.start(), offset + m.start() + len(found), {"phone": found}


# What the phone patterns read before a digit run: the 30 characters `_NOT_A_PHONE` looks
# back over, the look-behind's character and the one `\b` looks at.
_PHONE_CONTEXT = 40
# A character outside every digit run and its extension back over punctuation and spaces:
# a window of the text may end (and the next one's runs begin) there.
_OUTSIDE_DIGIT_RUNS = re.compile(r"[^\d\s()./+-]")


def _phone_windows(encoded: EncodedText, window: int) -> Iterator[tuple[str, int, Iterable[tuple[int, int]]]]:
    """(a window of the text, its offset, the digit runs to read in it).

    The whole text is one window. A long text held as its UTF-8 bytes alone (`text` None)
    is decoded a window at a time, never whole: each window's runs end before a character
    outside any run, and it holds the `_PHONE_CONTEXT` characters before them and the one
    after, so that it finds what the whole text would find there."""
    text = encoded.text
    if text is not None:
        if encoded.is_ascii:
            yield text, 0, encoded.spans(_DIGIT_RUN_ASCII)
        else:
            yield text, 0, (run.span() for run in _DIGIT_RUN.finditer(text))
        return
    data = encoded.data
    buffer, buffer_start, core_start, read = "", 0, 0, 0  # offsets in characters but `read`
    while read < len(data) or core_start < buffer_start + len(buffer):
        while True:
            search_from = core_start - buffer_start + window
            cut = _OUTSIDE_DIGIT_RUNS.search(buffer, search_from) if search_from < len(buffer) else None
            if cut is not None or read >= len(data):
                break
            stop = min(read + max(window, _PHONE_CONTEXT), len(data))
            while stop < len(data) and data[stop] & 0xC0 == 0x80:  # a continuation byte: cut before its character
                stop += 1
            buffer += data[read:stop].decode("utf-8")
            read = stop
        core_end = buffer_start + cut.start() if cut is not None else buffer_start + len(buffer)
        window_start = max(core_start - _PHONE_CONTEXT, buffer_start)
        stretch = buffer[window_start - buffer_start : core_end + 1 - buffer_start]
        core = (run.span() for run in _DIGIT_RUN.finditer(stretch, core_start - window_start, core_end - window_start))
        yield stretch, window_start, core
        kept_from = max(core_end - _PHONE_CONTEXT - buffer_start, 0)
        buffer, buffer_start, core_start = buffer[kept_from:], buffer_start + kept_from, core_end


def _simple(pattern: Any, key: str) -> Extractor:
    group = pattern.groupindex.get("m", 0)

    def extract(encoded: EncodedText) -> Iterator[Span]:
        for m in encoded.matches(pattern):
            found = (m.group(group) or "").rstrip(".,;:")  # the group takes part in every match
            start = m.start(group)
            yield start, start + len(found), {key: found}

    return extract


def _looks_like_date(found: str) -> bool:
    return any(form.fullmatch(found) for form in _DATE_FORMS[2:5]) or bool(
        re.fullmatch(r"\(?(19|20)\d\d\)?(\s*[-–]\s*(19|20)\d\d)?", found.strip())
    )


# The patterns a `PatternScreen` may rule out before a search: the date forms and durations
# are missing from many policies. (E-mail and postal address patterns are too large to
# screen; URLs and digit runs are in nearly every policy.)
SCREENABLE_PATTERNS = (*(form.pattern for form in _DATE_FORMS), _DURATION.pattern)

EXTRACTORS: dict[str, Extractor] = {
    "email": _simple(_EMAIL, "email"),
    "url": _simple(_URL, "url"),
    "phone": phones,
    "postal_address": _simple(_ADDRESS, "address"),
    "date": dates,
    "duration": durations,
}
