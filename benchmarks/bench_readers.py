"""Corpus readers: time and peak memory for generated corpora of 2.5, 5 and 10 MB per format.

Each measurement runs in a fresh subprocess (peak RSS is the child's ``ru_maxrss``), reading
a folder of generated files with ``read_corpus`` (``--draft`` runs the whole ``cards
draft`` instead).  Budgets (issue 10 / issue 9 item 25): <= 1 s per 100 KB, linear to
10 MB, <= 500 MB.

    python benchmarks/bench_readers.py [--sizes 2.5,5,10] [--formats txt,md,html,rst,tex]
        [--files N] [--draft]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

WORDS = [
    "catalyst", "substance", "reaction", "energy", "enzyme", "protein", "model", "network",
    "layer", "gradient", "function", "variable", "sample", "data", "concept", "theory",
    "method", "result", "value", "system", "process", "structure", "cell", "rate", "state",
    "change", "effect"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return f"A {words[0]} is a {' '.join(words[1:])}."


def _paragraph(rng: random.Random, fmt: str) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
    wrapped = textwrap.fill(text, 72)  # hard-wrapped at word boundaries, as people write
    if fmt == "md":
        return wrapped.replace("catalyst", "*catalyst*", 1)
    if fmt == "html":
        return f"<p>{text.replace('enzyme', '<em>enzyme</em>', 1)}</p>"
    if fmt == "rst":
        return wrapped.replace("catalyst", "**catalyst**", 1)
    if fmt == "tex":
        return wrapped.replace("catalyst", "\\term{catalyst}", 1)
    return wrapped


def _document(rng: random.Random, fmt: str, size: int) -> str:
    parts: list[str] = []
    total, section = 0, 0
    while total < size:
        if len(parts) % 20 == 0:
            section += 1
            heading = {"md": f"## Section {section}", "html": f"<h2>Section {section}</h2>",
                       "rst": f"Section {section}\n{'=' * 12}",
                       "tex": f"\\section{{Section {section}}}"}.get(fmt, f"SECTION {section}")
            parts.append(heading)
        parts.append(_paragraph(rng, fmt))
        total += len(parts[-1]) + 2
    body = "\n\n".join(parts)
    if fmt == "html":
        return f"<!doctype html><html><body><article>\n{body}\n</article></body></html>\n"
    if fmt == "tex":
        return f"\\documentclass{{book}}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    return body + "\n"


def make_corpus(folder: Path, fmt: str, megabytes: float, files: int) -> int:
    rng = random.Random(7)
    size = int(megabytes * 1024 * 1024)
    for n in range(files):
        (folder / f"doc{n:03d}.{fmt}").write_text(_document(rng, fmt, size // files),
                                                  encoding="utf-8")
    return sum(p.stat().st_size for p in folder.iterdir())


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
folder, draft = Path(sys.argv[1]), sys.argv[2] == "1"
started = time.perf_counter()
if draft:
    from cards.cli import main
    try:
        main(["draft", str(folder), "-o", str(folder.parent / "out.toml")])
    except SystemExit:
        pass
    blocks = -1
else:
    from cards.corpus import read_corpus
    corpus = read_corpus(folder, "c")
    blocks = len(corpus.blocks)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "blocks": blocks}))
"""


def measure(folder: Path, draft: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), "1" if draft else "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2.5,5,10")
    parser.add_argument("--formats", default="txt,md,html,rst,tex")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--draft", action="store_true")
    args = parser.parse_args()
    print(f"{'format':<6} {'MB':>5} {'s':>7} {'s/100KB':>8} {'peak MB':>8} {'blocks':>7}")
    for fmt in args.formats.split(","):
        for megabytes in (float(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "corpus"
                folder.mkdir()
                size = make_corpus(folder, fmt, megabytes, args.files)
                result = measure(folder, args.draft)
            per = result["seconds"] / (size / 102_400)
            print(f"{fmt:<6} {size / 2**20:>5.1f} {result['seconds']:>7.2f} {per:>8.3f} "
                  f"{result['peak_mb']:>8.0f} {int(result['blocks']):>7}", flush=True)


if __name__ == "__main__":
    main()
