"""Benchmarks of FSRS (issue 14) on the generated collections (see generate.py).

- one FSRS answer, committed, at 100,000 cards and 1,000,000 review rows (<= 5 ms);
- switching to FSRS 10,000 cards with 100,000 reviews (<= 5 s): the generator's
  10,000-card collection, every deck at once (one `cards config scheduler fsrs`), its
  log holding just over 100,000 scheduled answers (and the repeats beside them);
- for information: switching back to SM-2, one 20,000-card deck of the large
  collection, and `cards compare-schedulers` on the 100,000-review log.

Run: python benchmarks/bench_fsrs.py [--quick] [--json]   (--quick: a tenth of the scale)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import Row, bench_main
from generate import Scale, working_copy


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _reviews(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM review WHERE kind = 'review'")
                   .fetchone()[0])
    finally:
        conn.close()


def bench_switch(db: Path) -> list[Row]:
    """Every deck of the collection switched to FSRS (the log replayed), and back."""
    from cards.collection import Collection

    with Collection.open(db) as col:
        began = time.perf_counter()
        col.schedulers.change_setting("scheduler", "fsrs")
        first = time.perf_counter() - began
        began = time.perf_counter()
        back = col.schedulers.change_setting("scheduler", "sm2")
        to_sm2 = time.perf_counter() - began
        began = time.perf_counter()
        again = col.schedulers.change_setting("scheduler", "fsrs")
        second = time.perf_counter() - began
    note = (f"{again.items:,} items, {again.answers:,} answers replayed; first run "
            f"{first:.2f} s")
    return [Row("switch to FSRS (replay the log)", second, 5, unit="s", note=note),
            Row("switch back to SM-2", to_sm2, 5, unit="s", note=f"{back.items:,} items")]


def bench_deck_switch(db: Path) -> Row:
    from cards.collection import Collection

    with Collection.open(db) as col:
        began = time.perf_counter()
        report = col.schedulers.set_scheduler("fsrs", "languages")
        took = time.perf_counter() - began
    # for information: a deck twice the budget's size, in a collection ten times as big
    return Row("switch one 20,000-card deck to FSRS", took, 10, unit="s",
               note=f"deck languages: {report.items:,} items, {report.answers:,} answers")


def _answers(col: object, keys: list[str]) -> list[float]:
    times = []
    for i, key in enumerate(keys):
        began = time.perf_counter()
        result = col.answer(key, 3 + i % 3)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - began) * 1000)
        assert result.due is not None
    return times


def bench_answer(db: Path, n: int) -> list[Row]:
    """`Collection.answer` on due items, committed: SM-2 first (the reference, measured
    in the same minute on the same shared machine), then FSRS on every deck. The switch
    is its own command, as `cards config scheduler fsrs` is: the collection is closed
    after it (which checkpoints its write-ahead log) and opened again to answer."""
    from cards.collection import Collection

    with Collection.open(db) as col:
        keys = [item.key for item in col.due(limit=n * 2)]
        sm2 = _answers(col, keys[:n])
    with Collection.open(db) as col:
        col.schedulers.change_setting("scheduler", "fsrs")
    with Collection.open(db) as col:
        fsrs = _answers(col, keys[n:])
        item = col.item(keys[-1])
        assert item.memory is not None and item.due == item.fsrs_due
    return [Row("record one FSRS answer (median)", statistics.median(fsrs), 5,
                note=f"p95 {_pct(fsrs, 0.95):.2f} ms over {len(fsrs)} answers"),
            Row("record one SM-2 answer, same run (median)", statistics.median(sm2), 5,
                note=f"p95 {_pct(sm2, 0.95):.2f} ms over {len(sm2)} answers")]


def bench_compare(db: Path) -> Row:
    from cards.collection import Collection

    with Collection.open(db, writable=False) as col:
        began = time.perf_counter()
        result = col.schedulers.compare()
        took = time.perf_counter() - began
    return Row("compare-schedulers", took, 60, unit="s",
               note=f"{result.reviews:,} answers predicted; log loss SM-2 "
                    f"{result.sm2.log_loss:.3f} / FSRS {result.fsrs.log_loss:.3f}, "
                    f"RMSE (bins) {result.sm2.rmse_bins:.3f} / {result.fsrs.rmse_bins:.3f}")


def run_all(quick: bool) -> list[Row]:
    big = Scale(10_000, 100_000) if quick else Scale()
    # the generator's review rows include rule-7 repeats (about a quarter): 130,000 rows
    # hold a little over 100,000 scheduled answers, the ones a switch replays
    small = Scale(1_000, 13_000) if quick else Scale(10_000, 130_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cards-bench-fsrs-") as tmp:
        folder = Path(tmp)
        db = working_copy(small, folder / "small.db")
        for row in bench_switch(db):
            row.note = f"[{small.cards:,} cards, {_reviews(db):,} reviews] {row.note}"
            rows.append(row)
        rows.append(bench_compare(db))
        rows[-1].note = f"[{small.cards:,} cards] {rows[-1].note}"
        db = working_copy(big, folder / "big.db")
        rows += bench_answer(db, 200)
        db = working_copy(big, folder / "big2.db")
        rows.append(bench_deck_switch(db))
        for row in rows[-3:]:
            row.note = f"[{big.cards:,} cards, {big.reviews:,} review rows] {row.note}"
    return rows


def main() -> None:
    bench_main(__doc__, run_all, "a tenth of the scale")


if __name__ == "__main__":
    main()
