"""The engine as a library: check_text, picklable packs, and a corpus over Dask."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

import checker
from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import read_document
from checker.render.json_report import document_dict

from conftest import DEMO_PACK, DEV_POLICIES, FIXTURES

EXAMPLE = FIXTURES.parent.parent / "examples" / "privacy-policy.md"


def test_check_text_equals_checking_the_file():
    from_file = check_document(read_document(str(EXAMPLE)), load_packs())
    from_text = checker.check_text(EXAMPLE.read_text("utf-8"), input_format="markdown", path=str(EXAMPLE))
    assert from_text.results == from_file.results
    assert from_text.sha256 == from_file.sha256  # the file is UTF-8 without BOM or CR


def test_check_text_takes_pack_names_paths_or_a_loaded_pack_set():
    text = DEV_POLICIES[0].read_text("utf-8")
    demo = load_packs([DEMO_PACK])
    by_path = checker.check_text(text, [DEMO_PACK])
    by_set = checker.check_text(text, demo)
    assert by_path.results == by_set.results
    assert {r.pack for r in by_set.results} == {p.id for p in demo.packs}
    assert {r.pack for r in checker.check_text(text, ["gdpr"]).results} == {"gdpr"}


def test_check_text_is_pure():
    text = DEV_POLICIES[1].read_text("utf-8")
    assert checker.check_text(text) == checker.check_text(text)


def test_import_checker_stays_light():
    code = "import sys, checker; print(any(m in sys.modules for m in ('checker.engine', 'checker.packs', 're2')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_compiled_packs_pickle_and_give_identical_results():
    packs = load_packs()
    restored = pickle.loads(pickle.dumps(packs))
    assert [r.id for r in restored.rules] == [r.id for r in packs.rules]
    for path in DEV_POLICIES:
        doc = read_document(str(path))
        assert check_document(doc, restored) == check_document(doc, packs)


def test_packs_from_the_disk_cache_give_identical_results(tmp_path, monkeypatch):
    from checker import packs as packs_module

    monkeypatch.setenv("PRIVACYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(packs_module, "_CACHE", {})
    compiled = load_packs()
    assert list(tmp_path.glob("packs-*.pickle")), "the compiled packs were not cached"
    monkeypatch.setattr(packs_module, "_CACHE", {})
    cached = load_packs()
    assert cached is not compiled
    doc = read_document(str(EXAMPLE))
    assert check_document(doc, cached) == check_document(doc, compiled)


# The example of docs/performance.md ("Beyond one machine"), as written there.
def check_corpus_with_dask(paths: list[str], client) -> list[dict]:
    import dask.bag as db

    from checker import check_text
    from checker.render.json_report import document_dict

    def check_file(path: str) -> dict:
        fmt = "markdown" if path.endswith(".md") else "text"
        with open(path, encoding="utf-8") as file:
            return document_dict(check_text(file.read(), input_format=fmt, path=path))

    return db.from_sequence(paths, npartitions=4).map(check_file).compute()


def test_a_corpus_over_a_local_dask_cluster():
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'privacylint[dask]')")
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    paths = [str(p) for p in DEV_POLICIES] + [str(EXAMPLE)]
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = check_corpus_with_dask(paths, client)
    expected = [document_dict(check_document(read_document(p), load_packs())) for p in paths]
    for path, got, want in zip(paths, results, expected, strict=True):
        want = json.loads(json.dumps(want))
        assert got["path"] == os.path.relpath(path)  # reports show paths relative to the working directory
        assert got["results"] == want["results"]
