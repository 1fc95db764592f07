"""Two machines studying one collection on a PostgreSQL server at the same time.

Two processes answer the same due items and add cards in a loop. Afterwards every
answer either process was told is committed is in the log exactly once, nothing else
is, every card added is there, and every schedule equals a replay of its item's log.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cards.collection import Collection
from cards.scheduler import ItemState, resolve_timezone, study_day
from cards.scheduler import answer as sm2_answer
from tests.conftest import dump

WORKER = Path(__file__).with_name("pg_worker.py")
ROUNDS = 60


def replay(log: list[tuple[Any, ...]], threshold: int) -> dict[tuple[str, int], ItemState]:
    """Each item's state after its scheduled answers, in log order, from new; every
    row's `before` must be the state the rows before it left."""
    zone = resolve_timezone("UTC")
    states: dict[tuple[str, int], ItemState] = {}
    for row in log:
        (_id, card_id, ord_, at, grade, kind, rb, ib, eb, db, lb, ra, ia, ea, da, la) = row[:16]
        key = (card_id, ord_)
        before = states.get(key, ItemState())
        assert ItemState(rb, ib, eb, db, lb) == before, (row, before)
        if kind == "review":
            after = sm2_answer(before, grade, study_day(at, zone, 4), threshold).after
            assert ItemState(ra, ia, ea, da, la) == after, row
            states[key] = after
        else:
            assert ItemState(ra, ia, ea, da, la) == before, row
    return states


@pytest.mark.serial
def test_two_processes_answer_and_add_without_losing_or_doubling(
        pg_url: str, tmp_path: Path) -> None:
    with Collection.open(pg_url) as col:
        col.set_setting("timezone", "UTC")
        col.set_setting("new_per_day", "1000")
        for n in range(12):
            col.add_card(deck="shared", front=f"first {n}", back="a")
    outs = [tmp_path / f"{name}.jsonl" for name in ("desk", "laptop")]
    procs = [subprocess.Popen([sys.executable, str(WORKER), pg_url, out.stem, str(ROUNDS),
                               str(out)], stderr=subprocess.PIPE, text=True) for out in outs]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    told = [json.loads(line) for out in outs for line in out.read_text().splitlines()]
    answers = {t["answer"]: t for t in told if "answer" in t}
    added = [t["card"] for t in told if "card" in t]
    assert len(answers) > ROUNDS and len(added) == 2 * (ROUNDS // 3)
    with Collection.open(pg_url) as col:
        rows = dump(col)
        threshold = col.settings().leech_threshold
    log = rows["review"]
    # every committed answer is there once, as it was told, and nothing else is
    assert sorted(r[0] for r in log) == sorted(answers)
    for row in log:
        told_row = answers[row[0]]
        assert (row[1], row[4], row[5]) == (told_row["key"], told_row["grade"],
                                            told_row["kind"])
    assert len({r[0] for r in rows["card"]}) == 12 + len(added)
    assert set(added) <= {r[0] for r in rows["card"]}
    # schedules equal a replay of the review log
    replayed = replay(log, threshold)
    for card_id, ord_, reps, interval, easiness, due, lapses, *_rest in rows["schedule"]:
        expected = replayed.get((card_id, ord_), ItemState())
        assert ItemState(reps, interval, easiness, due, lapses) == expected, card_id
