"""Words of a document, with light stemming, for phrase and proximity matching.

Tokens are runs of letters and digits (an apostrophe may join them: "don't",
"children's") found in the folded text, so each token's offsets are offsets in
`Document.text`. Hyphens and punctuation separate tokens: "opt-out" is the two
words "opt out", which is how phrase lists should spell it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.document import Document, cut_before_spaces
from checker.native import runs_compiled

TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


_IRREGULAR = {
    "used": "use",
    "uses": "use",
    "using": "use",
    "made": "make",
    "making": "make",
    "makes": "make",
    "kept": "keep",
    "children": "child",
    "people": "person",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Fold simple English inflections so "deletes", "deleted" and "deleting" meet "delete".

    Deliberately light (plural, -ed, -ing, possessive, final e): aggressive
    stemmers merge words like "general" and "generate" that rules must tell apart.
    """
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "i"  # policies, cookies → polici, cooki (as policy, cookie below)
    elif len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # stopping -> stop
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "i"
    elif len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
        w = w[:-2]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    if len(w) > 3 and w.endswith("e") and not w.endswith(("ee", "ye")):
        w = w[:-1]
    if len(w) > 2 and w.endswith("y") and w[-2] not in "aeiou":
        w = w[:-1] + "i"  # policy → polici, apply → appli
    return w


NEGATION_CUES = frozenset({"not", "no", "never", "cannot", "neither", "nor", "none", "nothing", "without"})


def is_negation(word: str) -> bool:
    return word in NEGATION_CUES or word.endswith("n't")


@dataclass(slots=True)
class Tokens:
    """Parallel arrays over a document's tokens.

    In a text longer than one stretch (`CHUNK_CHARACTERS`), offsets are machine integers
    in arrays and each distinct word is one string shared by its occurrences: a 5 MB
    policy has about 900,000 tokens, and as lists of Python objects they took ~155 bytes
    each, now ~24."""

    starts: Sequence[int]  # lists for a text of one stretch, arrays for longer ones
    ends: Sequence[int]
    # Folded (lower-case) surface forms; `stem` gives a word's stem. Emptied in a text matched
    # lean (over `match_context.LEAN_CHARACTERS`) once its phrases are found
    # (`MatchContext.phrase_hits`): read `doc.folded_between(starts[i], ends[i])` after that.
    words: list[str]
    # Sentence index of each token: a list, each sentence's number one object shared by its
    # tokens and by the hits made from them (an array makes a new one per hit read); an array
    # in a text matched lean (`tokenize(doc, compact=True)`), whose hits are made on request.
    sentences: Sequence[int]

    def __len__(self) -> int:
        return len(self.starts)


_SPLIT = re.compile(f"({TOKEN.pattern})")
# Every ASCII byte that cannot be part of a token becomes a space; the bytes of other
# characters (UTF-8 sequences, all 0x80 and above) stay. Splitting the result on spaces
# then gives the tokens, and their offsets follow from the pieces' lengths: a byte table
# and `str.split` cost a fraction of a regex match per character.
_SEPARATORS_TO_SPACE = bytes(
    code if code >= 128 or chr(code).isalnum() or chr(code) == "'" else ord(" ") for code in range(256)
)
# Texts are tokenized a stretch at a time, so that neither copies of a whole large text
# (its UTF-8 bytes, the bytes through the table, decoded) nor its pieces (a string object
# per word) exist at once.
CHUNK_CHARACTERS = 1 << 16


def offset_array(length: int) -> array[int]:
    """An empty array for offsets into a text of `length` characters (4 bytes each when they fit)."""
    return array("i" if length < 2**31 else "q")


def tokenize(doc: Document, compact: bool = False) -> Tokens:
    """The document's tokens. `compact`: each token's sentence in an array (2 or 4 bytes a
    token, not a list's 8 and a shared int per sentence), for the longest texts."""
    starts: Sequence[int]
    ends: Sequence[int]
    if compact:
        # A stretch of the text folded at a time (`Document.folded_between`), not the whole.
        length = len(doc.text)
        stretches = doc.folded_stretches(CHUNK_CHARACTERS)
        starts, ends, words = _stretches_spans(stretches, length, numbered=WORDS_AS_NUMBERS)
    else:
        starts, ends, words = word_spans(doc.folded)
    return Tokens(starts, ends, words, _sentence_of(starts, doc, compact))


def word_spans(folded: str, chunk: int = CHUNK_CHARACTERS) -> tuple[Sequence[int], Sequence[int], list[str]]:
    """The tokens of a folded text (`TOKEN`'s matches): start and end offsets, and words.
    `chunk`: how many characters are split at a time."""
    if len(folded) <= chunk:
        # One stretch, as nearly every real policy: lists, which cost fewer instructions to
        # build and to read than arrays, and which at this size take little memory.
        return _stretch_spans(folded, 0)
    return _stretches_spans(_stretches(folded, chunk), len(folded))


# Compiled (mypyc), `Tokens.words` must be the list it is declared as (checked at run time).
WORDS_AS_NUMBERS = not runs_compiled(__file__)


class NumberedWords:
    """A long text's words, read like a list of them, kept as each word's number in its
    vocabulary (an array, 2 bytes a token when the vocabulary allows): a list takes 8 bytes a
    token, 3.4 MB for bench's 5 MB Markdown document, through its phrase search."""

    __slots__ = ("numbers", "vocabulary")

    def __init__(self, numbers: array[int], vocabulary: list[str]) -> None:
        self.numbers, self.vocabulary = numbers, vocabulary

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(map(self.vocabulary.__getitem__, self.numbers[index]))
        return self.vocabulary[self.numbers[index]]

    def __iter__(self) -> Iterator[str]:
        return map(self.vocabulary.__getitem__, self.numbers)


def _stretches_spans(
    stretches: Iterable[tuple[int, str]], length: int, numbered: bool = False
) -> tuple[array[int], array[int], Any]:
    """The tokens of a text of `length` characters given as (offset, folded stretch), each
    stretch ending before a space. `numbered`: the words as `NumberedWords`, not a list."""
    starts, ends = offset_array(length), offset_array(length)
    words: list[str] = []
    numbers = array("i")
    vocabulary: dict[str, str] = {}  # each word once, shared by its occurrences
    number_of: dict[str, int] = {}  # `numbered`: each word's number, in order of first occurrence
    for offset, stretch in stretches:
        found = _stretch_spans(stretch, offset)
        # A stretch's tokens are gathered in lists (appending to a list is cheaper than to
        # an array) and moved into the arrays in one call each.
        starts.fromlist(found[0])
        ends.fromlist(found[1])
        if numbered:
            for word in dict.fromkeys(found[2]):
                if word not in number_of:
                    number_of[word] = len(number_of)
            numbers.fromlist(list(map(number_of.__getitem__, found[2])))
        else:
            words.extend(map(vocabulary.setdefault, found[2], found[2]))
    if numbered:
        if len(number_of) <= 1 << 16:
            numbers = array("H", numbers)
        return starts, ends, NumberedWords(numbers, list(number_of))
    return starts, ends, words


def _stretch_spans(stretch: str, offset: int) -> tuple[list[int], list[int], list[str]]:
    """The tokens of a stretch of text that starts at `offset`."""
    if stretch.isascii():
        return _spans_by_table(stretch.encode("ascii"), offset)
    data = stretch.encode("utf-8", "surrogatepass")
    if len(data) - len(stretch) <= len(stretch) // 20:
        # Mostly ASCII (an English policy with a few accents or symbols): only the pieces
        # holding other characters need the regular expression.
        return _spans_by_table(data, offset)
    return _spans_by_pattern(stretch, offset)


def _stretches(text: str, chunk: int) -> Iterator[tuple[int, str]]:
    """(offset, stretch) of `text` cut into stretches of about `chunk` characters, none
    cutting a token (`cut_before_spaces`)."""
    for start, end in cut_before_spaces(text, chunk):
        yield start, text[start:end]


def _spans_by_pattern(text: str, offset: int) -> tuple[list[int], list[int], list[str]]:
    """The tokens of `text` (which starts at `offset`) by the token pattern: starts, ends, words."""
    # Splitting into alternating gaps and words gives the words without match objects;
    # their offsets are the running sum of the pieces' lengths.
    pieces = _SPLIT.split(text)
    starts: list[int] = []
    ends: list[int] = []
    position = offset + len(pieces[0])
    for index in range(1, len(pieces), 2):  # word, gap, word, gap, ...
        starts.append(position)
        position += len(pieces[index])
        ends.append(position)
        position += len(pieces[index + 1])
    return starts, ends, pieces[1::2]


def _spans_by_table(data: bytes, offset: int) -> tuple[list[int], list[int], list[str]]:
    """The tokens of the text encoded as `data` (UTF-8; it starts at `offset`) by the byte table."""
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    position = offset
    # The table changes ASCII bytes only, so the decoded text has the original's length.
    for piece in data.translate(_SEPARATORS_TO_SPACE).decode("utf-8", "surrogatepass").split(" "):
        length = len(piece)
        if length == 0:
            position += 1
            continue
        if piece.isascii() and not ("'" in piece and (piece[0] == "'" or piece[-1] == "'" or "''" in piece)):
            starts.append(position)
            ends.append(position + length)
            words.append(piece)
        else:
            # The token pattern tells letters from other characters beyond ASCII, and joins
            # two runs of letters and digits at an apostrophe, nothing else.
            for match in TOKEN.finditer(piece):
                starts.append(position + match.start())
                ends.append(position + match.end())
                words.append(match.group())
        position += length + 1
    return starts, ends, words


def _sentence_of(starts: Sequence[int], doc: Document, compact: bool = False) -> Sequence[int]:
    """Each token's sentence: the last one starting at or before it (the first, for tokens before any).
    `compact`: in an array (of the offsets' type) rather than a list.

    Walks the sentences, not the tokens: sentence and token starts are both sorted."""
    sentence_starts = doc.sentence_starts
    if compact:
        # Two bytes a token where the sentences' numbers fit (up to 65,536 sentences).
        numbers = array("H") if len(sentence_starts) <= 1 << 16 else offset_array(len(starts))
        done = 0
        for index in range(1, len(sentence_starts)):
            boundary = bisect_left(starts, sentence_starts[index], done)
            numbers.extend(array(numbers.typecode, [index - 1]) * (boundary - done))
            done = boundary
        numbers.extend(array(numbers.typecode, [max(len(sentence_starts) - 1, 0)]) * (len(starts) - done))
        return numbers
    sentence_of: list[int] = []
    done = 0
    for index in range(1, len(sentence_starts)):
        boundary = bisect_left(starts, sentence_starts[index], done)
        sentence_of.extend([index - 1] * (boundary - done))
        done = boundary
    sentence_of.extend([max(len(sentence_starts) - 1, 0)] * (len(starts) - done))
    return sentence_of
