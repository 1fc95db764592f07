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


#: The word before a named thing at the end of a clause ("for X:", "uses X:", "adding a X:").
_INTRODUCERS = frozenset({"a", "an", "the", "for", "of", "by", "using", "uses", "use", "with",
                          "called", "via", "adding", "adds", "apply", "applies"})
_COLON_CLAUSE = re.compile(r"(?<=\w)\s*:\s+(?P<expl>(?:we|it|one|they|the|a|an|each|every|"
                           r"nothing|no|its|their)\s.{12,})$", re.IGNORECASE)


@shape("x-colon-clause", gates=(":",), score=1.3, examples=[
    must("Here we use the solver for black-box optimization: we do not rely on the "
         "formula of the function we optimize.", "black-box optimization", "do not rely"),
    must("Haskell uses lazy evaluation: nothing is computed until it is needed.",
         "lazy evaluation", "nothing is computed"),
    never("There are two options: the first one is cheap and slow."),
    never("We found a simple trick: the rest of the code stays the same."),
    never("Note: the section is a draft and will change."),
    never("This determines tax incidence: the supply curve shifts up."),
    never("The two classes of poets still followed their natural bent: the rest wrote."),
])
def x_colon_clause(ctx: Context) -> Iterator[Hit]:
    """"... uses lazy evaluation: nothing is computed until ...": a technical phrase at
    the end of a clause, and after the colon a clause saying what it amounts to."""
    from cards.extract.shapes.nouns import np_before
    from cards.extract.termhood import rarity

    match = _COLON_CLAUSE.search(ctx.text)
    if not match or match.start() < 8:
        return
    term = np_before(ctx.text, match.start(), max_words=3)
    if term is None or len(term.split()) < 2 or rarity(term) >= 4.3 or all(
            w[:1].isupper() for w in term.split()):
        return
    before = ctx.text[:match.start()].rstrip(" \"”'’*_`")
    lead = before[:len(before) - len(term)].split()
    if not lead or lead[-1].lower() not in _INTRODUCERS:
        return  # "This determines tax incidence: ...": a clause, not a named thing
    yield Hit(term, match.group("expl").strip())
