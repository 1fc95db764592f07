"""Bulk actions (`col.bulk`): suspend, unsuspend, accept, reject, redraft, delete, tag,
untag or move every card a search matches (or a list of ids), as one transaction and
one undo step.

A status action touches only the matched cards it applies to (accepting
`deck:seeds` accepts its drafts and leaves its active cards alone) and says how many
that was. The cards a search matches are read in the same write transaction that
changes them, so nothing another process adds meanwhile is touched half-way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from cards.collection.cards import TRANSITIONS, CardsManager
from cards.collection.clock import StudyClock, as_utc
from cards.collection.decks import DecksManager
from cards.decks import validate_deck_name
from cards.errors import InvalidInputError, NothingToDoError
from cards.store import Store
from cards.store.bulk import UndoStep
from cards.store.repos import Repositories

#: The actions, and the words a report uses for them.
ACTIONS: dict[str, str] = {
    "suspend": "suspended", "unsuspend": "unsuspended", "accept": "accepted",
    "reject": "rejected", "restore_draft": "put back in the drafts inbox",
    "delete": "moved to the trash", "tag": "tagged", "untag": "untagged", "move": "moved",
}


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a bulk action did: the cards it matched, those it changed, its undo step."""

    action: str
    matched: int
    touched: tuple[str, ...]
    step: int | None  # None when nothing changed (no undo step is recorded)

    @property
    def verb(self) -> str:
        return ACTIONS[self.action]


class BulkManager:
    def __init__(self, store: Store, clock: StudyClock, decks: DecksManager,
                 cards: CardsManager) -> None:
        self._store = store
        self._clock = clock
        self._decks = decks
        self._cards = cards

    def run(self, action: str, *, search: str | None = None,
            ids: Sequence[str] | None = None, value: str | None = None) -> BulkResult:
        """Apply `action` to the cards `search` matches, or to `ids` (all of which must
        exist); `value` is the tag or the deck. One transaction, one undo step."""
        if action not in ACTIONS:
            raise InvalidInputError(f"unknown bulk action {action!r}")
        value = self._check_value(action, value)
        context = self._cards.search_context()
        now = as_utc(self._clock.now())
        with self._store.writing() as repos:
            chosen = self._chosen(repos, search, ids, context)
            rows = repos.bulk.rows(chosen)
            changed = self._changed(action, rows, value)
            if action == "move":
                target = repos.decks.find(value or "")
                changed = {str(r["id"]) for r in rows
                           if target is None or r["deck_id"] != target.id}
            if not changed:
                return BulkResult(action, len(chosen), (), None)
            picked = [r for r in rows if r["id"] in changed]
            step = repos.bulk.record(action, picked, now)
            made = action == "move" and repos.decks.find(value or "") is None
            self._apply(repos, action, picked, changed, value, now)
            if made:  # its undo removes the deck again
                deck = repos.decks.find(value or "")
                assert deck is not None
                repos.bulk.made_deck(step, deck.id)
        return BulkResult(action, len(chosen), tuple(r["id"] for r in picked), step)

    @staticmethod
    def _check_value(action: str, value: str | None) -> str | None:
        if action in ("tag", "untag"):
            tag = (value or "").strip()
            if not tag or any(c.isspace() for c in tag):
                raise InvalidInputError(f"invalid tag {value!r} (a tag is one word)")
            return tag
        if action == "move":
            try:
                validate_deck_name((value or "").strip())
            except ValueError as exc:
                raise InvalidInputError(str(exc)) from None
            return (value or "").strip()
        return None

    def _chosen(self, repos: Repositories, search: str | None, ids: Sequence[str] | None,
                context: object) -> list[str]:
        if (search is None) == (ids is None):
            raise InvalidInputError("give either card ids or a search")
        if ids is not None:
            for card_id in ids:
                self._cards.require(repos, card_id)
            return list(dict.fromkeys(ids))
        try:
            return repos.cards.matching_ids(search or "", context)  # type: ignore[arg-type]
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None

    @staticmethod
    def _changed(action: str, rows: list[dict[str, object]], value: str | None) -> set[str]:
        """The ids the action would change."""
        if action in TRANSITIONS:
            status, allowed = TRANSITIONS[action]
            return {str(r["id"]) for r in rows if r["status"] in allowed and r["status"] != status}
        if action == "tag":
            return {str(r["id"]) for r in rows if value not in json.loads(str(r["tags"]))}
        if action == "untag":
            return {str(r["id"]) for r in rows if value in json.loads(str(r["tags"]))}
        return {str(r["id"]) for r in rows}  # move: decided once the deck exists

    def _apply(self, repos: Repositories, action: str, rows: list[dict[str, object]],
               changed: set[str], value: str | None, now: object) -> None:
        ids = [str(r["id"]) for r in rows]
        if action in TRANSITIONS:
            repos.bulk.set_status(ids, TRANSITIONS[action][0], now)  # type: ignore[arg-type]
        elif action == "move":
            deck = self._decks.ensure(repos, value or "")
            assert deck.id is not None
            repos.bulk.move(ids, deck.id, now)  # type: ignore[arg-type]
        else:
            tags_of = {}
            for r in rows:
                tags = list(json.loads(str(r["tags"])))
                tags_of[str(r["id"])] = ([*tags, value] if action == "tag"
                                         else [t for t in tags if t != value])
            repos.bulk.set_tags(rows, tags_of, now)  # type: ignore[arg-type]

    # ------------------------------------------------------------ undo
    def latest(self) -> UndoStep | None:
        with self._store.reading() as repos:
            return repos.bulk.latest()

    def undo(self, step: int | None = None) -> UndoStep:
        """Take back bulk action `step` (by default the latest) in one transaction."""
        with self._store.writing() as repos:
            if step is None:
                latest = repos.bulk.latest()
                if latest is None:
                    raise NothingToDoError("there is no bulk action to undo")
                step = latest.id
            done = repos.bulk.undo(step)
            if done is None:
                raise NothingToDoError("that bulk action was already undone")
            return done
