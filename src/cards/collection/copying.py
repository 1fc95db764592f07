"""`cards copy`: a whole collection into another place, on either engine.

Moving a collection from a file to a server (or back, or between servers) must carry
everything that makes it the same collection: decks and their limits, cards with
their statuses and import records, every item's schedule, the whole review log with
its ids, and the settings. The source is read in one read transaction (one
consistent snapshot, even while another machine answers), and the destination is
written in one write transaction: it gets all of it or nothing.

The destination must be empty: a new file, or a database with no collection or an
empty one. `cards copy` never merges two collections or overwrites one, since the
review log of the one overwritten would be lost; to replace a collection, copy into a
new place and point `--db` there.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from cards import locations
from cards.errors import InvalidInputError
from cards.store import Store, open_store
from cards.store.copying import CopyCounts, copy_rows, row_counts


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str
    dest: str
    counts: CopyCounts
    created: bool  # the destination collection was made by this copy


def copy_collection(source: str | Path, dest: str | Path) -> CopyReport:
    """Copy the collection at `source` (a path or a postgresql:// URL) into `dest`,
    which must be empty (see the module docstring)."""
    src_where, dest_where = locations.resolve_db(source), locations.resolve_db(dest)
    if _same(src_where, dest_where):
        raise InvalidInputError("the source and the destination are the same collection")
    src = open_store(src_where, writable=False, create=False)
    try:
        target = open_store(dest_where)
        try:
            counts = _copy(src, target)
        except BaseException:
            _forget(target)
            raise
        target.close()
        return CopyReport(src.location, target.location, counts, target.created)
    finally:
        src.close()


def _copy(src: Store, target: Store) -> CopyCounts:
    with target.write() as out:
        held = row_counts(out.connection())
        if any(held.values()):
            what = ", ".join(f"{n} {table} rows" for table, n in held.items() if n)
            raise InvalidInputError(
                f"{target.location} is not empty ({what}); cards copy writes only into an "
                "empty collection: give a new file or an empty database")
        with src.read() as inp:
            return copy_rows(inp.connection(), out.connection())


def _forget(target: Store) -> None:
    """After a failed copy, a collection file this copy created is removed again
    (nothing was in it); anything that existed before is left as it was."""
    target.close()
    if target.created and isinstance(target, Store) and target.location == str(target.path):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                target.path.with_name(target.path.name + suffix).unlink()


def _same(a: Path | str, b: Path | str) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        return a.resolve() == b.resolve()
    return a == b
