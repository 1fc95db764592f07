"""The registry of explanation shapes: small named rules, each with its own examples.

Why a registry: an explanation has many shapes in real writing ("X is a ...", "we call
this X", "By 'X' I mean ...", "X (ABBR)"), and the old extractor kept them in long
if/elif chains.  Here each shape is one decorated function in one module of this
package, gated by cheap literals it needs, and it carries example sentences it must
match (with the expected term) and sentences it must not; ``tests/test_shapes.py``
runs every registered shape on its own examples, so the examples are the tests.
Adding a shape touches one place: write the function with its examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from cards.extract.findings import Relation


@dataclass(frozen=True, slots=True)
class Hit:
    """What a shape found in one sentence."""

    term: str
    explanation: str
    relation: Relation = "definition"
    other: str | None = None
    with_previous: bool = False
    """The explanation is in the previous sentence; the quote spans both."""
    with_next: bool = False
    """The explanation is in the next sentence; the quote spans both."""


@dataclass(frozen=True, slots=True)
class Context:
    """A sentence and its neighbours in the same block, and the terms marked in it."""

    text: str
    previous: str = ""
    next: str = ""
    marked: frozenset[str] = frozenset()
    """Lower-case visible text of the emphasis/strong/code/term/quoted marks."""
    low: str = ""
    """The sentence in lower case (gates are checked on it); filled in if left empty."""

    def __post_init__(self) -> None:
        if not self.low:
            object.__setattr__(self, "low", self.text.lower())


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a shape must match with ``term`` (None: must not match)."""

    text: str
    term: str | None
    explanation: str | None = None
    """A part the explanation must contain."""
    previous: str = ""
    next: str = ""
    marked: tuple[str, ...] = ()


Finder = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Shape:
    """A named explanation shape."""

    name: str
    find: Finder
    gates: tuple[str, ...]
    """Lower-case literals; the shape runs only on a sentence holding one ("" = always)."""
    score: float
    """How definitional the shape is (a "By X I mean" beats an "X is a")."""
    examples: tuple[Example, ...] = field(default_factory=tuple)
    needs_mark: bool = False
    """Only a marked term (emphasis, bold, code, term markup, quotes) counts."""

    def run(self, ctx: Context) -> Iterator[Hit]:
        """The shape's hits on a sentence, after its gates and its mark requirement."""
        low = ctx.low
        if self.gates and not any(g in low for g in self.gates):
            return
        for hit in self.find(ctx):
            if self.needs_mark and hit.term.lower() not in ctx.marked:
                continue
            yield hit


REGISTRY: dict[str, Shape] = {}


def shape(name: str, *, gates: tuple[str, ...], score: float,
          examples: Iterable[Example], needs_mark: bool = False) -> Callable[[Finder], Finder]:
    """Register the decorated finder as shape ``name``."""
    def register(find: Finder) -> Finder:
        if name in REGISTRY:
            raise ValueError(f"shape {name!r} registered twice")
        REGISTRY[name] = Shape(name, find, gates, score, tuple(examples), needs_mark)
        return find
    return register


def must(text: str, term: str, explanation: str | None = None, **context: object) -> Example:
    """An example the shape must match, finding ``term``."""
    return Example(text, term, explanation, **context)  # type: ignore[arg-type]


def never(text: str, **context: object) -> Example:
    """An example the shape must not match."""
    return Example(text, None, **context)  # type: ignore[arg-type]


def all_hits(ctx: Context) -> Iterator[tuple[Shape, Hit]]:
    """Every registered shape's hits on one sentence."""
    for registered in REGISTRY.values():
        for hit in registered.run(ctx):
            yield registered, hit


# The modules below register their shapes on import.
from cards.extract.shapes import copula, glosses, labels, naming, procedures  # noqa: E402

__all__ = ["REGISTRY", "Context", "Example", "Hit", "Shape", "all_hits", "copula", "glosses",
           "labels", "must", "naming", "never", "procedures", "shape"]
