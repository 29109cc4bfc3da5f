"""Exit codes and the errors that map onto them.

Every error the CLI reports is one of these: a one-line message naming the file
(and line, for YAML) and a distinct exit code. An error always outranks findings.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INVALID_PACK = 3
    UNREADABLE_INPUT = 4
    INTERNAL = 70  # a bug in privacylint (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
    BROKEN_PIPE = 141  # the reader of standard output went away: 128 + SIGPIPE


class PrivacylintError(Exception):
    """Base class: carries the exit code the CLI returns for it."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(PrivacylintError):
    exit_code = ExitCode.USAGE


class PackError(PrivacylintError):
    """A rule pack is invalid: the message reads `file:line: key: what is wrong`."""

    exit_code = ExitCode.INVALID_PACK

    def __init__(self, path: str, line: int | None, key: str | None, problem: str) -> None:
        location = f"{path}:{line}" if line else path
        where = f"{location}: {key}: " if key else f"{location}: "
        super().__init__(where + problem)
        self.path = path
        self.line = line
        self.key = key
        self.problem = problem


class InputError(PrivacylintError):
    """A policy file cannot be read or decoded."""

    exit_code = ExitCode.UNREADABLE_INPUT

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
