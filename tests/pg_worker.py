"""A process that studies a shared collection in a loop (the concurrency tests run two).

`python tests/pg_worker.py URL NAME ROUNDS OUT` answers the first due items of the
collection at URL (both processes see the same queue, so they race for the same items)
and adds a card every third round. After each answer or card `cards` says is committed,
one JSON line goes to OUT: what the database must then hold.
"""

from __future__ import annotations

import json
import random
import sys

from cards.collection import Collection
from cards.errors import CardsError


def main(url: str, name: str, rounds: int, out_path: str) -> None:
    rng = random.Random(name)
    with Collection.open(url) as col, open(out_path, "a", encoding="utf-8") as out:
        for n in range(rounds):
            try:
                due = col.due(limit=3)
                if due:
                    item = due[rng.randrange(len(due))]
                    grade = rng.choice([1, 3, 4, 4, 5, 5])
                    result = col.answer(item.key, grade)
                    out.write(json.dumps({"answer": result.review_id, "key": result.key,
                                          "grade": grade, "kind": result.kind}) + "\n")
                if n % 3 == 0:
                    card = col.add_card(deck="shared", front=f"{name} card {n}", back="a")
                    out.write(json.dumps({"card": card.id}) + "\n")
            except CardsError as exc:  # a suspended leech, say: noted, and on
                out.write(json.dumps({"refused": str(exc)}) + "\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
