"""Time `cards draft` processing on seeds/ and on a generated ~10 MB corpus.

Processing only (reading, cleaning, extracting, serialising), not interpreter start-up.
Budgets: seeds < 1 s; time linear in corpus size; peak memory <= 500 MB.
Run: python benchmarks/bench_draft.py
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from pathlib import Path

from cards.corpus import read_corpus
from cards.decks import Deck, dumps_deck
from cards.extract import draft


def run(root: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    corpus = read_corpus(root, root.name)
    result = draft(corpus)
    dumps_deck(Deck(name=root.name, cards=result.cards))
    return time.perf_counter() - started, len(corpus.passages), len(result.cards)


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
    elapsed, passages, cards = run(Path("seeds"))
    print(f"seeds: {elapsed:.2f} s, {passages} passages, {cards} cards")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "big"
        root.mkdir()
        generate(root, 10 * 1024 * 1024)
        elapsed, passages, cards = run(root)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"10 MB: {elapsed:.2f} s, {passages} passages, {cards} cards, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
