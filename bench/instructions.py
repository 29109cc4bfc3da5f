"""Machine-independent cost of each stage, in CPU instructions per policy (valgrind's callgrind).

    python bench/instructions.py                 # every stage, every 4th corpus policy
    python bench/instructions.py --stages check --every 8

Timings on a shared machine drift by tens of per cent from one minute to the
next; instruction counts do not (the same code and inputs give the same count,
whatever else the machine does), so they show what an optimisation changed.
Each stage is run once and twice over the same policies in two processes under
callgrind, with a fixed hash seed; the difference, divided by the number of
policies, is that stage's cost with start-up and pack loading taken out.
Needs valgrind (Debian: `apt-get install valgrind`); takes a few minutes.

Stages:
  reference  one `\\w+` pass over the text (what bench/run.py compares against)
  parse      read and parse the file into a Document
  tokenize   the document's words
  phrases    every phrase of every pack found (the Aho-Corasick automaton and the trie)
  check      the whole engine on a parsed document (tokenising and phrases included)
  full       parse + check
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("reference", "parse", "tokenize", "phrases", "check", "full")


def _run_stage(stage: str, files: list[str], rounds: int) -> None:
    """In the measured child: load everything, then run `stage` `rounds` times."""
    from checker.engine import check_document
    from checker.packs import load_packs
    from checker.reading import decode, read_document
    from checker.tokens import tokenize

    packs = load_packs()
    documents = [read_document(f) for f in files]
    texts = [decode(Path(f).read_bytes(), f)[0] for f in files]  # as bench/run.py: the file's text
    tokens = [tokenize(d) for d in documents]
    word = re.compile(r"\w+")
    for _ in range(rounds):
        if stage == "reference":
            for text in texts:
                for _ in word.finditer(text):
                    pass
        elif stage == "parse":
            for f in files:
                read_document(f)
        elif stage == "tokenize":
            for doc in documents:
                tokenize(doc)
        elif stage == "phrases":
            for t in tokens:
                packs.phrase_index.find_all(t)
        elif stage == "check":
            for doc in documents:
                check_document(doc, packs)
        elif stage == "full":
            for f in files:
                check_document(read_document(f), packs)


def _instructions(stage: str, listing: str, rounds: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--_child",
        stage,
        listing,
        str(rounds),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f"instructions.py: valgrind failed for {stage}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated, from: " + ", ".join(STAGES))
    parser.add_argument("--corpus", default=None, help="glob of policies (default: the development corpora)")
    parser.add_argument("--every", type=int, default=4, help="take every Nth policy of the corpus (default 4)")
    parser.add_argument("--_child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        stage, listing, rounds = args._child
        _run_stage(stage, Path(listing).read_text().split("\n"), int(rounds))
        return
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py: valgrind is not installed (Debian: apt-get install valgrind)")
    from run import corpus_files

    files, source = corpus_files(args.corpus)
    files = files[:: max(args.every, 1)]
    scratch = Path(tempfile.mkdtemp(prefix="privacylint-instructions-"))
    listing = scratch / "policies.txt"
    listing.write_text("\n".join(files))
    # A private pack cache, filled first: neither measured run compiles the packs, and no
    # other privacylint run can evict the entry between the two.
    os.environ["PRIVACYLINT_CACHE_DIR"] = str(scratch / "cache")
    subprocess.run([sys.executable, __file__, "--_child", "parse", str(listing), "0"], check=True)
    print(f"instructions per policy (callgrind; {len(files)} policies from {source}; python {sys.version.split()[0]})")
    try:
        for stage in [s.strip() for s in args.stages.split(",") if s.strip()]:
            if stage not in STAGES:
                sys.exit(f"instructions.py: unknown stage {stage!r} (choose from {', '.join(STAGES)})")
            once, twice = _instructions(stage, str(listing), 1), _instructions(stage, str(listing), 2)
            print(f"  {stage:<10} {(twice - once) / len(files) / 1e6:8.2f} M", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
