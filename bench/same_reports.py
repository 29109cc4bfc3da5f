"""Do two builds give the same reports? The check for restructuring that must change no result.

    python bench/same_reports.py snapshot /tmp/before     # JSON of every corpus policy, one file each
    ... restructure ...
    python bench/same_reports.py compare /tmp/before      # exit 1 and the differing policies if any

Every policy under ../shared/corpus/*/policies (or --corpus GLOB) is checked
with all built-in packs through the library, as `privacylint check --format
json` renders it, less the report's timestamp. Nothing of the corpus is
written anywhere but the snapshot folder you name.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.api import check_paths  # noqa: E402
from checker.render.json_report import document_dict  # noqa: E402

DEFAULT_CORPUS = str(ROOT.parent / "shared" / "corpus" / "*" / "policies" / "*")


def reports(pattern: str) -> dict[str, str]:
    """Policy path → its report as canonical JSON."""
    paths = sorted(p for p in glob.glob(pattern) if Path(p).is_file())
    if not paths:
        raise SystemExit(f"no policy matches {pattern}")
    report = check_paths(paths)
    return {doc.path: json.dumps(document_dict(doc), sort_keys=True, ensure_ascii=False) for doc in report.documents}


def snapshot_name(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:20] + ".json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("snapshot", "compare"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="glob of the policies (default: the shared corpus)")
    args = parser.parse_args()
    current = reports(args.corpus)
    if args.action == "snapshot":
        args.folder.mkdir(parents=True, exist_ok=True)
        for path, text in current.items():
            (args.folder / snapshot_name(path)).write_text(json.dumps({"path": path, "report": text}), "utf-8")
        print(f"{len(current)} reports written to {args.folder}")
        return 0
    before = {}
    for file in args.folder.glob("*.json"):
        item = json.loads(file.read_text("utf-8"))
        before[item["path"]] = item["report"]
    differing = sorted(p for p in set(before) | set(current) if before.get(p) != current.get(p))
    for path in differing:
        print(f"differs: {path}")
    print(f"{len(current) - len(differing)} of {len(set(before) | set(current))} reports identical")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
