"""Time `cards draft` processing on seeds/ and on generated 2.5, 5 and 10 MB corpora.

Each measurement runs in a fresh interpreter, so it is a cold start: the clock starts
before ``import cards.extract`` (which loads the word-frequency table on first use) and
stops when the deck text is ready; interpreter start-up is not counted.
Budgets: seeds < 1 s; time linear in corpus size; peak memory <= 500 MB.
Run: python benchmarks/bench_draft.py [--sizes 2.5,5,10]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import resource, sys, time
started = time.perf_counter()
from pathlib import Path
import cards.extract
from cards.corpus import read_corpus
from cards.decks import Deck, dumps_deck
root = Path(sys.argv[1])
corpus = read_corpus(root, root.name)
result = cards.extract.draft(corpus)
text = dumps_deck(Deck(name=root.name, cards=result.cards))
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.3f} {len(corpus.blocks)} {len(result.cards)} {peak:.0f}")
"""


def run(root: Path) -> tuple[float, int, int, float]:
    """Draft ``root`` in a fresh interpreter: seconds, passages, cards, peak RSS (MB)."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), float(out[3])


def generate(target: Path, size: int, seed: int = 7) -> None:
    """Shuffle seed lines into files, renaming words so the vocabulary grows too."""
    rng = random.Random(seed)
    lines = [line for p in sorted(Path("seeds").glob("*.txt"))
             for line in p.read_text("utf-8").splitlines() if line.strip()]
    written, n = 0, 0
    while written < size:
        chunk = rng.sample(lines, min(200, len(lines)))
        suffix = f"v{n}"
        text = "\n\n".join(line.replace("model", f"model{suffix}") for line in chunk)
        (target / f"gen_{n:04d}.txt").write_text(text, "utf-8")
        written += len(text.encode())
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2.5,5,10", help="generated sizes in MB")
    args = parser.parse_args()
    elapsed, passages, cards, peak = run(Path("seeds"))
    print(f"seeds: {elapsed:.2f} s, {passages} passages, {cards} cards, peak RSS {peak:.0f} MB")
    for size in (float(s) for s in args.sizes.split(",") if s):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "big"
            root.mkdir()
            generate(root, int(size * 1024 * 1024))
            elapsed, passages, cards, peak = run(root)
        print(f"{size:g} MB: {elapsed:.2f} s, {passages} passages, {cards} cards, "
              f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
