"""Time the Anki round trip at size (budgets: import 10 s, export with scheduling 5 s).

Builds, with the official `anki` package (a test-only dependency), a current-format
package of N notes (default 10,000: Basic, Basic-and-reversed and Cloze) whose cards
carry review scheduling and R revlog rows (default 100,000). Then times:

* `Collection.import_anki` of that package into a fresh collection (staged, one short
  write transaction);
* `Collection.export_anki(..., with_scheduling=True)` of everything it imported.

Run: python benchmarks/bench_anki_roundtrip.py [--notes N] [--revlog R] [--repeat K]
Prints the best of K runs of each.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from anki.collection import Collection as AnkiCollection
from anki.collection import ExportAnkiPackageOptions

from cards.collection import Collection

IMPORT_BUDGET_S = 10.0
EXPORT_BUDGET_S = 5.0


def build_package(folder: Path, notes: int, revlog: int) -> tuple[Path, int]:
    """A package as Anki exports it; returns its path and its card count."""
    col = AnkiCollection(str(folder / "source.anki2"))
    try:
        kinds = [col.models.by_name(n) for n in ("Basic", "Basic (and reversed card)", "Cloze")]
        decks = [col.decks.id(f"Lang::Part {i}") for i in range(5)]
        requests = []
        from anki.collection import AddNoteRequest

        for i in range(notes):
            model = kinds[i % 3]
            note = col.new_note(model)
            if model["type"] == 1:
                note["Text"] = f"{{{{c1::Word {i}}}}} means {{{{c2::meaning {i}}}}}"
            else:
                note["Front"] = f"Front <b>{i}</b> &amp; more"
                note["Back"] = f"Back {i}<br>second line"
            note.tags = [f"t{i % 11}"]
            requests.append(AddNoteRequest(note=note, deck_id=decks[i % 5]))
        col.add_notes(requests)
        today = col.sched.today
        card_ids = list(col.db.list("SELECT id FROM cards ORDER BY id"))
        rng = random.Random(1)
        col.db.executemany(
            "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = ?, reps = ?,"
            " lapses = ? WHERE id = ?",
            [(today + rng.randint(-5, 60), rng.randint(1, 200), rng.choice((1300, 2500, 2650)),
              rng.randint(1, 20), rng.randint(0, 3), cid) for cid in card_ids[::2]])
        start_ms = (col.crt - 400 * 86400) * 1000
        col.db.executemany(
            "INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)",
            [(start_ms + n * 1000 + rng.randrange(500), card_ids[n % len(card_ids)], -1,
              rng.randint(1, 4), rng.randint(1, 100), rng.randint(0, 100), 2500,
              rng.randrange(60000), 1) for n in range(revlog)])
        out = folder / "big.apkg"
        col.export_anki_package(out_path=str(out), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=False, legacy=False, with_deck_configs=False),
            limit=None)
        return out, len(card_ids)
    finally:
        col.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--revlog", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        package, anki_cards = build_package(folder, args.notes, args.revlog)
        print(f"built {package.name}: {args.notes} notes, {anki_cards} Anki cards, "
              f"{args.revlog} revlog rows, {package.stat().st_size / 1e6:.1f} MB "
              f"in {time.perf_counter() - started:.1f} s")
        import_times, export_times, import_cpu, export_cpu = [], [], [], []
        for run in range(args.repeat):
            db = folder / f"run{run}.db"
            with Collection.open(db) as col:
                col.set_setting("timezone", "UTC")
                started, cpu = time.perf_counter(), time.process_time()
                report = col.import_anki(package)
                import_times.append(time.perf_counter() - started)
                import_cpu.append(time.process_time() - cpu)
                out = folder / f"out{run}.apkg"
                started, cpu = time.perf_counter(), time.process_time()
                summary = col.export_anki(out, with_scheduling=True, include_suspended=True)
                export_times.append(time.perf_counter() - started)
                export_cpu.append(time.process_time() - cpu)
        print(f"import: {report.notes} notes, {report.cards_added} cards, "
              f"{report.reviews_added} review rows")
        print(f"export: {summary}")
        best_import, best_export = min(import_times), min(export_times)
        verdict = {True: "ok", False: "OVER BUDGET"}
        # CPU seconds too: on a shared machine the wall time mostly measures the neighbours.
        print(f"import_cpu_s={min(import_cpu):.2f} export_cpu_s={min(export_cpu):.2f} "
              f"load_average={os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"import_s={best_import:.2f} budget={IMPORT_BUDGET_S:.0f} "
              f"{verdict[best_import <= IMPORT_BUDGET_S]}")
        print(f"export_s={best_export:.2f} budget={EXPORT_BUDGET_S:.0f} "
              f"{verdict[best_export <= EXPORT_BUDGET_S]}")


if __name__ == "__main__":
    main()
