"""Cloze text in Anki's syntax: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``.

The one parser of cloze text, shared by the deck reader, the CLI, the add form and the
reviewer. Rendering returns plain strings plus the spans to highlight, never markup,
so card text is always shown literally whatever brackets it contains.

Deletions cannot nest: ``{{c1::outer {{c2::inner}} }}`` has no single reading (the
regex takes ``outer {{c2::inner`` as c1's answer, and Anki renders it differently
again), so :func:`cloze_problem` refuses it wherever cloze text is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.textsafe import is_blank

PLACEHOLDER = "[...]"
#: The highest deletion number: far beyond any real card, well inside SQLite's integers.
MAX_ORDINAL = 9999
#: One deletion: number, answer, optional hint.
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.+?)(?:::(.*?))?\}\}", re.DOTALL)
#: The tokens that open or close a deletion, to find nesting.
_TOKEN_RE = re.compile(r"\{\{c(\d+)::|\}\}")

__all__ = [
    "CLOZE_RE",
    "MAX_ORDINAL",
    "PLACEHOLDER",
    "Rendered",
    "cloze_ordinals",
    "cloze_problem",
    "deletion_overlapping",
    "render_cloze",
]


@dataclass(frozen=True, slots=True)
class Rendered:
    """Plain text and the (start, end) character spans to highlight in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


def cloze_ordinals(text: str) -> list[int]:
    """The distinct deletion numbers of a cloze text, ascending (``{{c2::x}}`` gives 2)."""
    return sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})


def item_ordinals(card_type: str, text: str) -> list[int]:
    """The review items a card makes: ord 0 for a basic card, one per cloze deletion."""
    return cloze_ordinals(text) if card_type == "cloze" else [0]


def deletion_overlapping(text: str, start: int, end: int) -> int | None:
    """The number of a deletion that the characters `start`..`end` of `text` touch
    (inside it, across its edge, or holding it whole), or None.

    The add form asks this before Ctrl+K wraps a selection: wrapping text that is
    already (part of) a deletion would nest one deletion in another.
    """
    for match in CLOZE_RE.finditer(text):
        if start < match.end() and end > match.start():
            return int(match.group(1))
    return None


def _nesting_problem(text: str) -> str | None:
    """A message if a deletion opens before the previous one has closed."""
    open_number: str | None = None
    for token in _TOKEN_RE.finditer(text):
        number = token.group(1)
        if number is None:  # "}}": closes the open deletion (a stray one is plain text)
            open_number = None
        elif open_number is not None:
            return (f"nested cloze deletions are not supported: {{{{c{number}::...}}}} opens "
                    f"inside {{{{c{open_number}::...}}}}; close each deletion before the "
                    "next one starts")
        else:
            open_number = number
    return None


def cloze_problem(text: str) -> str | None:
    """Why `text` is not valid cloze text, or None if it is.

    Checked: at least one deletion, numbered c1..c9999, none nested in another and none
    with an empty (or only invisible) answer. The add form calls this before it wraps
    a selection, the deck reader and the CLI through `decks.validate_card_fields`.
    """
    if is_blank(text):
        return "the cloze text is empty"
    nested = _nesting_problem(text)
    if nested is not None:
        return nested
    matches = list(CLOZE_RE.finditer(text))
    if not matches:
        return "the cloze text has no deletion such as {{c1::term}}"
    for match in matches:
        number = int(match.group(1))
        if number < 1:
            return "cloze deletions are numbered from c1 ({{c0::...}} makes no card)"
        if number > MAX_ORDINAL:
            return f"cloze deletions are numbered up to c{MAX_ORDINAL}"
        if is_blank(match.group(2)):
            return f"deletion c{number} is empty"
    return None


def render_cloze(text: str, ordinal: int, *, reveal: bool) -> Rendered:
    """The front (`reveal=False`) or back of deletion `ordinal` of a cloze text.

    The active deletion shows as ``[...]`` (or ``[hint]``) on the front and as its
    highlighted answer on the back; other deletions always show their answer.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for match in CLOZE_RE.finditer(text):
        before = text[pos:match.start()]
        out.append(before)
        length += len(before)
        number, answer, hint = int(match.group(1)), match.group(2), match.group(3)
        if number == ordinal:
            shown = answer if reveal else (f"[{hint}]" if hint else PLACEHOLDER)
            spans.append((length, length + len(shown)))
        else:
            shown = answer
        out.append(shown)
        length += len(shown)
        pos = match.end()
    out.append(text[pos:])
    return Rendered("".join(out), tuple(spans))
