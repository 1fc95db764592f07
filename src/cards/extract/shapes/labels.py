"""Label shapes of notes and scraped pages: "Term: explanation" and "Term = explanation".

A label opens the sentence; it must read as a name (a short noun phrase, not "Note",
"Example" or a clause), and what follows must read as an explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cards.extract.shapes import Context, Hit, must, never, shape
from cards.extract.shapes.nouns import clean_term

_NOT_LABELS = frozenset([
    "note", "notes", "example", "examples", "e.g", "warning", "tip", "update", "edit", "summary",
    "answer", "question", "q", "a", "caveat", "source", "sources", "see", "also", "thanks",
    "figure", "table", "step", "result", "results", "problem", "solution", "proof", "exercise",
    "hint", "disclaimer", "tl;dr", "tldr", "conclusion", "conclusions", "reply", "abstract",
    "keywords", "important", "aside", "context", "background", "definition", "definitions"
])
_LABEL = re.compile(r"^(?P<term>[\"“'‘*_]?[A-Za-z][\w'’ \-/]{1,50}?[\"”'’*_]?)\s*"
                    r"(?::|=)\s+(?P<expl>[^\s].{8,})$")


@shape("label-colon", gates=(":", "="), score=1.7, examples=[
    must("Tide gap: the hours between two high waters.", "Tide gap", "hours between"),
    must("L-BFGS: Limited-memory BFGS sits between BFGS and conjugate gradient.", "L-BFGS"),
    must("Tide gap = high water minus low water.", "Tide gap"),
    never("Note: this section is a draft and will change."),
    never("If you ask me: nobody knows for sure."),
])
def label_colon(ctx: Context) -> Iterator[Hit]:
    match = _LABEL.match(ctx.text)
    if not match:
        return
    raw = match.group("term")
    if raw.lower().strip(" *_\"'") in _NOT_LABELS:
        return
    term = clean_term(raw)
    if term is None or len(term.split()) > 4:
        return
    if term.split()[0].lower() in {"if", "when", "so", "but", "and", "most", "here", "why",
                                   "how", "what", "because", "also", "then", "now", "well"}:
        return
    yield Hit(term, match.group("expl").strip())
