"""SQLite's indexes of the cards' text for searches: FTS5's trigram tokenizer over each
search row's folded fields (`card_fts`, on `card_search.body`) and folded tags
(`card_fts_tags`, on `card_search.tags`), built and kept by the triggers of v12. Two
indexes, so that tagging 10,000 cards indexes their tags again, not all their text.

A trigram index lists, for every three characters in a row, the rows that hold them
(only the rows: `detail=none`, a third of the size and of the time to build, so an
import or a bulk tag costs little more). A row holding a needle of three characters
or more holds each of its trigrams, so the rows holding all of them (up to
`TRIGRAMS_ASKED` of them) are a superset of the rows holding the needle. The text is
folded already (`store.folding`), so the tokenizer is told to compare it as it is
(`case_sensitive 1`). A two-character needle is in a row exactly
when one of the index's trigrams starting with it is (each part ends with a separator
no needle holds, so no needle ends a part): those are read from the indexes'
vocabularies (`card_fts_terms`, `card_fts_tags_terms`). Searches only ever take the
indexes' answers as candidates (each term is still tested on every row they name), so
an index narrows a search and never decides it.

Reading many rows by id costs more than reading every row in order, so an index is
used only when it names fewer than `ROWS` rows; those are then handed to the query as
one JSON list (`json_each`), read once for a page and its total.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

#: Above this many candidates an index does not pay (about 2 us a candidate against
#: 0.3 us a row for a read of every row: 100,000 rows in 30 ms).
ROWS = 5_000
#: A needle of two characters starts at most this many trigrams worth listing.
MAX_TRIGRAMS = 100
#: At most this many of a longer needle's trigrams are asked for (any of them narrow
#: the rows, and the rarest decide: "answer number 12345" by its digits; a 10,000-
#: character needle needs no 9,998).
TRIGRAMS_ASKED = 32
#: The index of each part of the text: (FTS5 table, its vocabulary).
INDEXES = {"body": ("card_fts", "card_fts_terms"),
           "tags": ("card_fts_tags", "card_fts_tags_terms")}


def phrase(needle: str) -> str:
    """An FTS5 string: the text as it is, its quotes doubled."""
    return '"' + needle.replace('"', '""') + '"'


class TrigramIndex:
    """`search.TextIndex` over `card_fts` and `card_fts_tags`, read in the caller's
    transaction by driver statements (`run`: `Tx.run`), whose thousands of rows come
    back in C."""

    def __init__(self, run: Callable[[str, Sequence[Any]], Any]) -> None:
        self._run = run

    def rows(self, needles: Sequence[str], parts: Sequence[str]) -> set[int] | None:
        found: set[int] = set()
        for part in parts:
            for needle in needles:
                query = self._query(needle, part)
                if query is None:
                    return None
                if query:
                    table = INDEXES[part][0]
                    rows = self._run(f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
                                     f" LIMIT {ROWS}", (query,)).fetchall()
                    if len(rows) >= ROWS:
                        return None
                    found.update(r[0] for r in rows)
                if len(found) >= ROWS:
                    return None
        return found

    def _query(self, needle: str, part: str) -> str | None:
        """The FTS5 query of rows holding `needle` in `part`; '' if none can; None if
        the index cannot say (FTS5 reads its query as a C string: a NUL cuts it)."""
        if len(needle) < 2 or "\x00" in needle:
            return None
        if len(needle) >= 3:
            trigrams = list(dict.fromkeys(needle[i:i + 3] for i in range(len(needle) - 2)))
            if len(trigrams) > TRIGRAMS_ASKED:  # spread along the needle, both ends in
                last = len(trigrams) - 1
                trigrams = [trigrams[round(i * last / (TRIGRAMS_ASKED - 1))]
                            for i in range(TRIGRAMS_ASKED)]
            return " AND ".join(phrase(t) for t in dict.fromkeys(trigrams))
        vocabulary = INDEXES[part][1]
        found = [row[0] for row in self._run(
            f"SELECT term FROM {vocabulary} WHERE term > ? AND term <= ? LIMIT ?",
            (needle, needle + "\U0010ffff", MAX_TRIGRAMS + 1)).fetchall()]
        if len(found) > MAX_TRIGRAMS:
            return None
        return " OR ".join(phrase(t) for t in found)

    def among(self, rows: Collection[int]) -> tuple[str, list[Any]]:
        return ("s.id IN (SELECT value FROM json_each(?)"
                " UNION ALL SELECT id FROM card_search WHERE body IS NULL)",
                [f"[{','.join(map(str, sorted(rows)))}]"])
