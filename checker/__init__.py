"""privacylint: check privacy policies against the law, with quoted evidence."""

from __future__ import annotations

from checker.native import prefer_sources_if_asked

prefer_sources_if_asked()  # before any compiled module is imported

# The one place the version is written (pyproject.toml reads it from here). Not asked of
# importlib.metadata at start-up: that imports the email and zip packages, 4.6 MB of
# every run's memory, for one string.
__version__ = "0.1.0"

__all__ = ["__version__", "check_text"]


def __getattr__(name: str):
    # `import checker` stays light: the engine is imported on first use of check_text.
    if name == "check_text":
        from checker.api import check_text

        return check_text
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
