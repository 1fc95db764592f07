"""Recall and density of `cards draft` on the eight corpora texts and the seeds.

Each text in ../shared/corpora/texts/<name>/ is drafted alone by the real CLI
(`python -m cards draft DIR -o DECK`), then scored with the corpora README's rules
(benchmarks/scoring.py).  Prints per text: recall, covered/total, cards, words, cards per
10,000 words, seconds, then the misses and the cards that cover no label.

Run from the repository root: python benchmarks/recall.py [--quiet] [NAME ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring import (  # noqa: E402
    Score,
    corpora_labels,
    score_names,
    score_text,
    seeds_labels,
)

CORPORA = ROOT.parent / "shared" / "corpora"
SEEDS_LABELS = ROOT / "tests" / "data" / "seeds_concepts.toml"


def draft_folder(folder: Path, out: Path) -> tuple[list, float]:
    """Run the real `cards draft` on a folder; the deck's cards and the seconds it took."""
    from cards.decks import load_deck

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cards", "draft", str(folder), "-o",
                           str(out)], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not out.exists():
        print(f"  {folder.name}: cards draft failed ({done.returncode}): "
              f"{done.stderr.strip()[:200]}")
        return [], elapsed
    return load_deck(out).cards, elapsed


def words_in(folder: Path) -> int:
    """Words of visible text, as the extractor counts them (its sentences)."""
    from cards.corpus import read_corpus
    from cards.extract import blocks_of
    from cards.extract.sentences import sentences_of

    corpus = read_corpus(folder, folder.name, warn=lambda _m: None)
    return sum(len(s.text.split()) for s in sentences_of(blocks_of(corpus)))


def run(names: list[str], quiet: bool) -> list[tuple[Score, int, float]]:
    sys.path.insert(0, str(ROOT / "src"))
    rows: list[tuple[Score, int, float]] = []
    labels = corpora_labels(CORPORA) if CORPORA.is_dir() else {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text_labels in labels.items():
            if names and name not in names:
                continue
            folder = CORPORA / "texts" / name
            cards, seconds = draft_folder(folder, Path(tmp) / f"{name}.toml")
            score = score_text(name, cards, text_labels, CORPORA / "texts")
            rows.append((score, words_in(folder), seconds))
        if not names or "seeds" in names:
            cards, seconds = draft_folder(ROOT / "seeds", Path(tmp) / "seeds.toml")
            score = score_names("seeds", cards, seeds_labels(SEEDS_LABELS))
            rows.append((score, words_in(ROOT / "seeds"), seconds))
    print(f"{'text':40} {'recall':>6} {'covered':>8} {'cards':>5} {'words':>6} "
          f"{'c/10k':>6} {'secs':>5}")
    for score, words, seconds in rows:
        density = score.cards / words * 10_000 if words else 0.0
        print(f"{score.name:40} {score.recall:6.2f} {len(score.covered):>3}/{score.labels:<4} "
              f"{score.cards:5} {words:6} {density:6.1f} {seconds:5.2f}")
    if len(rows) > 1:
        mean = sum(s.recall for s, _, _ in rows) / len(rows)
        pooled = sum(len(s.covered) for s, _, _ in rows) / sum(s.labels for s, _, _ in rows)
        print(f"{'mean / pooled':40} {mean:6.2f} {pooled:8.2f}")
    if not quiet:
        for score, _, _ in rows:
            print(f"\n== {score.name}: misses ({len(score.misses)})")
            for lab in score.misses:
                print(f"  {lab.get('line', '-'):>5}  {lab['term']}")
            print(f"-- cards covering no label ({len(score.uncovering)}; "
                  f"{score.unplaced} quotes not found)")
            for term, line in score.uncovering:
                print(f"  {line if line is not None else '?':>5}  {term}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="texts to run (default: all and seeds)")
    parser.add_argument("--quiet", action="store_true", help="table only")
    args = parser.parse_args()
    run(args.names, args.quiet)


if __name__ == "__main__":
    main()
