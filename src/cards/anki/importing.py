"""Turning a read Anki package into cards, review items and history: pure, no database.

The mapping (the README documents it for users):

* Note types. A cloze type gives one cloze card per note, one review item per deletion
  (Anki card ord k is deletion c(k+1)). Every other type, Basic and its reversed
  variants included, gives one basic card per Anki card, its front the card's rendered
  question and its back what the answer side adds. Notes `cards` exported itself
  (their GUID is ``genanki.guid_for(card id)``) map back to that card: their content
  stays as it is here, their schedule and history come in.
* Card ids are derived from the note GUID (and, for basic cards, the card ordinal),
  so importing a package again finds the same cards.
* Scheduling. New stays new. A review card keeps its due day, interval, reps and lapses,
  its ease as easiness (factor / 1000, floored at 1.3). Learning and relearning cards are
  due today (Anki's learning steps have no SM-2 counterpart; they restart as SM-2 from
  repetition 0). Suspended and buried cards stay so (buried until tomorrow).
* History. Each answer in the revlog is one "imported" review row at its real time, its
  button mapped to an SM-2 grade (`GRADE_FROM_EASE`). Entries that are no answer (Anki's
  manual rescheduling, ease 0) are skipped and counted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple

from cards.anki.formats import KIND_CLOZE, Card, Note, Package
from cards.anki.text import card_sides, html_to_text
from cards.decks import DeckCard, cloze_ordinals, validate_card_fields, validate_deck_name
from cards.scheduler import day_start, study_day
from cards.scheduler.sm2 import INITIAL_EASINESS_H, MAX_INTERVAL_DAYS, MIN_EASINESS_H
from cards.vocabulary import CardType

#: Anki's buttons (revlog ease) as SM-2 grades: Again, Hard, Good, Easy.
GRADE_FROM_EASE = {1: 1, 2: 3, 3: 4, 4: 5}
#: SM-2 grades as Anki's buttons, for export: every failure is Again.
EASE_FROM_GRADE = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}

QUEUE_SUSPENDED = -1
QUEUES_BURIED = (-2, -3)
TYPE_NEW, TYPE_LEARNING, TYPE_REVIEW, TYPE_RELEARNING = 0, 1, 2, 3
_CLOZE_FIELD_RE = re.compile(r"\{\{(?:[^{}:]*:)*cloze:([^{}]+)\}\}")


@dataclass(slots=True)
class PlannedItem:
    """An SM-2 state taken from one Anki card."""

    ord: int
    repetitions: int = 0
    interval: int = 0
    easiness: int = INITIAL_EASINESS_H
    due: date | None = None
    lapses: int = 0
    buried_until: date | None = None
    last_review: datetime | None = None  # the latest answer the package knows of
    suspended: bool = False


@dataclass(slots=True)
class PlannedCard:
    """A card to create or update; `content` is None for a card cards exported itself."""

    id: str
    deck: str
    content: DeckCard | None
    items: dict[int, PlannedItem] = field(default_factory=dict)

    @property
    def suspended(self) -> bool:
        """A card is suspended here when all of its Anki cards were."""
        return bool(self.items) and all(item.suspended for item in self.items.values())


class PlannedReview(NamedTuple):
    """One answer to log, its fields named as the review table's columns (a tuple:
    100,000 of them are made and staged)."""

    card_id: str
    ord: int
    reviewed_at: datetime
    grade: int
    duration_ms: int
    reps_before: int
    interval_before: int
    easiness_before: int
    due_before: date | None
    lapses_before: int
    reps_after: int
    interval_after: int
    easiness_after: int
    due_after: date | None
    lapses_after: int


@dataclass(slots=True)
class Plan:
    cards: list[PlannedCard]
    reviews: list[PlannedReview]
    notes: int
    skipped: Counter[str]


@dataclass(slots=True)
class Clock:
    """The collection's idea of time: today, and how instants fall on study days."""

    today: date
    zone: tzinfo
    day_starts_at: int
    _days: dict[int, date] = field(default_factory=dict)

    def day(self, moment: datetime) -> date:
        """The study day of `moment`, cached per quarter hour (every zone's offset is a
        whole number of quarter hours): 100,000 revlog rows spent a second in dateutil."""
        return self.day_of_ms(int(moment.timestamp()) * 1000)

    def day_of_ms(self, ms: int) -> date:
        """The study day of a time in milliseconds since the epoch (a revlog id)."""
        quarter = ms // 900_000
        day = self._days.get(quarter)
        if day is None:
            day = self._days[quarter] = study_day(
                datetime.fromtimestamp(quarter * 900, UTC), self.zone, self.day_starts_at)
        return day

    def day_start(self, day: date) -> datetime:
        return day_start(day, self.zone, self.day_starts_at)


def anki_card_id(guid: str, ord_: int | None) -> str:
    """Our id for an Anki-made card: stable across imports, valid as a deck-file id."""
    digest = hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"anki-{digest}" if ord_ is None else f"anki-{digest}-{ord_ + 1}"


def easiness_from_factor(factor: int) -> int:
    """Anki's ease factor (permille) as SM-2 easiness in hundredths, floored at 1.3."""
    return INITIAL_EASINESS_H if factor <= 0 else max(MIN_EASINESS_H, factor // 10)


def plan(package: Package, clock: Clock, owner: Callable[[str], str | None]) -> Plan:
    """Map a package onto cards. `owner(guid)` names the card a GUID was exported from."""
    skipped: Counter[str] = Counter()
    crt_day = clock.day(datetime.fromtimestamp(package.crt, UTC))
    cards_of: dict[int, list[Card]] = {}
    for card in package.cards:
        cards_of.setdefault(card.nid, []).append(card)
    planned: list[PlannedCard] = []
    by_anki_card: dict[int, tuple[PlannedCard, int]] = {}
    notes = 0
    for note in package.notes:
        anki_cards = cards_of.get(note.id, [])
        if not anki_cards:
            skipped["notes without cards"] += 1
            continue
        made = _note_cards(package, note, anki_cards, owner, skipped)
        if not made:
            continue
        notes += 1
        for planned_card, pairs in made:
            planned.append(planned_card)
            for anki_card, ord_ in pairs:
                planned_card.items[ord_] = _item(anki_card, ord_, crt_day, clock)
                by_anki_card[anki_card.id] = (planned_card, ord_)
    reviews = _reviews(package, by_anki_card, clock, skipped)
    return Plan(cards=planned, reviews=reviews, notes=notes, skipped=skipped)


def _deck_name(package: Package, card: Card, skipped: Counter[str]) -> str | None:
    name = package.decks.get(card.odid or card.did)
    if name is None:
        name = package.decks.get(card.did)
    if name is None:
        skipped["cards in a deck the package lacks"] += 1
        return None
    try:
        validate_deck_name(name)
    except ValueError:
        skipped["cards whose deck name has control characters"] += 1
        return None
    return name


def _tags(note: Note) -> list[str]:
    return list(dict.fromkeys(tag for tag in note.tags if tag))


def _note_cards(
    package: Package, note: Note, anki_cards: list[Card], owner: Callable[[str], str | None],
    skipped: Counter[str],
) -> list[tuple[PlannedCard, list[tuple[Card, int]]]]:
    """The cards one note becomes, each with (Anki card, item ord) pairs."""
    note_type = package.note_types.get(note.mid)
    if note_type is None:
        skipped["notes of a note type the package lacks"] += 1
        return []
    deck = _deck_name(package, anki_cards[0], skipped)
    if deck is None:
        return []
    cloze = note_type.kind == KIND_CLOZE
    own = owner(note.guid)
    if own is not None:
        pairs = [(c, c.ord + 1 if cloze else 0) for c in anki_cards]
        if not cloze:
            pairs = pairs[:1]
        return [(PlannedCard(id=own, deck=deck, content=None), pairs)]
    fields = dict(zip(note_type.fields, note.fields, strict=False))
    if cloze:
        return _cloze_card(note, note_type.templates, fields, anki_cards, deck, skipped)
    out = []
    for anki_card in anki_cards:
        if anki_card.ord >= len(note_type.templates):
            skipped["cards whose template is missing"] += 1
            continue
        qfmt, afmt = note_type.templates[anki_card.ord]
        front, back = card_sides(qfmt, afmt, fields)
        content = DeckCard(id=anki_card_id(note.guid, anki_card.ord), type=CardType.BASIC,
                           front=front, back=back, tags=_tags(note))
        if _valid(content, skipped):
            out.append((PlannedCard(id=content.id, deck=deck, content=content),
                        [(anki_card, 0)]))
    return out


def _cloze_card(
    note: Note, templates: tuple[tuple[str, str], ...], fields: dict[str, str],
    anki_cards: list[Card], deck: str, skipped: Counter[str],
) -> list[tuple[PlannedCard, list[tuple[Card, int]]]]:
    qfmt = templates[0][0] if templates else ""
    match = _CLOZE_FIELD_RE.search(qfmt)
    text_field = match.group(1).strip() if match else next(iter(fields), "")
    text = html_to_text(fields.get(text_field, ""))
    extra = "\n".join(t for name, value in fields.items() if name != text_field
                      for t in [html_to_text(value)] if t)
    content = DeckCard(id=anki_card_id(note.guid, None), type=CardType.CLOZE, text=text,
                       extra=extra, tags=_tags(note))
    if not _valid(content, skipped):
        return []
    ordinals = set(cloze_ordinals(text))
    pairs = []
    for anki_card in anki_cards:
        if anki_card.ord + 1 in ordinals:
            pairs.append((anki_card, anki_card.ord + 1))
        else:
            skipped["cloze cards whose deletion is not in the text"] += 1
    return [(PlannedCard(id=content.id, deck=deck, content=content), pairs)] if pairs else []


def _valid(content: DeckCard, skipped: Counter[str]) -> bool:
    try:
        validate_card_fields(content)
    except ValueError as exc:
        skipped[f"notes whose card would be invalid ({exc})"] += 1
        return False
    return True


def _item(card: Card, ord_: int, crt_day: date, clock: Clock) -> PlannedItem:
    item = PlannedItem(ord=ord_, suspended=card.queue == QUEUE_SUSPENDED)
    if card.queue in QUEUES_BURIED:
        item.buried_until = clock.today + timedelta(days=1)
    if card.type == TYPE_NEW:
        return item
    item.easiness = easiness_from_factor(card.factor)
    item.lapses = max(0, card.lapses)
    if card.type == TYPE_REVIEW:
        due = card.odue if card.odid else card.due
        item.repetitions = max(0, card.reps)
        item.interval = min(MAX_INTERVAL_DAYS, max(1, card.ivl))
        try:
            item.due = crt_day + timedelta(days=due)
        except OverflowError:
            item.due = clock.today
    else:  # learning or relearning: due today, SM-2 from repetition 0
        item.interval = max(0, min(MAX_INTERVAL_DAYS, card.ivl)) if card.type == 3 else 0
        item.due = clock.today
    return item


def _reviews(
    package: Package, by_anki_card: dict[int, tuple[PlannedCard, int]], clock: Clock,
    skipped: Counter[str],
) -> list[PlannedReview]:
    """The revlog as review rows, each item's answers numbered in time order."""
    out: list[PlannedReview] = []
    state: dict[tuple[str, int], tuple[int, int, int, date | None, int]] = {}
    fresh = (0, 0, INITIAL_EASINESS_H, None, 0)
    for rid, cid, ease, ivl, _last_ivl, factor, spent, kind in package.revlog:  # by time
        target = by_anki_card.get(cid)
        if target is None:
            skipped["review rows of cards not imported"] += 1
            continue
        grade = GRADE_FROM_EASE.get(ease)
        if grade is None:
            skipped["review rows that are no answer (manual rescheduling)"] += 1
            continue
        card, ord_ = target
        try:
            moment = datetime.fromtimestamp(rid / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            skipped["review rows with an impossible time"] += 1
            continue
        key = (card.id, ord_)
        reps, ivl_before, ease_before, due, lapses = state.get(key, fresh)
        ivl_after = min(MAX_INTERVAL_DAYS, max(0, ivl))
        ease_after = easiness_from_factor(factor) if factor > 0 else ease_before
        lapses_after = lapses + (grade < 3 and kind in (1, 2))
        due_after = clock.day_of_ms(rid) + timedelta(days=ivl_after)
        out.append(PlannedReview(
            card.id, ord_, moment, grade, max(0, spent), reps, ivl_before, ease_before, due,
            lapses, reps + 1, ivl_after, ease_after, due_after, lapses_after))
        state[key] = (reps + 1, ivl_after, ease_after, due_after, lapses_after)
        item = card.items.get(ord_)
        if item is not None and (item.last_review is None or moment > item.last_review):
            item.last_review = moment
    return out
