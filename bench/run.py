"""Speed and scale benchmarks for privacylint: prints figures, asserts nothing.

    python bench/run.py                       # every part
    python bench/run.py --parts throughput,scaling --repeat 5
    python bench/run.py --corpus 'path/to/policies/*'
    PRIVACYLINT_PURE_PYTHON=1 python bench/run.py    # the engine run from its Python source, not compiled

Parts:
  throughput  full check (all built-in packs) over the corpus, one process: policies/s and MB/s
              (also over its policies of 5-30 KB, the size the target is set for),
              with the reference: one `\\w+` pass over the same texts (engine cost as a ratio to it)
  scaling     one document of 1 KB … 5 MB: seconds and seconds per MB (linear means a flat s/MB),
              and the 1 MB one in Greek letters (the paths for text that is not ASCII), and 1 MB of a
              change log (a date, an address and a phone number on every line)
  coldstart   `python -m checker check examples/privacy-policy.md`, wall time, with and without the pack cache
  memory      peak RSS of a streamed batch of N and 4N policies (should not grow with N), and of a
              5 MB policy and a .docx of the same text, as a multiple of the extracted text (target: under 30x)
  workers     `check --format jsonl --jobs 1` vs `--jobs 2` over the corpus (wall time)

The corpus is ../shared/corpus/*/policies (the development corpora) when present,
otherwise policies generated from the repository's own fixtures. Figures are
medians of --repeat runs; on a shared machine they are noisy, so the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import random
import re
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED_CORPUS = str(ROOT.parent / "shared" / "corpus" / "*" / "policies" / "*")
PARTS = ("throughput", "scaling", "coldstart", "memory", "workers")
SIZES_KB = (1, 10, 100, 1000, 5000)
WORD = re.compile(r"\w+")


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


def corpus_files(pattern: str | None) -> tuple[list[str], str]:
    """(policy files, where they come from)."""
    files = sorted(p for p in glob.glob(pattern or SHARED_CORPUS) if os.path.isfile(p))
    if files:
        return files, pattern or "../shared/corpus/*/policies"
    if pattern:
        # A figure of other policies than the ones asked for would pass for theirs.
        sys.exit(f"bench: no policy file matches --corpus {pattern!r}")
    print("bench: ../shared/corpus is not beside the checkout; measuring generated policies", file=sys.stderr)
    return generated_corpus(), "generated from tests/fixtures and examples"


def generated_corpus(count: int = 120, seed: int = 8) -> list[str]:
    """Policies of 5-30 KB made of the fixtures' paragraphs, shuffled, with headings."""
    sources = sorted(glob.glob(str(ROOT / "tests" / "fixtures" / "dev" / "policies" / "*"))) + sorted(
        glob.glob(str(ROOT / "examples" / "*"))
    )
    paragraphs = [p.strip() for s in sources for p in Path(s).read_text("utf-8").split("\n\n") if len(p.strip()) > 40]
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="privacylint-bench-"))
    files = []
    for i in range(count):
        target = rng.randint(5_000, 30_000)
        parts, size = ["# Privacy policy"], 0
        while size < target:
            paragraph = rng.choice(paragraphs)
            if rng.random() < 0.15:
                parts.append("## " + " ".join(paragraph.split()[:4]).strip("#*: "))
            parts.append(paragraph)
            size += len(paragraph)
        path = folder / f"policy-{i:03d}.md"
        path.write_text("\n\n".join(parts) + "\n", "utf-8")
        files.append(str(path))
    return files


def run_times(function, repeat: int) -> list[float]:
    """Wall times of `repeat` runs of `function`."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def best_time(function, repeat: int) -> float:
    """The fastest of `repeat` runs: on a shared machine, the run least slowed by others."""
    return min(run_times(function, repeat))


def median_time(function, repeat: int) -> float:
    return statistics.median(run_times(function, repeat))


# -- parts ---------------------------------------------------------------------------


def throughput(files: list[str], repeat: int) -> None:
    from checker.engine import check_document
    from checker.packs import load_packs
    from checker.reading import decode, read_document

    packs = load_packs()
    texts = [decode(Path(f).read_bytes(), f)[0] for f in files]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def full() -> None:
        for f in files:
            check_document(read_document(f), packs)

    # The throughput target is set for typical policies, of 5-30 KB.
    typical = [f for f, t in zip(files, texts, strict=True) if 5_000 <= len(t.encode("utf-8")) <= 30_000]

    def full_typical() -> None:
        for f in typical:
            check_document(read_document(f), packs)

    full_s = best_time(full, repeat)  # before the parsed documents below are held in memory
    typical_s = best_time(full_typical, repeat) if typical else 0.0
    documents = [read_document(f) for f in files]

    def engine_and_reference() -> tuple[float, float]:
        # Per document, the reference pass and then the engine: both see the machine in the
        # same state, so their ratio holds even when a shared machine's speed drifts.
        engine_s = reference_s = 0.0
        clock = time.perf_counter
        for text, doc in zip(texts, documents, strict=True):
            start = clock()
            for _ in WORD.finditer(text):
                pass
            middle = clock()
            check_document(doc, packs)
            reference_s += middle - start
            engine_s += clock() - middle
        return engine_s, reference_s

    rounds = []
    for _ in range(repeat):
        gc.collect()
        rounds.append(engine_and_reference())
    engine_s = min(e for e, _ in rounds)
    reference = min(r for _, r in rounds)
    ratio = statistics.median(e / r for e, r in rounds)
    print(f"throughput: {len(files)} policies, {megabytes:.2f} MB, {sum(len(p.rules) for p in packs.packs)} rules")
    print(f"  full check (read+parse+engine): {full_s:7.2f} s  {len(files) / full_s:7.1f} policies/s  ", end="")
    print(f"{megabytes / full_s:5.2f} MB/s")
    if typical:
        label = f"  ... the {len(typical)} policies of 5-30 KB:"
        print(f"{label:<34}{typical_s:7.2f} s  {len(typical) / typical_s:7.1f} policies/s")
    print(f"  engine only (parsed documents): {engine_s:7.2f} s  {len(files) / engine_s:7.1f} policies/s")
    print(f"  reference, one \\w+ pass:        {reference:7.3f} s  {megabytes / reference:7.1f} MB/s")
    print(f"  engine / reference: {ratio:.1f}x (median of {repeat} rounds, each timed document by document)")
    print(f"  full check / reference: {full_s / reference:.1f}x")


def document_of_size(size_bytes: int, files: list[str]) -> str:
    """Markdown of about `size_bytes`, from the corpus texts (headings every few paragraphs)."""
    from checker.reading import decode

    paragraphs = []
    for f in files[:40]:
        paragraphs += [p for p in decode(Path(f).read_bytes(), f)[0].split("\n\n") if p.strip()]
    parts, size, i = ["# Privacy policy"], 0, 0
    while size < size_bytes:
        paragraph = paragraphs[i % len(paragraphs)]
        if i % 12 == 0:
            parts.append(f"## Section {i // 12 + 1}")
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)[:size_bytes]


def scaling(files: list[str], repeat: int) -> None:
    from checker.engine import check_document
    from checker.packs import load_packs
    from checker.reading import parse_text

    packs = load_packs()
    print("scaling: one markdown document, parse + full check")
    print(f"  {'size':>8}  {'seconds':>8}  {'s per MB':>8}")
    for kb in SIZES_KB:
        text = document_of_size(kb * 1000, files)
        seconds = median_time(lambda text=text: check_document(parse_text(text, "<bench>", "markdown"), packs), repeat)
        print(f"  {kb:>6} KB  {seconds:8.3f}  {seconds / (kb / 1000):8.2f}")
    # The same 1 MB with Greek letters for Latin ones: the paths for text that is not ASCII
    # (tokenizing, RE2 offsets) at work. No phrase matches, so the rules have less to do.
    greek = str.maketrans(
        string.ascii_lowercase + string.ascii_uppercase, "αβγδεζηθικλμνξοπρστυφχψωάέΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈ"
    )
    text = document_of_size(1_000_000, files).translate(greek)
    seconds = median_time(lambda: check_document(parse_text(text, "<bench>", "markdown"), packs), repeat)
    utf8_kb = len(text.encode("utf-8")) // 1000
    print(f"  {1000:>6} KB  {seconds:8.3f}  {seconds:8.2f}  (the same in Greek letters: {utf8_kb} KB of UTF-8)")
    # A change log: a date, an address and a phone number on every line, so the extractors'
    # hits (not the rules' phrases) are what grows with the text.
    line = "- 3 March 2026, 2026-03-04: contact privacy@example.org or +44 20 7946 0958 (updated 14 months on).\n"
    text = "# Changes\n\n" + line * (1_000_000 // len(line))
    seconds = median_time(lambda: check_document(parse_text(text, "<bench>", "markdown"), packs), repeat)
    print(f"  {1000:>6} KB  {seconds:8.3f}  {seconds:8.2f}  (a change log: dates, addresses, phones on every line)")


def coldstart(repeat: int) -> None:
    command = [sys.executable, "-m", "checker", "check", "examples/privacy-policy.md", "-q", "--fail-on", "never"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # fill the pack cache
    print("coldstart: python -m checker check examples/privacy-policy.md")
    for label, env in (
        ("packs from the cache", dict(os.environ)),
        ("packs compiled (PRIVACYLINT_CACHE_DIR=)", {**os.environ, "PRIVACYLINT_CACHE_DIR": ""}),
    ):
        seconds = median_time(lambda env=env: subprocess.run(command, cwd=ROOT, env=env, capture_output=True), repeat)
        print(f"  {label:<42} {seconds:6.3f} s")
    imports = [sys.executable, "-c", "import checker.cli"]
    label = 'python -c "import checker.cli"'
    print(f"  {label:<42} {median_time(lambda: subprocess.run(imports, cwd=ROOT), repeat):6.3f} s")


def _memory_probe(files: list[str]) -> None:
    """Run in a child: stream a batch to /dev/null and print the peak RSS in MB."""
    from checker import batch
    from checker.gate import Gate

    distinct = list(dict.fromkeys(files))  # the inputs are each file once: repeat them after
    inputs, setup = batch.prepare(distinct)
    with open(os.devnull, "w") as sink:
        batch.stream_jsonl(inputs * (len(files) // len(distinct)), setup, sink, "never", Gate(), jobs=1)
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's high-water mark.
    status = Path("/proc/self/status").read_text()
    print(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)


def _peak_mb(files: list[str]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(files))
    out = subprocess.run(
        [sys.executable, __file__, "--_memory-probe", listing.name], capture_output=True, text=True, check=True
    )
    os.unlink(listing.name)
    return float(out.stdout.strip().splitlines()[-1])


MEMORY_TARGET = 30  # peak memory under this many times the extracted text (UTF-8 bytes)


def docx_of_size(text_bytes: int, files: list[str]) -> bytes:
    """A .docx with about `text_bytes` of text, marked up as Word writes it (a run of a few
    words with its own fonts and sizes, paragraph spacing, a table now and then): its
    document.xml is about three times the text."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    run = (
        '<w:r w:rsidRPr="00C52F1A"><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>'
        '<w:color w:val="222222"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>'
        '<w:t xml:space="preserve">{}</w:t></w:r>'
    )
    xml_text = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd]")  # characters XML 1.0 cannot hold
    body = []
    for index, paragraph in enumerate(p for p in document_of_size(text_bytes, files).split("\n\n") if p.strip()):
        paragraph = xml_text.sub("", paragraph)
        if paragraph.startswith("## "):
            runs = run.format(escape(paragraph[3:]))
            body.append(f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{runs}</w:p>')
        elif index % 37 == 0:
            cells = [run.format(escape(t)) for t in ("Purpose", "Basis", paragraph[:80], "Consent")]
            rows = [
                f"<w:tr><w:tc><w:p>{a}</w:p></w:tc><w:tc><w:p>{b}</w:p></w:tc></w:tr>"
                for a, b in (cells[:2], cells[2:])
            ]
            body.append(f"<w:tbl>{''.join(rows)}</w:tbl>")
        else:
            words = paragraph.split(" ")
            runs = "".join(run.format(escape(" ".join(words[k : k + 6]) + " ")) for k in range(0, len(words), 6))
            spacing = '<w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr>'
            body.append(f'<w:p w:rsidR="00A1" w:rsidRDefault="00A1">{spacing}{runs}</w:p>')
    document = f'<?xml version="1.0"?><w:document xmlns:w="{namespace}"><w:body>{"".join(body)}</w:body></w:document>'
    styles = (
        f'<?xml version="1.0"?><w:styles xmlns:w="{namespace}">'
        '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
    return buffer.getvalue()


def memory(files: list[str]) -> None:
    from checker.reading import read_document

    print("memory: peak RSS of one process streaming a batch (--format jsonl --jobs 1)")
    # Fill the pack cache first: a probe that compiles the packs peaks at ~340 MB for that alone.
    command = [sys.executable, "-m", "checker", "check", "examples/privacy-policy.md", "-q", "--fail-on", "never"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    for copies in (1, 4):
        print(f"  {len(files) * copies:>5} policies: {_peak_mb(files * copies):7.1f} MB")
    small = _peak_mb([str(ROOT / "examples" / "privacy-policy.md")])
    print(f"  one small policy: {small:7.1f} MB (the process and its packs)")
    print(f"  large policies, peak against the extracted text (UTF-8; target: under {MEMORY_TARGET}x):")
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.md"
        big.write_text(document_of_size(5_000_000, files), "utf-8")
        word = Path(folder) / "big.docx"
        word.write_bytes(docx_of_size(5_000_000, files))
        for label, path in (("a 5 MB Markdown policy", big), ("a .docx of the same text", word)):
            text_mb = len(read_document(str(path)).text.encode("utf-8")) / 1e6
            peak = _peak_mb([str(path)])
            multiple = peak / (text_mb * 1e6 / 2**20)  # peak in MiB (VmHWM), text in MB
            above = (peak - small) / (text_mb * 1e6 / 2**20)
            print(
                f"    {label:<26} text {text_mb:5.2f} MB  peak {peak:6.1f} MB  {multiple:4.1f}x the text"
                f" ({above:4.1f}x above the small policy's peak)  {'met' if multiple < MEMORY_TARGET else 'NOT met'}"
            )


def workers(files: list[str], repeat: int) -> None:
    print(f"workers: check --format jsonl over {len(files)} policies (wall time, including start-up)")
    base = None
    for jobs in (1, 2):
        command = [sys.executable, "-m", "checker", "check", *files, "--format", "jsonl", "-q", "--jobs", str(jobs)]
        seconds = median_time(lambda command=command: subprocess.run(command, cwd=ROOT, capture_output=True), repeat)
        base = base or seconds
        rate = len(files) / seconds
        print(f"  --jobs {jobs}: {seconds:6.2f} s  {rate:6.1f} policies/s  speed-up {base / seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, from: {', '.join(PARTS)}")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    parser.add_argument("--corpus", default=None, help="glob of policy files (default: the development corpora)")
    parser.add_argument("--_memory-probe", dest="memory_probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        _memory_probe(Path(args.memory_probe).read_text().splitlines())
        return
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    files, origin = corpus_files(args.corpus)
    from checker.native import compiled_in_use

    engine = "compiled (mypyc)" if compiled_in_use() else "pure Python"
    print(
        f"privacylint benchmarks — corpus: {origin}; load average {load_average()}; "
        f"python {sys.version.split()[0]}; engine {engine}"
    )
    for part in parts:
        if part == "throughput":
            throughput(files, args.repeat)
        elif part == "scaling":
            scaling(files, args.repeat)
        elif part == "coldstart":
            coldstart(max(args.repeat, 5))
        elif part == "memory":
            memory(files)
        elif part == "workers":
            workers(files, args.repeat)


if __name__ == "__main__":
    main()
