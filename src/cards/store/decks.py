"""Decks: names, descriptions, per-deck daily limits, and card counts per deck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from cards.store.models import CardRow, DeckRow
from cards.store.tx import Repository, Tx

#: The daily limits a deck may set for itself (None: the collection-wide value).
DECK_LIMITS = ("new_per_day", "reviews_per_day", "bury_siblings")

_FIND = ("SELECT id, name, description, new_per_day, reviews_per_day, source_dir, scheduler,"
         " fsrs_parameters, bury_siblings FROM deck WHERE name = ?")


@dataclass(frozen=True, slots=True)
class DeckRecord:
    id: int
    name: str
    description: str
    new_per_day: int | None
    reviews_per_day: int | None
    source_dir: str | None
    scheduler: str | None = None  # None: the collection's
    fsrs_parameters: str | None = None  # JSON list; None: the collection's
    bury_siblings: int | None = None

    @classmethod
    def of(cls, row: DeckRow) -> DeckRecord:
        assert row.id is not None
        return cls(row.id, row.name, row.description, row.new_per_day, row.reviews_per_day,
                   row.source_dir, row.scheduler, row.fsrs_parameters,
                   row.bury_siblings)


class DeckRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def names_by_id(self) -> dict[int, str]:
        return {d.id: d.name for d in self._session.exec(select(DeckRow)).all()
                if d.id is not None}

    def all(self) -> list[DeckRecord]:
        """Every deck, by name."""
        return [DeckRecord.of(d)
                for d in self._session.exec(select(DeckRow).order_by(DeckRow.name)).all()]

    def row(self, name: str) -> DeckRow | None:
        """The table row itself, for import code that sets fields in its transaction."""
        return self._session.exec(select(DeckRow).where(DeckRow.name == name)).first()

    def find(self, name: str) -> DeckRecord | None:
        """The deck named `name` (one driver statement: an answer asks for its deck)."""
        found = self._tx.run(_FIND, (name,)).fetchone()
        return DeckRecord(*found) if found is not None else None

    def ensure_row(self, name: str, description: str | None, now: datetime) -> DeckRow:
        """The deck named `name`, made if missing; its description set if given."""
        deck = self.row(name)
        if deck is None:
            deck = DeckRow(name=name, description=description or "", created_at=now)
            self._session.add(deck)
            self._session.flush()
        elif description is not None and description != deck.description:
            deck.description = description
            self._session.add(deck)
        return deck

    def set_limit(self, name: str, key: str, value: int | None) -> bool:
        """Set one of `DECK_LIMITS`; False if there is no such deck."""
        if key not in DECK_LIMITS:
            raise ValueError(f"not a deck limit: {key}")
        deck = self.row(name)
        if deck is None:
            return False
        setattr(deck, key, value)
        self._session.add(deck)
        return True

    def set_scheduler(self, deck_id: int, scheduler: str | None) -> None:
        """A deck's own scheduler (None: the collection's)."""
        self._set(deck_id, scheduler=scheduler)

    def set_fsrs_parameters(self, deck_id: int, parameters: str | None) -> None:
        """A deck's own FSRS parameters as a JSON list (None: the collection's)."""
        self._set(deck_id, fsrs_parameters=parameters)

    def _set(self, deck_id: int, **values: str | None) -> None:
        deck = self._session.get(DeckRow, deck_id)
        assert deck is not None, deck_id
        for key, value in values.items():
            setattr(deck, key, value)
        self._session.add(deck)

    def card_counts(self, deck_id: int) -> dict[str, int]:
        """Cards of a deck per status (deleted ones included)."""
        return {str(status): int(n) for status, n in self._session.exec(
            select(CardRow.status, func.count()).where(CardRow.deck_id == deck_id)
            .group_by(CardRow.status)).all()}
