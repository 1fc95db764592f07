"""Plain, immutable views of collection data: what the store's repositories return
and the service layer hands to the CLI and the TUI.

They carry no database session, so a screen can hold them as long as it likes. This
module depends on no storage: `from_row` reads any object with a row's fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from cards.cloze import Rendered, render_cloze
from cards.decks import DeckCard, Source
from cards.scheduler import ItemState, from_hundredths
from cards.scheduler.days import DEFAULT_DAY_STARTS_AT
from cards.scheduler.fsrs import DEFAULT_RETENTION, MAX_INTERVAL, Memory
from cards.scheduler.states import DEFAULT_LEECH_THRESHOLD
from cards.study_state import state_of
from cards.vocabulary import CardType, StudyState


class CardFields(Protocol):
    """A stored card's fields (`cards.store.models.CardRow` has them)."""

    id: str
    type: str
    front: str
    back: str
    text: str
    extra: str
    concept: str
    tags: str  # JSON list
    source_file: str | None
    source_line: int | None
    source_quote: str | None
    source_author: str | None
    status: str
    created_at: datetime
    modified_at: datetime


class ScheduleFields(Protocol):
    """A stored review item's fields (`cards.store.models.ScheduleRow` has them)."""

    ord: int
    repetitions: int
    interval: int
    easiness: int
    due: date | None
    lapses: int
    last_review: datetime | None
    buried_until: date | None
    sm2_due: date | None
    stability: float | None
    difficulty: float | None
    fsrs_due: date | None
    fsrs_last_review: datetime | None


@dataclass(frozen=True, slots=True)
class Settings:
    """Collection-wide settings (stored in the `setting` table)."""

    timezone: str = "local"
    day_starts_at: int = DEFAULT_DAY_STARTS_AT
    new_per_day: int = 20
    reviews_per_day: int = 200
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    #: The scheduler of every deck that does not choose its own: sm2 or fsrs.
    scheduler: str = "sm2"
    #: FSRS: the chance of recall it schedules for, and the longest interval in days.
    desired_retention: float = DEFAULT_RETENTION
    maximum_interval: int = MAX_INTERVAL
    #: Answering an item buries its siblings until the next study day (1) or not (0).
    bury_siblings: int = 1
    #: Which keys grade in review: "sm2" (0-5) or "anki" (1-4: again, hard, good, easy).
    answer_keys: str = "sm2"


@dataclass(frozen=True, slots=True)
class CardView:
    id: str
    deck: str
    type: str
    front: str
    back: str
    text: str
    extra: str
    concept: str
    tags: tuple[str, ...]
    source: Source | None
    status: str
    created_at: datetime
    modified_at: datetime

    @classmethod
    def from_row(cls, row: CardFields, deck: str) -> CardView:
        source = None
        if row.source_file is not None and row.source_line is not None:
            source = Source(row.source_file, row.source_line, row.source_quote or "",
                            row.source_author)
        return cls(
            id=row.id, deck=deck, type=row.type, front=row.front, back=row.back,
            text=row.text, extra=row.extra, concept=row.concept,
            tags=tuple(json.loads(row.tags)), source=source, status=row.status,
            created_at=row.created_at, modified_at=row.modified_at,
        )

    def to_deck_card(self) -> DeckCard:
        return DeckCard(
            id=self.id, type=self.type, front=self.front, back=self.back, text=self.text,
            extra=self.extra, concept=self.concept, tags=list(self.tags), source=self.source,
            status=self.status,
        )

    @property
    def summary(self) -> str:
        """One line that names the card: the front, or the cloze text."""
        return (self.front if self.type == CardType.BASIC else self.text).replace("\n", " ")


#: The one vocabulary of `state`, for a card and for each of its review items alike.
#: A card that is not active has its status as its state; an active one is buried, or
#: new (never answered), learning (failed, starting again) or review (passed).
STATES = tuple(StudyState)




def item_key(card_id: str, ord_: int) -> str:
    """A review item's id: the card id, plus ``:cN`` for cloze deletion N."""
    return card_id if ord_ == 0 else f"{card_id}:c{ord_}"


@dataclass(frozen=True, slots=True)
class ItemView:
    """One review item (a basic card, or one deletion of a cloze card) and its state."""

    card: CardView
    ord: int
    #: SM-2's state (its `due` is SM-2's due day, whichever scheduler the deck uses).
    state: ItemState
    last_review: datetime | None = None
    buried_until: date | None = None
    #: Failed (graded below 4) earlier today: it comes back until graded 4 or 5 (rule 7),
    #: and answering it again is logged as a repeat that leaves the schedule alone.
    repeat: bool = False
    #: The due day under the deck's scheduler: what the queue goes by.
    due: date | None = None
    #: FSRS's memory state (None: no FSRS history) and its due day.
    memory: Memory | None = None
    fsrs_due: date | None = None
    #: The sibling whose answer buried this item (None: not buried, or buried by hand).
    buried_by: str | None = None

    @property
    def key(self) -> str:
        return item_key(self.card.id, self.ord)

    @property
    def easiness(self) -> Decimal:
        return from_hundredths(self.state.easiness_h)

    def state_name(self, today: date) -> str:
        """This item's word in the `STATES` vocabulary, on study day `today`."""
        return state_of(self.card.status, self.due, self.state.repetitions,
                        self.buried_until, today)

    def question(self) -> Rendered:
        if self.card.type == CardType.CLOZE:
            return render_cloze(self.card.text, self.ord, reveal=False)
        return Rendered(self.card.front)

    def answer(self) -> Rendered:
        if self.card.type == CardType.CLOZE:
            return render_cloze(self.card.text, self.ord, reveal=True)
        return Rendered(self.card.back)

    @classmethod
    def from_rows(
        cls, card: CardView, row: ScheduleFields, *, repeat: bool = False
    ) -> ItemView:
        state = ItemState(row.repetitions, row.interval, row.easiness, row.sm2_due, row.lapses)
        memory = None
        if (row.stability is not None and row.difficulty is not None
                and row.fsrs_last_review is not None):
            memory = Memory(row.stability, row.difficulty, row.fsrs_last_review)
        return cls(card, row.ord, state, row.last_review, row.buried_until, repeat,
                   row.due, memory, row.fsrs_due, getattr(row, "buried_by", None))


@dataclass(frozen=True, slots=True)
class DeckSummary:
    name: str
    description: str
    total: int
    new: int  # new cards that today's limit still allows
    due: int  # reviews due today that today's limit still allows
    drafts: int
    suspended: int
    new_per_day: int
    reviews_per_day: int
    #: Review items of accepted (active or suspended) cards: what Anki calls cards,
    #: a cloze card with two deletions counting twice, as in `new` and `due`.
    items: int = 0


@dataclass(frozen=True, slots=True)
class DeckNode:
    """One row of the deck tree (`::` makes levels): a deck, or a parent known only
    through its children, with its counts rolled up over its subtree."""

    name: str  # the full name (`lang::french`): what reviewing it is asked with
    label: str  # the last level (`french`)
    depth: int
    new: int  # new items reviewing this deck (with its children) would show today
    due: int  # due items (and waiting repeats) it would show today
    drafts: int
    accepted: int  # cards accepted for study, in the subtree
    children: bool = False


@dataclass(frozen=True, slots=True)
class CardListItem:
    """A card with its scheduling summary: one row of `cards list` and of Browse."""

    card: CardView
    state: str  # one of STATES: its least-learned item's
    due: date | None
    lapses: int
    repetitions: int


@dataclass(frozen=True, slots=True)
class CardPage:
    """A page of a listing (`Collection.search_cards`) and how many cards match in all."""

    items: list[CardListItem]
    total: int


@dataclass(frozen=True, slots=True)
class ReviewView:
    """One logged answer, for a card's history."""

    key: str
    reviewed_at: datetime
    grade: int
    kind: str  # review | repeat | cram
    interval_after: int
    due_after: date | None
    duration_ms: int


@dataclass(frozen=True, slots=True)
class CardInfo:
    """Everything about one card: Anki's Card Info, for `cards show` and Browse."""

    listing: CardListItem
    items: tuple[ItemView, ...]
    reviews: tuple[ReviewView, ...]  # newest first

    @property
    def card(self) -> CardView:
        return self.listing.card


@dataclass(frozen=True, slots=True)
class AnswerResult:
    key: str
    grade: int
    kind: str
    before: ItemState
    after: ItemState
    leech: bool
    review_id: int
    #: The due day now, under the deck's scheduler (`after.due` is SM-2's).
    due: date | None = None
    #: Sibling items this answer buried until the next study day.
    buried: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UndoResult:
    key: str
    grade: int
    kind: str
    restored: ItemState
    #: The due day now, under the deck's scheduler (`restored.due` is SM-2's).
    due: date | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    decks: tuple[str, ...]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # cards of these files deleted in the collection: left deleted
    kept_decisions: int = 0  # cards whose accept/reject/suspend beat the file's status
    kept_edits: int = 0  # cards edited since their last import, whose edit was kept
    drafts_waiting: int = 0  # cards of these files still in the drafts inbox
    backups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stats:
    counts: dict[str, int]
    due_today: int
    due_tomorrow: int
    due_next_7_days: int
    reviews_30_days: int
    retention_30_days: float | None  # share of scheduled reviews of seen cards graded >= 3
    reviews_today: int
    new_today: int
    next_due: date | None


@dataclass(frozen=True, slots=True)
class SourceContext:
    """A card's quote in its surrounding lines of the corpus file."""

    source: Source
    path: str | None  # the file found on disk, or None if it is not available
    lines: tuple[tuple[int, str], ...] = ()  # (line number, text) around the quote
    extra: dict[str, str] = field(default_factory=dict)
    #: Why the file is not read at all (it is absolute or leaves the corpus folder).
    refused: str | None = None
