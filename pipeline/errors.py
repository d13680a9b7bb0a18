"""Exit codes (DESIGN §3) and the exceptions that carry them.

The API raises; only the CLI turns an exception into an exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every file ok (or skipped as unchanged)
    USAGE = 1  # bad command line or no input found
    SOME_FILES_FAILED = 2  # at least one file partial or failed: see files / flags
    MISSING_DEPENDENCY = 3  # a system package or Python module is missing
    DATABASE_LOCKED = 4  # the database is in use by another process, or unwritable
    INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)


class ItaError(Exception):
    exit_code = ExitCode.USAGE


class UsageError(ItaError):
    exit_code = ExitCode.USAGE


class MissingDependency(ItaError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class DatabaseLocked(ItaError):
    exit_code = ExitCode.DATABASE_LOCKED


class DatabaseBusy(DatabaseLocked):
    """Another process has the database open now (it may let go: worth waiting for)."""
