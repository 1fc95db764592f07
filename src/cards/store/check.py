"""The collection's own invariants, for `cards check`: what breaks them, and the safe repairs.

SQLite's `integrity_check` knows pages and indexes; it cannot know that a cloze card
needs one review item per deletion, or that a due day 300 years away is a bug. These
queries are portable SQL; the repairs touch only rows nothing else depends on (an
item without a card, a missing or surplus item, a due day beyond the cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cards.cloze import item_ordinals
from cards.store.folding import PLAIN_FIELDS, folded_of_json
from cards.store.tx import Repository, Tx
from cards.vocabulary import CardStatus

if TYPE_CHECKING:
    from sqlmodel import Session

_ORPHAN_ITEMS = ("SELECT s.card_id, s.ord FROM schedule s LEFT OUTER JOIN card c"
                 " ON c.id = s.card_id WHERE c.id IS NULL")
_ORPHAN_REVIEWS = ("SELECT count(*) FROM review r LEFT OUTER JOIN card c ON c.id = r.card_id"
                   " WHERE c.id IS NULL")
_NO_DECK = ("SELECT c.id FROM card c LEFT OUTER JOIN deck d ON d.id = c.deck_id"
            " WHERE d.id IS NULL")
#: A card's folded fields then its tags, as `folded_of_json` takes them (id first).
_UNFOLDED = f"SELECT {', '.join(PLAIN_FIELDS)}, tags FROM card"


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
        tx = self._tx
        orphans = tx.run(_ORPHAN_ITEMS).fetchall()
        orphan_reviews = tx.value(_ORPHAN_REVIEWS)
        too_far = tx.run("SELECT card_id, ord FROM schedule WHERE due > ?",
                         (tx.day_param(cap),)).fetchall()
        no_deck = [card_id for (card_id,) in tx.run(_NO_DECK)]
        unfolded = tx.value("SELECT count(*) FROM card WHERE folded IS NULL")
        return Findings(tuple((a, b) for a, b in orphans), int(orphan_reviews),
                        tuple(self._wrong_items()), tuple((a, b) for a, b in too_far),
                        tuple(no_deck), int(unfolded))

    def _wrong_items(self) -> list[str]:
        """Cards not deleted whose schedule rows are not exactly their review items."""
        have: dict[str, set[int]] = {}
        for card_id, ord_ in self._tx.run("SELECT card_id, ord FROM schedule"):
            have.setdefault(card_id, set()).add(ord_)
        wrong = []
        for card_id, type_, text in self._tx.run(
                "SELECT id, type, text FROM card WHERE status != ?", (str(CardStatus.DELETED),)):
            if set(item_ordinals(type_, text)) != have.get(card_id, set()):
                wrong.append(card_id)
        return wrong

    def repair(self, found: Findings, cap: date) -> None:
        """Make the safe repairs: drop items without a card, give each card exactly its
        items (new ones start new), and bring a due day beyond the cap back to it."""
        tx = self._tx
        for card_id, ord_ in found.orphan_items:
            tx.write("DELETE FROM schedule WHERE card_id = ? AND ord = ?", (card_id, ord_))
        for card_id in found.wrong_items:
            row = tx.one("SELECT type, text FROM card WHERE id = ?", (card_id,))
            if row is None:
                continue
            wanted = set(item_ordinals(row[0], row[1]))
            have = {o for (o,) in tx.run("SELECT ord FROM schedule WHERE card_id = ?",
                                         (card_id,))}
            tx.write_many("INSERT INTO schedule (card_id, ord) VALUES (?, ?)",
                          [(card_id, o) for o in sorted(wanted - have)])
            gone = sorted(have - wanted)
            if gone:
                tx.write(f"DELETE FROM schedule WHERE card_id = ? AND ord IN"
                         f" ({', '.join('?' * len(gone))})", (card_id, *gone))
        day = tx.day_param(cap)
        if found.too_far:
            tx.write("UPDATE schedule SET due = ? WHERE due > ?", (day, day))
        # each scheduler's own due day too (v7: SM-2's and FSRS's beside the item's)
        tx.write("UPDATE schedule SET sm2_due = ? WHERE sm2_due > ?", (day, day))
        tx.write("UPDATE schedule SET fsrs_due = ? WHERE fsrs_due > ?", (day, day))
        if found.unfolded:
            rows = tx.run(f"{_UNFOLDED} WHERE folded IS NULL").fetchall()
            tx.write_many("UPDATE card SET folded = ? WHERE id = ?",
                          [(folded_of_json(*row) or "", row[0]) for row in rows])
