"""The collection: the one service layer that the CLI and the TUI both call.

It owns every rule about cards and answers (statuses, daily limits, leeches, undo,
study days); `store` only persists and `scheduler` only computes. In the way of
Anki's `col.decks` and `col.sched`, the work is done by managers:

- `col.config`: settings, typed and checked per field (`collection.settings`);
- `col.decks`: names, daily limits, today's counts (`collection.decks`);
- `col.cards`: adding, editing, triage, listing (`collection.cards`);
- `col.sched`: the queue, answers, undo (`collection.reviews`, `collection.queue`);
- `col.schedulers`: each deck's scheduler, SM-2 or FSRS, and switching between them
  by replaying the review log (`collection.schedulers`);
- `col.statistics`: stats, forecast, reviews per day (`collection.stats`).

The methods below are thin façades over them, kept so the CLI and the TUI call one
object. Each public method is one short transaction, so every answer is committed
before the caller moves on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from cards import locations
from cards.cloze import item_ordinals
from cards.collection.backups import BackupsManager
from cards.collection.bulk import BulkManager, BulkResult
from cards.collection.cards import (
    DEFAULT_DECK,
    CardsManager,
    check_card_content,
    new_card_id,
    split_key,
)
from cards.collection.check import CheckManager, CheckReport
from cards.collection.clock import StudyClock, as_utc, utcnow
from cards.collection.decks import DecksManager
from cards.collection.reviews import LEECH_TAG, MAX_DURATION_MS, ReviewsManager
from cards.collection.schedulers import SchedulersManager
from cards.collection.settings import (
    FSRS_KEYS,
    SETTING_RANGES,
    SettingsManager,
    parse_setting,
)
from cards.collection.stats import StatsManager
from cards.decks import DeckCard, Source
from cards.errors import NotFoundError, NothingToDoError
from cards.session import ReviewSession
from cards.store import Store, open_store
from cards.store.bulk import UndoStep
from cards.store.cards import TrashedCard
from cards.views import (
    AnswerResult,
    CardInfo,
    CardListItem,
    CardPage,
    CardView,
    DeckNode,
    DeckSummary,
    ImportReport,
    ItemView,
    Settings,
    SourceContext,
    Stats,
    UndoResult,
)
from cards.vocabulary import ANSWER_KINDS, AnswerKind

REVIEW_KINDS = ANSWER_KINDS

__all__ = [
    "DEFAULT_DECK", "LEECH_TAG", "MAX_DURATION_MS", "REVIEW_KINDS", "SETTING_RANGES",
    "Collection", "as_utc", "check_card_content", "item_ords",
    "new_card_id", "parse_setting", "split_key", "utcnow",
]


def item_ords(card: DeckCard) -> list[int]:
    """The review items a card makes: ord 0 for basic, one per cloze deletion."""
    return item_ordinals(card.type, card.text)


class Collection:
    """An open collection file. Use as a context manager, or call `close`."""

    def __init__(self, store: Store, *, now: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.path = store.path
        #: Where the collection is, as messages name it (a file, or a server's URL
        #: without its password).
        self.location = store.location
        self.config = SettingsManager(store)
        self.clock = StudyClock(self.config, now)
        self.decks = DecksManager(store, self.clock, self.config)
        self.cards = CardsManager(store, self.clock, self.decks)
        self.schedulers = SchedulersManager(store, self.clock, self.config, self.decks)
        self.cards.on_move = self.schedulers.follow_deck
        self.sched = ReviewsManager(store, self.clock, self.config, self.decks, self.cards,
                                    self.schedulers)
        self.statistics = StatsManager(store, self.clock, self.sched)
        self.backups = BackupsManager(store, self.clock)
        self.checks = CheckManager(store, self.clock, self.backups)
        self.bulk_actions = BulkManager(store, self.clock, self.decks, self.cards)

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
        store = open_store(locations.resolve_db(path), writable=writable,
                           create=create and writable)
        col = cls(store, now=now)
        if writable and not col.created:
            # the first open of each study day for writing keeps a copy (a read-only
            # command writes nothing, not even beside the collection)
            col.backups.daily()
        return col

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
        return self.clock.now()

    def zone(self) -> tzinfo:
        return self.clock.zone()

    def today(self) -> date:
        """The study day it is now, in the user's time zone."""
        return self.clock.today()

    def day_start_utc(self, day: date) -> datetime:
        """The moment a study day begins, in UTC."""
        return self.clock.day_start_utc(day)

    def day_bounds_utc(self, day: date) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of a study day (see `StudyClock`)."""
        return self.clock.day_bounds_utc(day)

    # ------------------------------------------------------------- settings
    def settings(self) -> Settings:
        return self.config.get()

    def reload_settings(self) -> Settings:
        return self.config.reload()

    def set_setting(self, key: str, value: str) -> Settings:
        """Change a setting; one an FSRS schedule depends on (the scheduler, desired
        retention, maximum interval) also makes the decks concerned follow it."""
        if key == "scheduler" or key in FSRS_KEYS:
            self.schedulers.change_setting(key, value)
            return self.config.get()
        return self.config.set(key, value)

    # ---------------------------------------------------------------- decks
    def deck_names(self) -> list[str]:
        return self.decks.names()

    def deck_limits(self, name: str) -> dict[str, int | None]:
        return self.decks.limits(name)

    def set_deck_limit(self, name: str, key: str, value: int | None) -> None:
        self.decks.set_limit(name, key, value)

    def deck_summaries(self, *, items: bool = True) -> list[DeckSummary]:
        return self.decks.summaries(items=items)

    def deck_tree(self, summaries: Sequence[DeckSummary] | None = None) -> list[DeckNode]:
        """The decks as a tree, parents first, counts rolled up: a leaf's counts are its
        own; a parent's are what reviewing it (with its children, under its own limits
        and theirs) would show, read from that queue, as Anki's deck list does."""
        flat = list(summaries) if summaries is not None else self.deck_summaries()
        by_name = {d.name: d for d in flat}
        names: set[str] = set()
        for name in by_name:
            parts = name.split("::")
            names.update("::".join(parts[:i]) for i in range(1, len(parts) + 1))
        nodes: list[DeckNode] = []
        for name in sorted(names, key=lambda n: n.split("::")):
            subtree = [d for n, d in by_name.items() if n == name or n.startswith(name + "::")]
            parent = any(n.startswith(name + "::") for n in by_name)
            if parent:
                queue = self.due(name)
                new = sum(1 for i in queue if i.state.due is None and not i.repeat)
                due = len(queue) - new
            else:
                # a leaf's own counts, capped by what each parent's queue still allows
                # (studying it directly is: `queue.Cap`), as Anki's list shows it
                above = [n for n in nodes if name.startswith(n.name + "::")]
                new = min([by_name[name].new, *(n.new for n in above)])
                due = min([by_name[name].due, *(n.due for n in above)])
            nodes.append(DeckNode(
                name=name, label=name.split("::")[-1] if parent or "::" in name else name,
                depth=name.count("::"), new=new, due=due,
                drafts=sum(d.drafts for d in subtree),
                accepted=sum(d.total - d.drafts for d in subtree), children=parent))
        return nodes

    # ---------------------------------------------------------------- cards
    def add_card(
        self, *, deck: str = DEFAULT_DECK, front: str = "", back: str = "", text: str = "",
        extra: str = "", tags: Iterable[str] = (), concept: str = "",
        source: Source | None = None, status: str = "active", card_id: str | None = None,
    ) -> CardView:
        return self.cards.add(deck=deck, front=front, back=back, text=text, extra=extra,
                              tags=tags, concept=concept, source=source, status=status,
                              card_id=card_id)

    def get_card(self, card_id: str) -> CardView:
        return self.cards.get(card_id)

    def edit_card(
        self, card_id: str, *, front: str | None = None, back: str | None = None,
        text: str | None = None, extra: str | None = None, concept: str | None = None,
        tags: Iterable[str] | None = None, deck: str | None = None,
        card_type: str | None = None,
    ) -> CardView:
        return self.cards.edit(card_id, front=front, back=back, text=text, extra=extra,
                               concept=concept, tags=tags, deck=deck, card_type=card_type)

    def suspend(self, card_ids: str | Sequence[str]) -> list[CardView]:
        return self.cards.change_status(card_ids, "suspend")

    def unsuspend(self, card_ids: str | Sequence[str]) -> list[CardView]:
        return self.cards.change_status(card_ids, "unsuspend")

    def accept(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Accept drafted (or earlier rejected) cards: they become new cards to study."""
        return self.cards.change_status(card_ids, "accept")

    def restore_draft(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Put accepted or rejected drafts back in the inbox: undo of a triage decision."""
        return self.cards.change_status(card_ids, "restore_draft")

    def reject(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Reject drafts; the decision is remembered across re-drafts and re-imports
        (`accept` or `restore_draft` can still take it back)."""
        return self.cards.change_status(card_ids, "reject")

    def delete(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Move cards to the trash. Their review history stays; `undelete` restores
        them, and importing a deck that still holds them does not bring them back."""
        return self.cards.change_status(card_ids, "delete")

    def undelete(self, card_ids: str | Sequence[str]) -> list[CardView]:
        """Restore cards from the trash with the status they had and their history."""
        return self.cards.undelete(card_ids)

    def trash(self) -> list[TrashedCard]:
        return self.cards.trash()

    def empty_trash(self) -> tuple[int, Path | None]:
        """End the cards in the trash, after a backup; (how many, the backup)."""
        if not self.cards.trash():
            return 0, None
        backup = self.backups.take("trash") if self.store.file_backups else None
        return self.cards.empty_trash(), backup

    # ---------------------------------------------------------- bulk actions
    def bulk(self, action: str, *, search: str | None = None,
             ids: Sequence[str] | None = None, value: str | None = None) -> BulkResult:
        """Suspend, unsuspend, accept, reject, restore_draft, delete, tag, untag or move
        the cards a search matches (or `ids`): one transaction, one undo step."""
        return self.bulk_actions.run(action, search=search, ids=ids, value=value)

    def undo_bulk(self, step: int | None = None) -> UndoStep:
        """Take back a bulk action (by default the latest) in one transaction."""
        return self.bulk_actions.undo(step)

    def undo_latest(self) -> UndoResult | UndoStep:
        """Take back whichever came last: the latest answer or the latest bulk action
        (what `cards undo` does)."""
        with self.store.reading() as repos:
            answer = repos.reviews.latest()
            step = repos.bulk.latest()
        if step is not None and (answer is None or answer.kind == "imported"
                                 or as_utc(step.made_at) >= as_utc(answer.reviewed_at)):
            return self.undo_bulk(step.id)
        return self.undo()

    # ----------------------------------------------------------- safety nets
    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of the collection now (see `collection.backups`)."""
        return self.backups.take("manual", target)

    def restore(self, source: Path) -> Path:
        """Replace the collection by a backup; returns the copy of what it replaced."""
        before = self.backups.restore(source)
        self.config.reload()
        return before

    def check(self, *, repair: bool = True) -> CheckReport:
        return self.checks.run(repair=repair)

    def bury(self, key: str) -> date:
        return self.cards.bury(key)

    def unbury(self, key: str) -> None:
        self.cards.unbury(key)

    def drafts(self, deck: str | None = None) -> list[CardView]:
        return self.cards.drafts(deck)

    def find_cards(
        self, *, deck: str | None = None, statuses: Sequence[str] | None = None,
        query: str | None = None, order: str = "seq", descending: bool = False,
        limit: int | None = None, offset: int = 0, trash: bool = False,
    ) -> list[CardListItem]:
        return self.cards.find(deck=deck, statuses=statuses, query=query, order=order,
                               descending=descending, limit=limit, offset=offset,
                               trash=trash)

    def count_cards(self, query: str | None = None) -> int:
        return self.cards.count(query)

    def search_cards(
        self, query: str | None = None, *, order: str = "seq", descending: bool = False,
        limit: int | None = None, offset: int = 0, trash: bool = False,
    ) -> CardPage:
        return self.cards.search(query, order=order, descending=descending, limit=limit,
                                 offset=offset, trash=trash)

    def card_info(self, card_id: str, history: int = 20) -> CardInfo:
        return self.cards.info(card_id, history)

    def item(self, key: str) -> ItemView:
        return self.cards.item(key)

    # ---------------------------------------------------------------- review
    def due(self, deck: str | None = None, limit: int | None = None) -> list[ItemView]:
        return self.sched.due(deck, limit)

    def buried(self, deck: str | None = None) -> list[ItemView]:
        return self.sched.buried(deck)

    def repeats_waiting(self) -> int:
        return self.sched.repeats_waiting()

    def cram_items(self, deck: str | None = None, limit: int = 200) -> list[ItemView]:
        return self.sched.cram_items(deck, limit)

    def preview(self, key: str) -> dict[int, int]:
        return self.sched.preview(key)

    def answer(
        self, key: str, grade: int, *, duration_ms: int = 0, kind: str | None = None,
        answered_at: datetime | None = None, retried: bool = False,
    ) -> AnswerResult:
        return self.sched.answer(key, grade, duration_ms=duration_ms, kind=kind,
                                 answered_at=answered_at, retried=retried)

    def answer_kind(self, key: str) -> AnswerKind:
        return self.sched.answer_kind(key)

    def undo(self, *, expected_review_id: int | None = None) -> UndoResult:
        return self.sched.undo(expected_review_id=expected_review_id)

    def next_due_day(self, deck: str | None = None) -> date | None:
        return self.sched.next_due_day(deck)

    def start_session(self, deck: str | None = None, *, cram: bool = False) -> ReviewSession:
        return ReviewSession(self, deck=deck, cram=cram)

    # ---------------------------------------------------------------- stats
    def stats(self) -> Stats:
        return self.statistics.stats()

    def forecast(self, days: int = 30) -> list[tuple[date, int]]:
        return self.statistics.forecast(days)

    def reviews_per_day(self, days: int = 30) -> list[tuple[date, int]]:
        return self.statistics.reviews_per_day(days)

    # ------------------------------------------------------------- transfer
    # `transfer` and `anki_import` import this module at their top, so they are
    # imported here when used (they also keep `cards --help` fast).
    def import_decks(self, paths: Sequence[Path] | Sequence[tuple[Path, Any]], *,
                     accept_drafts: bool = False) -> ImportReport:
        """Import deck files, or decks parsed by `load_deck_files`, all or nothing (see
        `transfer.import_decks`)."""
        from cards.collection import transfer

        self._backup_before_import()
        report = transfer.import_decks(self, paths, accept_drafts=accept_drafts)
        return replace(report, backups=tuple(str(p) for p in self.store.backups))

    def import_anki(self, path: Path) -> Any:
        """Import an Anki package, all or nothing (see `anki_import.import_anki`)."""
        from cards.collection import anki_import

        self._backup_before_import()
        return anki_import.import_anki(self, Path(path))

    def _backup_before_import(self) -> None:
        """A copy before an import changes many cards at once (none for a collection
        that holds no card yet: there is nothing to lose)."""
        if self.store.file_backups and (self.count_cards() or self.trash()):
            self.backups.take("import")

    def import_bundled(self, *, accept_drafts: bool = True) -> ImportReport:
        """Import the deck drafted from the bundled corpus: its drafts accepted for study,
        or (`accept_drafts=False`) left in the drafts inbox to triage first."""
        path = locations.bundled_deck()
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
        from cards.collection.anki_export import package_scheduling

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
