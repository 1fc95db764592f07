"""Choosing a deck's scheduler (`col.schedulers`): SM-2 (the default) or FSRS.

Both schedulers' states live side by side in the schedule table, and the schedule's
`due` is the due day of the scheduler the item's deck uses:

- SM-2's state is updated by every scheduled answer, whichever scheduler the deck
  uses (it is what the review log's before/after columns record), so it is always
  what a replay of the log under SM-2 gives. Switching back to SM-2 makes its due
  days the items' again: exactly the SM-2 schedule of before.
- FSRS's state is, at every moment, py-fsrs's replay of the item's answers of kind
  `review` and `imported` (Anki's history: real reviews at their real times), oldest
  first, under the deck's FSRS configuration. Switching a deck to FSRS computes it so
  (`replay`), an answer advances it by one step, undo replays the item again, and a
  change of desired retention, maximum interval or parameters replays every FSRS
  deck. Rule-7 repeats and cram answers are logged but move neither schedule, so both
  schedulers learn from the same answers. An item whose deck uses FSRS but that has
  no such answers (say, an Anki schedule imported without its history) keeps SM-2's
  due day until its first FSRS answer, which starts it as a new card.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby

from cards.collection.clock import StudyClock
from cards.collection.decks import DecksManager
from cards.collection.settings import SCHEDULERS, SettingsManager
from cards.errors import InvalidInputError, NotFoundError, NothingToDoError
from cards.scheduler import add_days, compare, study_day
from cards.scheduler import fsrs as fsrs_math
from cards.scheduler.compare import Scores
from cards.scheduler.fsrs import FsrsConfig
from cards.store import Store
from cards.store.decks import DeckRecord
from cards.store.repos import Repositories
from cards.store.review_log import Answer
from cards.store.schedule import FsrsState, Key
from cards.views import CardView, ItemView
from cards.vocabulary import FSRS_KINDS

SM2 = "sm2"
FSRS = "fsrs"
#: The setting holding the collection's own FSRS parameters (a JSON list), written by
#: `cards fsrs optimize` without --deck.
PARAMETERS_KEY = "fsrs_parameters"


@dataclass(frozen=True, slots=True)
class Comparison:
    """SM-2 and FSRS on one's own log (see `cards.scheduler.compare`)."""

    deck: str | None
    items: int  # items with at least one answer
    reviews: int  # answers predicted (every answer but each item's first)
    sm2: Scores
    fsrs: Scores
    optimized: bool  # FSRS with fitted parameters, not its defaults
    today: date
    forecast_sm2: tuple[int, ...]  # reviews due per day, from today
    forecast_fsrs: tuple[int, ...]

    @property
    def enough(self) -> bool:
        """Whether the log is long enough for the figures to mean something."""
        return self.reviews >= compare.ENOUGH_REVIEWS


@dataclass(frozen=True, slots=True)
class SwitchReport:
    """What a change of scheduler did."""

    scheduler: str
    decks: tuple[str, ...]  # the decks whose scheduler changed or was replayed
    items: int  # their review items
    answers: int  # answers replayed through FSRS


def parse_parameters(raw: str | None) -> tuple[float, ...] | None:
    """Stored FSRS parameters (a JSON list), checked by py-fsrs; None if none stored."""
    if raw is None:
        return None
    try:
        return fsrs_math.check_parameters(json.loads(raw))
    except (ValueError, TypeError) as exc:
        raise InvalidInputError(f"the stored FSRS parameters are not usable ({exc}); "
                                "run 'cards fsrs optimize' again") from None


#: What to run when the optimizer is missing.
OPTIMIZER_INSTALL = 'pip install "fsrs[optimizer]"'


def fit_parameters(log: Sequence[Answer]) -> tuple[float, ...]:
    """py-fsrs's optimizer over these answers (it needs torch: the `fsrs[optimizer]`
    extra); NotFoundError naming the install command without it."""
    try:
        import torch  # noqa: F401  (the optimizer's heavy dependency)
        from fsrs import Optimizer, ReviewLog
    except ImportError:
        raise NotFoundError("fitting FSRS parameters needs the optional FSRS optimizer, "
                            f"which is not installed: {OPTIMIZER_INSTALL}") from None
    ids: dict[tuple[str, int], int] = {}
    logs = [ReviewLog(card_id=ids.setdefault((a.card_id, a.ord), len(ids) + 1),
                      rating=fsrs_math.rating(a.grade), review_datetime=a.at.astimezone(UTC),
                      review_duration=None) for a in log]
    if not logs:
        raise NothingToDoError("there are no answers to fit FSRS's parameters to")
    return fsrs_math.check_parameters(Optimizer(logs).compute_optimal_parameters())


class SchedulersManager:
    def __init__(self, store: Store, clock: StudyClock, settings: SettingsManager,
                 decks: DecksManager) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._decks = decks

    # ------------------------------------------------------------- reading
    def scheduler_of(self, deck: DeckRecord) -> str:
        """The scheduler a deck uses: its own choice, else the collection's."""
        return deck.scheduler or self._settings.get().scheduler

    def config_of(self, repos: Repositories, deck: DeckRecord | None) -> FsrsConfig:
        """The FSRS configuration of a deck (None: the collection's): its parameters (or
        the collection's, or FSRS's defaults) with the collection's retention and
        maximum interval."""
        settings = self._settings.get()
        parameters = parse_parameters(deck.fsrs_parameters) if deck is not None else None
        if parameters is None:
            parameters = parse_parameters(repos.settings.all().get(PARAMETERS_KEY))
        return FsrsConfig(parameters or fsrs_math.PARAMETERS, settings.desired_retention,
                          settings.maximum_interval)

    def own_scheduler(self, name: str) -> str | None:
        """A deck's own choice of scheduler (None: it follows the collection's)."""
        with self._store.reading() as repos:
            return self._decks.require(repos, name).scheduler

    def deck_scheduler(self, name: str) -> str:
        with self._store.reading() as repos:
            return self.scheduler_of(self._decks.require(repos, name))

    def deck_config(self, name: str | None) -> FsrsConfig:
        """The FSRS configuration of a deck (None: the collection's)."""
        with self._store.reading() as repos:
            return self.config_of(repos, None if name is None
                                  else self._decks.require(repos, name))

    def answered_on(self, moment: datetime) -> date:
        """The study day a moment belongs to, in the user's time zone."""
        return study_day(moment, self._clock.zone(), self._settings.get().day_starts_at)

    # ------------------------------------------------------------- switching
    def set_scheduler(self, value: str, deck: str | None = None) -> SwitchReport:
        """Choose the collection's scheduler, or a deck's ("default": the collection's),
        and replay the history of every deck whose scheduler this makes FSRS, in one
        transaction."""
        allowed = SCHEDULERS + (("default",) if deck is not None else ())
        if value not in allowed:
            raise InvalidInputError(f"scheduler must be one of {', '.join(allowed)}, "
                                    f"not {value!r}")
        if deck is None:
            return self.change_setting("scheduler", value)
        with self._store.writing() as repos:
            record = self._decks.require(repos, deck)
            repos.decks.set_scheduler(record.id, None if value == "default" else value)
            targets = [self._decks.require(repos, deck)]
            items, answers = self.apply_in(repos, targets)
        return SwitchReport(self.scheduler_of(targets[0]), (deck,), items, answers)

    def change_setting(self, key: str, value: str) -> SwitchReport:
        """Change the collection's scheduler, desired retention or maximum interval,
        and make every deck it concerns follow: the decks without a scheduler of their
        own for `scheduler`, every FSRS deck for the others. Should that fail, the
        setting is put back as it was."""
        with self._store.reading() as repos:
            old = repos.settings.all().get(key)
        self._settings.set(key, value)
        try:
            with self._store.writing() as repos:
                targets = [d for d in repos.decks.all()
                           if (d.scheduler is None if key == "scheduler"
                               else self.scheduler_of(d) == FSRS)]
                items, answers = self.apply_in(repos, targets)
        except BaseException:
            self._settings.restore(key, old)
            raise
        return SwitchReport(self._settings.get().scheduler, tuple(d.name for d in targets),
                            items, answers)

    def replay_fsrs_decks(self, decks: Sequence[str] | None = None) -> SwitchReport:
        """Replay every FSRS deck, or those named (after new parameters)."""
        with self._store.writing() as repos:
            targets = [d for d in repos.decks.all() if self.scheduler_of(d) == FSRS
                       and (decks is None or d.name in decks)]
            items, answers = self.apply_in(repos, targets)
        return SwitchReport(FSRS, tuple(d.name for d in targets), items, answers)

    def apply_in(self, repos: Repositories, decks: Sequence[DeckRecord]) -> tuple[int, int]:
        """Make each deck's items follow its scheduler, inside the caller's transaction:
        FSRS decks replayed, SM-2 decks given SM-2's due days. (items, answers replayed)."""
        sm2 = [d.id for d in decks if self.scheduler_of(d) == SM2]
        items = answers = 0
        if sm2:
            repos.schedule.use_sm2(sm2)
            items += sum(len(repos.schedule.sm2_dues([d])) for d in sm2)
        by_config: dict[FsrsConfig, list[int]] = {}
        for deck in decks:
            if self.scheduler_of(deck) == FSRS:
                by_config.setdefault(self.config_of(repos, deck), []).append(deck.id)
        for config, ids in by_config.items():
            dues = repos.schedule.sm2_dues(ids)
            log = repos.reviews.answers_of_decks(ids, FSRS_KINDS)
            states = self.replay(log, dues, config)
            items += repos.schedule.write_fsrs_many(states.items())
            answers += len(log)
        return items, answers

    def follow_deck(self, repos: Repositories, card: CardView) -> None:
        """Make a card's items follow its deck's scheduler (it has just moved deck)."""
        items = repos.schedule.items_of(card)
        states = [((card.id, i.ord), self.fsrs_state_of(repos, i, i.state.due)) for i in items]
        fsrs = [(key, state) for key, state in states if state is not None]
        if fsrs:
            repos.schedule.write_fsrs_many(fsrs)
            return
        for item in items:
            repos.schedule.write_state(card.id, item.ord, item.state, item.last_review)

    def replay(self, log: Iterable[Answer], sm2_dues: dict[Key, date | None],
               config: FsrsConfig) -> dict[Key, FsrsState]:
        """Each item's FSRS state from its answers (grouped by item, oldest first);
        items without answers keep SM-2's due day. Answers to items that no longer
        exist (a card whose type changed keeps its old items' history) are passed over."""
        states = {key: FsrsState(None, due) for key, due in sm2_dues.items()}
        for key, answers in groupby(log, key=lambda a: (a.card_id, a.ord)):
            if key not in states:
                continue
            history = [(a.at, a.grade) for a in answers]
            result = fsrs_math.replay(history, config)
            assert result is not None
            memory, interval = result
            states[key] = FsrsState(memory, add_days(self.answered_on(memory.last_review),
                                                     interval))
        return states

    # ------------------------------------------------------------- comparing
    def compare(self, deck: str | None = None) -> Comparison:
        """Replay the log (of one deck, or all) under both schedulers: each one's
        predictions scored, and the reviews each would have due in the next 30 days."""
        today = self._clock.today()
        with self._store.reading() as repos:
            decks = [self._decks.require(repos, deck)] if deck is not None else repos.decks.all()
            config = self.config_of(repos, decks[0] if deck is not None else None)
            ids = [d.id for d in decks]
            log = repos.reviews.answers_of_decks(ids, FSRS_KINDS)
            dues = repos.schedule.sm2_dues(ids, active=True)
        preds = compare.predictions(((a.card_id, a.ord, a.at, a.grade) for a in log), config)
        fsrs_dues = self.replay(log, dues, config)
        return Comparison(
            deck=deck, items=len({(a.card_id, a.ord) for a in log}), reviews=len(preds),
            sm2=compare.scores(preds, "sm2"), fsrs=compare.scores(preds, "fsrs"),
            optimized=config.parameters != fsrs_math.PARAMETERS, today=today,
            forecast_sm2=tuple(compare.forecast(dues.values(), today)),
            forecast_fsrs=tuple(compare.forecast((s.due for s in fsrs_dues.values()), today)))

    # ------------------------------------------------------------- fitting
    def optimize(self, deck: str | None = None) -> tuple[float, ...]:
        """Fit FSRS's parameters to the log (of one deck, or all) with py-fsrs's
        optimizer, store them (the deck's, or the collection's) and replay the FSRS
        decks that use them. NotFoundError, saying how to install it, without the
        optional extra."""
        with self._store.reading() as repos:
            decks = [self._decks.require(repos, deck)] if deck is not None else repos.decks.all()
            log = repos.reviews.answers_of_decks([d.id for d in decks], FSRS_KINDS)
        parameters = fit_parameters(log)
        with self._store.writing() as repos:
            if deck is not None:
                repos.decks.set_fsrs_parameters(decks[0].id, json.dumps(parameters))
            else:
                repos.settings.put(PARAMETERS_KEY, json.dumps(parameters))
            targets = [d for d in repos.decks.all() if self.scheduler_of(d) == FSRS
                       and (d.name == deck if deck is not None else d.fsrs_parameters is None)]
            self.apply_in(repos, targets)
        return parameters

    # ------------------------------------------------------------- answers
    def fsrs_answer(self, repos: Repositories, item: ItemView, grade: int,
                    at: datetime, *, deck: DeckRecord | None = None) -> FsrsState | None:
        """The FSRS state an answer gives, if the item's deck uses FSRS (else None);
        `deck` is the item's deck when the caller has read it already."""
        deck = deck if deck is not None else self._decks.require(repos, item.card.deck)
        if self.scheduler_of(deck) != FSRS:
            return None
        memory, interval = fsrs_math.review(item.memory, grade, at, self.config_of(repos, deck))
        return FsrsState(memory, add_days(self.answered_on(at), interval))

    def fsrs_state_of(self, repos: Repositories, item: ItemView,
                      sm2_due: date | None) -> FsrsState | None:
        """An item's FSRS state replayed from its log, if its deck uses FSRS (else None):
        what undo restores (`sm2_due`: SM-2's due day as undo restores it)."""
        deck = self._decks.require(repos, item.card.deck)
        if self.scheduler_of(deck) != FSRS:
            return None
        log = repos.reviews.answers_of_decks([], FSRS_KINDS, card_id=item.card.id,
                                             ord_=item.ord)
        key = (item.card.id, item.ord)
        return self.replay(log, {key: sm2_due}, self.config_of(repos, deck))[key]

    def preview(self, repos: Repositories, item: ItemView, at: datetime) -> dict[int, int] | None:
        """Days until due each grade would give under FSRS, if the item's deck uses it."""
        deck = self._decks.require(repos, item.card.deck)
        if self.scheduler_of(deck) != FSRS:
            return None
        return fsrs_math.preview_intervals(item.memory, at, self.config_of(repos, deck))


__all__ = ["FSRS", "PARAMETERS_KEY", "SM2", "SchedulersManager", "SwitchReport",
           "parse_parameters"]
