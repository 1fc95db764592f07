"""How searches compare text: one folding, used for the stored `card.folded` column,
for the needles of a search, and (registered in SQLite) for rows not yet folded.

Depends on nothing in the store, so the engines' rules can import it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

#: The card fields a plain word looks in, in the order `folded_text` joins them.
PLAIN_FIELDS = ("id", "front", "back", "text", "extra", "concept", "source_file",
                "source_quote", "source_author")
FIELD_SEP = "\x1f"
TAG_SEP = "\x1e"
_SEPARATORS = str.maketrans({c: " " for c in "\x1c\x1d\x1e\x1f"})
_OTHER_SEPARATORS = frozenset("\x1c\x1d\x1e")


def fold(text: str) -> str:
    """Text as searches compare it: casefolded, accents dropped (é -> e, ß -> ss)."""
    return _fold_letters(text).translate(_SEPARATORS)


def _fold_letters(text: str) -> str:
    """`fold` but for the separators (kept as they are)."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded)
                         if not unicodedata.combining(c)).casefold()
    return folded


def folded_text(fields: Sequence[str | None], tags: Iterable[str]) -> str:
    """A card's `folded` column: its `PLAIN_FIELDS` folded, then its tags, each
    between separators no folded text holds (so `tag:T` matches a whole tag)."""
    joined = FIELD_SEP.join([f or "" for f in fields])
    if joined.count(FIELD_SEP) == len(fields) - 1 and not _OTHER_SEPARATORS & set(joined):
        # No separator inside a field: fold all fields at once. Casefolding and
        # dropping accents work character by character, and NFKD's reordering of
        # accents stops at the separator (a starter), so this equals folding each.
        body = _fold_letters(joined)
    else:
        body = FIELD_SEP.join(fold(f or "") for f in fields)
    return f"{body}{FIELD_SEP}{TAG_SEP}{TAG_SEP.join(fold(t) for t in tags)}{TAG_SEP}"


def folded_of_json(*values: Any) -> str | None:
    """`folded_text` from the column values (the fields, then the tags' JSON)."""
    *fields, tags = values
    try:
        parsed = json.loads(tags) if isinstance(tags, str) else []
    except ValueError:
        parsed = []
    return folded_text([v if isinstance(v, str) else None for v in fields],
                       [t for t in parsed if isinstance(t, str)])
