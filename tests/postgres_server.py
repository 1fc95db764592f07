"""A real PostgreSQL server for the tests, started by the tests themselves.

`pgserver` (in the test extra) bundles PostgreSQL's binaries and runs a private server
on a Unix socket; it works as root (it runs the server as a user of its own). Each
xdist worker starts a server of its own (about a second) in a folder named after the
run and the worker, so no worker waits for or stops another's, and its session
fixture stops the server and deletes the folder at the end, in the test process
rather than at interpreter exit. Each test gets a database of its own on it, dropped
afterwards.

A machine where the server cannot start fails the tests that need it, with the reason:
nothing is skipped for want of a server.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest


def data_folder(run: str, name: str = "") -> Path:
    """The data folder of a run's server (`name` for another one of the same run). Not
    under pytest's temporary folders: those are private to root (mode 0700), and the
    server runs as a user of its own."""
    return Path(tempfile.gettempdir()) / f"cards-pg-{run[:16]}{name}"


def start(data: Path, *, cleanup: str = "delete") -> Any:
    """The server whose data folder is `data`, started if it is not running; the last
    process using it stops it and (by default) deletes the folder."""
    try:
        import pgserver
    except ImportError as exc:  # the test extra was not installed
        pytest.fail(f"the PostgreSQL tests need pgserver ({exc}); install the test extra: "
                    "pip install -e '.[test]'", pytrace=False)
    try:
        return pgserver.get_server(data, cleanup_mode=cleanup)
    except Exception as exc:
        log = data / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        pytest.fail(f"cannot start the PostgreSQL test server in {data}: "
                    f"{type(exc).__name__}: {exc}\n{tail}", pytrace=False)


def admin(server: Any) -> Any:
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    return psycopg.connect(server.get_uri(), autocommit=True)


def url_of(server: Any, database: str) -> str:
    """A `postgresql://` URL of a database on the server, as a user would write it."""
    return server.get_uri(database)  # type: ignore[no-any-return]


def remove(server: Any) -> None:
    """Stop the server and delete its data folder."""
    import shutil

    try:
        server.cleanup()
    finally:
        shutil.rmtree(server.pgdata, ignore_errors=True)


def drop_database(server: Any, url: str) -> None:
    """Drop a test's database (a copy of the template costs 7 MB of disk)."""
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_database(server: Any, prefix: str = "t") -> str:
    """A new, empty database on the server; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url_of(server, name)


def stop(server: Any) -> None:
    """Stop the server as an administrator would (`pg_ctl stop -m fast`): open
    transactions are rolled back and every connection is cut."""
    import pgserver

    pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata,
                    user=server.system_user, timeout=60)


def start_again(server: Any) -> None:
    """Start a stopped server on the same data folder and socket."""
    server.ensure_postgres_running()
