"""Normalise term spellings to one key, and merge abbreviations with their expansions.

E-FLOP, E-FLOPs, Effective-FLOP and effective FLOP must be one concept.  The key folds
case, hyphens and a plural ending; abbreviations are linked to expansions only on
evidence in the text: an explicit "ABBR (expansion)" / "expansion (ABBR)", or a
letter-prefix form such as "E-FLOP" next to a phrase "effective FLOP".
"""

from __future__ import annotations

import re
from functools import lru_cache

_KEEP_S = ("ss", "us", "is", "ics", "ous", "ws", "as")
_ARTICLES = ("the ", "a ", "an ")
_JOINERS = frozenset({"and", "of", "the", "for", "to", "in", "on", "a", "an", "&"})


def singular(word: str) -> str:
    """A light singular: sets -> set, FLOPs -> FLOP, capabilities -> capability."""
    low = word.lower()
    if len(low) <= 3 or low.endswith(_KEEP_S):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + ("Y" if word.isupper() else "y")
    if low.endswith(("ches", "shes", "sses", "xes", "ases", "uses")):
        return word[:-2]
    if low.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def concept_key(surface: str) -> str:
    """The key that merges spellings: lower case, hyphens as spaces, singular last word."""
    text = re.sub(r"[-_/]+", " ", surface.strip().strip("\"“”'‘’")).lower()
    text = re.sub(r"\s+", " ", text)
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article):]
    words = text.split(" ")
    if not words or not words[-1]:
        return ""
    words[-1] = singular(words[-1])
    return " ".join(words)


def initials(phrase: str) -> str:
    """First letters of the content words of a phrase ("objectives and key results" -> okr)."""
    words = [w for w in re.split(r"[\s,\-]+", phrase.lower()) if w and w not in _JOINERS]
    return "".join(w[0] for w in words)


def is_abbreviation_of(abbr: str, phrase: str) -> bool:
    """True if ``abbr`` abbreviates ``phrase``: by initials (OKRs) or letter prefix (E-FLOP)."""
    short = singular(abbr.strip())
    parts = re.split(r"[-\s]+", short)
    long_words = [w for w in re.split(r"[-\s]+", phrase.strip()) if w]
    if len(parts) == 2 and len(parts[0]) == 1 and len(long_words) == 2:
        return (long_words[0][0].lower() == parts[0].lower()
                and singular(long_words[1]).lower() == parts[1].lower()
                and len(long_words[0]) > 1)
    if not short.isupper() or not 2 <= len(short) <= 6:
        return False
    return initials(phrase) == short.lower()


class AliasMap:
    """Union-find over concept keys."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self.linked: set[str] = set()  # keys named by "X (also called Y)": X is kept

    def find(self, key: str) -> str:
        parent = self._parent.get(key, key)
        if parent == key:
            return key
        root = self.find(parent)
        self._parent[key] = root
        return root

    def union(self, a: str, b: str, keep_first: bool = False) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # the longer key (the expansion) becomes the root; ties by text, for determinism;
            # keep_first: a's root stays ("X (also called Y)": X is the concept)
            keep, drop = ((root_a, root_b) if keep_first
                          else sorted((root_a, root_b), key=lambda k: (-len(k), k)))
            self._parent[drop] = keep
