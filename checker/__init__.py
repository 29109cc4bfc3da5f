"""privacylint: check privacy policies against the law, with quoted evidence."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from checker.native import prefer_sources_if_asked

prefer_sources_if_asked()  # before any compiled module is imported

try:
    __version__ = version("privacylint")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+local"

__all__ = ["__version__", "check_text"]


def __getattr__(name: str):
    # `import checker` stays light: the engine is imported on first use of check_text.
    if name == "check_text":
        from checker.api import check_text

        return check_text
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
