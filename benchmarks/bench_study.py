"""Benchmarks of issue 13 at 100,000 cards: search, bulk actions, backup.

Run: python benchmarks/bench_study.py [--quick] [--json]
Reuses the generated collection of generate.py (100,000 cards, 1,000,000 reviews).
Budgets: a search (what Browse runs: the first page and the total) <= 50 ms, a bulk
action over 10,000 cards <= 1 s, a backup <= 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import Row, bench_main
from generate import Scale, working_copy

#: Queries a user types in Browse. `c000` matches the ids c0000000..c0009999: exactly
#: 10,000 cards, the bulk benchmarks' selection.
QUERIES = ("concept 4242", "cafe", "deck:physics tag:unit-3", "is:due", "is:new deck:biology",
           "-tag:unit-1 answer number 99", '"answer number 12345"', "front:concept added:30",
           "rated:7", "(deck:history or deck:physics) -is:review")
BULK_QUERY = "c000"


def bench_search(db: Path, repeat: int) -> list[Row]:
    """Browse's load for each query, as Browse makes it: one `search_cards` call for
    the first page (200 cards and one more, to know there are more) and the total."""
    from cards.collection import Collection

    rows = []
    with Collection.open(db, writable=False) as col:
        col.search_cards("warm", limit=201)
        medians, cpus = [], []
        for query in QUERIES:
            times, cpu = [], []
            for _ in range(repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                found = col.search_cards(query, limit=201)
                page, total = found.items, found.total
                times.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            medians.append(statistics.median(times))
            cpus.append(statistics.median(cpu))
            rows.append(Row(f"search {query!r}", medians[-1], 50,
                            note=f"CPU {cpus[-1]:.1f} ms; {total:,} matches, page "
                                 f"{len(page)}, {repeat} runs"))
    load = os.getloadavg()[0]
    rows.insert(0, Row("search: worst query (median of its runs)", max(medians), 50,
                       note=f"{len(QUERIES)} queries; median of all "
                            f"{statistics.median(medians):.1f} ms; CPU: worst "
                            f"{max(cpus):.1f} ms, median {statistics.median(cpus):.1f} ms; "
                            f"load average {load:.1f}"))
    return rows


def bench_bulk(db: Path) -> list[Row]:
    """Each bulk action over a search matching 10,000 cards, then its undo."""
    from cards.collection import Collection

    rows = []
    with Collection.open(db) as col:
        assert col.count_cards(BULK_QUERY) == 10_000
        for action, value in (("suspend", None), ("tag", "bench"), ("move", "moved"),
                              ("delete", None)):
            began = time.perf_counter()
            result = col.bulk(action, search=BULK_QUERY, value=value)
            took = time.perf_counter() - began
            began = time.perf_counter()
            col.undo_bulk(result.step)
            undo = time.perf_counter() - began
            rows.append(Row(f"bulk {action} over 10,000 cards", took, 1, "s",
                            note=f"{len(result.touched):,} touched; undo {undo:.2f} s"))
    return rows


def bench_backup(db: Path, folder: Path) -> list[Row]:
    from cards.collection import Collection

    size = db.stat().st_size / 1e6
    with Collection.open(db) as col:
        began = time.perf_counter()
        col.backup(folder / "copy.db")
        took = time.perf_counter() - began
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cards", "--db", str(db), "backup",
                           str(folder / "copy2.db")],
                          capture_output=True, text=True)
    cli = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return [Row("backup (Collection.backup)", took, 2, "s", note=f"{size:.0f} MB file"),
            Row("`cards backup PATH` (whole command)", cli, 2, "s", note=f"{size:.0f} MB file")]


def run_all(quick: bool) -> list[Row]:
    scale = Scale(10_000, 100_000) if quick else Scale()
    with tempfile.TemporaryDirectory(prefix="cards-bench-") as tmp:
        folder = Path(tmp)
        db = working_copy(scale, folder / "collection.db")
        with __import__("cards.collection", fromlist=["Collection"]).Collection.open(db):
            pass  # migrate the copy first (and take the day's backup), outside the timings
        rows = bench_search(db, 7)
        rows += bench_bulk(db) if not quick else []
        rows += bench_backup(db, folder)
    for row in rows:
        row.note = f"[{scale.cards:,} cards] {row.note}".strip()
    return rows


def main() -> None:
    bench_main(__doc__, run_all, "10,000 cards (no bulk rows)")


if __name__ == "__main__":
    main()
