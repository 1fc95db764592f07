"""Shared fixtures: a real collection file on disk, and the real CLI entry point."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# Some shells (this project's CI machine among them) export PYTHONDONTWRITEBYTECODE. The
# suite starts hundreds of Python processes (`python -m cards`, xdist workers, helpers
# that race a writer), and without a bytecode cache each compiles every module of
# `cards` and every test module (assertion rewriting) again from source: a third of the
# suite's CPU time. Caches go to `__pycache__/`, which git ignores. Set before `cards` is
# imported here, and before xdist starts its workers, which inherit the environment.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

from cards.collection import Collection  # noqa: E402

#: A fixed moment (a Saturday, 10:00 UTC) for tests that need a stable "now".
FIXED_NOW = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)


class Clock:
    """A settable clock, so tests can move time forward between answers."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment += timedelta(**delta)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "collection.db"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def col(db_path: Path, clock: Clock) -> Iterator[Collection]:
    collection = Collection.open(db_path, now=clock)
    collection.set_setting("timezone", "UTC")
    yield collection
    collection.close()


#: This run's id when xdist does not give one (a run without workers).
_RUN_ID = uuid.uuid4().hex


@pytest.fixture(scope="session")
def run_id(request: pytest.FixtureRequest) -> str:
    """The test run's id, shared by every xdist worker of the run."""
    workerinput = getattr(request.config, "workerinput", None)
    return str(workerinput["testrunuid"]) if workerinput else _RUN_ID


def _shared_folder(run: str) -> Path:
    """A folder every worker of one test run shares (`built_once`), removed by the
    process that runs the session (`pytest_sessionfinish`)."""
    return Path(tempfile.gettempdir()) / f"cards-shared-{run[:16]}"


@pytest.fixture(scope="session")
def built_once(run_id: str) -> Callable[[str, Callable[[Path], Path]], Path]:
    """`built_once(name, build)`: the file `build(folder)` makes, made once per test run
    and shared by every xdist worker (a lock file orders them), for inputs that take
    seconds to build and that tests only read, such as a big Anki package."""
    root = _shared_folder(run_id)

    def get(name: str, build: Callable[[Path], Path]) -> Path:
        root.mkdir(exist_ok=True)
        done = root / f"{name}.path"
        with open(root / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not done.exists():
                folder = root / name
                folder.mkdir()
                done.write_text(str(build(folder)))
        return Path(done.read_text())

    return get


def pytest_configure(config: pytest.Config) -> None:
    """The controlling process gives its workers its own run id (xdist's `testrunuid`),
    so it knows which shared folder to remove at the end, and rewrites the test modules
    for them."""
    if getattr(config, "workerinput", None) is None and \
            getattr(config.option, "testrunuid", "") is None:
        config.option.testrunuid = _RUN_ID
        _rewrite_test_modules(config)


def _rewrite_test_modules(config: pytest.Config) -> None:
    """Write pytest's cache of each test module with its asserts rewritten, once, before
    the xdist workers start. On a fresh clone each worker otherwise rewrites all of them
    at the same moment (4 s of CPU each: half of a worker's collection). It is pytest's
    own cache, as the first import would write it; a change in pytest's internals only
    means the workers rewrite them as before."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
        )

        state = config.stash[assertstate_key]
        for source in sorted(Path(__file__).parent.glob("test_*.py")):
            cache = get_cache_dir(source)
            pyc = cache / (source.name[:-3] + PYC_TAIL)
            if _read_pyc(source, pyc, state.trace) is None:
                cache.mkdir(exist_ok=True)
                stat, code = _rewrite_test(source, config)
                _write_pyc(state, code, stat, pyc)
    except Exception:
        pass  # only an optimisation: the workers rewrite whatever is missing


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` runs one worker more than the machine has cores: a third of the suite's
    time is spent waiting on subprocesses (the CLI, servers, Anki builds), which a third
    worker on two cores fills (161 s against 178 s on 2 December; 233 s against 238 s,
    the machine slower, on 3 December)."""
    return (os.cpu_count() or 1) + 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's shared folder goes when the run ends (in the controlling process, or in
    the only process of a run without workers)."""
    if getattr(session.config, "workerinput", None) is None:
        shutil.rmtree(_shared_folder(_RUN_ID), ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server(run_id: str) -> Iterator[Any]:
    """This worker's PostgreSQL server (see `tests.postgres_server`), stopped and its
    folder deleted when the worker's tests are done."""
    from tests import postgres_server

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = postgres_server.start(postgres_server.data_folder(run_id, f"-{worker}"))
    yield server
    postgres_server.remove(server)


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    """The URL of a new, empty database: a collection's place on the server (dropped
    after the test)."""
    from tests import postgres_server

    url = postgres_server.new_database(pg_server)
    yield url
    postgres_server.drop_database(pg_server, url)


#: The engines a collection can live on; `any_col` runs a test on each.
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def collection_target(request: pytest.FixtureRequest, db_path: Path) -> Path | str:
    """Where a test's collection lives: a file, or a database on the test server."""
    if request.param == "sqlite":
        return db_path
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def any_col(collection_target: Path | str, clock: Clock) -> Iterator[Collection]:
    """`col` on each engine in turn (the test runs once per engine)."""
    collection = Collection.open(collection_target, now=clock)
    collection.set_setting("timezone", "UTC")
    yield collection
    collection.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run the real `cards` entry point in-process against the test collection."""
    from cards.cli import main

    monkeypatch.delenv("CARDS_DB", raising=False)

    def run(*args: str, db: Path | None = db_path) -> CliResult:
        argv = (["--db", str(db)] if db is not None else []) + list(args)
        capsys.readouterr()
        try:
            result = main(argv)
            code = int(result or 0)
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def file_digest(path: Path) -> str:
    """Hash of a file and its WAL, to prove a failed command changed nothing."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def dump(col: Collection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, on any engine: equal dumps mean equal
    content (times compared as UTC instants, flags as booleans)."""
    from sqlalchemy import select

    from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow

    out: dict[str, list[tuple[Any, ...]]] = {}
    with col.store.reading() as repos:
        conn = repos.session.connection()
        for model in (DeckRow, CardRow, ScheduleRow, ReviewRow, SettingRow):
            table = model.__table__
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(row) for row in rows]
    return out


def review_log(col: Collection) -> list[tuple[Any, ...]]:
    """(card id, ord, grade, kind) of every logged answer, oldest first, on any engine."""
    return [(r[1], r[2], r[4], r[5]) for r in dump(col)["review"]]


def table_dump(path: Path) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean equal content."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


#: SQLite's search index of v12 (FTS5's tables): derived, its pages' bytes depend on
#: the order of writes, so dumps that compare content after an undo leave it out
#: (and check it with `assert_search_rows_in_step` instead).
SEARCH_INDEX_TABLES = ("card_fts",)


def content_dump(path: Path) -> list[str]:
    """`table_dump` less the search index's own tables."""
    return [line for line in table_dump(path)
            if not any(t in line for t in SEARCH_INDEX_TABLES)]


def assert_search_rows_in_step(col: Collection) -> None:
    """Each card's search row (v12) is what its card and items say, written out here
    without the triggers' SQL, on either engine; on SQLite the trigram index agrees
    with the rows too (FTS5's own check against its content table)."""
    from sqlalchemy import text

    with col.store.reading() as repos:
        conn = repos.session.connection()
        items: dict[str, list[tuple[Any, ...]]] = {}
        for card_id, due, reps, buried in conn.execute(text(
                "SELECT card_id, due, repetitions, buried_until FROM schedule")):
            items.setdefault(card_id, []).append((due, reps, buried))
        expected = {}
        for card_id, status, deck_id, seq, created, folded in conn.execute(text(
                "SELECT id, status, deck_id, seq, created_at, folded FROM card")):
            mine = items.get(card_id, [])
            stage = min((0 if due is None else 1 if reps == 0 else 2
                         for due, reps, _ in mine), default=0)
            buried = max((b for *_, b in mine if b is not None), default=None)
            body, tags = (folded.split("\x1f\x1e", 1) if folded is not None
                          else (None, None))
            tags = None if tags is None else "\x1e" + tags
            parts = body.split("\x1f") if body is not None else None
            fields = tuple(parts[i] if parts else None for i in (1, 2, 3, 5, 6))
            expected[card_id] = (status, deck_id, seq, created, stage, buried, body, tags,
                                 *fields)
        actual = {row[0]: tuple(row[1:]) for row in conn.execute(text(
            "SELECT card_id, status, deck_id, seq, created_at, stage, buried_until, body, "
            "tags, front, back, text, concept, source_file FROM card_search"))}
        assert actual == expected
        if conn.dialect.name == "sqlite":
            for index in ("card_fts", "card_fts_tags"):
                conn.execute(text(
                    f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``serial`` share one xdist group, so they never run at the same time
    as each other (they spawn processes or race writers and would starve each other on a
    two-core machine). First among the hooks: xdist reads the group in its own
    collection hook, which ran before this one (no test was grouped) without it."""
    for item in items:
        if item.get_closest_marker("serial") is not None:
            item.add_marker(pytest.mark.xdist_group("serial"))
    # Longest first (xdist hands out work in this order; the serial group, the biggest
    # unit, goes first anyway): a long test started last would leave one worker busy
    # while the other has nothing left to do.
    items.sort(key=lambda item: item.get_closest_marker("early") is None)
