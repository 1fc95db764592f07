"""The named words of a collection: card statuses, card types, answer kinds, study states.

Each is a `StrEnum` whose values are the exact strings stored in the database, written
in deck files and printed in JSON, so a member compares equal to its word and
serialises as it (``CardStatus.ACTIVE == "active"``, ``json.dumps`` gives
``"active"``). Code names the member; the strings stay byte-identical on disk and on
screen. This module depends on nothing, so every layer (decks, store, scheduler,
collection, UI) can use it.
"""

from __future__ import annotations

from enum import StrEnum


class CardStatus(StrEnum):
    """What the user decided about a card (`card.status`)."""

    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REJECTED = "rejected"
    #: Hidden for good; its history stays (never written in a deck file or shown).
    DELETED = "deleted"


class CardType(StrEnum):
    """A basic card (front and back) or a cloze text with one item per deletion."""

    BASIC = "basic"
    CLOZE = "cloze"


class AnswerKind(StrEnum):
    """How an answer is logged (`review.kind`)."""

    #: A scheduled answer: SM-2 moves the item's schedule.
    REVIEW = "review"
    #: A rule-7 repeat of an item failed earlier today: logged, schedule unchanged.
    REPEAT = "repeat"
    #: Practice of an item that is not due: logged, schedule unchanged.
    CRAM = "cram"
    #: History brought in from an Anki package: logged, never undone.
    IMPORTED = "imported"


class StudyState(StrEnum):
    """Where a card or a review item stands in the study cycle (JSON's `state`).

    A card that is not active has its status as its state; an active one is buried,
    or new (never answered), learning (failed, starting again) or review (passed).
    Decided by `cards.states.state_of`, the one definition of the rule.
    """

    DRAFT = "draft"
    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    BURIED = "buried"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


#: Statuses a deck file may carry ("new" is read as a synonym of "active").
DECK_STATUSES = (CardStatus.DRAFT, CardStatus.ACTIVE, CardStatus.SUSPENDED, CardStatus.REJECTED)
#: Answers given in this collection (the kinds `Collection.answer` takes).
ANSWER_KINDS = (AnswerKind.REVIEW, AnswerKind.REPEAT, AnswerKind.CRAM)
#: Kinds whose grade says whether an item still awaits its same-day repeat.
SCHEDULING_KINDS = (AnswerKind.REVIEW, AnswerKind.REPEAT)
#: The answers an FSRS replay learns from: scheduled answers here and Anki's history
#: (real reviews at their real times). Rule-7 repeats and cram are left out, as they
#: leave SM-2's schedule alone: both schedulers see the same scheduled answers.
FSRS_KINDS = (AnswerKind.REVIEW, AnswerKind.IMPORTED)
#: Statuses of accepted cards, whose items count in a deck's totals.
ACCEPTED = (CardStatus.ACTIVE, CardStatus.SUSPENDED)
