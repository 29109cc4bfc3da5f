"""The compiled packs hold each distinct value of the phrase automaton once: 45,000
automaton entries share about 3,400 values (their phrase lists, lengths and tails). Were
each entry's value an object of its own, every run would hold megabytes more (13 MB when
the automaton held 210,000 entries: compiled with mypyc, which boxes a fixed-size tuple
anew each time it is passed on, it did)."""

from __future__ import annotations

from checker.packs import load_packs


def test_the_automatons_entries_share_their_values():
    automaton = load_packs().phrase_index._compiled[0]
    values = list(automaton.values())
    assert len(values) > 20_000
    assert len({id(value) for value in values}) == len(set(values))
