"""The phrase automaton reads two characters a stem, and the stems that follow the same
words share their first character: a phrase list written as a product of alternatives
then needs one node of the automaton for each word it continues with, and one more for
all of that word's alternatives, not one more for each (the automaton is most of the
memory the packs take)."""

from __future__ import annotations

import pickle

from checker.phrases import PhraseIndex, parse_phrase
from checker.reading import parse_text
from checker.tokens import tokenize

PRODUCT = "(we|our company) (share|disclose|sell|transfer) (your|the) (data|information)"


def _index(*phrase_lists: str) -> PhraseIndex:
    index = PhraseIndex()
    for phrase in phrase_lists:
        index.add_group([index.add(pattern) for pattern in parse_phrase(phrase)])
    index.compile()
    return index


def test_words_that_follow_the_same_words_share_their_first_character():
    index = _index(PRODUCT)
    automaton, symbols, other_word, _, _ = index._compiled
    stem_paths = {tuple(key[i : i + 2] for i in range(0, len(key), 2)) for key in list(automaton.keys())}
    followers: dict[tuple[str, ...], set[str]] = {}
    for path in stem_paths:
        for end in range(len(path)):
            followers.setdefault(path[:end], set()).add(path[end])
    assert {len({symbol[0] for symbol in after}) for after in followers.values()} == {1}
    word_nodes = len({path[:end] for path in stem_paths for end in range(1, len(path) + 1)})
    # The root, a node a word, and one node for each word's followers: the fewest there can be.
    assert automaton.get_stats()["nodes_count"] == 1 + word_nodes + len(followers)
    assert other_word not in symbols.values()
    assert len({symbol[0] for symbol in symbols.values()}.intersection(s[1] for s in symbols.values())) == 0


def test_a_product_is_found_whichever_alternatives_a_policy_uses():
    index = _index(PRODUCT, "personal (data|information)", "sell")
    text = "We sell your data. Our company may disclose the data. Our company transfer the information. Personal data."
    tokens = tokenize(parse_text(text, "policy.txt", "text"))
    found = [[text[hit.start : hit.end] for hit in hits] for hits in index.find_all(tokens)]
    assert found == [
        ["We sell your data", "Our company transfer the information"],
        ["Personal data"],
        ["sell"],
    ]


def _tail_objects(tails: list) -> dict[int, tuple]:
    """Every tail node reachable from the index's tails, by identity."""
    seen: dict[int, tuple] = {}
    pending = list(tails)
    while pending:
        tail = pending.pop()
        if id(tail) not in seen:
            seen[id(tail)] = tail
            pending.extend((tail[0] or {}).values())
    return seen


def test_longer_patterns_share_one_tail_whichever_words_begin_them():
    # 18 beginnings of three words, each followed by the same rest: one tail for them all, of
    # four nodes (its start, after "your", after "personal", and one end shared by "data" and
    # "information"), beside the "no tail" at index 0. Compiled (mypyc), a tail typed as a fixed-size tuple was boxed
    # anew wherever it was stored, and none was shared (139 MiB more for the packs).
    index = _index("(we|they|partners) (may|can) (share|disclose|sell) your (personal|) (data|information)")
    for loaded in (index, pickle.loads(pickle.dumps(index))):
        automaton, _, _, _, tails = loaded._compiled
        assert len(tails) == 2
        assert {value[3] for value in automaton.values()} == {1}
        assert len(_tail_objects(tails)) == 1 + 4
