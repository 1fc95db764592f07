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
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, col, select

from cards.store.folding import PLAIN_FIELDS, folded_of_json
from cards.store.models import CardRow, UndoStepRow
from cards.store.tx import Repository, Tx
from cards.vocabulary import CardStatus

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


class BulkRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)
        self._table = CardRow.__table__

    # ------------------------------------------------------------ reading
    def rows(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The snapshot columns (and the folded fields) of these cards."""
        table = self._table
        columns = [table.c[c] for c in dict.fromkeys((*SNAPSHOT, *PLAIN_FIELDS))]
        out: list[dict[str, Any]] = []
        for chunk in _chunks(ids):
            out += [dict(r._mapping) for r in self._session.execute(
                select(*columns).where(table.c.id.in_(chunk)))]
        return out

    # ------------------------------------------------------------ acting
    def record(self, action: str, rows: Sequence[dict[str, Any]], now: datetime) -> int:
        """Save the rows as they are before `action` changes them; the step's id."""
        data = [[r[c].isoformat() if c in _TIMES and r[c] is not None else r[c]
                 for c in SNAPSHOT] for r in rows]
        step = UndoStepRow(made_at=now, action=action, rows=json.dumps(data, ensure_ascii=False))
        self._session.add(step)
        self._session.flush()
        assert step.id is not None
        old = self._session.exec(select(UndoStepRow.id).order_by(
            col(UndoStepRow.id).desc()).offset(KEEP_STEPS)).all()
        if old:
            self._session.execute(delete(UndoStepRow).where(col(UndoStepRow.id).in_(old)))
        return step.id

    def set_status(self, ids: Sequence[str], status: str, now: datetime) -> None:
        """Give these cards `status` (to the trash: remembering the one they had)."""
        table = self._table
        for chunk in _chunks(ids):
            values: dict[str, Any] = {"status": status, "modified_at": now}
            if status == CardStatus.DELETED:
                values |= {"deleted_from": table.c.status, "deleted_at": now}
            else:
                values |= {"deleted_from": None, "deleted_at": None}
            self._session.execute(update(table).where(table.c.id.in_(chunk)).values(values))

    def move(self, ids: Sequence[str], deck_id: int, now: datetime) -> None:
        table = self._table
        for chunk in _chunks(ids):
            self._session.execute(update(table).where(table.c.id.in_(chunk)).values(
                deck_id=deck_id, modified_at=now))

    def set_tags(self, rows: Sequence[dict[str, Any]], tags_of: dict[str, list[str]],
                 now: datetime) -> None:
        """Write each card's new tags (and its folded search text, which holds them)."""
        table = self._table
        params = []
        for row in rows:
            tags = json.dumps(tags_of[row["id"]], ensure_ascii=False)
            folded = folded_of_json(*(row[f] for f in PLAIN_FIELDS), tags)
            params.append({"b_id": row["id"], "b_tags": tags, "b_folded": folded,
                           "b_now": now})
        if params:
            self._session.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(
                    tags=bindparam("b_tags"), folded=bindparam("b_folded"),
                    modified_at=bindparam("b_now")), params)

    # ------------------------------------------------------------ undoing
    def latest(self) -> UndoStep | None:
        row = self._session.exec(
            select(UndoStepRow).order_by(col(UndoStepRow.id).desc()).limit(1)).first()
        if row is None or row.id is None:
            return None
        return UndoStep(row.id, row.made_at, row.action, len(json.loads(row.rows)))

    def undo(self, step_id: int) -> UndoStep | None:
        """Put back the rows step `step_id` recorded, and forget the step; None if
        there is no such step."""
        row = self._session.get(UndoStepRow, step_id)
        if row is None or row.id is None:
            return None
        data = json.loads(row.rows)
        table = self._table
        params = []
        for values in data:
            record = dict(zip(SNAPSHOT, values, strict=True))
            for c in _TIMES:
                if record[c] is not None:
                    record[c] = datetime.fromisoformat(record[c])
            params.append({f"b_{c}": v for c, v in record.items()})
        columns = CHANGED.get(row.action, STATUS_COLUMNS)
        if params:
            self._session.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(
                    {c: bindparam(f"b_{c}") for c in columns}), params)
        step = UndoStep(row.id, row.made_at, row.action, len(data))
        self._session.delete(row)
        return step
