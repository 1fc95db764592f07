"""Time the review app on a collection of 100,000 cards.

Budgets (issue 4): launch to the first card drawn <= 1.5 s; key press to the next
card drawn <= 50 ms (median and p95 over many answers).

Run: python benchmarks/bench_tui.py [N] [--answers K] [--profile]
The generated collection is cached under the temp folder, so only the first run
pays for building it. `--profile` prints a pyinstrument profile of the answers.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

LAUNCH_BUDGET_S = 1.5
KEY_BUDGET_MS = 50.0
NOW = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
VERSION = 1  # bump when the generated collection changes shape


def write_deck(path: Path, n: int, deck: str) -> None:
    """A deck file: two thirds basic cards, one third cloze, with sources and brackets."""
    out = [f'[deck]\nname = "{deck}"\ndescription = "benchmark"\n']
    for i in range(n):
        out.append(f'[[cards]]\nid = "{deck}-{i}"\n')
        if i % 3 == 2:
            out.append(f'type = "cloze"\ntext = "The {{{{c1::term {i}}}}} relates to '
                       f'{{{{c2::idea {i}}}}} [1]."\n')
        else:
            out.append(f'front = "What is concept {i} [A] ... [B]?"\n'
                       f'back = "It is the answer to {i}, see [bold]."\n')
        out.append(f'tags = ["t{i % 13}"]\n[cards.source]\nfile = "seeds/{i % 97:03d}.txt"\n'
                   f'line = {1 + i % 400}\nquote = "A passage {i}."\n\n')
    path.write_text("".join(out), encoding="utf-8")


def schedule_most(db: Path, today: date) -> None:
    """Give 90% of items a review history, spread over the next year (a few hundred due).

    Written with sqlite3 because answering 100,000 cards one by one would take minutes;
    this is set-up for the benchmark, not something the app does.
    """
    conn = sqlite3.connect(db)
    with conn:
        rows = conn.execute("SELECT rowid FROM schedule").fetchall()
        updates = []
        for (rowid,) in rows:
            if rowid % 10 == 0:
                continue  # stays new
            offset = (rowid * 7919) % 365 - 2  # a few hundred due today or overdue
            updates.append(((today + timedelta(days=offset)).isoformat(), rowid))
        conn.executemany(
            "UPDATE schedule SET due = ?, repetitions = 3, interval = 10, easiness = 250 "
            "WHERE rowid = ?", updates)
    conn.close()


def build(n: int) -> Path:
    """The cached collection (copied per run so answers never accumulate)."""
    from cards.collection import Collection

    cache = Path(tempfile.gettempdir()) / f"cards-bench-tui-v{VERSION}-{n}"
    db = cache / "collection.db"
    if not db.exists():
        cache.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        decks = []
        per_deck = n // 4
        for k in range(4):
            path = cache / f"deck{k}.toml"
            write_deck(path, per_deck if k < 3 else n - 3 * per_deck, f"deck{k}")
            decks.append(path)
        tmp = cache / "building.db"
        with Collection.open(tmp, now=lambda: NOW) as collection:
            collection.set_setting("timezone", "UTC")
            collection.import_decks(decks)
            today = collection.today()
        schedule_most(tmp, today)
        tmp.rename(db)
        print(f"built {n:,} cards in {time.perf_counter() - started:.1f} s ({db})")
    run = cache / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run}{suffix}").unlink(missing_ok=True)
    shutil.copy(db, run)
    return run


async def launch(db: Path, *, review: bool) -> float:
    """Seconds from creating the app to the first card (or the filled home screen) drawn."""
    from cards.tui.app import CardsApp
    from cards.tui.screens.review import ReviewScreen
    from cards.tui.widgets import CardFace

    started = time.perf_counter()
    app = CardsApp(db, review=review, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            screen = app.screen
            if not review:
                if getattr(screen, "loaded", False):
                    break
                continue
            if isinstance(screen, ReviewScreen) and str(
                    screen.query_one(CardFace).query_one("#question").render()):
                break
        elapsed = time.perf_counter() - started
        await pilot.press("q")
    return elapsed


async def drawn(app: object) -> None:
    """Return once the screen has refreshed (what the user sees is on the terminal)."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    app.screen.call_after_refresh(lambda: done.done() or done.set_result(None))  # type: ignore[attr-defined]
    await done


async def press_and_wait(app: object, key: str, changed: Callable[[], bool]) -> float:
    """Milliseconds from posting `key` to the refresh that shows its effect.

    The key event goes straight to the app (as the terminal driver would post it);
    Pilot's own idle-waiting would add its polling granularity to every figure.
    """
    from textual import events

    started = time.perf_counter()
    app.post_message(events.Key(key, key))  # type: ignore[attr-defined]
    while not changed():
        await asyncio.sleep(0)
    await drawn(app)
    return (time.perf_counter() - started) * 1000


async def answers(db: Path, count: int) -> list[float]:
    """Milliseconds from each grade key press to the next card drawn."""
    from cards.tui.app import CardsApp
    from cards.tui.screens.review import ReviewScreen
    from cards.tui.widgets import CardFace

    app = CardsApp(db, review=True, now=lambda: NOW)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        face = screen.query_one(CardFace)
        for i in range(count):
            if screen.session.current is None or app.screen is not screen:
                break
            await press_and_wait(app, "space", lambda: face.revealed)
            grade = "4" if i % 5 else "2"  # every fifth card failed: rule-7 repeats
            times.append(await press_and_wait(app, grade, lambda: not face.revealed))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--flat", action="store_true", help="a flat profile")
    args = parser.parse_args()
    build(args.n)  # outside the timings
    launches = [asyncio.run(launch(build(args.n), review=True)) for _ in range(3)]
    homes = [asyncio.run(launch(build(args.n), review=False)) for _ in range(3)]
    db = build(args.n)
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            times = asyncio.run(answers(db, args.answers))
        profiler.print(flat=args.flat, show_all=args.flat)
    else:
        times = asyncio.run(answers(db, args.answers))
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    launch_s = min(launches)
    print(f"cards: {args.n:,}")
    print(f"launch to first card (cards review): best {launch_s:.2f} s, "
          f"worst {max(launches):.2f} s  (budget {LAUNCH_BUDGET_S} s)")
    print(f"launch to home drawn (cards):        best {min(homes):.2f} s, "
          f"worst {max(homes):.2f} s")
    print(f"key to next card over {len(times)} answers: median {median:.1f} ms, "
          f"p95 {p95:.1f} ms, max {max(times):.1f} ms  (budget {KEY_BUDGET_MS} ms)")
    ok = launch_s <= LAUNCH_BUDGET_S and median <= KEY_BUDGET_MS and p95 <= KEY_BUDGET_MS
    print("within budget" if ok else "OVER BUDGET")


if __name__ == "__main__":
    main()
