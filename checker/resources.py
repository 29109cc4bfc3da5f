"""Where the packaged data lives: rule packs, report templates, schemas.

Installed (wheel or editable), `rules/` and `reports/` are the packages
`checker.rules` and `checker.reports`; run straight from a checkout without
installing, they are the folders beside `checker/`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_FOLDERS = {"checker.rules": "rules", "checker.reports": "reports"}


def data_dir(package: str) -> Path:
    """The folder of `checker.rules`, `checker.reports` or `checker.schemas`."""
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError:
        return _CHECKOUT / _FOLDERS[package]
    # Data folders are namespace packages (no __init__.py): take their one path.
    return Path(next(iter(module.__path__)))
