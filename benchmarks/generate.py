"""Build large collections and deck files for the benchmarks, fast, and cache them.

The collection file is created through `Collection.open`, so its schema and
migrations are the product's own; the rows are then bulk-inserted with sqlite3's
`executemany` in one transaction (the ORM would take minutes for a million rows).

Every review item's history is simulated with the real SM-2 step
(`cards.scheduler.answer`), so each schedule row equals the `*_after` state of its
item's latest scheduled review, and each review's `*_before` state equals the
previous one's `*_after`: the data is what years of real use would leave behind.

Run: python benchmarks/generate.py [--cards N] [--reviews N]   (prints the path)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: Bump when the generated data changes, so stale caches are rebuilt.
VERSION = 8  # 8: schema v11 (ix_review_item_time); 7: folded search text (v8), FSRS (v7)
OUT = Path(__file__).resolve().parent / "out"
DECKS = ("biology", "history", "languages", "mathematics", "physics")
YEARS = 3


@dataclass(frozen=True)
class Scale:
    cards: int = 100_000
    reviews: int = 1_000_000

    @property
    def tag(self) -> str:
        return f"v{VERSION}-{self.cards}c-{self.reviews}r"


def collection_path(scale: Scale) -> Path:
    return OUT / f"collection-{scale.tag}.db"


def _card_rows(n: int, now: datetime, rng: random.Random) -> Iterator[tuple[object, ...]]:
    """(id, deck_id, seq, type, front, back, text, extra, concept, tags, src..., created...)."""
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    for i in range(n):
        deck_id = 1 + i % len(DECKS)
        tags = json.dumps([DECKS[deck_id - 1], f"unit-{i % 37}"])
        src = (f"seeds/{i % 97:03d}.txt", 1 + i % 400, f"A quoted passage, number {i}.",
               "Cleo Nardo" if i % 2 else None) if i % 4 == 0 else (None, None, None, None)
        if i % 3 == 2:
            deletions = 1 + rng.random().__lt__(0.5)
            text = f"The {{{{c1::term {i}}}}} is related to " + (
                f"{{{{c2::idea {i}}}}}." if deletions == 2 else f"idea {i}.")
            body = ("cloze", "", "", text, "some extra context")
        else:
            body = ("basic", f"What is concept {i}?", f"It is the answer number {i}.", "", "")
        yield (f"c{i:07d}", deck_id, i + 1, *body, f"concept {i}", tags, *src, "active",
               stamp, stamp)


def _ords(row: tuple[object, ...]) -> list[int]:
    text = str(row[6])
    return [0] if row[3] == "basic" else ([1, 2] if "{{c2::" in text else [1])


def _grade(rng: random.Random) -> int:
    return rng.choices((5, 4, 3, 2, 1, 0), weights=(30, 40, 15, 8, 4, 3))[0]


def _simulate(card_id: str, ord_: int, now: datetime, budget: int, rng: random.Random,
              reviews: list[tuple[object, ...]]) -> tuple[object, ...]:
    """Append one item's review history to `reviews`; return its schedule row."""
    from cards.scheduler import ItemState, answer

    state = ItemState()
    today = now.date()
    day = today - timedelta(days=rng.randrange(YEARS * 365))
    stop = today - timedelta(days=rng.choice((0, 0, 0, 3, 10, 40)))
    last_at: datetime | None = None
    count = 0
    while day <= stop and count < budget:
        grade = _grade(rng)
        moment = datetime(day.year, day.month, day.day, 8 + rng.randrange(14),
                          rng.randrange(60), rng.randrange(60), tzinfo=UTC)
        if day == today:  # nothing in the future: today's answers are this morning's
            moment = min(moment, now - timedelta(minutes=10 + rng.randrange(120)))
        after = answer(state, grade, day, 0).after  # leeches off: see the settings below
        reviews.append(_review(card_id, ord_, moment, grade, "review", state, after))
        count += 1
        if grade < 4 and count < budget:  # rule 7: a same-day repeat, logged only
            again = moment + timedelta(minutes=3)
            reviews.append(_review(card_id, ord_, again, 4, "repeat", after, after))
            count += 1
        state, last_at = after, moment
        assert state.due is not None
        day = state.due + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
    return (card_id, ord_, state.repetitions, state.interval, state.easiness_h,
            state.due.isoformat() if state.due else None, state.lapses,
            last_at.strftime("%Y-%m-%d %H:%M:%S.%f") if last_at else None)


def _review(card_id: str, ord_: int, moment: datetime, grade: int, kind: str, before: object,
            after: object) -> tuple[object, ...]:
    b, a = before, after
    return (card_id, ord_, moment.strftime("%Y-%m-%d %H:%M:%S.%f"), grade, kind,
            b.repetitions, b.interval, b.easiness_h,  # type: ignore[attr-defined]
            b.due.isoformat() if b.due else None, b.lapses,  # type: ignore[attr-defined]
            a.repetitions, a.interval, a.easiness_h,  # type: ignore[attr-defined]
            a.due.isoformat() if a.due else None, a.lapses, 1000 + (grade * 997) % 9000)  # type: ignore[attr-defined]


def _fill(conn: sqlite3.Connection, scale: Scale, now: datetime) -> None:
    rng = random.Random(20261121)
    created = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.executemany("INSERT INTO deck (id, name, description, created_at) VALUES (?, ?, ?, ?)",
                     [(i + 1, name, f"Generated {name} deck", created)
                      for i, name in enumerate(DECKS)])
    cards = list(_card_rows(scale.cards, now, rng))
    conn.executemany("INSERT INTO card (id, deck_id, seq, type, front, back, text, extra, "
                     "concept, tags, source_file, source_line, source_quote, source_author, "
                     "status, created_at, modified_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cards)
    items = [(row[0], o) for row in cards for o in _ords(row)]
    rng.shuffle(items)
    reviews: list[tuple[object, ...]] = []
    schedule = []
    for card_id, ord_ in items:
        left = scale.reviews - len(reviews)
        if left <= 0 or rng.random() < 0.1:  # about a tenth of the items stay new
            schedule.append((card_id, ord_, 0, 0, 250, None, 0, None))
        else:
            schedule.append(_simulate(str(card_id), ord_, now, left, rng, reviews))
    reviews.sort(key=lambda r: r[2])  # ids follow time, as they would in real use
    conn.executemany("INSERT INTO schedule (card_id, ord, repetitions, interval, easiness, due, "
                     "lapses, last_review, sm2_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*row, row[5]) for row in schedule])  # v6: SM-2's own due day
    conn.executemany("INSERT INTO review (card_id, ord, reviewed_at, grade, kind, reps_before, "
                     "interval_before, easiness_before, due_before, lapses_before, reps_after, "
                     "interval_after, easiness_after, due_after, lapses_after, duration_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews)
    conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('timezone', 'UTC')")
    for key, value in (("leech_threshold", "0"),):
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))


def _fold(conn: sqlite3.Connection) -> None:
    """Each card's folded search text, as the product writes it with the card (the raw
    inserts above bypass it), through the same function the v7 migration uses."""
    from cards.store.sqlite.functions import register_functions

    register_functions(conn)
    conn.execute("UPDATE card SET folded = cards_folded(id, front, back, text, extra, "
                 "concept, source_file, source_quote, source_author, tags)")


def build_collection(scale: Scale, path: Path, now: datetime | None = None) -> Path:
    """Create a collection at `path` (overwriting) with `scale` cards and reviews."""
    from cards.collection import Collection

    now = now or datetime.now(UTC)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    Collection.open(path).close()  # the real schema, through the real migrations
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN IMMEDIATE")
        _fill(conn, scale, now)
        _fold(conn)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no ANALYZE: users' files have none
    finally:
        conn.close()
    return path


def cached_collection(scale: Scale = Scale()) -> Path:
    """The cached collection for `scale`, built on first use (keyed by VERSION and scale)."""
    path = collection_path(scale)
    if not path.exists():
        tmp = path.with_name(path.name + ".building")
        build_collection(scale, tmp)
        tmp.rename(path)
    return path


def working_copy(scale: Scale, target: Path) -> Path:
    """A private copy of the cached collection that a benchmark may write to."""
    shutil.copyfile(cached_collection(scale), target)
    return target


def write_deck_file(n: int, path: Path, name: str = "big") -> Path:
    """A deck TOML file of `n` mixed cards, written with the product's own writer."""
    from cards.decks import Deck, DeckCard, Source, write_deck

    cards = []
    for i in range(n):
        source = Source(f"seeds/{i % 97:03d}.txt", 1 + i % 400, f"Quote {i}.") if i % 2 else None
        if i % 3 == 2:
            cards.append(DeckCard(id=f"{name}-{i}", type="cloze",
                                  text=f"The {{{{c1::term {i}}}}} and {{{{c2::idea {i}}}}}.",
                                  tags=["gen"], source=source))
        else:
            cards.append(DeckCard(id=f"{name}-{i}", front=f"Question {i}?",
                                  back=f"Answer {i}.", concept=f"concept {i}", tags=["gen"],
                                  source=source))
    write_deck(Deck(name=name, description="generated", cards=cards), path)
    return path


def cached_deck_file(n: int) -> Path:
    path = OUT / f"deck-v{VERSION}-{n}.toml"
    if not path.exists():
        write_deck_file(n, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=Scale.cards)
    parser.add_argument("--reviews", type=int, default=Scale.reviews)
    parser.add_argument("--deck", type=int, default=0, help="also write an N-card deck file")
    args = parser.parse_args()
    scale = Scale(args.cards, args.reviews)
    print(cached_collection(scale))
    if args.deck:
        print(cached_deck_file(args.deck))


if __name__ == "__main__":
    sys.exit(main())
