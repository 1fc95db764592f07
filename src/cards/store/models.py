"""SQLModel tables of a collection.

The schema itself is owned by `migrations` (plain SQL, versioned by PRAGMA
user_version); these classes map onto it and a test checks the two agree, so the
ORM never creates or alters a table behind the migration path's back.

Times are aware UTC datetimes (SQLModel stores them as UTC text); dates are study days.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Table
from sqlmodel import Field, SQLModel


class DeckRow(SQLModel, table=True):
    __tablename__ = "deck"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    source_dir: str | None = None  # folder of the deck file last imported
    bury_siblings: int | None = None  # v10: 1/0, or None: the collection's setting
    created_at: datetime
    scheduler: str | None = None  # v7: sm2 | fsrs (None: the collection's)
    fsrs_parameters: str | None = None  # v7: JSON list of FSRS weights (None: defaults)


class CardRow(SQLModel, table=True):
    __tablename__ = "card"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    id: str = Field(primary_key=True)
    deck_id: int = Field(foreign_key="deck.id")
    seq: int  # insertion order: new cards are studied in deck order
    type: str = "basic"  # basic | cloze (cards.vocabulary.CardType)
    front: str = ""
    back: str = ""
    text: str = ""
    extra: str = ""
    concept: str = ""
    tags: str = "[]"  # JSON list of strings
    source_file: str | None = None
    source_line: int | None = None
    source_quote: str | None = None
    source_author: str | None = None
    status: str = "active"  # draft | active | suspended | rejected | deleted
    created_at: datetime
    modified_at: datetime
    imported_hash: str | None = None  # v4: content as last imported from a deck file
    deleted_at: datetime | None = None  # v6: when it went to the trash
    deleted_from: str | None = None  # v6: its status before; None once the trash is emptied
    folded: str | None = None  # v8: its text folded for search (store.folding)


class CardSearchRow(SQLModel, table=True):
    """A card as searches read it (v12): derived rows, written only by the triggers of
    `migrations.V12` (on both engines), never by the ORM. `stage` is the card's state
    apart from the day (0 new, 1 learning, 2 review); the text columns are folded."""

    __tablename__ = "card_search"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    id: int | None = Field(default=None, primary_key=True)
    card_id: str  # ix_card_search_card: (card_id, status, seq)
    status: str
    deck_id: int
    seq: int
    created_at: datetime
    stage: int = 0
    buried_until: date | None = None
    body: str | None = None  # the folded text's fields part
    tags: str | None = None  # its tags part, each tag between separators
    front: str | None = None
    back: str | None = None
    text: str | None = None
    concept: str | None = None
    source_file: str | None = None


class ScheduleRow(SQLModel, table=True):
    """SM-2 and FSRS state of one review item: a basic card (ord 0) or one cloze deletion
    (ord N). `due` is the due day under the deck's scheduler (what the queue walks)."""

    __tablename__ = "schedule"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    card_id: str = Field(foreign_key="card.id", primary_key=True)
    ord: int = Field(primary_key=True)
    repetitions: int = 0
    interval: int = 0
    easiness: int = 250  # exact hundredths
    due: date | None = None  # None until first answered (a new item)
    lapses: int = 0
    last_review: datetime | None = None
    buried_until: date | None = None  # v2
    sm2_due: date | None = None  # v7: SM-2's due day (= due in an SM-2 deck)
    stability: float | None = None  # v7: FSRS memory state (None: no FSRS history)
    difficulty: float | None = None
    fsrs_due: date | None = None
    fsrs_last_review: datetime | None = None
    buried_by: str | None = None  # v10: the item whose answer buried it (None: by hand)


class ReviewRow(SQLModel, table=True):
    """One answer. Append-only (triggers refuse updates and all deletes but undo's)."""

    __tablename__ = "review"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    id: int | None = Field(default=None, primary_key=True)
    card_id: str = Field(foreign_key="card.id")
    ord: int
    reviewed_at: datetime
    grade: int
    kind: str  # review | repeat (rule-7, same session) | cram | imported (v5: from Anki)
    reps_before: int
    interval_before: int
    easiness_before: int
    due_before: date | None = None
    lapses_before: int
    reps_after: int
    interval_after: int
    easiness_after: int
    due_after: date | None = None
    lapses_after: int
    duration_ms: int = 0
    leeched: bool = False  # v2: this answer made the card a leech (undo reverses it)


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    key: str = Field(primary_key=True)
    value: str


class UndoStepRow(SQLModel, table=True):
    """A bulk action that `undo` can take back: the cards' rows as they were (v9)."""

    __tablename__ = "undo_step"
    __table__: ClassVar[Table]  # set by SQLModel; declared for the type checker

    id: int | None = Field(default=None, primary_key=True)
    made_at: datetime
    action: str
    rows: str  # JSON: [[id, status, deleted_from, deleted_at, tags, deck_id, modified_at], ...]
    made_deck: int | None = None  # v12: the deck a move made, which its undo removes
