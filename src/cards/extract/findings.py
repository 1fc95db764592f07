"""What concept finding hands to card writing.

Why a seam here: *finding* a concept (which sentence explains which term, by which
shape) and *writing* a good card about it (an atomic back, a specific front, a hedge
attributed, a cloze on the key term) are different problems, judged differently
(recall against labels; a blind review of the cards).  Finding produces
:class:`FoundConcept` values; card writing turns them into deck cards and never looks
at raw files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cards.corpus.blocks import Block

Relation = Literal[
    "definition", "property", "purpose", "example", "contrast", "abbreviation", "claim",
    "question",
]
"""What the explaining text says about the term: what it *is* (definition), what it
has or does (property), what it is for (purpose), an instance (example), how it differs
from another concept (contrast), what letters stand for (abbreviation), or an argued
claim about it (claim; hedged or not)."""


@dataclass(slots=True)
class Finding:
    """One place where the text explains a term, found by one named shape."""

    term: str
    """The concept's name as the text gives it at this place ("covariate shift")."""
    shape: str
    """The registry name of the rule that found it ("x-is-a", "we-call", "dl-entry")."""
    block: Block
    start: int
    """Start, in ``block.text``, of the sentence (or sentences) the card quotes."""
    end: int
    """End (exclusive) of the quoted sentence(s) in ``block.text``."""
    explanation: str
    """The explaining words as the text says them, without the term and the copula
    ("the distribution of inputs may change but the labeling function does not")."""
    relation: Relation = "definition"
    hedged: bool = False
    """The writer offers it as opinion or guess ("I claim", "something like", "I think"):
    a card must attribute it, never state it as fact."""
    other: str | None = None
    """For a contrast: the concept it is set against; for an abbreviation: the
    expansion."""
    score: float = 0.0
    """How definitional this place is; higher wins when a concept has several."""

    @property
    def quote(self) -> str:
        """The visible text a card cites."""
        return self.block.text[self.start:self.end]

    @property
    def line(self) -> int:
        """The file line where the quote starts."""
        return self.block.line_at(self.start)

    @property
    def code(self) -> list[str]:
        """The code-marked words of the quote ("pol", "unemp_rate")."""
        text = self.block.text
        return [text[s.start:s.end] for s in self.block.spans
                if s.kind == "code" and s.start >= self.start and s.end <= self.end]


@dataclass(slots=True)
class FoundConcept:
    """One idea: its names and every place that explains it, best first."""

    key: str
    """A stable, normalised key; card ids derive from it, so it must not depend on the
    card text (re-drafting keeps ids while the concept is still found)."""
    term: str
    """The name a card front should use."""
    aliases: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    score: float = 0.0
