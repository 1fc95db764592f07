"""Decks: names, descriptions, per-deck daily limits, and card counts per deck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cards.store.tx import Repository, Tx

if TYPE_CHECKING:
    from sqlmodel import Session

#: The daily limits a deck may set for itself (None: the collection-wide value).
DECK_LIMITS = ("new_per_day", "reviews_per_day", "bury_siblings")

_COLUMNS = ("id, name, description, new_per_day, reviews_per_day, source_dir, scheduler,"
            " fsrs_parameters, bury_siblings")
_FIND = f"SELECT {_COLUMNS} FROM deck WHERE name = ?"
_ALL = f"SELECT {_COLUMNS} FROM deck ORDER BY name"
_NAMES = "SELECT id, name FROM deck"
_INSERT = "INSERT INTO deck (name, description, created_at) VALUES (?, ?, ?)"
_DESCRIBE = "UPDATE deck SET description = ? WHERE id = ?"
#: One UPDATE per column a repository sets (column names come from this table only).
_SET = {column: f"UPDATE deck SET {column} = ? WHERE id = ?"
        for column in (*DECK_LIMITS, "scheduler", "fsrs_parameters")}
_CARD_COUNTS = "SELECT status, count(*) FROM card WHERE deck_id = ? GROUP BY status"


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


class DeckRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def names_by_id(self) -> dict[int, str]:
        return {int(deck_id): name for deck_id, name in self._tx.run(_NAMES).fetchall()}

    def all(self) -> list[DeckRecord]:
        """Every deck, by name."""
        return [DeckRecord(*row) for row in self._tx.run(_ALL).fetchall()]

    def find(self, name: str) -> DeckRecord | None:
        """The deck named `name` (one driver statement: an answer asks for its deck)."""
        found = self._tx.one(_FIND, (name,))
        return DeckRecord(*found) if found is not None else None

    def ensure(self, name: str, description: str | None, now: datetime) -> DeckRecord:
        """The deck named `name`, made if missing; its description set if given."""
        deck = self.find(name)
        if deck is None:
            self._tx.write(_INSERT, (name, description or "", self._tx.time_param(now)))
            made = self.find(name)
            assert made is not None
            return made
        if description is not None and description != deck.description:
            self._tx.write(_DESCRIBE, (description, deck.id))
            return DeckRecord(deck.id, deck.name, description, deck.new_per_day,
                              deck.reviews_per_day, deck.source_dir, deck.scheduler,
                              deck.fsrs_parameters, deck.bury_siblings)
        return deck

    def set_limit(self, name: str, key: str, value: int | None) -> bool:
        """Set one of `DECK_LIMITS`; False if there is no such deck."""
        if key not in DECK_LIMITS:
            raise ValueError(f"not a deck limit: {key}")
        deck = self.find(name)
        if deck is None:
            return False
        self._tx.write(_SET[key], (value, deck.id))
        return True

    def set_scheduler(self, deck_id: int, scheduler: str | None) -> None:
        """A deck's own scheduler (None: the collection's)."""
        self._tx.write(_SET["scheduler"], (scheduler, deck_id))

    def set_fsrs_parameters(self, deck_id: int, parameters: str | None) -> None:
        """A deck's own FSRS parameters as a JSON list (None: the collection's)."""
        self._tx.write(_SET["fsrs_parameters"], (parameters, deck_id))

    def card_counts(self, deck_id: int) -> dict[str, int]:
        """Cards of a deck per status (deleted ones included)."""
        return {str(status): int(n)
                for status, n in self._tx.run(_CARD_COUNTS, (deck_id,)).fetchall()}
