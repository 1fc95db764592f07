"""Benchmarks of the collection and the CLI on a large collection (see generate.py).

Run: python benchmarks/bench_core.py [--quick] [--json]
Each line: what, measured, budget, ok/over. `--json` prints the rows for run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Scale, cached_deck_file, working_copy


@dataclass
class Row:
    what: str
    measured: float  # seconds (or ms: see unit)
    budget: float
    unit: str = "ms"
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.measured <= self.budget

    def line(self) -> str:
        verdict = "ok" if self.ok else "OVER"
        return (f"{self.what:<44} {self.measured:>9.2f} {self.unit:<2}  <= {self.budget:g} "
                f"{self.unit:<2}  {verdict}  {self.note}")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_answer(db: Path, n: int) -> list[Row]:
    """Grade, new state, committed (synchronous=FULL): `Collection.answer` per due item."""
    from cards.collection import Collection

    with Collection.open(db) as col:
        keys = [item.key for item in col.due(limit=n)]
        times = []
        for i, key in enumerate(keys):
            began = time.perf_counter()
            col.answer(key, 3 + i % 3)
            times.append((time.perf_counter() - began) * 1000)
    note = f"p95 {_pct(times, 0.95):.2f} ms over {len(times)} answers"
    return [Row("record one answer (median)", statistics.median(times), 5, note=note)]


def bench_due(db: Path, repeat: int) -> Row:
    from cards.collection import Collection

    with Collection.open(db) as col:
        col.due(limit=100)  # warm: the first read maps the file
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            items = col.due(limit=100)
            times.append((time.perf_counter() - began) * 1000)
    return Row("fetch the next 100 due cards (median)", statistics.median(times), 20,
               note=f"{len(items)} items, {repeat} runs, best {min(times):.1f} ms")


def _run(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return times


def bench_stats(db: Path, repeat: int) -> Row:
    times = _run(["cards", "--db", str(db), "stats"], repeat)
    return Row("`cards stats` (subprocess, median)", statistics.median(times), 1, "s",
               note=f"{repeat} runs, best {min(times):.2f} s")


def bench_help(repeat: int) -> Row:
    times = _run(["cards", "--help"], repeat)
    return Row("`cards --help` (subprocess, median)", statistics.median(times), 0.3, "s",
               note=f"{repeat} runs, best {min(times):.3f} s")


def bench_import(n: int, folder: Path) -> Row:
    deck = cached_deck_file(n)
    db = folder / "import.db"
    began = time.perf_counter()
    done = subprocess.run(["cards", "--db", str(db), "import", str(deck)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"import failed: {done.stderr.strip()}")
    budget = 30 * n / 100_000
    return Row(f"`cards import` of a {n:,}-card deck file", elapsed, budget, "s",
               note=done.stdout.strip()[:60])


def run_all(quick: bool) -> list[Row]:
    scale = Scale(10_000, 100_000) if quick else Scale()
    deck_n = 10_000 if quick else 100_000
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cards-bench-") as tmp:
        folder = Path(tmp)
        db = working_copy(scale, folder / "collection.db")
        rows.append(bench_due(db, 30))
        rows += bench_answer(db, 200)
        rows.append(bench_stats(db, 5))
        rows.append(bench_help(7))
        rows.append(bench_import(deck_n, folder))
    for row in rows:
        row.note = f"[{scale.cards:,} cards, {scale.reviews:,} reviews] {row.note}".strip()
    return rows


def bench_main(doc: str | None, run: Callable[[bool], list[Row]], quick_help: str) -> None:
    """The command line every benchmark of rows shares: ``--quick`` and ``--json``."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    args = parser.parse_args()
    os.environ.pop("CARDS_DB", None)
    rows = run(args.quick)
    if args.json:
        print(json.dumps([asdict(r) | {"ok": r.ok} for r in rows]))
    else:
        for row in rows:
            print(row.line())


def main() -> None:
    bench_main(__doc__, run_all, "10,000 cards, 100,000 reviews")


if __name__ == "__main__":
    main()
