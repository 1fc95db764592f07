"""`cards draft` on big plain-text corpora: time and peak memory at 10, 50 and 200 MB.

The corpus is read as it is drafted (``CorpusStream`` -> ``cards.extract.draft``), file by
file and, for one huge file, block by block, so memory must stay flat as the corpus
grows and time grow linearly.  Budgets (issue 10): <= 1 s per 100 KB, <= 500 MB.

Each size is drafted by a fresh ``cards draft`` process (what a user runs, output to a
temporary deck); peak RSS is the child's, from ``wait4``.  ``--layout files`` (default)
writes many files of about 25 KB (seed lines shuffled, as benchmarks/bench_draft.py does);
``--layout one`` writes the same text as one file.

    python benchmarks/bench_draft_stream.py [--sizes 10,50,200] [--layout files|one]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_draft import generate


def _one_file(folder: Path) -> None:
    """Join the generated files into one (``big.txt``), removing the pieces."""
    parts = sorted(folder.glob("gen_*.txt"))
    with (folder / "big.txt").open("w", encoding="utf-8") as out:
        for part in parts:
            out.write(part.read_text("utf-8"))
            out.write("\n\n")
            part.unlink()


def run(folder: Path, deck: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MB, summary line) of one `cards draft`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        # files, not pipes: the per-file report of thousands of files would fill a pipe
        proc = subprocess.Popen([sys.executable, "-m", "cards", "draft", str(folder), "-o",
                                 str(deck)], stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read().decode(), stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"cards draft failed: {err.strip()[-500:]}")
    summary = next((line for line in out.splitlines() if line.startswith("Drafted")), "")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,50,200", help="corpus sizes in MB")
    parser.add_argument("--layout", choices=("files", "one"), default="files")
    args = parser.parse_args()
    print(f"{'MB':>5} {'wall s':>8} {'CPU s':>7} {'CPU s/100KB':>11} {'peak MB':>8}  summary")
    for size in (float(s) for s in args.sizes.split(",") if s):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "big"
            folder.mkdir()
            generate(folder, int(size * 1024 * 1024))
            if args.layout == "one":
                _one_file(folder)
            total = sum(p.stat().st_size for p in folder.iterdir())
            wall, cpu, peak, summary = run(folder, Path(tmp) / "out.toml")
        per = cpu / (total / 102_400)
        print(f"{total / 2**20:>5.0f} {wall:>8.1f} {cpu:>7.1f} {per:>11.3f} {peak:>8.0f}  "
              f"{summary.split(' in ')[0]}", flush=True)


if __name__ == "__main__":
    main()
