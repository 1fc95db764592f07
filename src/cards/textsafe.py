"""The one sanitiser for text that reaches a terminal.

Why: card text, deck names, authors, corpus lines and file names come from files and
the database, which anyone can write.  Sent raw, an ``ESC]52`` sequence rewrites the
clipboard, ``ESC[2J`` clears the screen, ``\\r`` or U+202E reorders what the user reads,
and a newline in an author fakes a line of output.  Every string from a file or the
database passes :func:`visible` (or :func:`one_line`) before it is printed or shown in
the TUI; the bytes stored are never changed.  Placeholders follow ``cat -v``: caret
notation for C0 controls and DEL (``^[``, ``^M``, ``^?``), ``<U+XXXX>`` for C1
controls and the invisible bidirectional controls.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_blank", "one_line", "visible"]

#: Bidirectional embeddings, overrides, isolates and marks: they reorder or hide text.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: C0 controls except tab and newline, DEL, C1 controls, bidi controls, and the Unicode
#: line and paragraph separators (a terminal or widget may break lines on them).
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character turned into a visible placeholder.

    Newlines and tabs are kept: card backs and quotes have several lines.
    """
    return _UNSAFE.sub(_placeholder, text)


def one_line(text: str) -> str:
    """Like :func:`visible`, but newlines and tabs become placeholders too: for names,
    paths, ids and authors, which must never break a line of output."""
    return _UNSAFE_ONE_LINE.sub(_placeholder, text)


#: Characters that draw nothing though Unicode does not call them spaces or formats.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


#: An ASCII character that draws something (the others are spaces and controls).
_ASCII_GLYPH = re.compile(r"[!-~]")


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only whitespace, controls and invisible format
    characters (U+200B, U+2060, U+FEFF, bidi marks...). A card side made of them looks
    empty on screen and in Anki, so it counts as empty."""
    if text.isascii():  # the common case, in one scan: blank unless it draws a glyph
        return _ASCII_GLYPH.search(text) is None
    return all(
        ch.isspace() or ch in _FILLERS or unicodedata.category(ch) in ("Cc", "Cf", "Zs",
                                                                        "Zl", "Zp")
        for ch in text
    )
