"""PostgreSQL figures: one answer committed, and the due query, at 100,000 cards.

The collection is bench_core's (generate.py: 100,000 cards, 1,000,000 review rows over
three years), moved onto a server with `cards copy` (timed too), then ANALYZEd as
autovacuum would after a bulk load. The same two operations are measured on the
SQLite file alongside, in the same run.

Run: python benchmarks/postgres.py [--quick] [--url postgresql://USER@HOST/EMPTY_DB]
Without --url a private server is started with pgserver (the test extra installs it)
in a temporary folder, on a Unix socket: no network in the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import _pct
from generate import Scale, working_copy


def _server(folder: Path) -> tuple[Any, str]:
    import pgserver
    import psycopg

    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE bench")
    return server, server.get_uri("bench")


def answer_ms(where: Path | str, n: int) -> tuple[float, float]:
    """Median and p95 of `Collection.answer` (committed) over `n` due items."""
    from cards.collection import Collection

    with Collection.open(where) as col:
        keys = [item.key for item in col.due(limit=n)]
        times = []
        for i, key in enumerate(keys):
            began = time.perf_counter()
            col.answer(key, 3 + i % 3)
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), _pct(times, 0.95)


def due_ms(where: Path | str, repeat: int) -> tuple[float, float, int]:
    """Median and best of `Collection.due(limit=100)` over `repeat` runs."""
    from cards.collection import Collection

    with Collection.open(where) as col:
        items = col.due(limit=100)  # warm
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            items = col.due(limit=100)
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times), len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 cards, 100,000 reviews")
    parser.add_argument("--url", help="an empty database on a server of your own")
    args = parser.parse_args()
    os.environ.pop("CARDS_DB", None)
    scale = Scale(10_000, 100_000) if args.quick else Scale()
    with tempfile.TemporaryDirectory(prefix="cards-pgbench-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # pgserver runs the server as its own user under root
        db = working_copy(scale, folder / "collection.db")
        server, url = (None, args.url) if args.url else _server(folder)
        try:
            measure(scale, db, url)
        finally:
            if server is not None:  # before its folder goes: the server would live on
                server.cleanup()


def measure(scale: Scale, db: Path, url: str) -> None:
    """Copy the collection onto the server, then print the figures of both engines."""
    from cards.collection.copying import copy_collection

    began = time.perf_counter()
    report = copy_collection(db, url)
    copied = time.perf_counter() - began
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    print(f"collection: {scale.cards:,} cards, {report.counts.items:,} items, "
          f"{report.counts.reviews:,} review rows")
    print(f"{'cards copy SQLite -> PostgreSQL':<44} {copied:>9.1f} s")
    for name, where in (("PostgreSQL", url), ("SQLite", db)):
        due, best, n = due_ms(where, 30)
        print(f"{'due query, next 100 (median), ' + name:<44} {due:>9.2f} ms  "
              f"best {best:.2f} ms, {n} items, 30 runs")
        median, p95 = answer_ms(where, 200)
        print(f"{'one answer, committed (median), ' + name:<44} {median:>9.2f} ms  "
              f"p95 {p95:.2f} ms, 200 answers")


if __name__ == "__main__":
    main()
