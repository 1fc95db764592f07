"""Reviewing (`col.sched`): the queue, answers, undo, and when study is next due.

Each answer is one short write transaction, committed before `answer` returns.
"""

from __future__ import annotations

from datetime import date, datetime

from cards.collection import queue
from cards.collection.cards import CardsManager
from cards.collection.clock import StudyClock, as_utc
from cards.collection.decks import DecksManager, in_tree
from cards.collection.repeats import waiting_repeats
from cards.collection.schedulers import SchedulersManager
from cards.collection.settings import SettingsManager
from cards.errors import InvalidInputError, NothingToDoError
from cards.scheduler import ItemState, add_days, needs_same_day_repeat, preview_intervals
from cards.scheduler import answer as sm2_answer
from cards.session import ReviewSession
from cards.store import Store
from cards.store.decks import DeckRecord
from cards.store.repos import Repositories
from cards.store.review_log import LoggedAnswer
from cards.views import AnswerResult, ItemView, UndoResult, item_key
from cards.vocabulary import ANSWER_KINDS, AnswerKind, CardStatus

LEECH_TAG = "leech"
#: The longest answer time recorded (a day); a larger one is a clock or input error.
MAX_DURATION_MS = 86_400_000


class ReviewsManager:
    def __init__(
        self, store: Store, clock: StudyClock, settings: SettingsManager, decks: DecksManager,
        cards: CardsManager, schedulers: SchedulersManager,
    ) -> None:
        self._schedulers = schedulers
        self._store = store
        self._clock = clock
        self._settings = settings
        self._decks = decks
        self._cards = cards

    # ------------------------------------------------------------- queue
    def due(self, deck: str | None = None, limit: int | None = None) -> list[ItemView]:
        """What a session would show now: due reviews first (oldest first), then new cards
        in deck order, each within its deck's daily limits (see `queue`)."""
        today = self._clock.today()
        with self._store.reading() as repos:
            decks = self._decks.subtree(repos, deck) if deck is not None else repos.decks.all()
            plan = queue.QueuePlan(
                decks=decks, limits={d.id: self._decks.limits_of(d) for d in decks},
                today=today, day_bounds=self._clock.day_bounds_utc(today), limit=limit,
                caps=self._decks.caps(repos, deck) if deck is not None else [])
            return queue.build(repos, plan)

    def buried(self, deck: str | None = None) -> list[ItemView]:
        """Items buried past today (by a sibling's answer, or by hand), for `cards due`."""
        today = self._clock.today()
        with self._store.reading() as repos:
            if deck is None:
                return repos.schedule.buried(None, today)
            return [item for d in self._decks.subtree(repos, deck)
                    for item in repos.schedule.buried(d.id, today)]

    def cram_items(self, deck: str | None = None, limit: int = 200) -> list[ItemView]:
        """Seen cards that are not due, soonest first: for a practice session."""
        today = self._clock.today()
        with self._store.reading() as repos:
            if deck is None:
                return repos.schedule.cram(None, today, limit)
            found = [item for d in self._decks.subtree(repos, deck)
                     for item in repos.schedule.cram(d.id, today, limit)]
        return sorted(found, key=lambda i: (i.state.due or today, i.card.id, i.ord))[:limit]

    def repeats_waiting(self) -> int:
        """How many items failed today still wait for their same-day repeat."""
        today = self._clock.today()
        with self._store.reading() as repos:
            return len(waiting_repeats(repos, self._clock.day_bounds_utc(today), today))

    def next_due_day(self, deck: str | None = None) -> date | None:
        """The first study day with something to review: today while a card failed today
        awaits its repeat or today's queue is not empty; tomorrow when only today's daily
        limits hold cards back; else the earliest scheduled day (None: nothing at all)."""
        today = self._clock.today()
        with self._store.reading() as repos:
            ids = ([d.id for d in self._decks.subtree(repos, deck)] if deck is not None
                   else [None])
            waiting = waiting_repeats(repos, self._clock.day_bounds_utc(today), today)
            if any(deck is None or in_tree(item.card.deck, deck) for item in waiting):
                return today
            dues = [d for d in (repos.schedule.earliest_due(i) for i in ids) if d is not None]
            earliest = min(dues) if dues else None
            has_new = any(repos.schedule.has_new(i, today) for i in ids)
        if (earliest is not None and earliest <= today) or has_new:
            return today if self.due(deck, limit=1) else add_days(today, 1)
        return earliest

    def start_session(self, deck: str | None = None, *, cram: bool = False) -> ReviewSession:
        return ReviewSession(self, deck=deck, cram=cram)

    # ------------------------------------------------------------ one item
    def item(self, key: str) -> ItemView:
        return self._cards.item(key)

    def preview(self, key: str) -> dict[int, int]:
        """Days until due that each grade would give this item, under its deck's
        scheduler."""
        with self._store.reading() as repos:
            item = self._cards.require_item(repos, key)
            fsrs = self._schedulers.preview(repos, item, self.now())
        return fsrs if fsrs is not None else preview_intervals(item.state)

    def bury(self, key: str) -> date:
        return self._cards.bury(key)

    def unbury(self, key: str) -> None:
        self._cards.unbury(key)

    def suspend(self, card_ids: str) -> None:
        self._cards.change_status(card_ids, "suspend")

    def unsuspend(self, card_ids: str) -> None:
        self._cards.change_status(card_ids, "unsuspend")

    # ------------------------------------------------------------- answers
    def now(self) -> datetime:
        """The time an answer given now is logged at."""
        return as_utc(self._clock.now())

    def answer(
        self, key: str, grade: int, *, duration_ms: int = 0, kind: str | None = None,
        answered_at: datetime | None = None, retried: bool = False,
    ) -> AnswerResult:
        """Record one answer and commit it before returning.

        kind "review" applies SM-2; "repeat" (a rule-7 repeat of an item failed earlier
        today) and "cram" are logged but leave the schedule as it was. Without a kind,
        an item failed earlier today is a repeat and anything else a review.

        `answered_at` is the time logged (default: now). With `retried`, this repeats an
        attempt that raised, with that attempt's `answered_at`: if the item has an
        answer logged at that very time, the first attempt was committed although its
        caller heard an error (the server went away during COMMIT), and that answer is
        returned: nothing is applied twice.
        """
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
            raise InvalidInputError(f"grade must be a whole number 0..5, not {grade!r}")
        if kind is not None and kind not in ANSWER_KINDS:
            raise InvalidInputError(f"unknown answer kind {kind!r}")
        now = as_utc(answered_at) if answered_at is not None else self.now()
        today = self._clock.today()
        threshold = self._settings.get().leech_threshold
        with self._store.writing() as repos:
            item, items = self._cards.require_items(repos, key, lock=True)
            card = item.card
            if retried:
                logged = repos.reviews.logged_at(card.id, item.ord, now)
                if logged is not None:
                    return AnswerResult(key=key, grade=logged.grade, kind=logged.kind,
                                        before=logged.before, after=logged.after,
                                        leech=logged.leeched, review_id=logged.id,
                                        due=item.due)
            if card.status != CardStatus.ACTIVE:
                hint = (" (accept it first: cards accept ID)"
                        if card.status == CardStatus.DRAFT else "")
                raise InvalidInputError(f"card {card.id} is {card.status}{hint}")
            kind = (self._implied_kind(repos, item, today) if kind is None
                    else AnswerKind(kind))
            before = item.state
            after, leech, due = before, False, item.due
            deck = self._decks.require(repos, card.deck) if kind == AnswerKind.REVIEW else None
            if deck is not None:
                transition = sm2_answer(before, grade, today, threshold)
                after = transition.after
                leech = transition.became_leech and LEECH_TAG not in card.tags
                fsrs = self._schedulers.fsrs_answer(repos, item, grade, now, deck=deck)
                repos.schedule.write_state(card.id, item.ord, after, now, unbury=True,
                                           fsrs=fsrs)
                due = fsrs.due if fsrs is not None else after.due
            if leech:
                repos.cards.set_status(
                    card.id, CardStatus.SUSPENDED,
                    tags=list(dict.fromkeys([*card.tags, LEECH_TAG])), modified_at=now)
            review_id = repos.reviews.append(
                card.id, item.ord, at=now, grade=grade, kind=kind, before=before, after=after,
                duration_ms=min(max(0, int(duration_ms)), MAX_DURATION_MS), leeched=leech)
            buried = (self._bury_siblings(repos, item, items, today, deck)
                      if deck is not None else [])
            return AnswerResult(key=key, grade=grade, kind=kind, before=before, after=after,
                                leech=leech, review_id=review_id, due=due,
                                buried=tuple(buried))

    def _bury_siblings(self, repos: Repositories, item: ItemView, items: list[ItemView],
                       today: date, deck: DeckRecord) -> list[str]:
        """After a scheduled answer, as Anki does: the item's siblings (its card's other
        deletions, cards of the same concept) wait until the next study day, so one
        never gives the other's answer away. Off per collection or deck
        (`bury_siblings`); cram answers never bury (they are not REVIEW answers)."""
        if not self._decks.buries_siblings(deck):
            return []
        return repos.schedule.bury_siblings(item.card, item.ord, item.key, today,
                                            add_days(today, 1), items=items)

    def answer_kind(self, key: str) -> AnswerKind:
        """The kind an answer to `key` would be logged as now, with no kind given:
        "repeat", "cram" (practice) or "review". It reads the database, so it sees
        answers given since by another process (the TUI asks before showing grades)."""
        today = self._clock.today()
        with self._store.reading() as repos:
            return self._implied_kind(repos, self._cards.require_item(repos, key), today)

    def _implied_kind(self, repos: Repositories, item: ItemView, today: date) -> AnswerKind:
        """The kind of an answer given outside a session (`cards answer`).

        An item failed earlier today is being relearned: a repeat (rule 7). One not
        due yet is practice (logged as cram), so answering ahead of time, or a script
        that retries, never stretches its interval. Anything else is a review.
        """
        last = repos.reviews.last_grades(*self._clock.day_bounds_utc(today), item.card.id,
                                         item.ord)
        if any(needs_same_day_repeat(g) for g in last.values()):
            return AnswerKind.REPEAT
        if item.due is not None and item.due > today:
            return AnswerKind.CRAM
        return AnswerKind.REVIEW

    def undo(self, *, expected_review_id: int | None = None) -> UndoResult:
        """Revert the latest answer: restore the item's state and remove its log row.

        With `expected_review_id`, refuse if a later answer (say, from another
        process) has been recorded since: only the latest answer can be taken back.
        """
        with self._store.writing() as repos:
            log = repos.reviews.latest()
            if log is None:
                raise NothingToDoError("there is no answer to undo")
            if log.kind == AnswerKind.IMPORTED:
                raise NothingToDoError("the latest entry in the review log is history "
                                       "imported from Anki, which cannot be undone")
            if expected_review_id is not None and log.id != expected_review_id:
                raise NothingToDoError("a later answer was recorded since; it must be undone first")
            restored = log.before
            if log.kind == AnswerKind.REVIEW:
                repos.schedule.unbury_buried_by(item_key(log.card_id, log.ord),
                                                self._clock.today())
            if log.leeched:
                self._unleech(repos, log.card_id)
            repos.reviews.remove(log.id)
            due = (self._restore(repos, log, restored) if log.kind == AnswerKind.REVIEW
                   else self._stored_due(repos, log))
            return UndoResult(key=item_key(log.card_id, log.ord), grade=log.grade,
                              kind=log.kind, restored=restored, due=due)

    @staticmethod
    def _item_of(repos: Repositories, log: LoggedAnswer) -> ItemView | None:
        card = repos.cards.get(log.card_id, deleted=True)
        items = repos.schedule.items_of(card) if card is not None else []
        return next((i for i in items if i.ord == log.ord), None)

    def _stored_due(self, repos: Repositories, log: LoggedAnswer) -> date | None:
        """The item's due day as it stands (a repeat or cram answer never moved it)."""
        item = self._item_of(repos, log)
        return item.due if item is not None else log.before.due

    def _restore(
        self, repos: Repositories, log: LoggedAnswer, restored: ItemState
    ) -> date | None:
        """Put an undone answer's item back: SM-2's state as logged before it, and in an
        FSRS deck the FSRS state replayed from the log without it; its due day."""
        previous = repos.reviews.last_review_time(log.card_id, log.ord, besides=log.id)
        item = self._item_of(repos, log)
        fsrs = (self._schedulers.fsrs_state_of(repos, item, restored.due)
                if item is not None else None)
        repos.schedule.write_state(log.card_id, log.ord, restored, previous, fsrs=fsrs)
        return fsrs.due if fsrs is not None else restored.due

    @staticmethod
    def _unleech(repos: Repositories, card_id: str) -> None:
        """Take back what an answer that made a card a leech did to it."""
        card = repos.cards.get(card_id, deleted=True)
        if card is None:
            return
        status = CardStatus.ACTIVE if card.status == CardStatus.SUSPENDED else card.status
        repos.cards.set_status(card_id, status, tags=[t for t in card.tags if t != LEECH_TAG])


__all__ = ["LEECH_TAG", "MAX_DURATION_MS", "ReviewsManager"]
