"""`cards` side by side with the official `anki` package (issue 11, item 5).

Run: python benchmarks/vs_anki.py [--quick] [--json]
     (default 100,000 cards / 1,000,000 reviews; --quick 10,000 / 100,000)

Setup (not timed):

1. The collection comes from the existing generator (`generate.py`, as in
   `bench_core.py`): N cards in five decks, M review rows, every schedule the replay of
   its history with the real SM-2 step.
2. `cards export anki --with-scheduling --include-suspended` writes it as an .apkg
   with our exporter: notes, cards, each item's schedule and the whole review log.
3. A fresh collection of the official `anki` package (Rust backend) imports that
   package with its own importer (`import_anki_package`, "Import any learning
   progress" on). The script checks that Anki then holds as many notes as we have
   cards, as many cards as we have review items, as many review cards as we have
   answered items and as many revlog rows as we have review rows. The parent deck
   becomes Anki's current deck, with the daily limits `cards` applies (see
   `prepare_anki`), so that Anki's queue spans every deck, as `cards due` does.

Each operation then runs on both sides, alternately (cards, Anki, cards, Anki, ...),
several times; the table shows medians. In-process operations run in two long-lived
worker processes (one per side, driven over a pipe), so each side's memory is its
own; process-start operations run as fresh subprocesses of the same interpreter.
What each row measures on each side is in its function's docstring (`row_*`).

Targets (issue 11): one answer at 1.5x Anki or less and 0.6 ms or less, every other
row at 1.0x Anki or less, peak memory no higher than Anki's. The machine is shared:
the load average is printed before and after, and CPU time is shown beside the wall
time of the in-process rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import DECKS, Scale, cached_deck_file, working_copy  # noqa: E402

PARENT_DECK = "cards"  # our exporter puts every deck under this one in Anki
ANSWER_GRADES = (4, 5)  # cards' SM-2 grades; Anki's Good and Easy (EASE_FROM_GRADE)


# ----------------------------------------------------------------------------- rows
@dataclass
class Series:
    """One side's runs of one row: wall times and CPU times, in the row's unit."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


@dataclass
class Row:
    """One line of the table: each side's median, and the runs behind it."""

    what: str
    unit: str  # "ms", "s" or "MB"
    cards: Series
    anki: Series
    target: str  # "1.0x", "1.5x and 0.6 ms" or "no higher"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.cards.median / self.anki.median if self.anki.median else float("inf")

    @property
    def cpu_ratio(self) -> float:
        if not self.anki.cpu:
            return float("nan")
        if not self.anki.cpu_median:
            return float("inf")
        return self.cards.cpu_median / self.anki.cpu_median

    @property
    def ok(self) -> bool:
        if self.target.startswith("1.5x"):
            return self.ratio <= 1.5 and self.cards.median <= 0.6
        return self.ratio <= 1.0

    def cells(self) -> list[str]:
        cpu = "-" if not self.cards.cpu else (
            f"{_fmt(self.cards.cpu_median, self.unit)} / {_fmt(self.anki.cpu_median, self.unit)}"
            f" ({self.cpu_ratio:.2f}x)")
        return [self.what, _fmt(self.cards.median, self.unit), _fmt(self.anki.median, self.unit),
                f"{self.ratio:.2f}x", self.target, "ok" if self.ok else "over", cpu]

    def as_json(self) -> dict[str, Any]:
        return {"what": self.what, "unit": self.unit, "cards": self.cards.median,
                "anki": self.anki.median, "ratio": self.ratio, "target": self.target,
                "ok": self.ok, "cards_cpu": self.cards.cpu_median,
                "anki_cpu": self.anki.cpu_median, "cpu_ratio": self.cpu_ratio,
                "runs": {"cards": asdict(self.cards), "anki": asdict(self.anki)},
                "note": self.note}


def _fmt(value: float, unit: str) -> str:
    digits = 2 if unit in ("ms", "s") else 0
    return f"{value:,.{digits}f} {unit}"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Peaks:
    """Each side's highest resident memory, per process kind (worker, import, ...)."""

    def __init__(self) -> None:
        self.by_side: dict[str, dict[str, float]] = {"cards": {}, "anki": {}}
        self.detail: dict[str, str] = {"cards": "", "anki": ""}

    def add(self, side: str, label: str, mb: float) -> None:
        self.by_side[side][label] = max(mb, self.by_side[side].get(label, 0.0))

    def row(self) -> Row:
        def series(side: str) -> Series:
            return Series([max(self.by_side[side].values())])

        note = "; ".join(f"{side}: " + ", ".join(f"{label} {mb:.0f} MB"
                                                 for label, mb in peaks.items())
                         + self.detail[side] for side, peaks in self.by_side.items())
        return Row("peak memory (RSS)", "MB", series("cards"), series("anki"), "no higher",
                   note)


# -------------------------------------------------------------------------- workers
class Worker:
    """A long-lived process holding one side's collections, driven line by line.

    Each request is one JSON line on its stdin, each answer one on its stdout; the
    worker's own output goes to stderr, so nothing else ever lands on the pipe.
    """

    def __init__(self, side: str) -> None:
        self.side = side
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", side],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.side} worker died during {op}")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"{self.side} worker, {op}: {reply['error']}")
        return reply

    def close(self) -> None:
        if self.proc.poll() is None:
            self.call("quit")
            self.proc.wait(timeout=60)


def _memory_mb() -> dict[str, float]:
    """This process's peak resident memory (VmHWM), and what is resident now: private
    (RssAnon) and file pages (RssFile, such as a memory-mapped collection file)."""
    fields = {"VmHWM:": "mb", "RssAnon:": "anon", "RssFile:": "file"}
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, *rest = line.split()
        if name in fields:
            found[fields[name]] = int(rest[0]) / 1024
    return found


class CardsSide:
    """The worker's `cards` operations, on `cards.collection.Collection`."""

    def __init__(self) -> None:
        self.cols: dict[str, Any] = {}

    def open(self, key: str, path: str, writable: bool = True) -> dict[str, Any]:
        from cards.collection import Collection

        self.cols[key] = Collection.open(Path(path), writable=writable, create=False)
        return {}

    def due(self, key: str, i: int = 0) -> dict[str, Any]:
        col = self.cols[key]
        began, cpu = time.perf_counter(), time.process_time()
        items = col.due(limit=100)
        return _timed(began, cpu, n=len(items))

    def answer(self, key: str, i: int) -> dict[str, Any]:
        col = self.cols[key]
        item = col.due(limit=1)[0]  # the card the review screen shows next (not timed)
        began, cpu = time.perf_counter(), time.process_time()
        col.answer(item.key, ANSWER_GRADES[i % 2], duration_ms=1000)
        return _timed(began, cpu)

    def export(self, key: str, out: str, scheduling: bool, i: int = 0) -> dict[str, Any]:
        col = self.cols[key]
        began, cpu = time.perf_counter(), time.process_time()
        summary = col.export_anki(Path(out), include_suspended=True, with_scheduling=scheduling)
        return _timed(began, cpu, n=int(summary.cards))


class AnkiSide:
    """The worker's Anki operations, on `anki.collection.Collection` (Rust backend)."""

    def __init__(self) -> None:
        self.cols: dict[str, Any] = {}

    def open(self, key: str, path: str, writable: bool = True) -> dict[str, Any]:
        from anki.collection import Collection

        col = Collection(path)
        parent = col.decks.id_for_name(PARENT_DECK)
        if parent is None:
            raise LookupError(f"Anki has no deck {PARENT_DECK!r}: the import went wrong")
        col.decks.select(parent)
        self.cols[key] = col
        return {}

    def due(self, key: str, i: int = 0) -> dict[str, Any]:
        col = self.cols[key]
        # Anki keeps its queue between calls; changing the current deck (and back)
        # drops it, so the timed call builds it again, as after any change.
        current = col.decks.get_current_id()
        col.decks.select(1)
        col.decks.select(current)
        began, cpu = time.perf_counter(), time.process_time()
        queued = col.sched.get_queued_cards(fetch_limit=100)
        return _timed(began, cpu, n=len(queued.cards))

    def answer(self, key: str, i: int) -> dict[str, Any]:
        from anki.scheduler.v3 import CardAnswer

        col = self.cols[key]
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]  # not timed
        rating = (CardAnswer.GOOD, CardAnswer.EASY)[i % 2]
        began, cpu = time.perf_counter(), time.process_time()
        new_state = queued.states.good if rating == CardAnswer.GOOD else queued.states.easy
        col.sched.answer_card(CardAnswer(
            card_id=queued.card.id, current_state=queued.states.current, new_state=new_state,
            rating=rating, answered_at_millis=int(time.time() * 1000), milliseconds_taken=1000))
        return _timed(began, cpu)

    def export(self, key: str, out: str, scheduling: bool, i: int = 0) -> dict[str, Any]:
        from anki.collection import ExportAnkiPackageOptions

        col = self.cols[key]
        options = ExportAnkiPackageOptions(with_scheduling=scheduling, with_deck_configs=False,
                                           with_media=False, legacy=False)
        began, cpu = time.perf_counter(), time.process_time()
        notes = col.export_anki_package(out_path=out, options=options, limit=None)
        return _timed(began, cpu, n=int(notes))


def _timed(began: float, cpu: float, **extra: Any) -> dict[str, Any]:
    return {"s": time.perf_counter() - began, "cpu": time.process_time() - cpu, **extra}


def worker_main(side: str) -> None:
    """Serve requests from the driver until "quit" (see `Worker`)."""
    out = sys.stdout
    sys.stdout = sys.stderr  # anything printed by the libraries stays off the pipe
    impl: CardsSide | AnkiSide | SpawnSide = (
        CardsSide() if side == "cards" else AnkiSide() if side == "anki" else SpawnSide())
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        try:
            if op == "quit":
                for col in {id(c): c for c in impl.cols.values()}.values():
                    col.close()
                reply: dict[str, Any] = {}
            elif op == "alias":  # the same collection under a second key
                impl.cols[request["key"]] = impl.cols[request["of"]]
                reply = {}
            elif op == "rss":
                reply = _memory_mb()
            else:
                reply = getattr(impl, op)(**request)
        except Exception as exc:  # reported to the driver, which stops with it
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()
        if op == "quit":
            return


# ---------------------------------------------------------------------- subprocesses
ANKI_IMPORT = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[1])
log = col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[2],
    options=ImportAnkiPackageOptions(with_scheduling=sys.argv[3] == "1",
                                     with_deck_configs=False)))
col.close()
print(f"{len(log.log.new)} notes imported")
"""

ANKI_FIRST_DUE = """
import sys
from anki.collection import Collection
from anki.cards import Card
col = Collection(sys.argv[1])
queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
card = Card(col)
card._load_from_backend_card(queued.card)
print(card.question()[-120:])
col.close()
"""

ANKI_STATS = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
graphs = col._backend.graphs(search="deck:" + sys.argv[2], days=30)
counts = graphs.card_counts.excluding_inactive
print(f"new {counts.newCards} young {counts.young} mature {counts.mature}; "
      f"today {graphs.today.answer_count} answers; {col.studied_today()}")
col.close()
"""


@dataclass
class Ran:
    seconds: float
    cpu: float  # user + system seconds of the process
    peak_mb: float
    stdout: str


class SpawnSide:
    """The spawner's one operation: run a command, measured (see `run_process`)."""

    def __init__(self) -> None:
        self.cols: dict[str, Any] = {}  # none: `worker_main` closes what is here

    def run(self, args: list[str], folder: str) -> dict[str, Any]:
        return asdict(_run_measured(args, Path(folder)))


def _run_measured(args: list[str], folder: Path) -> Ran:
    out_path, err_path = folder / "sub.out", folder / "sub.err"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        shown = " ".join("<script>" if "\n" in a else a for a in args)
        raise RuntimeError(f"{shown} failed ({code}): {err_path.read_text().strip()[-600:]}")
    return Ran(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               out_path.read_text())


#: Started first, while the driver is small: see `run_process`.
SPAWNER: list[Worker] = []


def run_process(args: list[str], folder: Path) -> Ran:
    """Run a command to its end: its wall and CPU time and its own peak RSS (wait4).

    Linux starts a child's peak-RSS figure at its parent's resident size (the kernel
    keeps the high-water mark across exec, and Python spawns with vfork), so a driver
    that has grown would raise every child's peak to its own. The commands are
    therefore started by a small spawner process, started before anything else.
    """
    if not SPAWNER:
        return _run_measured(args, folder)
    return Ran(**SPAWNER[0].call("run", args=args, folder=str(folder)))


def cards_cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "cards", "--db", str(db), *args]


def anki_script(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


# ---------------------------------------------------------------------------- setup
@dataclass
class Pair:
    """One collection on both sides: our file, Anki's, and the package between them."""

    cards_db: Path
    anki_col: Path
    apkg: Path
    counts: dict[str, int]


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def build_pair(scale: Scale, folder: Path) -> Pair:
    """Our collection at `scale`, exported with our exporter and imported by Anki's."""
    folder.mkdir(parents=True, exist_ok=True)
    db = working_copy(scale, folder / "cards.db")
    apkg = folder / "collection.apkg"
    began = time.perf_counter()
    run_process(cards_cli(db, "export", "anki", "--with-scheduling", "--include-suspended",
                          str(apkg)), folder)
    log(f"exported {scale.cards:,} cards with scheduling in {time.perf_counter() - began:.1f} s")
    anki_col = folder / "anki" / "collection.anki2"
    anki_col.parent.mkdir()
    began = time.perf_counter()
    run_process(anki_script(ANKI_IMPORT, str(anki_col), str(apkg), "1"), folder)
    log(f"Anki imported it in {time.perf_counter() - began:.1f} s")
    counts = compare_counts(db, anki_col)
    prepare_anki(anki_col, folder, len(DECKS))
    return Pair(db, anki_col, apkg, counts)


def compare_counts(db: Path, anki_col: Path) -> dict[str, int]:
    """Both sides' cards, items and history; stop if Anki did not get the same."""
    counts = _counts(db, (("cards", "SELECT count(*) FROM card"),
                          ("items", "SELECT count(*) FROM schedule"),
                          ("items_answered", "SELECT count(*) FROM schedule WHERE due IS NOT NULL"),
                          ("reviews", "SELECT count(*) FROM review")))
    counts |= _counts(anki_col, (("anki_notes", "SELECT count(*) FROM notes"),
                                 ("anki_cards", "SELECT count(*) FROM cards"),
                                 ("anki_review_cards", "SELECT count(*) FROM cards WHERE type = 2"),
                                 ("anki_revlog", "SELECT count(*) FROM revlog")))
    expected = {"anki_notes": "cards", "anki_cards": "items",
                "anki_review_cards": "items_answered", "anki_revlog": "reviews"}
    wrong = [f"{a}={counts[a]} vs {b}={counts[b]}" for a, b in expected.items()
             if counts[a] != counts[b]]
    if wrong:
        raise SystemExit(f"Anki did not get the same collection: {', '.join(wrong)}")
    return counts


def _counts(path: Path, queries: tuple[tuple[str, str], ...]) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {name: int(conn.execute(sql).fetchone()[0]) for name, sql in queries}
    finally:
        conn.close()


PREPARE_ANKI = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
parent = col.decks.id_for_name(sys.argv[2])
conf = col.decks.add_config("all decks")
conf["new"]["perDay"], conf["rev"]["perDay"] = int(sys.argv[3]), int(sys.argv[4])
col.decks.save(conf)
deck = col.decks.get(parent)
deck["conf"] = conf["id"]
col.decks.save(deck)
col.decks.select(parent)
col.close()
"""


def prepare_anki(anki_col: Path, folder: Path, decks: int) -> None:
    """Give Anki the daily limits `cards` has, and its view of every deck at once.

    `cards due` shows every deck, each with its own limits (20 new, 200 reviews a day,
    the defaults of both programs). In Anki the parent deck becomes the current one (a
    fresh process's queue spans its subdecks), and since Anki's v3 scheduler also caps
    the total at the parent's limits, the parent gets `decks` times the per-deck ones.
    """
    from cards.views import Settings

    limits = Settings()
    run_process(anki_script(PREPARE_ANKI, str(anki_col), PARENT_DECK,
                            str(limits.new_per_day * decks),
                            str(limits.reviews_per_day * decks)), folder)


# ------------------------------------------------------------------------- the rows
Sampler = Callable[[int], tuple[float, float]]  # run i -> (wall, cpu) in the row's unit


def alternate(times: int, cards: Sampler, anki: Sampler) -> tuple[Series, Series]:
    """cards, Anki, cards, Anki, ...: a neighbour's burst hits both sides alike."""
    ours, theirs = Series(), Series()
    for i in range(times):
        ours.add(*cards(i))
        theirs.add(*anki(i))
    return ours, theirs


def in_worker(worker: Worker, op: str, scale: float, **args: Any) -> Sampler:
    """Run i of `op` in `worker` (args may use "{i}"), its times multiplied by `scale`."""
    def sample(i: int) -> tuple[float, float]:
        reply = worker.call(op, **{k: v.format(i=i) if isinstance(v, str) else v
                                   for k, v in args.items()}, i=i)
        return reply["s"] * scale, reply["cpu"] * scale
    return sample


def row_answer(cw: Worker, aw: Worker, times: int) -> Row:
    """One answer, committed.

    cards: `Collection.answer(key, grade)` on the first item of `col.due(limit=1)`;
    the answer is committed (WAL, synchronous=FULL: one fsync) when it returns.
    Anki: `col.sched.answer_card(CardAnswer(...))` of the v3 scheduler on the first
    card of `get_queued_cards(fetch_limit=1)`, with the states that call returned, as
    Anki's reviewer does; the backend commits every operation (WAL, synchronous=FULL:
    one fsync per answer, as strace shows). Fetching the card is not timed on either
    side. Grades alternate Good/Easy (cards 4/5): a plain review answer on both sides.
    The CPU column is the wall time without the wait for the disk, which on a shared
    disk is most of it.
    """
    ours, theirs = in_worker(cw, "answer", 1000, key="main"), in_worker(aw, "answer", 1000,
                                                                        key="main")
    ours(-1), theirs(-1)  # warm: the first answer compiles statements and maps pages
    cards, anki = alternate(times, ours, theirs)
    note = (f"{times} answers each; p95 cards {_pct(cards.wall, .95):.2f} ms, "
            f"Anki {_pct(anki.wall, .95):.2f} ms")
    return Row("one answer, committed", "ms", cards, anki, "1.5x and 0.6 ms", note)


def row_due(cw: Worker, aw: Worker, times: int) -> Row:
    """Next 100 due.

    cards: `col.due(limit=100)`, which builds the queue from the database each time.
    Anki: `col.sched.get_queued_cards(fetch_limit=100)` right after its cached queue was
    dropped (changing the current deck and back, not timed), so the call rebuilds the
    queue from the database, as it does after every change. Both return 100 cards,
    due reviews first, under the same daily limits (20 new, 200 reviews per deck).
    """
    ours, theirs = in_worker(cw, "due", 1000, key="main"), in_worker(aw, "due", 1000, key="main")
    ours(0), theirs(0)  # warm: the first read maps the file
    cards, anki = alternate(times, ours, theirs)
    returned = cw.call("due", key="main")["n"], aw.call("due", key="main")["n"]
    return Row("next 100 due (Anki rebuilding its queue)", "ms", cards, anki, "1.0x",
               f"{times} runs each; {returned[0]} / {returned[1]} cards returned")


def row_export(cw: Worker, aw: Worker, times: int, folder: Path, scheduling: bool) -> Row:
    """Export 10,000 cards to an .apkg.

    cards: `Collection.export_anki(out, include_suspended=True, with_scheduling=...)`,
    the function behind `cards export anki` (genanki, then our scheduling writer).
    Anki: `col.export_anki_package(...)` of its whole collection, which holds the same
    10,000 notes (the 10,000-card collection, imported as in the setup), in Anki's
    current package format, no media, no deck options. Without scheduling, both write
    every card as new and no history; with it, both write schedules and the revlog.
    """
    def sampler(worker: Worker) -> Sampler:
        run = in_worker(worker, "export", 1, key="ten", scheduling=scheduling,
                        out=str(folder / f"export-{worker.side}-{{i}}.apkg"))

        def sample(i: int) -> tuple[float, float]:
            times = run(i)
            (folder / f"export-{worker.side}-{i}.apkg").unlink()
            return times
        return sample

    cards, anki = alternate(times, sampler(cw), sampler(aw))
    what = "export 10,000 cards" + (", with schedules and history" if scheduling else "")
    return Row(what, "s", cards, anki, "1.0x", f"{times} runs each")


def in_subprocess(args: list[str], folder: Path, peaks: Peaks, side: str, label: str) -> Sampler:
    """A fresh process per run: (wall, CPU) seconds; its peak memory goes to `peaks`."""
    def sample(_i: int) -> tuple[float, float]:
        ran = run_process(args, folder)
        peaks.add(side, label, ran.peak_mb)
        return ran.seconds, ran.cpu
    return sample


def row_first_due(pair: Pair, folder: Path, times: int, peaks: Peaks) -> Row:
    """Process start to first due card.

    cards: `python -m cards --db DB due --limit 1`, which prints the first card a review
    session would show. Anki: `python -c` that imports `anki.collection`, opens the
    collection, takes the first card of `get_queued_cards(fetch_limit=1)`, renders its
    question and prints it, then closes. Both start the same interpreter, open the same
    collection (parent deck current in Anki) and end when the process exits.
    """
    label = "first due"
    cards, anki = alternate(
        times, in_subprocess(cards_cli(pair.cards_db, "due", "--limit", "1"), folder, peaks,
                          "cards", label),
        in_subprocess(anki_script(ANKI_FIRST_DUE, str(pair.anki_col)), folder, peaks, "anki",
                   label))
    return Row("process start to first due card", "s", cards, anki, "1.0x",
               f"{times} runs each")


def row_stats(pair: Pair, folder: Path, times: int, peaks: Peaks) -> Row:
    """Stats.

    cards: `python -m cards --db DB stats` (counts by state, due soon, the last 30 days
    of reviews, today's answers, per-deck lines). Anki: `python -c` that opens the
    collection and asks the backend for its statistics screen's data
    (`graphs(search="deck:cards", days=30)`: card counts, future due, reviews per day,
    intervals, eases, hours, buttons, today) and `studied_today()`, prints a line and
    closes. Both are whole processes, start included.
    """
    cards, anki = alternate(
        times, in_subprocess(cards_cli(pair.cards_db, "stats"), folder, peaks, "cards", "stats"),
        in_subprocess(anki_script(ANKI_STATS, str(pair.anki_col), PARENT_DECK), folder, peaks,
                   "anki", "stats"))
    return Row("stats", "s", cards, anki, "1.0x", f"{times} runs each")


def row_import(n: int, folder: Path, times: int, peaks: Peaks) -> Row:
    """Import N cards (100,000; 10,000 with --quick) into a new collection.

    cards: `python -m cards --db NEW import DECK.toml` of the generator's deck file
    (`cached_deck_file`, as `bench_core.py`): two thirds basic cards, one third cloze
    with two deletions. Anki: `python -c` that creates a collection and imports an
    .apkg of exactly those cards (our export of the first cards run, not timed) with
    `import_anki_package`. Both are whole processes, and both end with the cards
    committed in a new file.
    """
    deck, apkg = cached_deck_file(n), folder / "deck.apkg"
    cards, anki = Series(), Series()
    for i in range(times):
        db = folder / f"import-{i}.db"
        cards.add(*in_subprocess(cards_cli(db, "import", str(deck)), folder, peaks, "cards",
                              "import")(i))
        if not apkg.exists():
            run_process(cards_cli(db, "export", "anki", str(apkg)), folder)
        target = folder / f"anki-import-{i}" / "collection.anki2"
        target.parent.mkdir()
        anki.add(*in_subprocess(anki_script(ANKI_IMPORT, str(target), str(apkg), "0"), folder,
                             peaks, "anki", "import")(i))
        db.unlink()
        shutil.rmtree(target.parent)
    return Row(f"import {n:,} cards", "s", cards, anki, "1.0x", f"{times} runs each")


# ----------------------------------------------------------------------------- main
@dataclass
class Plan:
    scale: Scale
    import_cards: int
    answers: int = 200
    due_runs: int = 30
    export_runs: int = 5
    export_sched_runs: int = 3
    start_runs: int = 7
    stats_runs: int = 7
    import_runs: int = 3


def machine() -> dict[str, Any]:
    import anki.buildinfo

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "anki": anki.buildinfo.version,
            "system": f"{platform.system()} {platform.release()}"}


def run(plan: Plan, folder: Path) -> tuple[list[Row], dict[str, Any]]:
    meta: dict[str, Any] = {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "machine": machine(),
        "cards": plan.scale.cards, "reviews": plan.scale.reviews,
        "load_before": [round(x, 2) for x in os.getloadavg()]}
    ten = Scale(10_000, 100_000)
    main = build_pair(plan.scale, folder / "main")
    small = main if plan.scale == ten else build_pair(ten, folder / "ten")
    meta["counts"] = main.counts
    log(f"both sides hold the same collection: {main.counts}")
    peaks = Peaks()
    rows = in_process_rows(plan, main, small, peaks)
    log("process rows")
    rows.append(row_first_due(main, folder, plan.start_runs, peaks))
    rows.append(row_stats(main, folder, plan.stats_runs, peaks))
    log("import rows")
    rows.append(row_import(plan.import_cards, folder, plan.import_runs, peaks))
    rows.append(peaks.row())
    meta["load_after"] = [round(x, 2) for x in os.getloadavg()]
    order = ["one answer, committed", "import", "export",
             "process start", "stats", "next 100 due", "peak memory"]
    rows.sort(key=lambda r: next(i for i, p in enumerate(order) if r.what.startswith(p)))
    return rows, meta


def in_process_rows(plan: Plan, main: Pair, small: Pair, peaks: Peaks) -> list[Row]:
    """The rows timed inside the two workers, then the workers' peak memory."""
    folder = main.cards_db.parent
    with workers() as (cw, aw):
        for worker in (cw, aw):
            for key, pair in (("main", main), ("ten", small)):
                if key == "ten" and small is main:  # Anki opens a collection only once
                    worker.call("alias", key=key, of="main")
                    continue
                path = pair.cards_db if worker.side == "cards" else pair.anki_col
                worker.call("open", key=key, path=str(path))
        log("in-process rows")
        rows = [row_due(cw, aw, plan.due_runs)]
        rows.append(row_answer(cw, aw, plan.answers))
        rows.append(row_export(cw, aw, plan.export_runs, folder, scheduling=False))
        rows.append(row_export(cw, aw, plan.export_sched_runs, folder, scheduling=True))
        for worker in (cw, aw):
            memory = worker.call("rss")
            peaks.add(worker.side, "worker", memory["mb"])
            peaks.detail[worker.side] = (f" (worker at the end: {memory['anon']:.0f} MB private,"
                                         f" {memory['file']:.0f} MB file pages)")
    return rows


@contextmanager
def workers() -> Iterator[tuple[Worker, Worker]]:
    cw, aw = Worker("cards"), Worker("anki")
    try:
        yield cw, aw
    finally:
        for w in (cw, aw):
            try:
                w.close()
            except (RuntimeError, OSError, subprocess.TimeoutExpired):
                w.proc.kill()


def table(rows: list[Row], meta: dict[str, Any]) -> str:
    head = ["operation", "`cards`", "Anki", "ratio", "target", "verdict",
            "CPU time: cards / Anki (ratio)"]
    lines = [f"cards vs Anki {meta['machine']['anki']}: {meta['cards']:,} cards, "
             f"{meta['reviews']:,} reviews; {meta['date']}; "
             f"{meta['machine']['cpus']} CPUs, load average {meta['load_before'][0]:.1f} "
             f"before, {meta['load_after'][0]:.1f} after",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    lines += ["", *(f"- {row.what}: {row.note}" for row in rows if row.note)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10,000 cards, 100,000 reviews")
    parser.add_argument("--json", action="store_true",
                        help="print the rows as JSON (the table goes to stderr)")
    parser.add_argument("--worker", choices=("cards", "anki", "spawn"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker)
        return
    os.environ.pop("CARDS_DB", None)
    plan = (Plan(Scale(10_000, 100_000), 10_000, answers=100) if args.quick
            else Plan(Scale(), 100_000))
    SPAWNER.append(Worker("spawn"))
    try:
        with tempfile.TemporaryDirectory(prefix="cards-vs-anki-") as tmp:
            rows, meta = run(plan, Path(tmp))
    finally:
        SPAWNER.pop().close()
    if args.json:  # the table goes to stderr, to read while the JSON is kept
        print(table(rows, meta), file=sys.stderr)
        print(json.dumps({"meta": meta, "rows": [row.as_json() for row in rows]}))
    else:
        print(table(rows, meta))


if __name__ == "__main__":
    main()
