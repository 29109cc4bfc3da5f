"""Phrases: the syntax rule authors write (`right to (erase|delete)`, `opt* out`), and the
index that finds every phrase of every pack in one pass over a document's tokens.

Phrases are tolerant of case, spacing, punctuation, hyphens, curly quotes and simple
inflections. Word-only patterns go into an Aho-Corasick automaton over two-character
stem symbols (their first three words; the rest of a longer one is a shared tail walked
where the automaton found its beginning); patterns with wildcards (`*`) or prefixes
(`word*`) into a trie walked only from the words that can start one.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from itertools import chain, compress, islice, repeat, takewhile
from operator import itemgetter, le
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # no type information shipped

from checker.hits import HIT_FIRST_TOKEN, HIT_START_END, Hit, new_hit
from checker.native import runs_compiled
from checker.tokens import NumberedWords, Tokens, stem

# -- phrases --------------------------------------------------------------

WILDCARD = ("*", "")
_REGEX_ONLY = frozenset("[]{}\\")  # character classes, counts and escapes: regex syntax with no meaning in a phrase


def parse_phrase(phrase: str) -> list[tuple[tuple[str, str], ...]]:
    """A phrase → its token patterns. Syntax: words; `*` for any one word;
    `word*` for a prefix; `(a|b c|)` for alternatives (an empty one: optional),
    which may nest and may sit inside a word: `anonymi(s|z)e`.
    Raises ValueError with a reason a pack author can act on."""
    regex_syntax = next((c for c in phrase if c in _REGEX_ONLY), None)
    if regex_syntax:
        # Punctuation is otherwise ignored, so `personali[sz]e` would quietly become the
        # three words "personali sz e" and never match.
        raise ValueError(
            f"phrase {phrase!r} uses {regex_syntax!r}: phrases are not regular expressions;"
            " write alternatives as (s|z), or use `regex:`"
        )
    alternatives = _expand_groups(phrase.strip())
    patterns = []
    for alternative in alternatives:
        specs: list[tuple[str, str]] = []
        for raw in alternative.split():
            specs.extend(_word_specs(raw))
        if not specs:
            raise ValueError(f"phrase {phrase!r} has no words")
        if specs[0] == WILDCARD or specs[-1] == WILDCARD:
            raise ValueError(f"phrase {phrase!r} cannot start or end with '*'")
        if specs[0][0] == "prefix" and len(specs[0][1]) < 3:
            raise ValueError(f"phrase {phrase!r}: a prefix needs at least 3 letters before '*'")
        patterns.append(tuple(specs))
    return patterns


@lru_cache(maxsize=100_000)
def _word_specs(raw: str) -> tuple[tuple[str, str], ...]:
    """The token patterns of one word of a phrase (cached: group expansion repeats words many times)."""
    word = raw.lower().translate(_PHRASE_FOLD)
    if word == "*":
        return (WILDCARD,)
    prefix = word.endswith("*")
    parts = [p for p in re.split(r"[^\w']+|_", word.rstrip("*")) if p]
    return tuple(
        ("prefix", part) if prefix and i == len(parts) - 1 else ("stem", stem(part)) for i, part in enumerate(parts)
    )


_PHRASE_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2013": "-", "\u2014": "-"})
_MAX_EXPANSIONS = 10_000


def _expand_groups(phrase: str) -> list[str]:
    """Expand `(a|b)` groups, nested or inside a word, into plain alternatives."""
    position = 0
    count = 0

    def sequence() -> list[str]:
        nonlocal position, count
        results = [""]
        while position < len(phrase) and phrase[position] not in "|)":
            if phrase[position] == "(":
                position += 1
                options = alternatives()
                if position >= len(phrase) or phrase[position] != ")":
                    raise ValueError(f"phrase {phrase!r} has unbalanced parentheses")
                position += 1
            else:
                end = position
                while end < len(phrase) and phrase[end] not in "()|":
                    end += 1
                options = [phrase[position:end]]
                position = end
            results = [r + o for r in results for o in options]
            if len(results) > _MAX_EXPANSIONS:
                raise ValueError(f"phrase {phrase!r} expands to more than {_MAX_EXPANSIONS} alternatives")
        return results

    def alternatives() -> list[str]:
        nonlocal position
        options = sequence()
        while position < len(phrase) and phrase[position] == "|":
            position += 1
            options += sequence()
        return options

    expanded = alternatives()
    if position != len(phrase):
        raise ValueError(f"phrase {phrase!r} has unbalanced parentheses")
    return list(dict.fromkeys(" ".join(r.split()) for r in expanded if r.strip()))


# A trie node over token patterns is a plain list, [stems, prefixes, wildcard, groups], not an
# object: lists pickle and unpickle several times faster (compiled packs are cached on disk
# and shipped to worker processes).
#   stems:    stem → child node, or None
#   prefixes: prefix length → {prefix → child node}, or None
#   wildcard: the child for `*` (any one word), or None
#   groups:   ids of the phrase lists (one per PhraseMatcher) holding a pattern that ends here
_STEMS, _PREFIXES, _WILDCARD, _GROUPS = range(4)
_Node = list


def _new_node() -> _Node:
    return [None, None, None, []]


def _child(node: _Node, kind: str, value: str) -> _Node:
    """The child of `node` for one pattern element, created if needed."""
    if kind == "stem":
        if node[_STEMS] is None:
            node[_STEMS] = {}
        table = node[_STEMS]
    elif kind == "prefix":
        if node[_PREFIXES] is None:
            node[_PREFIXES] = {}
        table = node[_PREFIXES].setdefault(len(value), {})
    else:  # `*`: any one word
        if node[_WILDCARD] is None:
            node[_WILDCARD] = _new_node()
        return node[_WILDCARD]
    child = table.get(value)
    if child is None:
        child = table[value] = _new_node()
    return child


def _step(node: _Node, word: str, stem_: str, by_prefix: list[_Node] | None = None) -> list[_Node]:
    """The children a token with this surface form and stem leads to (`by_prefix`: the
    ones its prefixes lead to, when already known)."""
    found = []
    stems, wildcard = node[_STEMS], node[_WILDCARD]
    if stems is not None:
        child = stems.get(stem_)
        if child is not None:
            found.append(child)
    if by_prefix is not None:
        found.extend(by_prefix)
    elif node[_PREFIXES] is not None:
        found.extend(_prefix_steps(node, word))
    if wildcard is not None:
        found.append(wildcard)
    return found


def _prefix_steps(node: _Node, word: str) -> list[_Node]:
    """The children a word leads to by one of its prefixes."""
    prefixes = node[_PREFIXES]
    if prefixes is None:
        return []
    found = []
    for length, table in prefixes.items():
        child = table.get(word[:length])
        if child is not None:
            found.append(child)
    return found


Pattern = tuple[tuple[str, str], ...]
_KIND, _VALUE = itemgetter(0), itemgetter(1)  # of a pattern element, e.g. ("stem", "data")
_STEM_ONLY = frozenset(["stem"])


def _is_stem(element: tuple[str, str]) -> bool:
    return element[0] == "stem"


_AUTOMATON_WORDS = 3  # the words of a longer pattern the automaton holds; the rest is a tail
_COMPILED = runs_compiled(__file__)
_SYMBOL_STRETCH = 1 << 16  # tokens of a long text whose symbols the automaton reads at a time
_SYMBOL_BASE = 0x100  # symbols are drawn from two ranges of characters from here on


def _two_character_symbols(sequences: list[tuple[str, ...]]) -> tuple[dict[str, str], str]:
    """Each stem of the patterns' stem `sequences` → two characters, the first from one
    range and the second from another, and the two characters that stand for every other
    word.

    The automaton looks a character up among a node's children one by one. With one
    character per stem the root has a child per stem (over a thousand), and each word
    no pattern starts with costs as many comparisons; two characters from ranges the
    size of the vocabulary's square root keep every node small. The ranges are
    disjoint, so a match can only start on a token's first character.

    The stems are grouped (`_sibling_groups`) so that the words that follow the same words
    share their first character: a node of the trie then needs one child for them all, not
    one for each (with whole patterns in the automaton: 624,390 → 557,609 nodes)."""
    vocabulary = list(dict.fromkeys(chain.from_iterable(sequences)))
    size = math.isqrt(len(vocabulary) + 1) + 1
    groups = _sibling_groups(sequences, vocabulary, size)
    second = _SYMBOL_BASE + len(groups) + 1  # the first range also holds the other words' character
    symbols = {
        vocabulary[member]: chr(_SYMBOL_BASE + number) + chr(second + place)
        for number, group in enumerate(groups)
        for place, member in enumerate(group)
    }
    return symbols, chr(_SYMBOL_BASE + len(groups)) + chr(second)


def _sibling_groups(sequences: list[tuple[str, ...]], vocabulary: list[str], size: int) -> list[list[int]]:
    """The vocabulary's stems (by index) in groups of at most `size`, stems that follow the
    same words kept together where they fit.

    The phrase lists are products of alternatives: a set of followers such as
    "share|disclose|sell" recurs after hundreds of prefixes. The sets are merged, those
    that save the most nodes first (recurrences times members beyond the first), while
    the merged set fits a group; the merged sets are then packed into groups, largest
    first. Deterministic: nothing depends on the order of a set."""
    index = {stem_: number for number, stem_ in enumerate(vocabulary)}
    followers: dict[tuple[str, ...], dict[int, None]] = {}
    for sequence in sequences:
        for end in range(len(sequence)):
            followers.setdefault(sequence[:end], {})[index[sequence[end]]] = None
    recurrences: dict[tuple[int, ...], int] = defaultdict(int)
    for after in followers.values():
        if len(after) > 1:
            recurrences[tuple(sorted(after))] += 1
    del followers
    leader = list(range(len(vocabulary)))  # union-find: a stem's merged set, by its leader
    members = [1] * len(vocabulary)

    def find(number: int) -> int:
        while leader[number] != number:
            leader[number] = leader[leader[number]]
            number = leader[number]
        return number

    by_saving = sorted(recurrences, key=lambda siblings: (-recurrences[siblings] * (len(siblings) - 1), siblings))
    for siblings in by_saving:
        leaders = sorted({find(number) for number in siblings}, key=lambda lead: (-members[lead], lead))
        merged = leaders[0]
        for lead in leaders[1:]:
            if members[merged] + members[lead] <= size:
                leader[lead] = merged
                members[merged] += members[lead]
    merged_sets: dict[int, list[int]] = {}
    for number in range(len(vocabulary)):
        merged_sets.setdefault(find(number), []).append(number)
    groups: list[list[int]] = []
    for merged_set in sorted(merged_sets.values(), key=lambda stems: (-len(stems), stems[0])):
        for group in groups:
            if len(group) + len(merged_set) <= size:
                group.extend(merged_set)
                break
        else:
            groups.append(merged_set)
    return groups


# The rest of the word patterns longer than the automaton holds, after their first words:
# while compiling, nested dictionaries (symbol → the rest after it, "" → the phrase lists
# ending there); compiled, a `_Tail`: (symbol → _Tail, or None; the phrase lists ending there).
# A tail is shared by identity (`_minimal_tail`), so it must stay one object: typed as a tuple
# of any length, not as the pair it is, since compiled (mypyc) code keeps a fixed-size tuple
# unboxed and boxes it anew wherever it is stored. As a pair, no tail was shared in a compiled
# build: 631,692 tail tuples instead of 4,972, and the loaded packs took 139 MiB more.
_Rest = dict[str, Any]
_Tail = tuple[Any, ...]


def _minimal_tail(rest: _Rest, shared: dict[tuple[object, ...], _Tail]) -> _Tail:
    """`rest` as a tail, each part that ends the same way as one already made (`shared`)
    being that one.

    The phrase lists are products of alternatives: "(we|our company) (share|disclose|sell)
    your (data|information)" repeats "your (data|information)" after each of its six
    beginnings. In the automaton each repeat is nodes of its own (half a million nodes for
    the packs' 250,000 keys); as shared tails the packs' longer patterns take a few
    thousand."""
    children = {symbol: _minimal_tail(after, shared) for symbol, after in rest.items() if symbol}
    groups = tuple(rest.get("", ()))
    signature = (groups, *sorted((symbol, id(child)) for symbol, child in children.items()))
    # What `shared` holds is what is returned. Compiled, a pair made here is boxed apart for
    # each place it goes (`tail = shared[signature] = (…)`, or assigned and then stored: mypyc
    # narrows `tail` to the pair and boxes it again), and each tail would be two objects.
    return shared.setdefault(signature, (children or None, groups))


def _tail_ends(
    tail: _Tail, words: list[str], sentences: Any, codes: dict[str, str], last: int, sentence: int
) -> list[tuple[int, tuple[int, ...]]]:
    """Where the longer patterns whose first words end at token `last` end, with their
    phrase lists: the tail walked over the tokens that follow, within the sentence."""
    found = []
    children = tail[0]
    j = last + 1
    n = len(words)
    while children is not None and j < n and sentences[j] == sentence:
        node = children.get(codes[words[j]])
        if node is None:
            break
        children, groups = node
        if groups:
            found.append((j, groups))
        j += 1
    return found


class PhraseIndex:
    """Every phrase of every loaded rule, found in one pass over a document's tokens.

    Packs expand to tens of thousands of token patterns (groups multiply). The
    patterns made only of words (99 % of them) are compiled into one Aho-Corasick
    automaton over the document's stems (two characters per stem), which finds every
    occurrence of every pattern in a single pass in C. It holds a pattern's first
    three words (`_AUTOMATON_WORDS`); the rest of the longer ones are tails
    (`_minimal_tail`) shared by every beginning they follow, walked in Python from where
    the automaton found a beginning that has one (a few hundred times a policy): whole,
    the products of alternatives took half a million nodes, most of the packs' memory,
    and 75,000 cut so. Patterns with a `word*`
    prefix or a `*` wildcard live in a trie, walked only from the tokens that can
    start one of them: where the automaton found the words such a pattern starts
    with ("how do" of "how do * contact us"), or where a word has the prefix it
    starts with. Walking from every word that starts one ("how", "at", "right")
    cost a tenth of the engine's time.

    Patterns and phrase lists are added while packs compile; the first search (or
    pickling) compiles the index, after which it takes no more.
    """

    def __init__(self) -> None:
        self._ids: dict[Pattern, int] = {}
        self._pattern_groups: list[list[int]] = []  # pattern id → phrase lists holding it
        self._group_ids: dict[frozenset[int], int] = {}  # a phrase list's patterns → its id
        self._groups = 0
        self._longest = 1  # the most words a pattern has: no occurrence spans more tokens
        # The phrase lists whose automaton patterns have more than one length: only their hits
        # can come out of order of first token (the automaton reports them by last token).
        self._unordered: tuple[int, ...] = ()
        self._compiled: tuple[Any, dict[str, str], str, _Node, list[_Tail]] | None = None
        self._first_steps: dict[str, list[_Node]] = {}  # word → its first step into the trie
        # (a trie node's id, a word) → the nodes that word leads to from it (`_walk_trie`)
        self._steps_after: dict[tuple[int, str], list[_Node]] = {}
        self._prefixed_words: set[str] = set()  # the words with a prefix some trie pattern starts with
        self._word_codes: dict[str, str] = {}  # word → the automaton's characters for its stem

    def add(self, pattern: Pattern) -> int:
        if self._compiled is not None:
            raise RuntimeError("the phrase index is compiled: no more patterns can be added")
        pid = self._ids.get(pattern)
        if pid is None:
            pid = self._ids[pattern] = len(self._ids)
            self._pattern_groups.append([])
        return pid

    def add_group(self, pattern_ids: list[int]) -> int:
        """Register one phrase list; `find_all` reports its occurrences under the returned id.

        Matching by list rather than by pattern matters: one list of phrases with
        groups can expand to thousands of patterns."""
        if self._compiled is not None:
            raise RuntimeError("the phrase index is compiled: no more phrase lists can be added")
        # Rules repeat phrase lists (a term family written out again, the same lead-in): a
        # list of the same patterns as one registered before is that one, so its hits are
        # found and stored once.
        patterns = frozenset(pattern_ids)
        group = self._group_ids.get(patterns)
        if group is not None:
            return group
        group = self._group_ids[patterns] = self._groups
        self._groups += 1
        for pid in dict.fromkeys(pattern_ids):
            self._pattern_groups[pid].append(group)
        return group

    def compile(self) -> None:
        """Build the automaton and the trie (once; adding afterwards is an error)."""
        if self._compiled is not None:
            return
        self._longest = max(map(len, self._ids), default=1)
        word_patterns: list[tuple[Pattern, int]] = []
        other_patterns: list[tuple[Pattern, int]] = []
        for pattern, pid in self._ids.items():  # ~75,000: each pattern looked at in C where possible
            if self._pattern_groups[pid]:
                is_words = _STEM_ONLY.issuperset(map(_KIND, pattern))
                (word_patterns if is_words else other_patterns).append((pattern, pid))
        leads = [tuple(takewhile(_is_stem, pattern)) for pattern, _ in other_patterns]
        symbols, other_word = _two_character_symbols(
            [tuple(map(_VALUE, pattern)) for pattern in chain((p for p, _ in word_patterns), leads)]
        )
        # An automaton entry: (words, the phrase lists ending there, whether a trie walk starts
        # there, its tail: the index in `tails` of the rest of the longer patterns, or 0).
        entries: dict[str, tuple[int, tuple[int, ...], bool, int]] = {}
        rests: dict[str, _Rest] = {}  # the first words' key → the rest of the longer patterns
        lengths: dict[int, set[int]] = {}  # phrase list → the lengths of its automaton patterns
        for pattern, pid in word_patterns:
            for group in self._pattern_groups[pid]:
                lengths.setdefault(group, set()).add(len(pattern))
            key = "".join(map(symbols.__getitem__, map(_VALUE, pattern)))
            if len(pattern) <= _AUTOMATON_WORDS:
                entries[key] = (len(pattern), tuple(self._pattern_groups[pid]), False, 0)
                continue
            cut = 2 * _AUTOMATON_WORDS
            rest = rests.setdefault(key[:cut], {})
            for at in range(cut, len(key), 2):
                rest = rest.setdefault(key[at : at + 2], {})
            rest[""] = self._pattern_groups[pid]
        tails: list[_Tail] = [(None, ())]  # index 0 stands for "no tail"
        tail_ids: dict[int, int] = {}  # a tail (by id) → its index in `tails`
        shared: dict[tuple[object, ...], _Tail] = {}
        for key, rest in rests.items():
            tail = _minimal_tail(rest, shared)
            tail_id = tail_ids.setdefault(id(tail), len(tails))
            if tail_id == len(tails):
                tails.append(tail)
            length, groups, _, _ = entries.get(key, (_AUTOMATON_WORDS, (), False, 0))
            entries[key] = (length, groups, False, tail_id)
        for lead in filter(None, leads):
            key = "".join(map(symbols.__getitem__, map(_VALUE, lead)))
            length, groups, _, tail_id = entries.get(key, (len(lead), (), True, 0))
            entries[key] = (length, groups, True, tail_id)
        automaton = ahocorasick.Automaton()
        # 210,000 entries hold about 2,100 distinct values: each stored once (pickling keeps
        # them shared), the loaded packs take 18 MB less. Typed `object`, not as the tuples
        # they are: compiled (mypyc) code keeps a fixed-size tuple unboxed and boxes it anew
        # for every call, which made each entry's value an object of its own (13 MB more).
        distinct: dict[object, object] = {}
        entry: object
        for key, entry in entries.items():
            automaton.add_word(key, distinct.setdefault(entry, entry))
        automaton.make_automaton()
        root = _new_node()
        for pattern, pid in other_patterns:
            node = root
            for kind, value in pattern:
                node = _child(node, kind, value)
            node[_GROUPS].extend(g for g in self._pattern_groups[pid] if g not in node[_GROUPS])
        self._compiled = (automaton, symbols, other_word, root, tails)
        self._unordered = tuple(sorted(group for group, of in lengths.items() if len(of) > 1))
        self._group_ids = {}  # no list is added once compiled

    def __getstate__(self) -> dict[str, Any]:
        self.compile()
        return {
            "_groups": self._groups,
            "_longest": self._longest,
            "_unordered": self._unordered,
            "_compiled": self._compiled,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._groups = state["_groups"]
        self._longest = state["_longest"]
        self._unordered = state["_unordered"]
        self._compiled = state["_compiled"]
        self._ids, self._pattern_groups, self._group_ids = {}, [], {}
        self._first_steps, self._prefixed_words, self._word_codes = {}, set(), {}
        self._steps_after = {}

    def forget_words(self) -> None:
        """Let go of what is kept for each word seen (its symbols, its first step into the
        trie): after a long text, megabytes for tens of thousands of words."""
        self._first_steps, self._prefixed_words, self._word_codes = {}, set(), {}
        self._steps_after = {}

    def find_all(self, tokens: Tokens, unsorted: set[int] | None = None) -> list[list[Hit]]:
        """For each phrase list (by id), a Hit for every occurrence, in document order, each span once.
        A phrase never spans two sentences.

        `unsorted`: a set given by the caller, to which the lists that may be out of order are
        added instead of being sorted; the caller sorts each by first token (stably) before it
        reads it (`MatchContext.phrase_hits`). Of a policy's ~550 such lists, about half are
        never read: the lists of common words that rules use as context parts."""
        self.compile()
        assert self._compiled is not None
        automaton, symbols, other_word, root, tails = self._compiled
        words, sentences = tokens.words, tokens.sentences
        starts, ends = tokens.starts, tokens.ends
        distinct = set(words)
        found: list[list[Hit]] = [[] for _ in range(self._groups)]
        add_to = [hits.append for hits in found]  # bound once: a policy has ~13,000 additions
        walk_starts: list[int] = []  # tokens where the words a trie pattern starts with occur
        if len(automaton):
            text = self._symbol_text(words, distinct, symbols, other_word)
            codes = self._word_codes
            # Declared so that compiled (mypyc) code reads the automaton's tuples by index and
            # keeps the numbers as machine integers; unpacking an untyped value iterates over it.
            match: tuple[int, tuple[int, tuple[int, ...], bool, int]]
            groups: tuple[int, ...]
            for match in automaton.iter(text):
                end, (length, groups, starts_walk, tail_id) = match
                last = end >> 1  # two characters per token
                # Most hits are one word: then first and last are one int object, not two.
                first = last - length + 1 if length > 1 else last
                sentence = sentences[first]
                if sentence == sentences[last]:
                    if starts_walk:
                        walk_starts.append(first)
                    if groups:
                        hit = new_hit((starts[first], ends[last], sentence, None, first, last))
                        for group in groups:
                            add_to[group](hit)
                    if tail_id:
                        # Its longer patterns' hits come right after the hits of their first words,
                        # the longest the automaton reports from this token: in order of last token.
                        for last_, groups in _tail_ends(tails[tail_id], words, sentences, codes, last, sentence):
                            hit = new_hit((starts[first], ends[last_], sentence, None, first, last_))
                            for group in groups:
                                add_to[group](hit)
            if unsorted is not None:
                unsorted.update(self._unordered)
            else:
                for group in self._unordered:
                    hits = found[group]
                    if len(hits) > 1:
                        # The automaton reports by last token, and a list has each span once: a
                        # stable sort by first token puts the hits in document order, comparing
                        # integers rather than tuples. A list whose patterns have one length
                        # (a tail's too: reported when its first words are) is in that order.
                        hits.sort(key=HIT_FIRST_TOKEN)
        if self._has_trie(root):
            walked = self._walk_trie(tokens, distinct, root, walk_starts)
            for group, spans in walked.items():
                if unsorted is not None:
                    unsorted.discard(group)  # in order once its walks' hits join it (sorted below if need be)
                hits = found[group]
                firsts, lasts = zip(*dict.fromkeys(spans), strict=True)  # (spans are never empty)
                # the hits made in C: start, end, sentence, no value, first and last token
                made = map(
                    new_hit,
                    zip(
                        map(starts.__getitem__, firsts),
                        map(ends.__getitem__, lasts),
                        map(sentences.__getitem__, firsts),
                        repeat(None),
                        firsts,
                        lasts,
                    ),
                )
                if not hits:
                    # The walks go from token to token, each from its first on: their spans
                    # come in document order, each once (equal ones next to each other).
                    found[group] = list(made)
                    continue
                hits.extend(made)
                hits.sort(key=HIT_START_END)  # a span gives the rest of a phrase hit
                # Equal spans are equal hits (no values) and sort next to each other: each once, in C.
                found[group] = list(dict.fromkeys(hits))
        return found

    def find_spans(self, tokens: Tokens) -> tuple[int, list[array[int]]]:
        """What `find_all` finds, as spans rather than hits, for long texts: for each phrase
        list (by id), its occurrences as one machine integer each, the first token shifted
        left by the returned number of bits and the count of tokens after it below them (so
        their order is document order), sorted, each span once. `span_hits` makes a list's
        hits when a matcher asks for them.

        A 5 MB policy has over half a million phrase hits (a tuple and four integers each,
        ~200 bytes); as spans a list's occurrence takes 4 bytes, and hits exist only while
        the rules that read them do. What is kept of each word seen is let go
        (`forget_words`): a long text has tens of thousands."""
        self.compile()
        assert self._compiled is not None
        automaton, symbols, other_word, root, tails = self._compiled
        words, sentences = tokens.words, tokens.sentences
        shift = (self._longest - 1).bit_length()
        typecode = "i" if len(words) << shift < 2**31 else "q"
        distinct = set(words.vocabulary if isinstance(words, NumberedWords) else words)
        found: list[array[int]] = [array(typecode) for _ in range(self._groups)]
        walk_starts: Any = array(typecode)  # tens of thousands: not a list of integer objects
        if len(automaton):
            codes = self._word_codes_for(distinct, symbols, other_word)
            match: tuple[int, tuple[int, tuple[int, ...], bool, int]]
            groups: tuple[int, ...]
            matches: Any = None
            # The automaton reads the symbols a stretch of words at a time, carrying its state
            # from one to the next (`set`): the symbols of all the tokens never exist at once,
            # nor the copy of four bytes a character the automaton makes of what it reads.
            for at in range(0, len(words), _SYMBOL_STRETCH):
                text = "".join([codes[word] for word in words[at : at + _SYMBOL_STRETCH]])
                if matches is None:
                    matches = automaton.iter(text)
                else:
                    matches.set(text)
                for match in matches:
                    end, (length, groups, starts_walk, tail_id) = match
                    last = end >> 1
                    first = last - length + 1
                    sentence = sentences[first]
                    if sentence == sentences[last]:
                        if starts_walk:
                            walk_starts.append(first)
                        if groups:
                            span = first << shift | (length - 1)
                            for group in groups:
                                found[group].append(span)
                        if tail_id:
                            for last_, groups in _tail_ends(tails[tail_id], words, sentences, codes, last, sentence):
                                span = first << shift | (last_ - first)
                                for group in groups:
                                    found[group].append(span)
            text = ""
            matches = None
            codes = {}
            self._word_codes = {}  # a long text's tens of thousands of words: not kept (`forget_words`)
            for spans in found:
                # The automaton reports by last token, each span once; most lists (one-word
                # phrases) are in order already.
                if len(spans) > 1 and not all(map(le, spans, islice(spans, 1, None))):
                    spans[:] = array(typecode, sorted(spans))
        if self._has_trie(root):
            walked = self._walk_trie(tokens, distinct, root, walk_starts, packed=typecode)
            # Let go of what the walks needed before their spans are merged: a long text's
            # memory is highest around here.
            del walk_starts[:]
            distinct.clear()
            self.forget_words()
            stem.cache_clear()
            while walked:
                group, walked_spans = walked.popitem()
                spans = found[group]
                spans.extend(walked_spans)
                del walked_spans
                spans[:] = array(typecode, sorted(set(spans)))
        return shift, found

    def _symbol_text(self, words: list[str], distinct: set[str], symbols: dict[str, str], other_word: str) -> str:
        """The tokens as the automaton reads them: two characters for each word's stem."""
        codes = self._word_codes_for(distinct, symbols, other_word)
        if len(words) <= _SYMBOL_STRETCH:
            if _COMPILED:
                return "".join([codes[word] for word in words])  # compiled, a loop beats map's calls
            return "".join(map(codes.__getitem__, words))  # as Python, map's calls are in C
        # A stretch at a time: a list of all the tokens' symbols (8 bytes each) would stand
        # beside the text it makes.
        return "".join(
            [
                "".join([codes[word] for word in words[at : at + _SYMBOL_STRETCH]])
                for at in range(0, len(words), _SYMBOL_STRETCH)
            ]
        )

    def _word_codes_for(self, distinct: set[str], symbols: dict[str, str], other_word: str) -> dict[str, str]:
        """Word → the automaton's two characters for its stem, for at least the `distinct` words."""
        codes = self._word_codes  # kept across documents
        if len(codes) > 200_000:  # a cache, not a record: bounded over millions of documents
            codes.clear()
        for word in distinct.difference(codes):
            codes[word] = symbols.get(stem(word), other_word)
        return codes

    @staticmethod
    def _has_trie(root: _Node) -> bool:
        return root[_STEMS] is not None or root[_PREFIXES] is not None or root[_WILDCARD] is not None

    def _walk_trie(
        self, tokens: Tokens, distinct: set[str], root: _Node, walk_starts: Iterable[int], packed: str = ""
    ) -> dict[int, Any]:
        """The (first, last) tokens of each phrase list's trie patterns' occurrences, by list.
        `packed` (an array's typecode, for `find_spans`): each occurrence as its span, one
        integer in an array (a long text's walks find tens of thousands: as pairs, a tuple
        and two integers each, they were megabytes at the peak of its check)."""
        words, sentences = tokens.words, tokens.sentences
        steps, prefixed = self._first_steps, self._prefixed_words
        if len(steps) > 200_000:
            steps.clear()
            prefixed.clear()
        # Each step from a node by a word, worked out once and kept across documents: most
        # walks take the same few steps (a policy takes ~1,300, most of them nowhere).
        steps_after = self._steps_after
        if len(steps_after) > 100_000:
            steps_after.clear()
        for word in distinct.difference(steps):
            by_prefix = _prefix_steps(root, word)
            steps[word] = _step(root, word, stem(word), by_prefix)
            if by_prefix:
                prefixed.add(word)
        starting = set(walk_starts)
        present = prefixed.intersection(distinct)
        if present:
            # A plain loop: compiled, it costs a tenth of the map/compress pipeline over every word.
            for i, word in enumerate(words):
                if word in present:
                    starting.add(i)
        walked: dict[int, Any] = defaultdict(partial(array, packed) if packed else list)
        shift = (self._longest - 1).bit_length()
        n = len(words)
        group: int
        for i in sorted(starting):
            frontier = steps[words[i]]
            sentence = sentences[i]
            j = i
            while True:
                for node in frontier:
                    for group in node[_GROUPS]:
                        walked[group].append(i << shift | (j - i) if packed else (i, j))
                j += 1
                if j >= n or sentences[j] != sentence:
                    break
                following: list[_Node] = []
                word = words[j]
                if packed:  # a long text: its steps are not kept (tens of thousands of words)
                    for node in frontier:
                        following.extend(_step(node, word, stem(word)))
                else:
                    for node in frontier:
                        key = (id(node), word)
                        after = steps_after.get(key)
                        if after is None:
                            after = steps_after[key] = _step(node, word, stem(word))
                        following.extend(after)
                if not following:
                    break
                frontier = following
        return walked


class SpanHits:
    """One phrase list's hits in a long text, read like a list of them but kept as their spans
    (`PhraseIndex.find_spans`, which gives `shift`), in document order, each span once: a hit
    is made each time it is read, and let go by its reader. A long text's phrase lists hold
    hundreds of thousands of hits, a tuple and a few integers each (about 150 bytes); the
    rules read a list's hits a few times, and the matchers keep their results through several
    rules. The hits are those `span_hits` makes, equal whenever they are read."""

    __slots__ = ("shift", "spans", "tokens")

    def __init__(self, tokens: Tokens, spans: array[int], shift: int) -> None:
        self.tokens, self.spans, self.shift = tokens, spans, shift

    def __len__(self) -> int:
        return len(self.spans)

    def __iter__(self) -> Iterator[Hit]:
        starts, ends, sentences = self.tokens.starts, self.tokens.ends, self.tokens.sentences
        shift = self.shift
        after = (1 << shift) - 1
        for span in self.spans:
            first = span >> shift
            extra = span & after
            last = first + extra if extra else first
            yield new_hit((starts[first], ends[last], sentences[first], None, first, last))

    def __getitem__(self, index: int) -> Hit:
        span = self.spans[index]
        first = span >> self.shift
        extra = span & ((1 << self.shift) - 1)
        last = first + extra if extra else first
        tokens = self.tokens
        return new_hit((tokens.starts[first], tokens.ends[last], tokens.sentences[first], None, first, last))

    def kept(self, keep: Iterable[bool]) -> SpanHits:
        """The hits for which `keep` (one flag for each, in order) is true."""
        return SpanHits(self.tokens, array(self.spans.typecode, compress(self.spans, keep)), self.shift)


def union_of_spans(lists: list[SpanHits]) -> SpanHits:
    """The hits of several phrase lists of one text, each span once, in document order: what
    `any` makes of them (their hits carry no values, so equal spans are equal hits)."""
    first = lists[0]
    merged = array(first.spans.typecode, [])
    previous = -1
    for span in heapq.merge(*(hits.spans for hits in lists)):
        if span != previous:
            merged.append(span)
            previous = span
    return SpanHits(first.tokens, merged, first.shift)


def span_hits(tokens: Tokens, spans: array[int], shift: int) -> list[Hit]:
    """The hits of one phrase list's spans (`PhraseIndex.find_spans`, which gives `shift`),
    in document order."""
    starts, ends, sentences = tokens.starts, tokens.ends, tokens.sentences
    after = (1 << shift) - 1
    hits = []
    sentence = -1  # hits in one sentence share its number (read from an array, each is a new int)
    for span in spans:
        first = span >> shift
        extra = span & after
        last = first + extra if extra else first  # most hits are one word: one int for both
        if sentences[first] != sentence:
            sentence = sentences[first]
        hits.append(new_hit((starts[first], ends[last], sentence, None, first, last)))
    return hits
