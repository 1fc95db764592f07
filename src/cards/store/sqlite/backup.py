"""Whole-file copies of a collection with SQLite's online backup API, and restoring one.

Why not `cp`: in WAL mode the newest answers live in `collection.db-wal` until a
checkpoint, so a copy of the main file alone can miss them (or be torn mid-write).
The backup API reads the database through SQLite, as one consistent snapshot taken
when the copy begins (one step, `pages=-1`), while other processes keep writing.

A copy is written as `<target>.partial` with no journal, flushed to disk and then
renamed, so a file with the final name is always a whole copy (a crash, a kill or a
full disk leaves at most a `.partial`, which is deleted).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cards.errors import DatabaseError, StorageIOError

#: A copy is written under this suffix and renamed once complete.
PARTIAL = ".partial"
BUSY_TIMEOUT_S = 15.0


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder, making a rename durable) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_S)


def snapshot(source: Path, target: Path) -> Path:
    """Copy the database at `source` to `target` (replaced if present), atomically.

    Raises sqlite3.Error or OSError; the caller words them.
    """
    partial = target.with_name(target.name + PARTIAL)
    try:
        src = _readonly(source)
        try:
            dest = sqlite3.connect(partial, isolation_level=None)
            try:
                dest.execute("PRAGMA journal_mode=OFF")
                src.backup(dest)  # pages=-1: the whole file in one step, one snapshot
            finally:
                dest.close()
        finally:
            src.close()
        fsync_path(partial)
        os.replace(partial, target)
        fsync_path(target.parent)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def copy_to(source: Path, target: Path) -> Path:
    """`snapshot`, with failures worded as one line (DatabaseError / StorageIOError)."""
    if not target.parent.is_dir():
        raise StorageIOError(f"cannot write the backup {target}: its folder does not exist")
    if target.exists() and target.resolve() == source.resolve():
        raise StorageIOError(f"cannot back up {source} onto itself")
    try:
        return snapshot(source, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot back up {source}: {exc}") from None
    except OSError as exc:
        raise StorageIOError(f"cannot write the backup {target}: {exc.strerror or exc}") from None


def schema_version(path: Path) -> int:
    """The `user_version` of a database file opened read-only (0 if it has none)."""
    conn = _readonly(path)
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"card", "schedule", "review"} <= tables:
            return 0
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    """`PRAGMA integrity_check` of a database file: [] when it is sound."""
    conn = _readonly(path)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def restore_into(backup: Path, live: Path) -> None:
    """Overwrite the collection at `live` with the database in `backup`, in place.

    Uses the backup API in the other direction, into the live file: SQLite takes the
    write lock, replaces every page in one transaction and other connections (the app
    open elsewhere) see the restored collection on their next read, never a torn one.
    """
    src = _readonly(backup)
    try:
        dest = sqlite3.connect(f"{live.absolute().as_uri()}?mode=rw", uri=True,
                               timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            dest.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=WAL")
        finally:
            dest.close()
    finally:
        src.close()
