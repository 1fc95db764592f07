"""Run every benchmark and print one table: what, measured, budget, ok/over.

    python benchmarks/run.py            # full scale (100,000 cards, 1,000,000 reviews)
    python benchmarks/run.py --quick    # a tenth of the scale, for a quick look

bench_core.py and bench_fsrs.py run here (their rows read as JSON); bench_draft.py,
bench_tui.py and bench_anki_export.py (owned by their features) run as subprocesses,
their output is shown as it is and their figures are read from it. The first full run
builds the large collection (about a minute) and caches it in benchmarks/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Result:
    what: str
    measured: str
    budget: str
    ok: bool | None  # None: could not be read

    def cells(self) -> tuple[str, str, str, str]:
        verdict = {True: "ok", False: "OVER", None: "?"}[self.ok]
        return self.what, self.measured, self.budget, verdict


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, "
            f"Python {platform.python_version()}, SQLite "
            f"{__import__('sqlite3').sqlite_version}, {platform.system()} {platform.release()}")


def run_script(name: str, args: list[str], echo: bool = True) -> str | None:
    """Run a benchmark script, echo its output, return stdout (None if absent or failed)."""
    path = HERE / name
    if not path.exists():
        print(f"-- {name}: not present, skipped")
        return None
    print(f"-- {name} {' '.join(args)}", flush=True)
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=3600)
    if echo:
        print(done.stdout.rstrip())
    if done.returncode != 0:
        print(f"   {name} failed (exit {done.returncode}): {done.stderr.strip()[-400:]}")
        return None
    return done.stdout


def core(quick: bool) -> list[Result]:
    out = run_script("bench_core.py", ["--json", *(["--quick"] if quick else [])], echo=False)
    if out is None:
        return [Result("bench_core.py", "failed", "-", None)]
    rows = json.loads(out.strip().splitlines()[-1])
    for r in rows:
        print(f"   {r['what']}: {r['measured']:.2f} {r['unit']}  {r['note']}")
    return [Result(r["what"], f"{r['measured']:.2f} {r['unit']}", f"<= {r['budget']:g} {r['unit']}",
                   r["ok"]) for r in rows]


def _num(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


def draft(quick: bool) -> list[Result]:
    out = run_script("bench_draft.py", ["--sizes", "2.5" if quick else "2.5,5,10"])
    if out is None:
        return [Result("bench_draft.py", "failed or absent", "-", None)]
    results = []
    seeds = _num(r"seeds: ([\d.]+) s", out)
    results.append(Result("draft the seed corpus (processing)",
                          f"{seeds:.2f} s" if seeds is not None else "?", "<= 1 s",
                          None if seeds is None else seeds <= 1))
    sizes = [(float(m[0]), float(m[1]), float(m[2]))
             for m in re.findall(r"^([\d.]+) MB: ([\d.]+) s.*peak RSS ([\d.]+) MB", out, re.M)]
    for size, secs, peak in sizes:
        results.append(Result(f"draft a {size:g} MB corpus: time, peak memory",
                              f"{secs:.2f} s, {peak:.0f} MB", "<= 500 MB", peak <= 500))
    if len(sizes) >= 2:
        rates = [secs / size for size, secs, _ in sizes]
        spread = max(rates) / min(rates)
        results.append(Result(
            "draft: time per MB, largest/smallest corpus",
            f"{spread:.2f}x ({', '.join(f'{r:.2f}' for r in rates)} s/MB)",
            "~1x (linear; <= 1.5x)", spread <= 1.5))
    elif sizes:
        size, secs, _ = sizes[0]
        results.append(Result(f"draft a {size:g} MB corpus: time", f"{secs:.2f} s",
                              "linear (one size only)", None))
    return results


def tui(quick: bool) -> list[Result]:
    out = run_script("bench_tui.py", ["10000", "--answers", "60"] if quick else [])
    if out is None:
        return [Result("bench_tui.py", "failed or absent", "-", None)]
    launch = _num(r"launch to first card.*?best ([\d.]+) s", out)
    median = _num(r"key to next card.*?median ([\d.]+) ms", out)
    p95 = _num(r"key to next card.*?p95 ([\d.]+) ms", out)
    return [
        Result("`cards review`: launch to first card (best)",
               f"{launch:.2f} s" if launch is not None else "?", "<= 1.5 s",
               None if launch is None else launch <= 1.5),
        Result("`cards review`: key press to next card (median)",
               f"{median:.1f} ms (p95 {p95:.1f})" if median is not None and p95 is not None
               else "?", "<= 50 ms", None if median is None else median <= 50),
    ]


def anki(quick: bool) -> list[Result]:
    out = run_script("bench_anki_export.py", ["--repeat", "2" if quick else "3"])
    if out is None:
        return [Result("bench_anki_export.py", "failed or absent", "-", None)]
    best = _num(r"best of \d+: ([\d.]+) s", out)
    return [Result("export 10,000 cards to .apkg (best)",
                   f"{best:.2f} s" if best is not None else "?", "<= 3 s",
                   None if best is None else best <= 3)]


def table(results: list[Result]) -> str:
    header = ("what", "measured", "budget", "verdict")
    rows = [header, *(r.cells() for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def fsrs(quick: bool) -> list[Result]:
    out = run_script("bench_fsrs.py", ["--json", *(["--quick"] if quick else [])], echo=False)
    if out is None:
        return [Result("bench_fsrs.py", "failed", "-", None)]
    rows = json.loads(out.strip().splitlines()[-1])
    for r in rows:
        print(f"   {r['what']}: {r['measured']:.2f} {r['unit']}  {r['note']}")
    return [Result(r["what"], f"{r['measured']:.2f} {r['unit']}", f"<= {r['budget']:g} {r['unit']}",
                   r["ok"]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the scale")
    parser.add_argument("--only", choices=("core", "draft", "tui", "anki", "fsrs"), action="append",
                        help="run only these groups (repeatable)")
    args = parser.parse_args()
    groups: dict[str, Callable[[bool], list[Result]]] = {
        "core": core, "tui": tui, "draft": draft, "anki": anki, "fsrs": fsrs}
    results: list[Result] = []
    for name, group in groups.items():
        if not args.only or name in args.only:
            results += group(args.quick)
    print()
    print(f"Machine: {machine()}")
    print(f"Scale: {'quick (10,000 cards, 100,000 reviews)' if args.quick else 'full'}")
    print(table(results))
    sys.exit(0 if all(r.ok is not False for r in results) else 1)


if __name__ == "__main__":
    main()
