"""Card ids: ``<deck>.<concept-key>-<kind>``, stable across re-drafts.

Why never from card text: a re-draft that words a back better must keep the id, so the
review history of the card in the collection stays with it; only the concept (its key)
and the kind of card (basic, cloze, vs-<other>) name a card.
"""

from __future__ import annotations

import hashlib
import re

#: Longest id the deck format accepts (``^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$``).
MAX_ID = 128
#: Longest deck slug kept in front of the concept part of an id.
MAX_DECK_SLUG = 40


def slug(key: str) -> str:
    """An id-safe form of a concept key ("covariate shift" -> "covariate-shift")."""
    text = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    return (text or "concept")[:100]


def _shorten(text: str, limit: int) -> str:
    """Cut an id part to ``limit`` characters, deterministically: a short hash of the whole
    part replaces the tail, so two long parts that share a prefix stay distinct."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{text[:limit - 9].rstrip('-.')}-{digest}"


def deck_slug(deck: str) -> str:
    """The id prefix of a deck: its name folded to ``[a-z0-9-]`` ("My Notes" -> "my-notes")."""
    return _shorten(slug(deck) if slug(deck) != "concept" else "deck", MAX_DECK_SLUG)


def card_id(deck: str, local: str) -> str:
    """``<deck-slug>.<concept-slug>-<kind>``, at most MAX_ID characters."""
    prefix = deck_slug(deck)
    return f"{prefix}.{_shorten(local, MAX_ID - len(prefix) - 1)}"
