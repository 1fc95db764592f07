"""A study session: the queue a reviewer works through, with SM-2's rule 7.

UI-free, so the TUI and the tests drive the same object. Every answer goes straight
to `Collection.answer`, which commits it before this returns; the session itself
only holds the order of the queue, which is cheap to lose.

Rule 7: an item graded below 4 comes back later in the same session (after a few
other cards, so the answer is not still on screen in the learner's mind) until it is
graded 4 or 5. Those repeats are logged as kind "repeat" and never move the schedule.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from cards.errors import CardsError, NotFoundError, NothingToDoError
from cards.scheduler import needs_same_day_repeat
from cards.views import AnswerResult, ItemView, UndoResult
from cards.vocabulary import AnswerKind


class Reviewer(Protocol):
    """What a session needs of the collection (`Collection` and `col.sched` have it).

    A protocol, so this module needs nothing of `cards.collection`, which builds
    sessions: the dependency points one way.
    """

    def due(self, deck: str | None = None, limit: int | None = None) -> list[ItemView]: ...
    def cram_items(self, deck: str | None = None, limit: int = 200) -> list[ItemView]: ...
    def item(self, key: str) -> ItemView: ...
    def preview(self, key: str) -> dict[int, int]: ...
    def answer_kind(self, key: str) -> AnswerKind: ...
    def now(self) -> datetime: ...
    def answer(self, key: str, grade: int, *, duration_ms: int = 0,
               kind: str | None = None, answered_at: datetime | None = None,
               retried: bool = False) -> AnswerResult: ...
    def undo(self, *, expected_review_id: int | None = None) -> UndoResult: ...
    def bury(self, key: str) -> date: ...
    def unbury(self, key: str) -> None: ...
    def suspend(self, card_ids: str) -> Any: ...
    def unsuspend(self, card_ids: str) -> Any: ...
    def next_due_day(self, deck: str | None = None) -> date | None: ...

#: How many other cards come between a failed card and its repeat.
REPEAT_GAP = 3


@dataclass(frozen=True, slots=True)
class SessionSummary:
    reviewed: int  # distinct items answered
    answers: int  # every answer, repeats included
    correct: int  # first tries graded 3 or more
    elapsed: timedelta
    next_due: date | None
    #: Items whose first answer this session was a first try: not a rule-7 repeat
    #: of a failure (from this session or an earlier one today).
    first_tries: int = 0
    #: Why `next_due` could not be read (None: it was).
    next_due_error: str | None = None

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.first_tries if self.first_tries else None


@dataclass(slots=True)
class _Step:
    """What undo needs to put the queue back as it was before one answer."""

    item: ItemView
    result: AnswerResult
    requeued: ItemView | None
    was_repeating: bool
    first_answer: bool
    #: Items this answer took out of the queue (the other deletions of a card it made a
    #: leech, the siblings it buried), with their places, so undo can put them back.
    leech_siblings: list[tuple[int, ItemView]] = field(default_factory=list)


@dataclass(slots=True)
class _Removal:
    """What undo needs to take back a bury or a suspension: the items that left the
    queue, each with its place in it, and which of them were awaiting a repeat."""

    kind: str  # "bury" | "suspend"
    card_id: str
    key: str
    removed: list[tuple[int, ItemView]]
    repeating: set[str]


@dataclass
class ReviewSession:
    collection: Reviewer
    deck: str | None = None
    cram: bool = False
    clock: Callable[[], float] = time.monotonic
    queue: deque[ItemView] = field(init=False)
    total: int = field(init=False)
    _repeating: set[str] = field(init=False, default_factory=set)
    _answered: set[str] = field(init=False, default_factory=set)
    _correct: set[str] = field(init=False, default_factory=set)
    _first_tries: set[str] = field(init=False, default_factory=set)
    #: Undoable actions, oldest first: answers, buries and suspensions.
    _history: list[_Step | _Removal] = field(init=False, default_factory=list)
    _answers: int = field(init=False, default=0)
    #: Items that left the session unanswered-for-good (buried, suspended, edited away):
    #: `total` shrinks by one for each, so `finished + len(queue) == total` always.
    _dropped: set[str] = field(init=False, default_factory=set)
    #: An answer that raised (the database was unreachable): its item and the time it
    #: was given. Answering that item again reuses the time, so if the first attempt
    #: was committed after all, it is found and not recorded twice.
    _unsure: tuple[str, datetime] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        items = (self.collection.cram_items(self.deck) if self.cram
                 else self.collection.due(self.deck))
        self.queue = deque(items)
        self.total = len(items)
        # Cards failed in an earlier session today are still being relearned (rule 7).
        self._repeating = {item.key for item in items if item.repeat}
        self._started = self.clock()
        self._shown_at = self._started

    # ------------------------------------------------------------ the queue
    @property
    def current(self) -> ItemView | None:
        return self.queue[0] if self.queue else None

    @property
    def finished(self) -> int:
        """Items done for this session (answered, not waiting for a repeat, not dropped)."""
        return len(self._answered - self._repeating - self._dropped)

    @property
    def is_repeat(self) -> bool:
        """Whether the current card is a rule-7 repeat of one failed earlier."""
        current = self.current
        return current is not None and current.key in self._repeating

    def _require(self) -> ItemView:
        if not self.queue:
            raise NothingToDoError("the session has no card left")
        return self.queue[0]

    def current_kind(self) -> str:
        """How an answer to the current card would be logged now: "review", "repeat"
        or "cram". Read from the database, not from what the session saw when the
        card was drawn: another process (`cards answer`) may have answered it since."""
        item = self._require()
        return AnswerKind.CRAM if self.cram else self.collection.answer_kind(item.key)

    def preview(self) -> dict[int, int]:
        """Interval per grade for the current card (0 for repeats and cram: no change)."""
        item = self._require()
        if self.current_kind() != AnswerKind.REVIEW:
            return dict.fromkeys(range(6), 0)
        return self.collection.preview(item.key)

    # -------------------------------------------------------------- answers
    def answer(self, grade: int) -> AnswerResult:
        """Grade the current card and commit it.

        Outside cram the kind is left to `Collection.answer`, which decides it from
        the item's state inside the write transaction, exactly as for `cards answer`:
        an answer given meanwhile by another process is seen, never answered twice.
        """
        item = self._require()
        was_repeating = item.key in self._repeating
        duration = int((self.clock() - self._shown_at) * 1000)
        retried = self._unsure is not None and self._unsure[0] == item.key
        at = self._unsure[1] if self._unsure is not None and retried else self.collection.now()
        try:
            result = self.collection.answer(item.key, grade, duration_ms=duration,
                                            kind=AnswerKind.CRAM if self.cram else None,
                                            answered_at=at, retried=retried)
        except CardsError:
            self._unsure = (item.key, at)  # not shown as recorded: the card stays
            raise
        self._unsure = None
        self.queue.popleft()
        first = item.key not in self._answered
        self._answered.add(item.key)
        if first and result.kind != AnswerKind.REPEAT:
            self._first_tries.add(item.key)
            if grade >= 3:
                self._correct.add(item.key)
        requeued = None
        siblings: list[tuple[int, ItemView]] = []
        if needs_same_day_repeat(grade) and not result.leech:
            self._repeating.add(item.key)
            requeued = self.collection.item(item.key)
            self.queue.insert(min(REPEAT_GAP, len(self.queue)), requeued)
        else:
            self._repeating.discard(item.key)
        buried = set(getattr(result, "buried", ()))
        if result.leech or buried:
            # a leech: the whole card is suspended, its other deletions go too; and the
            # siblings the answer buried wait until the next study day
            def leaving(q: ItemView) -> bool:
                return (result.leech and q.card.id == item.card.id) or q.key in buried

            siblings = [(i, q) for i, q in enumerate(self.queue) if leaving(q)]
            self.queue = deque(q for q in self.queue if not leaving(q))
            self._leave({q.key for _i, q in siblings})
        self._history.append(_Step(item, result, requeued, was_repeating, first, siblings))
        self._answers += 1
        self._shown_at = self.clock()
        return result

    @property
    def last_action(self) -> str | None:
        """What `undo` would take back: "answer", "bury", "suspend" or None."""
        if not self._history:
            return None
        step = self._history[-1]
        return step.kind if isinstance(step, _Removal) else "answer"

    def undo(self) -> ItemView:
        """Take back this session's latest action (an answer, a bury or a suspension);
        that card becomes current again."""
        if not self._history:
            raise NothingToDoError("nothing to undo in this session")
        step = self._history[-1]
        if isinstance(step, _Removal):
            return self._undo_removal(step)
        self.collection.undo(expected_review_id=step.result.review_id)
        self._history.pop()
        if step.requeued is not None:
            # By key: the queued copy may have been refreshed by an edit since.
            copy = next((q for q in self.queue if q.key == step.item.key), None)
            if copy is not None:
                self.queue.remove(copy)
            elif step.item.key in self._dropped:  # buried or suspended since: back it comes
                self._dropped.discard(step.item.key)
                self.total += 1
        self._put_back(step.leech_siblings)
        restored = self.collection.item(step.item.key)
        self.queue.appendleft(restored)
        if step.was_repeating:
            self._repeating.add(step.item.key)
        else:
            self._repeating.discard(step.item.key)
        if step.first_answer:
            self._answered.discard(step.item.key)
            self._correct.discard(step.item.key)
            self._first_tries.discard(step.item.key)
        self._answers -= 1
        self._shown_at = self.clock()
        return restored

    def _put_back(self, removed: list[tuple[int, ItemView]]) -> None:
        """Return items to the places they were taken from (ascending places)."""
        queue = list(self.queue)
        for index, item in removed:
            queue.insert(min(index, len(queue)), item)
        self.queue = deque(queue)
        keys = {item.key for _index, item in removed}
        self._dropped -= keys
        self.total += len(keys)

    def _undo_removal(self, step: _Removal) -> ItemView:
        if step.kind == "bury":
            self.collection.unbury(step.key)
        else:
            self.collection.unsuspend(step.card_id)
        self._history.pop()
        self._put_back(step.removed)
        self._repeating |= step.repeating
        self._shown_at = self.clock()
        return self.queue[0]

    # ------------------------------------------------------- card actions
    def _leave(self, keys: set[str]) -> None:
        """Items taken out of the queue without being done: the session shrinks."""
        self._dropped |= keys
        self._repeating -= keys
        self.total -= len(keys)

    def _remove(self, kind: str, item: ItemView, which: Callable[[ItemView], bool]) -> None:
        """Take the matching items out of the queue, remembering their places for undo."""
        removed = [(i, queued) for i, queued in enumerate(self.queue) if which(queued)]
        keys = {queued.key for _i, queued in removed}
        self._history.append(_Removal(kind, item.card.id, item.key, removed,
                                      keys & self._repeating))
        self.queue = deque(queued for queued in self.queue if not which(queued))
        self._leave(keys)
        self._shown_at = self.clock()

    def bury_current(self) -> date:
        """Hide the current card until tomorrow (`undo` takes it back)."""
        item = self._require()
        until = self.collection.bury(item.key)
        self._remove("bury", item, lambda queued: queued is item)
        return until

    def suspend_current(self) -> None:
        """Suspend the current card, all its deletions (`undo` takes it back)."""
        item = self._require()
        self.collection.suspend(item.card.id)
        self._remove("suspend", item, lambda queued: queued.card.id == item.card.id)

    def refresh_current(self) -> ItemView | None:
        """Reload the current card after an edit (its text may have changed)."""
        item = self.current
        if item is None:
            return None
        try:
            fresh = self.collection.item(item.key)
        except NotFoundError:  # the edit removed this deletion: move on
            self.queue.popleft()
            self._leave({item.key})
            return self.current
        self.queue[0] = fresh
        return fresh

    @property
    def answers(self) -> int:
        """Answers recorded this session (repeats included); asks the database nothing."""
        return self._answers

    def summary(self) -> SessionSummary:
        """What the session did. The next due day is read from the database; if it
        cannot be read (the server went away), it is left unknown and `next_due_error`
        says why: the session's own figures never depend on it."""
        try:
            next_due, error = self.collection.next_due_day(self.deck), None
        except CardsError as exc:
            next_due, error = None, exc.message
        return SessionSummary(
            reviewed=len(self._answered), answers=self._answers, correct=len(self._correct),
            elapsed=timedelta(seconds=self.clock() - self._started),
            next_due=next_due, first_tries=len(self._first_tries), next_due_error=error,
        )
