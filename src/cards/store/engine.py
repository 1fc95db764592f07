"""Opening a collection file safely, and the connections that talk to it.

Connection set-up, and why:
- WAL journal: readers never block the writer, so a review session and a `cards add`
  in another process share one collection.
- `BEGIN IMMEDIATE` for every write transaction, and a busy timeout: a writer takes
  the lock up front and waits for it, instead of failing with "database is locked"
  when two deferred transactions both try to upgrade.
- synchronous=FULL: a committed answer survives a power cut, not just a crash.
- foreign keys on.
- mmap_size: reads go through a memory map (writes still use write() and fsync).

Before anything touches a file we check it is a regular file holding an SQLite
database that is (or can become) a cards collection, so a wrong --db path is refused
and left untouched: `os.stat` comes first, so a FIFO or a device is never opened (a
FIFO would block for ever, a device would get a `-journal` beside it).

A store is opened for reading or for writing. Only a writing store may create a new
collection or migrate an old one (after a backup); a reading store needs an existing
collection, and reads an older schema through a migrated copy in memory, so a
read-only command never changes the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import struct
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cards.errors import CardsError, DatabaseError, StorageIOError
from cards.store import migrations
from cards.store.repos import Repositories
from cards.store.sqlite.connections import Pool, configure, driver_errors, is_open
from cards.store.sqlite.functions import register_functions
from cards.store.tx import Tx

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 15.0
#: Read pages through a memory map: counting over a large collection (stats, the home
#: screen) then costs no read() system call per page; `cards stats` on 100,000 cards
#: spent about half its time in the kernel copying pages without it.
MMAP_BYTES = 256 * 1024 * 1024


def _describe(exc: BaseException, path: Path) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return f"{path} is busy: another program holds a long lock on it; try again"
    if "readonly" in low or "read-only" in low:
        return f"{path} is read-only; cannot save changes there"
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return (f"{path} is damaged ({text}); restore a backup (cards keeps one as "
                "<name>.v<N>-<time>.bak before each upgrade)")
    if "full" in low:
        return f"the disk holding {path} is full; nothing was saved"
    if "unable to open" in low:
        return f"cannot open {path}: check the folder exists and is writable"
    return f"database error on {path}: {text}"


def _stat(path: Path) -> os.stat_result | None:
    """`os.stat` of the path, None if nothing is there; never opens the file."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as exc:
        raise StorageIOError(f"cannot read {path}: {exc.strerror or exc}") from None


def check_file(path: Path) -> bool:
    """Refuse a path that is not (and cannot become) a collection. True if it exists.

    Looks at the file's type before opening it, then reads at most the 100-byte
    header; never writes.
    """
    info = _stat(path)
    if info is None:
        return False
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path} is a folder, not a collection file")
    if not stat.S_ISREG(info.st_mode):
        raise StorageIOError(f"{path} is not a regular file (a device, FIFO or socket); "
                             "a collection is an ordinary file")
    if not os.access(path, os.R_OK):  # (a read-only file or disk is SQLite's to report)
        raise StorageIOError(f"cannot open {path}: permission denied")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StorageIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0:
        return True
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise DatabaseError(f"{path} is not a cards collection (not an SQLite database)")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if page_size < 512 or (not has_wal and (size % page_size or size < pages * page_size)):
        raise DatabaseError(f"{path} is damaged (truncated); restore a backup")
    return True


#: Tables every schema version from v1 on has: a file whose user_version claims a
#: version but lacks them is some other program's database.
CORE_TABLES = frozenset({"deck", "card", "schedule", "review", "setting"})


def _user_version(conn: sqlite3.Connection) -> tuple[int, frozenset[str]]:
    """(schema version, names of the tables), read in one statement so both come from
    the same snapshot even while another process is creating the schema."""
    row = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT json_group_array(name) FROM sqlite_master WHERE type = 'table')").fetchone()
    return int(row[0]), frozenset(json.loads(row[1] or "[]"))


def _check_version(path: Path, version: int, tables: frozenset[str]) -> None:
    """Refuse a schema newer than this code, or an SQLite file that is not a collection."""
    if version > migrations.SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer cards (schema v{version}; this version "
            f"reads up to v{migrations.SCHEMA_VERSION}); upgrade cards to open it"
        )
    if (version == 0 and tables) or (version > 0 and not tables >= CORE_TABLES):
        raise DatabaseError(f"{path} is an SQLite database but not a cards collection")


def _check_settled(path: Path) -> bool:
    """`check_file`, allowing a moment for a file another process is creating.

    SQLite creates a new database as an empty file and writes its header a moment
    later, so a second process can meet a file that is short or all zero bytes. Such a
    file is looked at again for up to a second; any other content is refused at once.
    """
    deadline = time.monotonic() + 1.0
    while True:
        try:
            return check_file(path)
        except DatabaseError:
            if not path.is_file():
                raise
            with path.open("rb") as handle:
                head = handle.read(100)
            being_made = len(head) < 100 or not head.strip(b"\x00")
            if not being_made or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _uri(path: Path, mode: str) -> str:
    """An SQLite URI for the file; `mode=rw` opens it but never creates it."""
    return f"{path.absolute().as_uri()}?mode={mode}"


def prepare(path: Path) -> list[Path]:
    """Create or migrate the file at `path` to the current schema; return backups made."""
    existed = _check_settled(path)
    if not existed:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageIOError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            return _prepare_once(path)
        except sqlite3.OperationalError as exc:
            # Switching a brand-new file to WAL while another process does the same can
            # answer "locked" at once, without waiting: the attempt is safe to repeat.
            busy = "locked" in str(exc).lower() or "busy" in str(exc).lower()
            if not busy or time.monotonic() > deadline:
                raise DatabaseError(_describe(exc, path)) from None
            time.sleep(0.05)


def _prepare_once(path: Path) -> list[Path]:
    backups: list[Path] = []
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        register_functions(conn)  # a step may fill a column with them (v8's folded text)
    except sqlite3.Error as exc:
        raise DatabaseError(_describe(exc, path)) from None
    try:
        version, tables = _user_version(conn)
        _check_version(path, version, tables)
        if version == migrations.SCHEMA_VERSION:
            return backups
        if version == 0:
            conn.execute("PRAGMA journal_mode=WAL")  # not allowed inside a transaction
        # Another process may be creating or upgrading the same file right now: take
        # the write lock, then look again, so each step runs exactly once.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version, tables = _user_version(conn)
            _check_version(path, version, tables)
            if version < migrations.SCHEMA_VERSION:
                if version > 0:
                    backups.append(migrations.backup(path, version))
                migrations.apply(conn, version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                conn.execute("ROLLBACK")
            # The file is as it was: a backup of it is not needed, and must not pile up.
            for made in backups:
                made.unlink(missing_ok=True)
            raise
        if 0 < version < 8:
            fill_folded(conn)
    except sqlite3.OperationalError:
        raise  # prepare() decides whether to try again
    except sqlite3.Error as exc:
        raise DatabaseError(_describe(exc, path)) from None
    except OSError as exc:
        raise StorageIOError(f"cannot back up {path}: {exc.strerror or exc}") from None
    finally:
        conn.close()
    return backups


#: Cards folded per transaction by `fill_folded`.
FOLD_BATCH = 5000


def fill_folded(conn: sqlite3.Connection) -> None:
    """Fold the cards of a collection upgraded past v8, a batch per transaction.

    Best effort: on a full disk it stops, and searches keep folding the rest on the
    fly (`folded_row` of the engine's SQL words); `cards check` folds what is left.
    """
    try:
        while True:
            conn.execute("BEGIN IMMEDIATE")
            done = conn.execute(migrations.FILL_FOLDED, (FOLD_BATCH,)).rowcount
            conn.execute("COMMIT")
            if done < FOLD_BATCH:
                return
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def inspect(path: Path) -> int:
    """The schema version of an existing collection, opened read-only; refuse a path
    that holds no collection (missing, empty) or one that is not a cards collection."""
    if not check_file(path) or path.stat().st_size == 0:
        raise StorageIOError(f"no collection at {path}")
    try:
        conn = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            version, tables = _user_version(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(_describe(exc, path)) from None
    if version == 0 and not tables:
        raise StorageIOError(f"no collection at {path}")
    _check_version(path, version, tables)
    return version


def migrated_copy(path: Path) -> sqlite3.Connection:
    """An in-memory copy of an older collection, migrated to the current schema, for
    reading it without changing the file (the file is migrated by the first write)."""
    try:
        source = sqlite3.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_S)
        memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        register_functions(memory)
        try:
            source.backup(memory)
        finally:
            source.close()
        version, tables = _user_version(memory)
        _check_version(path, version, tables)
        memory.execute("BEGIN")
        migrations.apply(memory, version)
        memory.execute("COMMIT")
    except sqlite3.Error as exc:
        raise DatabaseError(_describe(exc, path)) from None
    return memory


def connect(path: Path) -> sqlite3.Connection:
    """A new connection to the collection file, set up as the module docstring says.

    It opens the file with `mode=rw`: a connection never creates a file (a collection
    deleted while open gives an error, not a new empty collection)."""
    conn = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S,
                           check_same_thread=False, isolation_level=None)
    configure(conn, BUSY_TIMEOUT_S, MMAP_BYTES)
    return conn


def _pool(path: Path, memory: sqlite3.Connection | None = None) -> Pool:
    """The connections of a store; with `memory`, every transaction uses that one
    in-memory database instead (see `migrated_copy`)."""
    if memory is not None:
        configure(memory, BUSY_TIMEOUT_S, MMAP_BYTES)
        return Pool(lambda: memory, shared=memory)
    return Pool(lambda: connect(path))


class Store:
    """An open collection file: short read and write transactions on pooled `sqlite3`
    connections (`store.sqlite.connections`), with an ORM session on demand.

    `writable=False` opens an existing collection for reading only: nothing is
    created or migrated, and `write` is refused. A writable store migrates an older
    collection after a backup, and with `create` makes a missing one (`created`
    then says so); without `create` a missing collection is refused.
    """

    def __init__(self, path: Path, *, writable: bool = True, create: bool = True) -> None:
        self.path = path
        self.writable = writable
        self.created = False
        self.backups: list[Path] = []
        if writable:
            # settled: another process may be creating this very file right now
            self.created = not _check_settled(path) or path.stat().st_size == 0
            if self.created and not create:
                raise StorageIOError(f"no collection at {path}")
            self.backups = prepare(path)
            self._pool = _pool(path)
        elif inspect(path) < migrations.SCHEMA_VERSION:
            self._pool = _pool(path, migrated_copy(path))
        else:
            self._pool = _pool(path)

    @property
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """What the driver raises; `database_error` turns it into one clear message."""
        return driver_errors()

    @property
    def location(self) -> str:
        """Where the collection is, as messages name it: its file."""
        return str(self.path)

    @property
    def media_dir(self) -> Path:
        """Anki's layout: `collection.db` keeps its media in `collection.media/`."""
        return self.path.with_name(f"{self.path.stem}.media")

    def database_error(self, exc: BaseException) -> CardsError:
        """The one-line error a driver failure becomes."""
        return DatabaseError(_describe(exc, self.path))

    def commit_error(self, exc: BaseException) -> CardsError:
        """The error of a failed COMMIT (on a file, as any other failure)."""
        return self.database_error(exc)

    @contextmanager
    def _held(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection for as long as the block runs; driver failures become
        one clear error."""
        try:
            raw = self._pool.checkout()
        except sqlite3.Error as exc:
            raise self.database_error(exc) from None
        try:
            yield raw
        except CardsError:
            raise
        except self.driver_errors as exc:
            raise self.database_error(exc) from None
        finally:
            self._pool.checkin(raw)

    @contextmanager
    def _tx_on(self, raw: sqlite3.Connection, begin: str,
               conn: Connection | None = None) -> Iterator[Tx]:
        """One transaction on `raw`, committed on success: the store issues BEGIN and
        COMMIT itself; an ORM session, if a repository makes one, is flushed first
        and closed only once the transaction has ended (see `Pool.orm_connection`)."""
        joined = raw is self._pool.shared and raw.in_transaction  # a nested read
        if not joined:
            raw.execute(begin)
        tx = Tx(conn, raw=raw, bind=lambda: self._pool.orm_connection(raw))
        try:
            try:
                yield tx
                tx.finish()
            except BaseException:
                if raw.in_transaction and not joined:  # SQLite rolls back by itself on a full disk
                    raw.execute("ROLLBACK")
                raise
            if not joined:
                try:
                    raw.execute("COMMIT")
                except self.driver_errors as exc:
                    if raw.in_transaction:
                        raw.execute("ROLLBACK")
                    raise self.commit_error(exc) from None
        finally:
            tx.close()

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Repositories]:
        """The repositories over one transaction on a pooled connection, committed on
        success. No ORM session is made unless a repository needs one (`store.tx`)."""
        with self._held() as raw, self._tx_on(raw, begin) as tx:
            yield Repositories(tx)

    @contextmanager
    def _session(self, begin: str) -> Iterator[Session]:
        with self._transaction(begin) as repos:
            yield repos.session

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One connection held across several transactions (`read_on`, `write_on`): a
        staged import keeps its TEMP tables on it (see `staging`). An SQLAlchemy
        connection over a pooled driver connection."""
        with self._held() as raw:
            conn = self._pool.orm_connection(raw)
            try:
                yield conn
            finally:
                if is_open(raw) and raw.in_transaction:  # a failure inside one: end it
                    raw.execute("ROLLBACK")
                conn.close()

    @contextmanager
    def _session_on(self, conn: Connection, begin: str) -> Iterator[Session]:
        try:
            raw = self._pool.driver_of(conn)
            with self._tx_on(raw, begin, conn) as tx:
                yield tx.session
        except CardsError:
            raise
        except self.driver_errors as exc:
            raise self.database_error(exc) from None

    def read_on(self, conn: Connection) -> AbstractContextManager[Session]:
        """A read transaction on a held connection; TEMP tables may be written in it
        (they lock nothing of the collection)."""
        return self._session_on(conn, "BEGIN")

    def write_on(self, conn: Connection) -> AbstractContextManager[Session]:
        """A write transaction on a held connection (see `write`)."""
        if not self.writable:
            raise RuntimeError("a write on a collection opened for reading only")
        return self._session_on(conn, "BEGIN IMMEDIATE")

    def read(self) -> AbstractContextManager[Session]:
        """A read transaction through the ORM (deferred: never blocks or is blocked by
        the writer). Cold paths only: `reading` needs no ORM."""
        return self._session("BEGIN")

    def write(self) -> AbstractContextManager[Session]:
        """A write transaction through the ORM: takes the write lock up front, commits
        on success."""
        if not self.writable:
            raise RuntimeError("a write on a collection opened for reading only")
        return self._session("BEGIN IMMEDIATE")

    def reading(self) -> AbstractContextManager[Repositories]:
        """The repositories over one read transaction (deferred: never blocks or is
        blocked by the writer)."""
        return self._transaction("BEGIN")

    def writing(self) -> AbstractContextManager[Repositories]:
        """The repositories over one write transaction (the write lock taken up
        front), committed on success."""
        if not self.writable:
            raise RuntimeError("a write on a collection opened for reading only")
        return self._transaction("BEGIN IMMEDIATE")

    # ------------------------------------------------------- whole-file copies
    #: Whether the collection is a file that `backup_to` can copy (not on a server).
    file_backups: bool = True

    def backup_to(self, target: Path) -> Path:
        """A consistent copy of the collection at `target`, taken while other processes
        may be writing (SQLite's backup API: see `store.sqlite.backup`)."""
        from cards.store.sqlite import backup

        return backup.copy_to(self.path, target)

    def integrity(self) -> list[str]:
        """SQLite's own check of the file (pages, indexes, foreign keys): [] if sound."""
        from cards.store.sqlite import backup

        try:
            problems = backup.integrity(self.path)
            with self.reading() as repos:
                broken = repos.tx.run("PRAGMA foreign_key_check").fetchall()
        except sqlite3.Error as exc:
            raise DatabaseError(_describe(exc, self.path)) from None
        tables = sorted({str(row[0]) for row in broken})
        return problems + [f"foreign key check: rows of {t} refer to missing rows"
                           for t in tables]

    def restore_from(self, source: Path) -> None:
        """Replace the collection's content by the collection file `source`.

        `source` must be a cards collection this code can read (an older schema is
        migrated afterwards, after its own backup) that passes `integrity_check`; the
        live file is overwritten in one transaction, never left half-restored.
        """
        from cards.store.sqlite import backup

        check_file(source)
        try:
            version = backup.schema_version(source)
            if version == 0:
                raise DatabaseError(f"{source} is not a cards collection")
            _check_version(source, version, CORE_TABLES)
            if backup.integrity(source):
                raise DatabaseError(f"{source} is damaged (integrity_check fails); "
                                    "choose another backup")
            self._pool.dispose()
            backup.restore_into(source, self.path)
        except sqlite3.Error as exc:
            raise DatabaseError(_describe(exc, source)) from None
        self.backups += prepare(self.path)

    def close(self) -> None:
        self._pool.close()
