"""Cloze text in Anki's syntax: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``.

Pure helpers shared by the reviewer, the CLI and validation. Rendering returns plain
strings plus the spans to highlight, never markup, so card text is always shown
literally whatever brackets it contains.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.decks import CLOZE_RE, cloze_ordinals

PLACEHOLDER = "[...]"

__all__ = ["PLACEHOLDER", "Rendered", "cloze_ordinals", "render_cloze"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """Plain text and the (start, end) character spans to highlight in it."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


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
