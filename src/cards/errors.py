"""Errors a user can act on, each tied to a documented exit code.

The CLI turns any `CardsError` into one line on stderr and its `exit_code`; anything
else is a bug, and still gets one line (plus the exit code INTERNAL) rather than a
traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes. Documented in the README; never renumber one."""

    OK = 0
    INTERNAL = 1  # a bug: please report it
    USAGE = 2  # bad command-line usage (unknown option, missing argument)
    NOT_FOUND = 3  # no such card or deck, or no corpus folder for `cards draft`
    INVALID_INPUT = 4  # malformed deck file, invalid card content, bad grade
    DATABASE = 5  # not a database, corrupt, newer schema, locked, unwritable
    IO = 6  # a file or folder that cannot be read or written
    NOTHING_TO_DO = 7  # empty selection, nothing to undo
    UNREACHABLE = 8  # the PostgreSQL server cannot be reached (down, network): try again
    INTERRUPTED = 130  # Ctrl-C


class CardsError(Exception):
    """Base of every expected failure."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CardsError):
    """A command-line value of the wrong kind (e.g. a URL where a file path goes)."""

    exit_code = ExitCode.USAGE


class NotFoundError(CardsError):
    exit_code = ExitCode.NOT_FOUND


class InvalidInputError(CardsError):
    exit_code = ExitCode.INVALID_INPUT


class DeckFormatError(InvalidInputError):
    """A deck file that is not valid; carries the file and (when known) the line."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


class DatabaseError(CardsError):
    exit_code = ExitCode.DATABASE


class ServerUnreachableError(DatabaseError):
    """The database server cannot be reached: nothing was changed, try again later."""

    exit_code = ExitCode.UNREACHABLE


class StorageIOError(CardsError):
    exit_code = ExitCode.IO


class NothingToDoError(CardsError):
    exit_code = ExitCode.NOTHING_TO_DO
