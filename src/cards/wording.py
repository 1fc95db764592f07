"""Small shared wording for messages the CLI and the TUI print."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 card``, ``2 cards``, ``0 cards``; `plural_form` for irregular nouns.

    The one place texts count things, so none says "1 cards"."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"
