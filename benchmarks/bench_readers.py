"""Corpus readers: time and peak memory for generated corpora of 1 and 10 MB per format.

Each measurement runs in a fresh subprocess (peak RSS is the child's ``ru_maxrss``),
reading a folder of generated files as ``cards draft`` does (``CorpusStream``;
``--draft`` runs the whole ``cards draft`` instead).  Wall time is printed with the
child's CPU time, which a shared machine disturbs less.  Budgets (issue 10 / issue 9
item 25): <= 1 s per 100 KB, linear to 10 MB, <= 500 MB.  The PDF corpus is drawn
with reportlab (a test dependency).

    python benchmarks/bench_readers.py [--sizes 1,10] [--formats txt,md,html,rst,tex,pdf]
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


def _pdf(rng: random.Random, size: int) -> bytes:
    """A PDF of about ``size`` bytes of text: pages of 72-column lines, a running header
    and a page number."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    written, number = 0, 0
    while written < size:
        number += 1
        drawing.drawString(72, 800, "A Generated Book")
        text = " ".join(_sentence(rng) for _ in range(20))
        for row, line in enumerate(textwrap.wrap(text, 72)[:50]):
            drawing.drawString(72, 760 - 14 * row, line)
            written += len(line) + 1
        drawing.drawString(72, 40, f"Page {number}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def make_corpus(folder: Path, fmt: str, megabytes: float, files: int) -> int:
    """Write the corpus; returns its size in bytes of text (a PDF's: of its lines)."""
    rng = random.Random(7)
    size = int(megabytes * 1024 * 1024)
    for n in range(files):
        if fmt == "pdf":
            (folder / f"doc{n:03d}.pdf").write_bytes(_pdf(rng, size // files))
        else:
            (folder / f"doc{n:03d}.{fmt}").write_text(_document(rng, fmt, size // files),
                                                      encoding="utf-8")
    if fmt == "pdf":
        return size
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
    from cards.corpus import CorpusStream
    blocks = sum(1 for _ in CorpusStream(folder, "c"))  # as cards draft reads: streamed
elapsed = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "blocks": blocks}))
"""


def measure(folder: Path, draft: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), "1" if draft else "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--formats", default="txt,md,html,rst,tex,pdf")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--draft", action="store_true")
    args = parser.parse_args()
    print(f"{'format':<6} {'MB':>5} {'wall s':>7} {'CPU s':>7} {'CPU s/100KB':>11} "
          f"{'peak MB':>8} {'blocks':>7}")
    for fmt in args.formats.split(","):
        for megabytes in (float(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "corpus"
                folder.mkdir()
                size = make_corpus(folder, fmt, megabytes, args.files)
                result = measure(folder, args.draft)
            per = result["cpu"] / (size / 102_400)
            print(f"{fmt:<6} {size / 2**20:>5.1f} {result['seconds']:>7.2f} "
                  f"{result['cpu']:>7.2f} {per:>11.3f} {result['peak_mb']:>8.0f} "
                  f"{int(result['blocks']):>7}", flush=True)


if __name__ == "__main__":
    main()
