"""The phrase automaton reads two characters a stem, and the stems that follow the same
words share their first character: a phrase list written as a product of alternatives
then needs one node of the automaton for each word it continues with, and one more for
all of that word's alternatives, not one more for each (the automaton is most of the
memory the packs take)."""

from __future__ import annotations

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
