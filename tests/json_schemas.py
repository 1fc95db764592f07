"""JSON Schemas of what `--json` prints, as documented in the README ("JSON output").

One schema per object: a card (`list --json`, and `show --json` with its items and
reviews), a review item (`due --json`, and the items of `show --json`), a review, and
the `stats --json` document. Every object is closed (no undocumented keys).
"""

from __future__ import annotations

from typing import Any

STATES = ["draft", "new", "learning", "review", "buried", "suspended", "rejected"]
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_OR_NULL = {"anyOf": [DATE, {"type": "null"}]}
COUNT = {"type": "integer", "minimum": 0}


def _closed(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


SOURCE = _closed({
    "file": {"type": "string"}, "line": {"type": "integer", "minimum": 1},
    "author": {"type": ["string", "null"]}, "quote": {"type": "string"},
})

CARD_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string"}, "deck": {"type": "string"},
    "type": {"enum": ["basic", "cloze"]},
    "status": {"enum": ["draft", "active", "suspended", "rejected"]},
    "state": {"enum": STATES}, "due": DATE_OR_NULL, "repetitions": COUNT, "lapses": COUNT,
    "concept": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
    "front": {"type": "string"}, "back": {"type": "string"}, "text": {"type": "string"},
    "extra": {"type": "string"}, "source": {"anyOf": [SOURCE, {"type": "null"}]},
}
CARD = _closed(CARD_PROPERTIES)

ITEM = _closed({
    "key": {"type": "string"}, "card_id": {"type": "string"},
    "ord": COUNT, "deck": {"type": "string"}, "type": {"enum": ["basic", "cloze"]},
    "state": {"enum": STATES}, "repeat": {"type": "boolean"}, "due": DATE_OR_NULL,
    "question": {"type": "string"}, "repetitions": COUNT, "interval": COUNT,
    "easiness": {"type": "number", "minimum": 1.3}, "lapses": COUNT,
    "scheduler": {"enum": ["sm2", "fsrs"]},
    "fsrs": {"anyOf": [{"type": "null"}, _closed({
        "stability": {"type": "number", "exclusiveMinimum": 0},
        "difficulty": {"type": "number", "minimum": 1, "maximum": 10},
        "last_review": {"type": "string", "format": "date-time"}})]},
})

REVIEW = _closed({
    "key": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
    "grade": {"type": "integer", "minimum": 0, "maximum": 5},
    "kind": {"enum": ["review", "repeat", "cram"]}, "interval": COUNT,
    "due": DATE_OR_NULL, "duration_ms": COUNT,
})

CARD_DETAIL = _closed(CARD_PROPERTIES | {
    "items": {"type": "array", "items": ITEM, "minItems": 1},
    "reviews": {"type": "array", "items": REVIEW},
})

STATS = _closed({
    "items": _closed({state: COUNT for state in STATES}),
    "due": _closed({"today": COUNT, "tomorrow": COUNT, "next_7_days": COUNT}),
    "last_30_days": _closed({"reviews": COUNT,
                             "retention": {"type": ["number", "null"], "minimum": 0,
                                           "maximum": 1}}),
    "today": _closed({"reviews": COUNT, "new": COUNT}),
    "next_due": DATE_OR_NULL,
    "decks": {"type": "array", "items": _closed({
        "name": {"type": "string"},
        "cards": _closed({"total": COUNT, "drafts": COUNT, "suspended": COUNT}),
        "items": _closed({"total": COUNT, "due_today": COUNT, "new_today": COUNT}),
    })},
})

LIST = {"type": "array", "items": CARD}
DUE = {"type": "array", "items": ITEM}
