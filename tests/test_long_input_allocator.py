"""A long input is checked with large freed blocks handed back to the system at once, and
with each token's sentence in an array: neither changes what is found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checker.reading import LONG_INPUT_BYTES, parse_text
from checker.tokens import CHUNK_CHARACTERS, tokenize

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "privacy-policy.md"

_READ_AND_REPORT = """
import sys
from checker import memory
from checker.reading import read_document
read_document(sys.argv[1])
print(memory._fixed)
"""


def _allocator_fixed_after_reading(path: Path) -> str:
    # A process of its own: the setting lasts for the process, whatever ran before in this one.
    done = subprocess.run(
        [sys.executable, "-c", _READ_AND_REPORT, str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_only_a_long_input_changes_how_freed_memory_is_returned(tmp_path):
    example = EXAMPLE.read_text("utf-8")
    short = tmp_path / "short.md"
    short.write_text(example, "utf-8")
    long = tmp_path / "long.md"
    long.write_text(example * (LONG_INPUT_BYTES // len(example) + 1), "utf-8")
    assert _allocator_fixed_after_reading(short) == "False"
    expected = "True" if sys.platform.startswith("linux") else "False"
    assert _allocator_fixed_after_reading(long) == expected


def test_compact_sentences_are_the_sentences_of_the_tokens():
    example = EXAMPLE.read_text("utf-8")
    text = example * (3 * CHUNK_CHARACTERS // len(example) + 1)
    doc = parse_text(text, "long.md", "markdown")
    listed = tokenize(doc)
    compact = tokenize(doc, compact=True)
    assert isinstance(listed.sentences, list)
    assert not isinstance(compact.sentences, list)
    assert list(compact.sentences) == listed.sentences
    assert max(listed.sentences) == len(doc.sentences) - 1
