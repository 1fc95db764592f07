"""The collection's own invariants, for `cards check`: what breaks them, and the safe repairs.

SQLite's `integrity_check` knows pages and indexes; it cannot know that a cloze card
needs one review item per deletion, or that a due day 300 years away is a bug. These
queries are portable SQL; the repairs touch only rows nothing else depends on (an
item without a card, a missing or surplus item, a due day beyond the cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from cards.cloze import item_ordinals
from cards.store.models import CardRow, DeckRow, ReviewRow, ScheduleRow
from cards.store.tx import Repository, Tx
from cards.vocabulary import CardStatus


@dataclass(frozen=True, slots=True)
class Findings:
    """What breaks an invariant, each list naming the rows concerned."""

    #: Schedule rows (card id, ord) whose card does not exist.
    orphan_items: tuple[tuple[str, int], ...] = ()
    #: Review-log rows whose card does not exist (the log is append-only: reported only).
    orphan_reviews: int = 0
    #: Cards (not deleted) whose items do not match their type and deletions.
    wrong_items: tuple[str, ...] = ()
    #: Items (card id, ord) due later than `today + cap`.
    too_far: tuple[tuple[str, int], ...] = ()
    #: Cards whose deck does not exist (reported only).
    no_deck: tuple[str, ...] = ()
    #: Cards without their folded search text (searches fold them on the fly).
    unfolded: int = 0

    @property
    def repairable(self) -> int:
        return (len(self.orphan_items) + len(self.wrong_items) + len(self.too_far)
                + self.unfolded)

    @property
    def reported_only(self) -> int:
        return self.orphan_reviews + len(self.no_deck)


class CheckRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def find(self, today: date, cap: date) -> Findings:
        """Every broken invariant, read in one transaction."""
        s = self._session
        orphans = s.exec(
            select(ScheduleRow.card_id, ScheduleRow.ord)
            .outerjoin(CardRow, col(CardRow.id) == ScheduleRow.card_id)
            .where(col(CardRow.id).is_(None))).all()
        orphan_reviews = s.exec(
            select(func.count()).select_from(ReviewRow)
            .outerjoin(CardRow, col(CardRow.id) == ReviewRow.card_id)
            .where(col(CardRow.id).is_(None))).one()
        too_far = s.exec(select(ScheduleRow.card_id, ScheduleRow.ord)
                         .where(col(ScheduleRow.due) > cap)).all()
        no_deck = s.exec(
            select(CardRow.id).outerjoin(DeckRow, col(DeckRow.id) == CardRow.deck_id)
            .where(col(DeckRow.id).is_(None))).all()
        unfolded = s.exec(select(func.count()).select_from(CardRow)
                          .where(col(CardRow.folded).is_(None))).one()
        return Findings(tuple((a, b) for a, b in orphans), int(orphan_reviews),
                        tuple(self._wrong_items()), tuple((a, b) for a, b in too_far),
                        tuple(no_deck), int(unfolded))

    def _wrong_items(self) -> list[str]:
        """Cards not deleted whose schedule rows are not exactly their review items."""
        have: dict[str, set[int]] = {}
        for card_id, ord_ in self._session.exec(select(ScheduleRow.card_id, ScheduleRow.ord)):
            have.setdefault(card_id, set()).add(ord_)
        wrong = []
        for card_id, type_, text in self._session.exec(
                select(CardRow.id, CardRow.type, CardRow.text)
                .where(CardRow.status != CardStatus.DELETED)):
            if set(item_ordinals(type_, text)) != have.get(card_id, set()):
                wrong.append(card_id)
        return wrong

    def repair(self, found: Findings, cap: date) -> None:
        """Make the safe repairs: drop items without a card, give each card exactly its
        items (new ones start new), and bring a due day beyond the cap back to it."""
        s = self._session
        for card_id, ord_ in found.orphan_items:
            s.execute(delete(ScheduleRow).where(col(ScheduleRow.card_id) == card_id,
                                                col(ScheduleRow.ord) == ord_))
        for card_id in found.wrong_items:
            row = s.get(CardRow, card_id)
            if row is None:
                continue
            wanted = set(item_ordinals(row.type, row.text))
            have = set(s.exec(select(ScheduleRow.ord)
                              .where(ScheduleRow.card_id == card_id)).all())
            for ord_ in sorted(wanted - have):
                s.add(ScheduleRow(card_id=card_id, ord=ord_))
            if have - wanted:
                s.execute(delete(ScheduleRow).where(
                    col(ScheduleRow.card_id) == card_id,
                    col(ScheduleRow.ord).in_(have - wanted)))
        if found.too_far:
            s.execute(update(ScheduleRow).where(col(ScheduleRow.due) > cap).values(due=cap))
        # each scheduler's own due day too (v7: SM-2's and FSRS's beside the item's)
        s.execute(update(ScheduleRow).where(col(ScheduleRow.sm2_due) > cap).values(sm2_due=cap))
        s.execute(update(ScheduleRow).where(col(ScheduleRow.fsrs_due) > cap)
                  .values(fsrs_due=cap))
        if found.unfolded:
            from cards.store.cards import folded_row_text

            for row in s.exec(select(CardRow).where(col(CardRow.folded).is_(None))).all():
                row.folded = folded_row_text(row)
                s.add(row)
        s.flush()
