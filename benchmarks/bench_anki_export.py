"""Time `export_apkg` on 10,000 cards (budget: 3 s on a 2-core machine).

Run: python benchmarks/bench_anki_export.py [N] [--repeat K]
Prints the best of K runs, so a noisy neighbour does not hide a regression.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cards.anki import AnkiCard, export_apkg
from cards.decks import Source

BUDGET_S = 3.0


def make_cards(n: int) -> list[AnkiCard]:
    """Realistic cards: two thirds basic, one third cloze with two or three deletions."""
    start = datetime(2027, 1, 1, tzinfo=UTC)
    cards = []
    for i in range(n):
        source = Source(file=f"seeds/{i % 97:03d}.txt", line=1 + i % 400,
                        quote=f"A passage of some length, number {i}, quoted <verbatim>.",
                        author="Cleo Nardo" if i % 2 else None)
        common = dict(id=f"card-{i}", deck=f"deck {i % 7}", tags=("scaling", f"topic {i % 13}"),
                      source=source, modified_at=start + timedelta(seconds=i))
        if i % 3 == 2:
            text = (f"The {{{{c1::term {i}}}}} relates to {{{{c2::idea::a hint}}}}.\n"
                    + ("And {{c3::a third}} one." if i % 2 else ""))
            cards.append(AnkiCard(type="cloze", front="", back="", text=text,
                                  extra="Some extra & context.", **common))
        else:
            cards.append(AnkiCard(type="basic", front=f"What is concept {i} <really>?",
                                  back=f"It is the answer to {i}.\nOn two lines.", text="",
                                  extra="", **common))
    return cards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cards = make_cards(args.n)
    times = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bench.apkg"
        for _ in range(args.repeat):
            began = time.perf_counter()
            summary = export_apkg(cards, out)
            times.append(time.perf_counter() - began)
        size_kb = out.stat().st_size / 1024
    best = min(times)
    verdict = "within" if best <= BUDGET_S else "OVER"
    print(f"export_apkg: {summary.notes} notes, {summary.cards} cards, {summary.decks} decks, "
          f"{size_kb:.0f} KiB")
    print(f"best of {args.repeat}: {best:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}); "
          f"{verdict} the {BUDGET_S:.0f} s budget")


if __name__ == "__main__":
    main()
