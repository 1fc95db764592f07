"""The collection: the one service layer that the CLI and the TUI both call.

It owns every rule about cards and answers (statuses, daily limits, leeches, undo,
study days); `store` only persists and `scheduler` only computes. Each public method
is one short transaction, so every answer is committed before the caller moves on.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from cards.collection.views import (
    AnswerResult,
    CardInfo,
    CardListItem,
    CardView,
    DeckSummary,
    ImportReport,
    ItemView,
    ReviewView,
    Settings,
    SourceContext,
    Stats,
    UndoResult,
    item_key,
    state_name,
)
from cards.decks import (
    DeckCard,
    Source,
    cloze_ordinals,
    validate_card_fields,
    validate_deck_name,
)
from cards.errors import InvalidInputError, NotFoundError, NothingToDoError
from cards.scheduler import (
    ItemState,
    add_days,
    day_bounds,
    day_start,
    needs_same_day_repeat,
    preview_intervals,
    resolve_timezone,
    study_day,
)
from cards.scheduler import (
    answer as sm2_answer,
)
from cards.store import CardRow, DeckRow, ReviewRow, ScheduleRow, SettingRow, Store, queries

if TYPE_CHECKING:
    from cards.session import ReviewSession

DEFAULT_DECK = "default"
REVIEW_KINDS = ("review", "repeat", "cram")
LEECH_TAG = "leech"
_SETTING_TYPES: dict[str, type] = {
    "timezone": str, "day_starts_at": int, "new_per_day": int, "reviews_per_day": int,
    "leech_threshold": int,
}
#: The range each whole-number setting may take: what the scheduler and SQLite's
#: 64-bit integers can use (a daily limit goes into a LIMIT clause).
SETTING_RANGES: dict[str, tuple[int, int]] = {
    "day_starts_at": (0, 23), "new_per_day": (0, 100_000), "reviews_per_day": (0, 1_000_000),
    "leech_threshold": (0, 1000),
}
#: The longest answer time recorded (a day); a larger one is a clock or input error.
MAX_DURATION_MS = 86_400_000


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC: SQLModel stores it as UTC and hands it back aware."""
    return moment.astimezone(UTC)


def new_card_id() -> str:
    """A random, stable id for a hand-made card (never derived from its text)."""
    return uuid.uuid4().hex[:12]


def check_card_content(
    *, front: str = "", back: str = "", text: str = "", extra: str = "",
    tags: Iterable[str] = (), concept: str = "", deck: str | None = None,
) -> None:
    """Refuse invalid card content (and deck name) before anything is opened or created
    (`cards add` on a fresh path must not leave an empty collection behind when it
    refuses)."""
    if deck is not None:
        try:
            validate_deck_name(deck)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
    Collection._validate(DeckCard(
        id="x", type="cloze" if text else "basic", front=front, back=back, text=text,
        extra=extra, concept=concept, tags=list(tags)))


def parse_setting(key: str, raw: str, day_starts_at: int = 4) -> str | int:
    """A setting's value from its text, checked by using it; ValueError if unusable.

    A time zone must give a study day and its start now (a POSIX string such as
    XYZ+25 names a zone that no datetime can use); a number must lie in its range.
    """
    kind = _SETTING_TYPES.get(key)
    if kind is None:
        raise ValueError(
            f"unknown setting {key!r} (known: {', '.join(sorted(_SETTING_TYPES))})")
    if kind is str:
        if not raw.strip():
            raise ValueError("timezone cannot be empty (use 'local' or a name such as "
                             "Europe/London)")
        try:
            zone = resolve_timezone(raw)
            now = utcnow()
            # a POSIX rule can be valid today and not in its other season: try a
            # moment in every quarter of the coming decade, and in the past year
            for days in range(-400, 4000, 91):
                moment = now + timedelta(days=days)
                day_start(study_day(moment, zone, day_starts_at), zone, day_starts_at)
        except (ValueError, OverflowError, OSError, TypeError) as exc:
            raise ValueError(f"timezone {raw!r} cannot be used: {str(exc).rstrip('.')}") from None
        return raw
    low, high = SETTING_RANGES[key]
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 20:
        raise ValueError(f"{key} must be a whole number {low}..{high:,}, not {raw!r}")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"{key} must be a whole number {low}..{high:,}, not {raw!r}")
    return value


def split_key(key: str) -> tuple[str, int | None]:
    """``abc:c2`` -> ("abc", 2); ``abc`` -> ("abc", None)."""
    card_id, sep, rest = key.rpartition(":c")
    if sep and rest.isascii() and rest.isdigit():
        return card_id, int(rest)
    return key, None


def item_ords(card: DeckCard | CardRow) -> list[int]:
    """The review items a card makes: ord 0 for basic, one per cloze deletion."""
    return cloze_ordinals(card.text) if card.type == "cloze" else [0]


class Collection:
    """An open collection file. Use as a context manager, or call `close`."""

    def __init__(self, store: Store, *, now: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.path = store.path
        self._now = now
        self._settings: Settings | None = None

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, now: Callable[[], datetime] = utcnow,
        writable: bool = True, create: bool = True,
    ) -> Collection:
        """Open the collection at `path` (see `locations`).

        Writable (the default), an older collection is migrated and, with `create`, a
        missing one is made; read-only, the collection must exist and the file is
        never changed.
        """
        from cards.locations import resolve_db_path

        store = Store(resolve_db_path(path), writable=writable, create=create and writable)
        return cls(store, now=now)

    @property
    def created(self) -> bool:
        """Whether opening this collection created it."""
        return self.store.created

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- time
    def now(self) -> datetime:
        return self._now().astimezone(UTC)

    def zone(self) -> tzinfo:
        return resolve_timezone(self.settings().timezone)

    def today(self) -> date:
        """The study day it is now, in the user's time zone."""
        return study_day(self.now(), self.zone(), self.settings().day_starts_at)

    def day_start_utc(self, day: date) -> datetime:
        """The moment a study day begins, in UTC."""
        return as_utc(day_start(day, self.zone(), self.settings().day_starts_at))

    def day_bounds_utc(self, day: date) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of a study day: "today's answers" are those
        in between, so one dated later (the clock was set back since) is not today's."""
        start, end = day_bounds(day, self.zone(), self.settings().day_starts_at)
        return as_utc(start), as_utc(end)

    # ------------------------------------------------------------- settings
    def settings(self) -> Settings:
        """The settings, each stored value checked as `set_setting` checks it (one
        stored by an older cards that is no longer valid is named, never used)."""
        if self._settings is None:
            with self.store.read() as session:
                rows = {r.key: r.value for r in session.exec(select(SettingRow)).all()}
            values: dict[str, Any] = {}
            for key in sorted(rows, key=lambda k: k != "day_starts_at"):
                if key not in _SETTING_TYPES:
                    continue
                try:
                    values[key] = parse_setting(
                        key, rows[key], values.get("day_starts_at", Settings().day_starts_at))
                except ValueError as exc:
                    raise InvalidInputError(
                        f"the stored setting {key} is not usable ({exc}); set it again with "
                        f"'cards config {key} VALUE'") from None
            self._settings = Settings(**values)
        return self._settings

    def reload_settings(self) -> Settings:
        """Forget the cached settings and read them again."""
        self._settings = None
        return self.settings()

    def set_setting(self, key: str, value: str) -> Settings:
        """Change one setting, after checking it by using it (see `parse_setting`):
        a time zone with the day start it will be used with, and the other way round."""
        with self.store.read() as session:
            stored = {r.key: r.value for r in session.exec(select(SettingRow)).all()}
        try:
            start = stored.get("day_starts_at", str(Settings().day_starts_at))
            parsed = parse_setting(key, value, int(parse_setting("day_starts_at", start)))
            if key == "day_starts_at":
                parse_setting("timezone", stored.get("timezone", Settings().timezone),
                              int(parsed))
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        with self.store.write() as session:
            session.merge(SettingRow(key=key, value=str(parsed)))
        self._settings = None
        return self.settings()

    # ---------------------------------------------------------------- decks
    def _deck_names(self, session: Session) -> dict[int, str]:
        return {d.id: d.name for d in session.exec(select(DeckRow)).all()}  # type: ignore[misc]

    def _deck(self, session: Session, name: str) -> DeckRow:
        deck = session.exec(select(DeckRow).where(DeckRow.name == name)).first()
        if deck is None:
            raise NotFoundError(f"no deck named {name!r}")
        return deck

    def _ensure_deck(self, session: Session, name: str, description: str | None = None) -> DeckRow:
        deck = session.exec(select(DeckRow).where(DeckRow.name == name)).first()
        if deck is None:
            try:
                validate_deck_name(name)
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None
            deck = DeckRow(name=name, description=description or "",
                           created_at=as_utc(self.now()))
            session.add(deck)
            session.flush()
        elif description is not None and description != deck.description:
            deck.description = description
            session.add(deck)
        return deck

    def deck_names(self) -> list[str]:
        with self.store.read() as session:
            return sorted(self._deck_names(session).values())

    def deck_limits(self, name: str) -> dict[str, int | None]:
        """A deck's own daily limits; None where it follows the collection-wide one."""
        with self.store.read() as session:
            deck = self._deck(session, name)
            return {"new_per_day": deck.new_per_day, "reviews_per_day": deck.reviews_per_day}

    def set_deck_limit(self, name: str, key: str, value: int | None) -> None:
        """Set a deck's `new_per_day` or `reviews_per_day`; None returns to the default."""
        if key not in ("new_per_day", "reviews_per_day"):
            raise InvalidInputError("only new_per_day and reviews_per_day can be set per deck")
        low, high = SETTING_RANGES[key]
        if value is not None and not low <= value <= high:
            raise InvalidInputError(f"{key} must be a whole number {low}..{high:,}")
        with self.store.write() as session:
            deck = self._deck(session, name)
            setattr(deck, key, value)
            session.add(deck)

    def _limits(self, deck: DeckRow) -> tuple[int, int]:
        s = self.settings()
        new = s.new_per_day if deck.new_per_day is None else deck.new_per_day
        rev = s.reviews_per_day if deck.reviews_per_day is None else deck.reviews_per_day
        return new, rev

    def deck_summaries(self, *, items: bool = True) -> list[DeckSummary]:
        """Every deck with today's counts, for the home screen and `cards stats`.

        `items=False` skips counting each deck's review items (left at 0): a walk over
        every item, 0.1 s at 100,000 cards, that `cards stats` does not show.
        """
        self.reload_settings()  # another process may have run `cards config` meanwhile
        today = self.today()
        out: list[DeckSummary] = []
        with self.store.read() as session:
            decks = session.exec(select(DeckRow).order_by(DeckRow.name)).all()
            done_today = queries.done_today_by_deck(session, *self.day_bounds_utc(today))
            item_counts = queries.items_per_deck(session) if items else {}
            waiting = Counter(deck_id for _key, deck_id in self._waiting_repeats(session, today))
            for deck in decks:
                assert deck.id is not None
                new_limit, rev_limit = self._limits(deck)
                new_done, rev_done = done_today.get(deck.id, (0, 0))
                new_left, rev_left = max(0, new_limit - new_done), max(0, rev_limit - rev_done)
                counts = dict(session.exec(
                    select(CardRow.status, func.count()).where(CardRow.deck_id == deck.id)
                    .group_by(CardRow.status)).all())
                due = queries.count_items(session, deck.id, today, new=False, cap=rev_left)
                new = queries.count_items(session, deck.id, today, new=True, cap=new_left)
                out.append(DeckSummary(
                    name=deck.name, description=deck.description,
                    total=sum(v for k, v in counts.items() if k not in ("deleted", "rejected")),
                    new=min(new, new_left),
                    due=min(due, rev_left) + waiting[deck.id],
                    drafts=counts.get("draft", 0), suspended=counts.get("suspended", 0),
                    new_per_day=new_limit, reviews_per_day=rev_limit,
                    items=item_counts.get(deck.id, 0),
                ))
        return out

    # ---------------------------------------------------------------- cards
    def _card(self, session: Session, card_id: str) -> CardRow:
        card = session.get(CardRow, card_id)
        if card is None or card.status == "deleted":
            raise NotFoundError(f"no card with id {card_id!r}")
        return card

    def _view(self, session: Session, row: CardRow) -> CardView:
        deck = session.get(DeckRow, row.deck_id)
        return CardView.from_row(row, deck.name if deck else "?")

    def _next_seq(self, session: Session) -> int:
        return (session.exec(select(func.max(CardRow.seq))).one() or 0) + 1

    def add_card(
        self, *, deck: str = DEFAULT_DECK, front: str = "", back: str = "", text: str = "",
        extra: str = "", tags: Iterable[str] = (), concept: str = "",
        source: Source | None = None, status: str = "active", card_id: str | None = None,
    ) -> CardView:
        """Add one card (basic if `front`/`back`, cloze if `text`). Refuses bad content."""
        card = DeckCard(
            id=card_id or new_card_id(), type="cloze" if text else "basic", front=front,
            back=back, text=text, extra=extra, concept=concept,
            tags=list(dict.fromkeys(tags)), source=source, status=status,
        )
        self._validate(card)
        if not deck.strip():
            raise InvalidInputError("the deck name is empty")
        with self.store.write() as session:
            if session.get(CardRow, card.id) is not None:
                raise InvalidInputError(f"a card with id {card.id!r} already exists")
            deck_row = self._ensure_deck(session, deck.strip())
            assert deck_row.id is not None
            row = self._insert_card(session, card, deck_row.id, self._next_seq(session))
            return self._view(session, row)

    @staticmethod
    def _validate(card: DeckCard) -> None:
        try:
            validate_card_fields(card)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None

    def _insert_card(self, session: Session, card: DeckCard, deck_id: int, seq: int) -> CardRow:
        now = as_utc(self.now())
        row = CardRow(id=card.id, deck_id=deck_id, seq=seq, created_at=now, modified_at=now)
        _copy_content(row, card)
        row.status = card.status
        session.add(row)
        session.flush()
        for ord_ in item_ords(card):
            session.add(ScheduleRow(card_id=card.id, ord=ord_))
        return row

    def get_card(self, card_id: str) -> CardView:
        with self.store.read() as session:
            return self._view(session, self._card(session, card_id))

    def edit_card(
        self, card_id: str, *, front: str | None = None, back: str | None = None,
        text: str | None = None, extra: str | None = None, concept: str | None = None,
        tags: Iterable[str] | None = None, deck: str | None = None,
        card_type: str | None = None,
    ) -> CardView:
        """Change a card's content; its id, and so its history, stay.

        `card_type` converts a basic card to cloze or back (Anki's "Change Note Type"): the
        fields of the old type are cleared unless given, the review log stays with the
        card, and the items of the new type (ord 0, or one per deletion) start new,
        since a review of the front/back question says nothing about a deletion.
        """
        with self.store.write() as session:
            row = self._card(session, card_id)
            view = self._view(session, row).to_deck_card()
            changes: dict[str, object] = {k: v for k, v in {
                "front": front, "back": back, "text": text, "extra": extra, "concept": concept,
            }.items() if v is not None}
            if card_type is not None and card_type != view.type:
                cleared = {"front": "", "back": ""} if card_type == "cloze" else {"text": ""}
                changes = {**cleared, **changes, "type": card_type}
            if tags is not None:
                changes["tags"] = list(dict.fromkeys(tags))
            edited = replace(view, **changes)
            self._validate(edited)
            moved = False
            if deck is not None:
                deck_row = self._ensure_deck(session, deck)
                assert deck_row.id is not None
                moved = row.deck_id != deck_row.id
                row.deck_id = deck_row.id
            if edited == view and not moved:
                return self._view(session, row)  # nothing changed: keep modified_at
            _copy_content(row, edited)
            row.modified_at = as_utc(self.now())
            session.add(row)
            self._sync_items(session, row)
            return self._view(session, row)

    def _sync_items(self, session: Session, row: CardRow) -> None:
        """Keep one schedule row per review item after the cloze deletions change."""
        wanted = set(item_ords(row))
        have = set(session.exec(
            select(ScheduleRow.ord).where(ScheduleRow.card_id == row.id)).all())
        for ord_ in sorted(wanted - have):
            session.add(ScheduleRow(card_id=row.id, ord=ord_))
        if have - wanted:
            session.exec(delete(ScheduleRow).where(  # type: ignore[call-overload]
                col(ScheduleRow.card_id) == row.id, col(ScheduleRow.ord).in_(have - wanted)))

    def _set_status(
        self, card_ids: str | Sequence[str], status: str, allowed_from: Sequence[str]
    ) -> list[CardView]:
        """Move cards to `status` in one transaction: all of them, or (on error) none."""
        ids = [card_ids] if isinstance(card_ids, str) else list(card_ids)
        now = as_utc(self.now())
        views = []
        with self.store.write() as session:
            for card_id in ids:
                row = self._card(session, card_id)
                if row.status not in allowed_from:
                    raise InvalidInputError(
                        f"card {card_id} is {row.status}; cannot make it {status}")
                if row.status != status:
                    row.status, row.modified_at = status, now
                    session.add(row)
                views.append(self._view(session, row))
        return views

    def suspend(self, card_ids: str | Sequence[str]) -> list[CardView]:
        return self._set_status(card_ids, "suspended", ("active", "suspended"))

    def unsuspend(self, card_ids: str | Sequence[str]) -> list[CardView]:
        return self._set_status(card_ids, "active", ("suspended", "active"))

    def accept(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Accept drafted (or earlier rejected) cards: they become new cards to study."""
        return self._set_status(card_ids, "active", ("draft", "rejected", "active"))

    def restore_draft(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Put accepted or rejected drafts back in the inbox: undo of a triage decision."""
        return self._set_status(card_ids, "draft", ("rejected", "active", "draft"))

    def reject(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Reject drafts; the decision is remembered across re-drafts and re-imports
        (`accept` or `restore_draft` can still take it back)."""
        return self._set_status(card_ids, "rejected", ("draft", "rejected"))

    def delete(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Delete cards. Review history is append-only, so a deleted card is hidden, not
        erased, and importing a deck that still holds it does not bring it back."""
        return self._set_status(card_ids, "deleted",
                                ("draft", "active", "suspended", "rejected"))

    def bury(self, key: str) -> date:
        """Hide a review item until tomorrow's study day."""
        tomorrow = add_days(self.today(), 1)
        with self.store.write() as session:
            sched, _card = self._item(session, key)
            sched.buried_until = tomorrow
            session.add(sched)
        return tomorrow

    def unbury(self, key: str) -> None:
        """Take back `bury`: the review item is due again as it was."""
        with self.store.write() as session:
            sched, _card = self._item(session, key)
            sched.buried_until = None
            session.add(sched)

    def drafts(self, deck: str | None = None) -> list[CardView]:
        return [item.card for item in self.find_cards(deck=deck, statuses=("draft",))]

    def find_cards(
        self, *, deck: str | None = None, statuses: Sequence[str] | None = None,
        query: str | None = None, order: str = "seq", descending: bool = False,
        limit: int | None = None, offset: int = 0,
    ) -> list[CardListItem]:
        """Cards with a scheduling summary: for `cards list` and the Browse screen.

        `query` matches text, concept, tags and id (case-insensitive substring).
        `order` is one of seq, due, lapses, deck, state, text, modified.
        """
        today = self.today()
        first_due = func.min(ScheduleRow.due).label("first_due")
        lapses = func.coalesce(func.sum(ScheduleRow.lapses), 0).label("lapses")
        reps = func.coalesce(func.min(ScheduleRow.repetitions), 0).label("reps")
        buried = func.max(ScheduleRow.buried_until).label("buried")
        unseen = func.sum(col(ScheduleRow.due).is_(None)).label("unseen")
        stmt = (
            select(CardRow, DeckRow.name, first_due, lapses, reps, buried, unseen)
            .join(DeckRow, col(DeckRow.id) == CardRow.deck_id)
            .outerjoin(ScheduleRow, col(ScheduleRow.card_id) == CardRow.id)
            .where(CardRow.status != "deleted")
            .group_by(col(CardRow.id))
        )
        if deck is not None:
            stmt = stmt.where(DeckRow.name == deck)
        if statuses:
            stmt = stmt.where(col(CardRow.status).in_(statuses))
        if query:
            stmt = stmt.where(_matching(query))
        orders = {
            "seq": CardRow.seq, "due": first_due, "lapses": lapses, "deck": DeckRow.name,
            "state": CardRow.status, "modified": CardRow.modified_at,
            "text": func.lower(CardRow.front + CardRow.text),
        }
        if order not in orders:
            raise InvalidInputError(f"cannot sort by {order!r} (use {', '.join(orders)})")
        key = orders[order]
        stmt = stmt.order_by(key.desc() if descending else key, CardRow.seq)  # type: ignore[union-attr]
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        with self.store.read() as session:
            rows = session.exec(stmt).all()
        items = []
        for row, deck_name, due, lapse_sum, min_reps, buried_until, unseen_n in rows:
            items.append(CardListItem(
                card=CardView.from_row(row, deck_name),
                state=_card_state(row.status, due, unseen_n, min_reps, buried_until, today),
                due=due, lapses=lapse_sum, repetitions=min_reps,
            ))
        return items

    def count_cards(self, query: str | None = None) -> int:
        """How many cards (not deleted) there are, or match `query` as in `find_cards`:
        Browse shows this total while it loads a page at a time."""
        stmt = select(func.count()).select_from(CardRow).where(CardRow.status != "deleted")
        if query:
            stmt = stmt.where(_matching(query))
        with self.store.read() as session:
            return session.exec(stmt).one()

    # ---------------------------------------------------------------- review
    def _item(self, session: Session, key: str) -> tuple[ScheduleRow, CardRow]:
        card_id, ord_ = split_key(key)
        card = self._card(session, card_id)
        rows = session.exec(select(ScheduleRow).where(ScheduleRow.card_id == card_id)
                            .order_by(ScheduleRow.ord)).all()
        if ord_ is None:
            if len(rows) != 1:
                keys = ", ".join(f"{card_id}:c{r.ord}" for r in rows)
                raise InvalidInputError(f"card {card_id} has several deletions: name one of {keys}")
            return rows[0], card
        for row in rows:
            if row.ord == ord_:
                return row, card
        raise NotFoundError(f"card {card_id} has no deletion c{ord_}")

    def card_info(self, card_id: str, history: int = 20) -> CardInfo:
        """A card with the state of each of its review items and its latest answers."""
        today = self.today()
        with self.store.read() as session:
            row = self._card(session, card_id)
            view = self._view(session, row)
            scheds = session.exec(select(ScheduleRow).where(ScheduleRow.card_id == card_id)
                                  .order_by(ScheduleRow.ord)).all()
            waiting = {key for key, _deck in self._waiting_repeats(session, today)
                       if key[0] == card_id}
            logs = session.exec(select(ReviewRow).where(ReviewRow.card_id == card_id)
                                .order_by(col(ReviewRow.id).desc()).limit(history)).all()
        listing = next(i for i in self.find_cards(query=card_id) if i.card.id == card_id)
        return CardInfo(
            listing=listing,
            items=tuple(ItemView.from_rows(view, s, repeat=(card_id, s.ord) in waiting)
                        for s in scheds),
            reviews=tuple(ReviewView(item_key(r.card_id, r.ord), r.reviewed_at, r.grade,
                                     r.kind, r.interval_after, r.due_after, r.duration_ms)
                          for r in logs),
        )

    def item(self, key: str) -> ItemView:
        with self.store.read() as session:
            sched, card = self._item(session, key)
            return ItemView.from_rows(self._view(session, card), sched)

    def due(self, deck: str | None = None, limit: int | None = None) -> list[ItemView]:
        """What a session would show now: due reviews first (oldest first), then new cards
        in deck order, each within its deck's daily limits."""
        today = self.today()
        reviews: list[tuple[Any, ...]] = []
        new: list[tuple[Any, ...]] = []
        with self.store.read() as session:
            names = self._deck_names(session)
            decks = [self._deck(session, deck)] if deck is not None else [
                d for d in session.exec(select(DeckRow).order_by(DeckRow.name)).all()]
            done_today = queries.done_today_by_deck(session, *self.day_bounds_utc(today))
            quotas: dict[int, tuple[int, int]] = {}
            for deck_row in decks:
                assert deck_row.id is not None
                new_limit, rev_limit = self._limits(deck_row)
                new_done, rev_done = done_today.get(deck_row.id, (0, 0))
                rev_left = max(0, rev_limit - rev_done)
                new_left = max(0, new_limit - new_done)
                if limit is not None:
                    rev_left, new_left = min(rev_left, limit), min(new_left, limit)
                quotas[deck_row.id] = (rev_left, new_left)
            # Keys first, rows later: building ORM objects for every deck's share
            # of the limit, most of them then cut, cost 0.1 s at 100,000 cards.
            base = queries.active_items(None, today).with_only_columns(
                ScheduleRow.due, CardRow.seq, ScheduleRow.ord, ScheduleRow.card_id)
            reviews = queries.due_review_keys(session, base.where(ScheduleRow.due <= today),
                                        {d: q[0] for d, q in quotas.items()}, limit)
            room = None if limit is None else limit - len(reviews)
            for deck_id, (_rev_left, new_left) in quotas.items():
                if room is not None:
                    new_left = min(new_left, room)
                if new_left:
                    new += session.exec(
                        base.where(CardRow.deck_id == deck_id, queries.unseen())
                        .order_by(CardRow.seq, ScheduleRow.ord).limit(new_left)
                    ).all()
            if len(decks) > 1:
                new.sort(key=lambda key: tuple(key[1:3]))
            repeats = self._pending_repeats(session, {d.id for d in decks}, today)
            chosen = repeats + [(key[3], key[2]) for key in reviews + new
                                if (key[3], key[2]) not in repeats]
            if limit is not None:
                chosen = chosen[:limit]
            rows = queries.item_rows(session, chosen)
        pending = set(repeats)
        return [ItemView.from_rows(CardView.from_row(c, names[c.deck_id]), s,
                                   repeat=key in pending)
                for key, (s, c) in ((key, rows[key]) for key in chosen)]

    def _waiting_repeats(self, session: Session, today: date) -> list[tuple[tuple[str, int], int]]:
        """(item key, deck id) of items failed today and not yet passed with 4 or 5
        (SM-2 rule 7), oldest failure first; only active, unburied ones."""
        answered = queries.last_grades(session, *self.day_bounds_utc(today))
        failed = [key for key, grade in answered.items() if needs_same_day_repeat(grade)]
        if not failed:
            return []
        rows = queries.item_rows(session, failed)
        return [(key, rows[key][1].deck_id) for key in failed if key in rows
                and rows[key][1].status == "active"
                and (rows[key][0].buried_until is None or rows[key][0].buried_until <= today)]

    def _pending_repeats(
        self, session: Session, deck_ids: set[int | None], today: date
    ) -> list[tuple[str, int]]:
        """The waiting repeats of some decks. They come back in the next session of the
        day, not only in the one where they failed, so ending early never skips them."""
        return [key for key, deck_id in self._waiting_repeats(session, today)
                if deck_id in deck_ids]

    def repeats_waiting(self) -> int:
        """How many items failed today still wait for their same-day repeat."""
        today = self.today()
        with self.store.read() as session:
            return len(self._waiting_repeats(session, today))

    def cram_items(self, deck: str | None = None, limit: int = 200) -> list[ItemView]:
        """Seen cards that are not due, soonest first: for a practice session."""
        today = self.today()
        with self.store.read() as session:
            names = self._deck_names(session)
            deck_id = self._deck(session, deck).id if deck is not None else None
            rows = session.exec(
                queries.active_items(deck_id, today).where(ScheduleRow.due > today)
                .order_by(ScheduleRow.due, CardRow.seq).limit(limit)).all()
        return [ItemView.from_rows(CardView.from_row(c, names[c.deck_id]), s) for s, c in rows]

    def preview(self, key: str) -> dict[int, int]:
        """Days until due that each grade would give this item."""
        return preview_intervals(self.item(key).state)

    def answer(
        self, key: str, grade: int, *, duration_ms: int = 0, kind: str | None = None
    ) -> AnswerResult:
        """Record one answer and commit it before returning.

        kind "review" applies SM-2; "repeat" (a rule-7 repeat of an item failed earlier
        today) and "cram" are logged but leave the schedule as it was. Without a kind,
        an item failed earlier today is a repeat and anything else a review.
        """
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
            raise InvalidInputError(f"grade must be a whole number 0..5, not {grade!r}")
        if kind is not None and kind not in REVIEW_KINDS:
            raise InvalidInputError(f"unknown answer kind {kind!r}")
        now = as_utc(self.now())
        today = self.today()
        threshold = self.settings().leech_threshold
        with self.store.write() as session:
            sched, card = self._item(session, key)
            if card.status != "active":
                hint = " (accept it first: cards accept ID)" if card.status == "draft" else ""
                raise InvalidInputError(f"card {card.id} is {card.status}{hint}")
            if kind is None:
                kind = self._implied_kind(session, sched, today)
            before = ItemState(sched.repetitions, sched.interval, sched.easiness, sched.due,
                               sched.lapses)
            after, leech = before, False
            if kind == "review":
                transition = sm2_answer(before, grade, today, threshold)
                after = transition.after
                leech = transition.became_leech and LEECH_TAG not in json.loads(card.tags)
                sched.repetitions, sched.interval = after.repetitions, after.interval
                sched.easiness, sched.due, sched.lapses = after.easiness_h, after.due, after.lapses
                sched.last_review, sched.buried_until = now, None
                session.add(sched)
            if leech:
                card.status = "suspended"
                card.tags = json.dumps(list(dict.fromkeys([*json.loads(card.tags), LEECH_TAG])))
                card.modified_at = now
                session.add(card)
            log = ReviewRow(
                card_id=card.id, ord=sched.ord, reviewed_at=now, grade=grade, kind=kind,
                reps_before=before.repetitions, interval_before=before.interval,
                easiness_before=before.easiness_h, due_before=before.due,
                lapses_before=before.lapses, reps_after=after.repetitions,
                interval_after=after.interval, easiness_after=after.easiness_h,
                due_after=after.due, lapses_after=after.lapses,
                duration_ms=min(max(0, int(duration_ms)), MAX_DURATION_MS), leeched=leech,
            )
            session.add(log)
            session.flush()
            assert log.id is not None
            return AnswerResult(key=key, grade=grade, kind=kind, before=before, after=after,
                                leech=leech, review_id=log.id)

    def answer_kind(self, key: str) -> str:
        """The kind an answer to `key` would be logged as now, with no kind given:
        "repeat", "cram" (practice) or "review". It reads the database, so it sees
        answers given since by another process (the TUI asks before showing grades)."""
        today = self.today()
        with self.store.read() as session:
            sched, _card = self._item(session, key)
            return self._implied_kind(session, sched, today)

    def _implied_kind(self, session: Session, sched: ScheduleRow, today: date) -> str:
        """The kind of an answer given outside a session (`cards answer`).

        An item failed earlier today is being relearned: a repeat (rule 7). One not
        due yet is practice (logged as cram), so answering ahead of time, or a script
        that retries, never stretches its interval. Anything else is a review.
        """
        last = queries.last_grades(session, *self.day_bounds_utc(today), sched.card_id,
                                   sched.ord)
        if any(needs_same_day_repeat(g) for g in last.values()):
            return "repeat"
        if sched.due is not None and sched.due > today:
            return "cram"
        return "review"

    def undo(self, *, expected_review_id: int | None = None) -> UndoResult:
        """Revert the latest answer: restore the item's state and remove its log row.

        With `expected_review_id`, refuse if a later answer (say, from another
        process) has been recorded since: only the latest answer can be taken back.
        """
        with self.store.write() as session:
            # LIMIT 1 on the rowid: O(1) however long the log (without it the ORM
            # fetched every row: 18 s and 2 GB at 1,000,000 reviews).
            log = session.exec(
                select(ReviewRow).order_by(col(ReviewRow.id).desc()).limit(1)).first()
            if log is None:
                raise NothingToDoError("there is no answer to undo")
            if log.kind == "imported":
                raise NothingToDoError("the latest entry in the review log is history "
                                       "imported from Anki, which cannot be undone")
            if expected_review_id is not None and log.id != expected_review_id:
                raise NothingToDoError("a later answer was recorded since; it must be undone first")
            restored = ItemState(log.reps_before, log.interval_before, log.easiness_before,
                                 log.due_before, log.lapses_before)
            if log.kind == "review":
                sched = session.get(ScheduleRow, (log.card_id, log.ord))
                if sched is not None:
                    previous = session.exec(
                        select(func.max(ReviewRow.reviewed_at)).where(
                            ReviewRow.card_id == log.card_id, ReviewRow.ord == log.ord,
                            ReviewRow.kind == "review", ReviewRow.id != log.id)).one()
                    sched.repetitions, sched.interval = restored.repetitions, restored.interval
                    sched.easiness, sched.due = restored.easiness_h, restored.due
                    sched.lapses, sched.last_review = restored.lapses, previous
                    session.add(sched)
            if log.leeched:
                card = session.get(CardRow, log.card_id)
                if card is not None:
                    card.status = "active" if card.status == "suspended" else card.status
                    card.tags = json.dumps([t for t in json.loads(card.tags) if t != LEECH_TAG])
                    session.add(card)
            session.delete(log)
            return UndoResult(key=item_key(log.card_id, log.ord), grade=log.grade, kind=log.kind,
                              restored=restored)

    def next_due_day(self, deck: str | None = None) -> date | None:
        """The first study day with something to review: today while a card failed today
        awaits its repeat or today's queue is not empty; tomorrow when only today's daily
        limits hold cards back; else the earliest scheduled day (None: nothing at all)."""
        today = self.today()
        with self.store.read() as session:
            deck_id = self._deck(session, deck).id if deck is not None else None
            deck_ids = {deck_id} if deck is not None else set(self._deck_names(session))
            if self._pending_repeats(session, deck_ids, today):
                return today
            first = (select(func.min(ScheduleRow.due))
                     .join(CardRow, col(CardRow.id) == ScheduleRow.card_id)
                     .where(CardRow.status == "active"))
            unseen = queries.active_items(deck_id, today).where(queries.unseen()).limit(1)
            if deck_id is not None:
                first = first.where(CardRow.deck_id == deck_id)
            earliest = session.exec(first).one()
            has_new = session.exec(unseen).first() is not None
        if (earliest is not None and earliest <= today) or has_new:
            return today if self.due(deck, limit=1) else add_days(today, 1)
        return earliest

    def start_session(self, deck: str | None = None, *, cram: bool = False) -> ReviewSession:
        from cards.session import ReviewSession

        return ReviewSession(self, deck=deck, cram=cram)

    # ------------------------------------------- transfer and stats (own modules)
    def import_decks(self, paths: Sequence[Path] | Sequence[tuple[Path, Any]], *,
                     accept_drafts: bool = False) -> ImportReport:
        """Import deck files, or decks parsed by `load_deck_files`, all or nothing (see
        `transfer.import_decks`)."""
        from cards.collection import transfer

        report = transfer.import_decks(self, list(paths), accept_drafts=accept_drafts)
        return replace(report, backups=tuple(str(p) for p in self.store.backups))

    def import_anki(self, path: Path) -> Any:
        """Import an Anki package, all or nothing (see `anki_import.import_anki`)."""
        from cards.collection import anki_import

        return anki_import.import_anki(self, Path(path))

    def import_bundled(self, *, accept_drafts: bool = True) -> ImportReport:
        """Import the deck drafted from the bundled corpus: its drafts accepted for study,
        or (`accept_drafts=False`) left in the drafts inbox to triage first."""
        from cards.locations import bundled_deck

        path = bundled_deck()
        if path is None:
            raise NotFoundError("the bundled deck is not installed")
        return self.import_decks([path], accept_drafts=accept_drafts)

    def export_toml(self, path: Path, deck: str | None = None, *,
                    folder: bool = False) -> list[Path]:
        from cards.collection import transfer

        return transfer.export_toml(self, path, deck, folder=folder)

    def anki_cards(self, deck: str | None = None, *, include_drafts: bool = False,
                   include_suspended: bool = False) -> list[Any]:
        from cards.collection import transfer

        return transfer.anki_cards(self, deck, include_drafts=include_drafts,
                                   include_suspended=include_suspended)

    def export_anki(self, out: Path, deck: str | None = None, *, include_drafts: bool = False,
                    include_suspended: bool = False, with_scheduling: bool = False) -> Any:
        """Write the selected cards to an Anki package; refuse an empty selection.

        With `with_scheduling`, the package carries each item's schedule and the review log.
        """
        from cards.anki import export_apkg
        from cards.collection.anki_import import package_scheduling

        selection = self.anki_cards(deck, include_drafts=include_drafts,
                                    include_suspended=include_suspended)
        if not selection:
            raise NothingToDoError("no cards to export (drafts and suspended cards are left "
                                   "out unless --include-drafts / --include-suspended)")
        scheduling = package_scheduling(self, selection) if with_scheduling else None
        return export_apkg(selection, out, scheduling)

    def source_context(self, card_id: str, radius: int = 3) -> SourceContext | None:
        from cards.collection import transfer

        return transfer.source_context(self, card_id, radius)

    def stats(self) -> Stats:
        from cards.collection import stats

        return stats.stats(self)

    def forecast(self, days: int = 30) -> list[tuple[date, int]]:
        from cards.collection import stats

        return stats.forecast(self, days)

    def reviews_per_day(self, days: int = 30) -> list[tuple[date, int]]:
        from cards.collection import stats

        return stats.reviews_per_day(self, days)


def _matching(query: str) -> Any:
    """The condition `find_cards` and `count_cards` search with: `query` in the text,
    concept, tags or id, case-insensitively."""
    # casefold() is registered on every connection (store.engine): SQLite's
    # lower() folds ASCII only. instr() has no wildcards to escape, unlike LIKE.
    needle = query.casefold()
    fields = (CardRow.front, CardRow.back, CardRow.text, CardRow.concept,
              CardRow.tags, CardRow.id)
    return or_(*(func.instr(func.casefold(f), needle) > 0 for f in fields))


def _copy_content(row: CardRow, card: DeckCard) -> None:
    row.type = card.type
    row.front, row.back, row.text, row.extra = card.front, card.back, card.text, card.extra
    row.concept = card.concept
    row.tags = json.dumps(list(card.tags), ensure_ascii=False)
    src = card.source
    row.source_file = src.file if src else None
    row.source_line = src.line if src else None
    row.source_quote = src.quote if src else None
    row.source_author = src.author if src else None


def _card_state(
    status: str, due: date | None, unseen: int | None, reps: int, buried: date | None, today: date
) -> str:
    """One word for a card's place in the study cycle: its least-learned item's.

    `due` is the earliest due day of its items, `unseen` how many are still new and
    `reps` the lowest repetition count among them.
    """
    return state_name(status, unseen=due is None or bool(unseen), repetitions=reps,
                      buried=buried is not None and buried > today)
