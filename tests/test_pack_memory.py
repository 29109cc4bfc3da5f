"""The compiled packs hold each distinct value of the phrase automaton once: 210,000
automaton entries share about 2,100 values (their phrase lists and lengths). Were each
entry's value an object of its own, every run would hold 13 MB more (it did, compiled
with mypyc, which boxes a fixed-size tuple anew each time it is passed on)."""

from __future__ import annotations

from checker.packs import load_packs


def test_the_automatons_entries_share_their_values():
    automaton = load_packs().phrase_index._compiled[0]
    values = list(automaton.values())
    assert len(values) > 100_000
    assert len({id(value) for value in values}) == len(set(values))
