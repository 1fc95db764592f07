"""cards: spaced repetition in the terminal, with decks drafted from a body of writing."""

__version__ = "0.1.0"
