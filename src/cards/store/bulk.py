"""Bulk actions over many cards at once, and their undo steps.

Each action is set-based (a few statements per 500 cards, not a round trip per
card), runs inside the caller's one write transaction, and first records the rows it
is about to change in `undo_step`, so the whole action is undone at once. 10,000
cards take well under a second (benchmarks/bench_study.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cards.store.folding import PLAIN_FIELDS, folded_of_json
from cards.store.tx import Repository, Tx
from cards.vocabulary import CardStatus

if TYPE_CHECKING:
    from sqlmodel import Session

_CHUNK = 500
#: How many undo steps are kept (the oldest go first).
KEEP_STEPS = 20
#: What a step remembers of each card, in this order.
SNAPSHOT = ("id", "status", "deleted_from", "deleted_at", "tags", "deck_id", "modified_at",
            "folded")
_TIMES = ("deleted_at", "modified_at")
#: The columns each kind of action changes, and so the ones its undo writes back (an
#: undo that rewrote `tags` unchanged would make the trigger of v8 clear `folded`).
CHANGED: dict[str, tuple[str, ...]] = {
    "tag": ("tags", "folded", "modified_at"),
    "untag": ("tags", "folded", "modified_at"),
    "move": ("deck_id", "modified_at"),
}
STATUS_COLUMNS = ("status", "deleted_from", "deleted_at", "modified_at")
#: The TEMP table many cards' new values are written through (`_write_rows`), and
#: its columns' types other than TEXT (PostgreSQL's names, which SQLite takes too).
_ROWS = "bulk_rows"
_TYPES = {"deck_id": "BIGINT", "deleted_at": "TIMESTAMPTZ", "modified_at": "TIMESTAMPTZ"}
#: The columns `rows` reads: the snapshot, then the folded fields not in it.
_ROW_COLUMNS = tuple(dict.fromkeys((*SNAPSHOT, *PLAIN_FIELDS)))


@dataclass(frozen=True, slots=True)
class UndoStep:
    """A recorded bulk action: what `undo` would take back."""

    id: int
    made_at: datetime
    action: str
    cards: int


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class BulkRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    # ------------------------------------------------------------ reading
    def rows(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The snapshot columns (and the folded fields) of these cards; times as aware
        UTC datetimes."""
        tx = self._tx
        out: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            for values in tx.run(f"SELECT {', '.join(_ROW_COLUMNS)} FROM card"
                                 f" WHERE id IN ({_marks(len(chunk))})", chunk):
                row = dict(zip(_ROW_COLUMNS, values, strict=True))
                for c in _TIMES:
                    row[c] = tx.time(row[c])
                out.append(row)
        return out

    # ------------------------------------------------------------ acting
    def record(self, action: str, rows: Sequence[dict[str, Any]], now: datetime) -> int:
        """Save the rows as they are before `action` changes them; the step's id."""
        tx = self._tx
        data = [[r[c].isoformat() if c in _TIMES and r[c] is not None else r[c]
                 for c in SNAPSHOT] for r in rows]
        made = tx.write("INSERT INTO undo_step (made_at, action, rows) VALUES (?, ?, ?)"
                        " RETURNING id", (tx.time_param(now), action,
                                          json.dumps(data, ensure_ascii=False))).fetchone()
        old = [step_id for (step_id,) in tx.run("SELECT id FROM undo_step ORDER BY id DESC")
               ][KEEP_STEPS:]
        if old:
            tx.write(f"DELETE FROM undo_step WHERE id IN ({_marks(len(old))})", old)
        return int(made[0])

    def made_deck(self, step_id: int, deck_id: int) -> None:
        """Remember that step `step_id` (a move) made deck `deck_id`."""
        self._tx.write("UPDATE undo_step SET made_deck = ? WHERE id = ?", (deck_id, step_id))

    def set_status(self, ids: Sequence[str], status: str, now: datetime) -> None:
        """Give these cards `status` (to the trash: remembering the one they had)."""
        tx = self._tx
        at = tx.time_param(now)
        for chunk in _chunks(ids):
            if status == CardStatus.DELETED:
                sets, params = "deleted_from = status, deleted_at = ?", [at]
            else:
                sets, params = "deleted_from = NULL, deleted_at = NULL", []
            tx.write(f"UPDATE card SET status = ?, modified_at = ?, {sets}"
                     f" WHERE id IN ({_marks(len(chunk))})", [str(status), at, *params, *chunk])

    def move(self, ids: Sequence[str], deck_id: int, now: datetime) -> None:
        tx = self._tx
        for chunk in _chunks(ids):
            tx.write(f"UPDATE card SET deck_id = ?, modified_at = ?"
                     f" WHERE id IN ({_marks(len(chunk))})",
                     [deck_id, tx.time_param(now), *chunk])

    def set_tags(self, rows: Sequence[dict[str, Any]], tags_of: dict[str, list[str]],
                 now: datetime) -> None:
        """Write each card's new tags (and its folded search text, which holds them)."""
        at = self._tx.time_param(now)
        params = []
        for row in rows:
            tags = json.dumps(tags_of[row["id"]], ensure_ascii=False)
            folded = folded_of_json(*(row[f] for f in PLAIN_FIELDS), tags)
            params.append((tags, folded, at, row["id"]))
        self._write_rows(("tags", "folded", "modified_at"), params)

    def _write_rows(self, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Write `columns` of many cards (each row: their values, then the card's id) in
        one UPDATE from a TEMP table holding the values: one statement, so SQLite's
        trigram indexes, which write what they hold at each statement's start, take the
        10,000 cards' text in one piece instead of one piece per card (3.6 s against
        0.5 s). The values are written as parameters already (`Tx.param`)."""
        if not rows:
            return
        tx = self._tx
        table = f"{tx.words().TEMP_SCHEMA}.{_ROWS}"
        tx.write(f"DROP TABLE IF EXISTS {table}")
        typed = ", ".join(f"{c} {_TYPES.get(c, 'TEXT')}" for c in columns)
        tx.write(f"CREATE TEMPORARY TABLE {_ROWS} ({typed}, id TEXT)")
        tx.write_many(f"INSERT INTO {table} VALUES ({_marks(len(columns) + 1)})", rows)
        sets = ", ".join(f"{c} = b.{c}" for c in columns)
        tx.write(f"UPDATE card SET {sets} FROM {table} b WHERE card.id = b.id")
        tx.write(f"DROP TABLE {table}")

    # ------------------------------------------------------------ undoing
    def latest(self) -> UndoStep | None:
        tx = self._tx
        row = tx.one("SELECT id, made_at, action, rows FROM undo_step ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        step_id, made_at, action, data = row
        return UndoStep(int(step_id), tx.time(made_at), action,  # type: ignore[arg-type]
                        len(json.loads(data)))

    def undo(self, step_id: int) -> UndoStep | None:
        """Put back the rows step `step_id` recorded, and forget the step; None if
        there is no such step."""
        tx = self._tx
        row = tx.one("SELECT id, made_at, action, rows, made_deck FROM undo_step WHERE id = ?",
                     (step_id,))
        if row is None:
            return None
        _id, made_at, action, rows, made_deck = row
        data = json.loads(rows)
        columns = CHANGED.get(action, STATUS_COLUMNS)
        params = []
        for values in data:
            record = dict(zip(SNAPSHOT, values, strict=True))
            for c in _TIMES:
                if record[c] is not None:
                    record[c] = datetime.fromisoformat(record[c])
            params.append((*tx.params(record[c] for c in columns), record["id"]))
        self._write_rows(columns, params)
        if made_deck is not None:
            self._drop_if_empty(int(made_deck), int(step_id))
        tx.write("DELETE FROM undo_step WHERE id = ?", (step_id,))
        return UndoStep(int(step_id), tx.time(made_at), action,  # type: ignore[arg-type]
                        len(data))

    def _drop_if_empty(self, deck_id: int, step_id: int) -> None:
        """Delete a deck that move `step_id` made, unless a card (of any status, the
        trash's too) is in it now, or a later move that may still be undone would put
        cards back in it: a deck the user has used since stays."""
        tx = self._tx
        if tx.one("SELECT 1 FROM card WHERE deck_id = ? LIMIT 1", (deck_id,)) is not None:
            return
        place = SNAPSHOT.index("deck_id")
        for (rows,) in tx.run("SELECT rows FROM undo_step WHERE id > ? AND action = 'move'",
                              (step_id,)):
            if any(r[place] == deck_id for r in json.loads(rows)):
                return
        tx.write("DELETE FROM deck WHERE id = ?", (deck_id,))
