"""What matchers need to know about one document, each thing computed at most once:
its tokens, phrase hits, regular-expression and extractor hits, the units (sentence,
passage, block, table row, section) a hit lies in, and whether a hit is negated ("we do not sell").
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from functools import partial
from itertools import compress
from operator import itemgetter
from typing import Any

from checker.document import Document
from checker.extractors import EXTRACTORS
from checker.hits import HIT_FIRST_TOKEN, HIT_SENTENCE, Hit, new_hit
from checker.memory import give_back_free_heap, return_large_blocks
from checker.native import runs_compiled
from checker.phrases import PhraseIndex, SpanHits, span_hits
from checker.re2text import EncodedText, PatternScreen, compile_re2, utf8_of_stretches
from checker.tokens import CHUNK_CHARACTERS, NEGATION_CUES, Tokens, is_negation, tokenize

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "can",
        "could",
        "must",
    ]
)
NEGATION_LOOKBACK = 6
NEGATION_LOOKAHEAD = 3


# Spans whose negation a document remembers at most: a policy has a few hundred; a text of
# a megabyte tens of thousands, which would cost a megabyte more at its peak.
_NEGATIONS_KEPT = 4096
# What `is_negated` reads of a hit: its span, sentence and tokens (not its value).
_NEGATION_KEY = itemgetter(0, 1, 2, 4, 5)


def in_document(hit: Hit) -> int:
    return 0


_ITEM_KINDS = ("list_item", "table_cell")


def lead_in_passages(doc: Document) -> list[int]:
    """`MatchContext.passages`, computed in one walk over the sentences."""
    passages = list(range(len(doc.sentences)))
    blocks, text = doc.blocks, doc.text
    lead_in = -1  # the sentence whose items are being read, or -1
    previous_block = -1
    for index, sentence in enumerate(doc.sentences):
        if sentence.block != previous_block:
            if blocks[sentence.block].kind not in _ITEM_KINDS:
                lead_in = -1
            previous_block = sentence.block
        if lead_in >= 0:
            passages[index] = lead_in
        if text[sentence.start : sentence.end].rstrip().endswith(":"):
            is_last_of_block = index + 1 == len(doc.sentences) or doc.sentences[index + 1].block != sentence.block
            if is_last_of_block:
                lead_in = index
    return passages


# A text longer than this (a million characters; real policies have tens of thousands) is
# matched lean: its phrase occurrences kept as spans, hits made when a matcher asks, and each
# matcher's hits let go when no later rule reads them. Its memory then grows at about half
# the rate with its length, for more instructions per word (a fifth more at 130,000
# characters, which is why shorter texts are matched as before).
LEAN_CHARACTERS = 1 << 20
# Compiled (mypyc), the engine checks at run time that a value its annotations call a `list`
# is one: there a long text's phrase lists are made as lists when asked for, not read from
# their spans as `SpanHits`.
HITS_AS_SPANS = not runs_compiled(__file__)


class FoldedWords:
    """A long text's tokens' words, read from the folded text they were found in."""

    def __init__(self, doc: Document, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.doc, self.starts, self.ends = doc, starts, ends

    def __getitem__(self, index: int) -> str:
        return self.doc.folded_between(self.starts[index], self.ends[index])

    def __len__(self) -> int:
        return len(self.starts)


class MatchContext:
    """Everything matchers need about one document, computed at most once."""

    def __init__(
        self,
        doc: Document,
        phrase_index: PhraseIndex,
        settings: dict[str, Any] | None = None,
        regex_screen: PatternScreen | None = None,
    ):
        self.doc = doc
        self.lean = len(doc.text) > LEAN_CHARACTERS
        if self.lean:
            return_large_blocks()  # a text this long is usually read from a long file, which did it already
        self.phrase_index = phrase_index
        self.settings = settings or {}
        self.regex_screen = regex_screen  # rules out, in one scan, the patterns the text cannot match
        self._tokens: Tokens | None = None
        self._encoded: EncodedText | None = None
        self._passages: list[int] | None = None
        self._phrase_hits: list[list[Hit]] | None = None
        self._unsorted: set[int] = set()  # phrase lists (`_phrase_hits`) not yet in document order
        self._phrase_spans: tuple[int, list[array[int]]] | None = None  # instead, for a lean text
        self._words: FoldedWords | None = None  # the tokens' words once their list is let go
        self.lists_found: set[int] | None = None  # the phrase lists that found something
        self._extracted: dict[str, list[Hit]] = {}
        self._regex_hits: dict[str, list[Hit]] = {}
        self.cache: dict[int, list[Hit]] = {}  # matcher (by id) → its hits
        self.uncached: frozenset[int] = frozenset()  # matchers whose hits are read once: not kept
        # What the engine noted about a sentence it considered quoting (many rules quote the same ones).
        self.sentence_notes: dict[int, tuple[bool, bool, bool, bool]] = {}
        self.defining_sentences: dict[int, bool] = {}
        self.bare_heading_sentences: frozenset[int] | None = None  # headings with nothing under them
        self.sections_under: dict[frozenset[int], frozenset[int]] = {}  # heading blocks → the sections under them
        self.heading_blocks: dict[int, frozenset[int]] = {}  # matcher (by id) → the headings it matches
        self._unit_tables: dict[str, list[int]] = {}  # scope → each sentence's unit
        self._negated: dict[tuple[int, int, int, int, int], bool] = {}  # a hit's span → whether it is negated
        self._cues: list[int] | None = None  # the tokens that are negation cues, in order
        if self.lean:
            self._read_whole_folded_text()

    def _read_whole_folded_text(self) -> None:
        """For a long text, find at once all that reads the whole of it, one thing after
        another, each letting go of what it needed before the next: its words (a stretch of
        it folded at a time) and their phrases, then, through the folded text's UTF-8 bytes,
        the extractors' values and every rule's regular expressions. The list of words, the
        folded text and its bytes are megabytes each (the folded text two bytes a character
        when it holds one beyond Latin-1), which would otherwise stay through every rule.
        Rules then read a sentence of the folded text at a time (`Document.folded_between`)."""
        self.doc.let_go_of_folded()
        self._lean_phrase_spans()
        self.encoded.compiled_per_search = True  # the whole text folded again, for its bytes
        for kind in EXTRACTORS:
            self.extracted(kind)
        if self.regex_screen is not None:  # it lists every rule's regular expression
            for pattern in self.regex_screen.patterns:
                self.regex_hits(compile_re2(pattern, case_sensitive=False))  # as the rules compile them
        self._encoded = None  # made again (and the text folded again) only for a pattern not listed
        self.doc.let_go_of_folded()
        give_back_free_heap()

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = tokenize(self.doc, compact=self.lean)
        return self._tokens

    @property
    def passages(self) -> list[int]:
        """For each sentence, the passage it belongs to: the list items or table cells
        right after a lead-in ending in ':' share the lead-in's sentence ("We disclose
        the following categories:" + "Identifiers"); any other sentence is its own."""
        if self._passages is None:
            self._passages = lead_in_passages(self.doc)
        return self._passages

    @property
    def encoded(self) -> EncodedText:
        """The folded text as RE2 searches it, with the patterns it cannot match ruled out."""
        if self._encoded is None:
            if self.lean:  # its bytes alone, each stretch folded on its own: the folded text is never whole
                stretches = (stretch for _, stretch in self.doc.folded_stretches(CHUNK_CHARACTERS))
                encoded = EncodedText(None, utf8_of_stretches(stretches))
            else:
                encoded = EncodedText(self.doc.folded)
            if self.regex_screen is not None:
                encoded.unmatchable = self.regex_screen.impossible(encoded, long_text=self.lean)
            self._encoded = encoded
        return self._encoded

    def phrase_hits(self, group: int) -> list[Hit]:
        """Where a phrase of the list `group` occurs, in document order.

        A long text (`lean`) keeps its phrase occurrences as spans, 4 bytes each, and its
        lists' hits are `SpanHits`, made as they are read."""
        if self._phrase_hits is None:
            if not self.lean:
                self._phrase_hits = self.phrase_index.find_all(self.tokens, self._unsorted)
            else:
                shift, spans = self._lean_phrase_spans()
                if not HITS_AS_SPANS:
                    return span_hits(self.tokens, spans[group], shift)
                return SpanHits(self.tokens, spans[group], shift)  # type: ignore[return-value]  # read as a list
        hits = self._phrase_hits[group]
        if group in self._unsorted:
            # The automaton reports by last token: a list whose patterns have more than one
            # length is put in document order (a stable sort by first token) when first read.
            self._unsorted.discard(group)
            if len(hits) > 1:
                hits.sort(key=HIT_FIRST_TOKEN)
        return hits

    def phrase_lists_found(self) -> set[int]:
        """The phrase lists (by id) that found something in the document (`Matcher.needs`)."""
        if self.lists_found is None:
            if not self.lean:
                self.phrase_hits(0)
                lists: Sequence[Sized] = self._phrase_hits or []
            else:
                lists = self._lean_phrase_spans()[1]
            self.lists_found = set(compress(range(len(lists)), lists))
        return self.lists_found

    def _lean_phrase_spans(self) -> tuple[int, list[array[int]]]:
        if self._phrase_spans is None:
            tokens = self.tokens
            self._phrase_spans = self.phrase_index.find_spans(tokens)
            # The list of words (8 bytes a token) is read to find phrases; the few words
            # negation looks at are then read from the folded text.
            self._words = FoldedWords(self.doc, tokens.starts, tokens.ends)
            tokens.words = []
        return self._phrase_spans

    def regex_hits(self, pattern: Any) -> list[Hit]:
        """Where an RE2 pattern matches; once per document for each pattern text, since
        packs repeat a regular expression in several rules."""
        found = self._regex_hits.get(pattern.pattern)
        if found is None:
            sentence_at = self.doc.sentence_at
            spans = self.encoded.spans(pattern)
            found = [new_hit((start, end, sentence_at(start), None, -1, -1)) for start, end in spans]
            self._regex_hits[pattern.pattern] = found
        return found

    def extracted(self, kind: str) -> list[Hit]:
        if kind not in self._extracted:
            doc = self.doc
            self._extracted[kind] = [
                Hit(s, e, doc.sentence_at(s), value) for s, e, value in EXTRACTORS[kind](self.encoded)
            ]
        return self._extracted[kind]

    # -- units a scope groups hits by --------------------------------------
    def unit_function(self, scope: str) -> Callable[[Hit], int]:
        """`unit` for one scope, as a function of the hit alone (for `map`)."""
        if scope == "sentence":
            return HIT_SENTENCE
        if scope == "document":
            return in_document
        table = self._unit_table(scope)
        if table is None:
            return partial(self.unit, scope=scope)
        units: list[int] = table  # narrowed for the closure
        return lambda hit: units[hit[2]]  # its sentence's unit

    def units_of(self, scope: str, hits: Iterable[Hit]) -> Iterator[int]:
        """`unit_function(scope)` of each hit, looked up in C where the scope's table is kept."""
        if scope == "sentence":
            return map(HIT_SENTENCE, hits)
        table = self._unit_table(scope) if scope != "document" else None
        if table is not None:
            return map(table.__getitem__, map(HIT_SENTENCE, hits))
        return map(self.unit_function(scope), hits)

    def _unit_table(self, scope: str) -> list[int] | None:
        """For each sentence, its unit of `scope` (block, row, section or passage), read once per
        document: rules group and filter thousands of hits by block and section. None
        where the tables would be too large to keep (a long, lean text) or there are no
        sentences: `unit` then finds each one."""
        table = self._unit_tables.get(scope)
        if table is None and not self.lean and self.doc.sentences:
            if scope == "passage":
                table = self.passages
            else:
                blocks = [sentence.block for sentence in self.doc.sentences]
                self._unit_tables["block"] = blocks
                sections = [block.section for block in self.doc.blocks]
                self._unit_tables["section"] = [sections[block] for block in blocks]
                rows = [block.row if block.row >= 0 else index for index, block in enumerate(self.doc.blocks)]
                self._unit_tables["row"] = [rows[block] for block in blocks]
                table = self._unit_tables[scope]
        return table

    def in_headings(self, hits: list[Hit]) -> list[Hit]:
        """The hits in a heading."""
        blocks = self.doc.blocks
        table = self._unit_table("block")
        if table is None:
            return [h for h in hits if blocks[self.unit(h, "block")].kind == "heading"]
        return [h for h in hits if blocks[table[h[2]]].kind == "heading"]

    def unit(self, hit: Hit, scope: str) -> int:
        if scope == "sentence":
            return hit.sentence
        if scope == "document":
            return 0
        if scope == "passage":
            return self.passages[hit.sentence] if self.doc.sentences else 0
        block = self.doc.sentences[hit.sentence].block if self.doc.sentences else 0
        if scope == "block":
            return block
        if scope == "row":  # the cells of a table row are one unit; any other block is its own
            row = self.doc.blocks[block].row if self.doc.blocks else -1
            return row if row >= 0 else block
        return self.doc.blocks[block].section

    def token_span(self, hit: Hit) -> tuple[int, int]:
        if hit.first >= 0:
            return hit.first, hit.last
        starts = self.tokens.starts
        first = bisect_left(starts, hit.start)
        last = max(bisect_left(starts, hit.end) - 1, first)
        return first, last

    def with_negation(self, hits: list[Hit], negated: bool) -> list[Hit]:
        """The hits that are negated (`negated`) or not. Rules ask of the same hits again
        (a phrase list with negation excluded in several rules): each span is judged once
        per document, except in a long text, whose hits are too many to remember."""
        known = self._negated
        if self.lean:
            if isinstance(hits, SpanHits):
                return hits.kept(self.is_negated(h) == negated for h in hits)  # type: ignore[return-value]
            return [h for h in hits if self.is_negated(h) == negated]
        # A loop: looking the verdicts up and picking the hits in C (`map`, `compress`) cost
        # more instructions than it saved (the twelfth speed round).
        found = []
        for hit in hits:
            key = _NEGATION_KEY(hit)
            judged = known.get(key)
            if judged is None:
                judged = self.is_negated(hit)
                if len(known) < _NEGATIONS_KEPT:
                    known[key] = judged
            if judged == negated:
                found.append(hit)
        return found

    def is_negated(self, hit: Hit) -> bool:
        """A negation cue shortly before the hit in the same clause, or right after it
        behind auxiliaries ("a DPO has not been appointed")."""
        tokens = self._tokens if self._tokens is not None else self.tokens
        words: FoldedWords | list[str] = self._words if self._words is not None else tokens.words
        text = self.doc.text
        first, last = hit[4], hit[5]
        if first < 0:
            first, last = self.token_span(hit)
        sentences = tokens.sentences
        if self._words is None:
            # The nearest cue before the hit, found among the document's cues (a few dozen)
            # rather than by reading the words before each hit. Sentence numbers never fall
            # from one token to the next, so the words between the cue and the hit are all in
            # the hit's sentence when the first and the last of them are.
            cues = self._cues if self._cues is not None else self._cue_tokens(tokens.words)
            nearest = bisect_left(cues, first) - 1
            if nearest >= 0:
                i = cues[nearest]
                # The nearest cue counts unless a clause ends between it and the hit. Tokens
                # hold no clause punctuation, so one search over the whole stretch does it.
                if (
                    i >= first - NEGATION_LOOKBACK
                    and sentences[i] == hit.sentence == sentences[first - 1]
                    and not _CLAUSE_BREAK.search(text, tokens.ends[i], tokens.starts[first])
                ):
                    return True
        else:
            for i in range(first - 1, max(first - 1 - NEGATION_LOOKBACK, -1), -1):
                if sentences[i] != hit.sentence:
                    break
                if is_negation(words[i]):
                    if not _CLAUSE_BREAK.search(text, tokens.ends[i], tokens.starts[first]):
                        return True
                    break
        for i in range(last + 1, min(last + 1 + NEGATION_LOOKAHEAD, len(tokens))):
            if sentences[i] != hit.sentence:
                break
            word = words[i]
            if word in NEGATION_CUES or word.endswith("n't"):  # `is_negation`, without a call per hit
                return True
            if word not in _AUXILIARIES:
                break
        return False

    def negated_between_parts(self, hit: Hit, parts: Sequence[Sequence[Hit]]) -> bool:
        """A negation cue among the words of a `near` hit that none of its parts matched,
        with no clause break between it and the part after it: "service providers do *not*
        give us ...", the subject one part and the verb the other. `is_negated` reads only
        the words before and after a hit, and a cue inside a part's own phrase ("do not
        sell") is what that part looks for, not a denial of the pair."""
        first, last = self.token_span(hit)
        if last - first < 2:
            return False
        tokens = self.tokens
        if self._words is None:
            cues = self._cues if self._cues is not None else self._cue_tokens(tokens.words)
            inside = cues[bisect_left(cues, first + 1) : bisect_left(cues, last)]
        else:
            words = self._words
            inside = [i for i in range(first + 1, last) if is_negation(words[i])]
        if not inside:
            return False
        covered = bytearray(last - first + 1)  # the words some part matched
        for hits in parts:
            for part_hit in hits:
                if part_hit.end <= hit.start or part_hit.start >= hit.end:
                    continue
                a, b = self.token_span(part_hit)
                for i in range(max(a, first), min(b, last) + 1):
                    covered[i - first] = 1
        text = tokens.starts, tokens.ends
        for cue in inside:
            if covered[cue - first]:
                continue
            after = next((i for i in range(cue + 1, last + 1) if covered[i - first]), None)
            if after is None:  # no part after the cue: it denies nothing of the pair
                continue
            if not _CLAUSE_BREAK.search(self.doc.text, text[1][cue], text[0][after]):
                return True
        return False

    def _cue_tokens(self, words: Sequence[str]) -> list[int]:
        """The tokens that are negation cues, in order (found once per document)."""
        if self._cues is None:
            cue_words = {word for word in set(words) if is_negation(word)}
            self._cues = list(compress(range(len(words)), map(cue_words.__contains__, words)))
        return self._cues
