"""`undo` reads O(1) rows of the review log (issue 9, item 20).

No timing here (that is for benchmarks/): the test looks at the statements undo
runs while undoing: none may read the log without a bound.
"""

from __future__ import annotations

from sqlalchemy import event

from cards.collection import Collection


def unbounded_log_reads(col: Collection) -> list[str]:
    """The statements undo runs that read the review log with neither a LIMIT nor an
    aggregate: each of those costs as much as the log is long."""
    unbounded: list[str] = []

    def check(_conn, _cursor, statement, *_rest):  # type: ignore[no-untyped-def]
        text = " ".join(statement.split()).upper()
        if text.startswith("SELECT") and "FROM REVIEW" in text and not (
                " LIMIT " in text or "MAX(" in text):
            unbounded.append(statement)

    event.listen(col.store.engine, "before_cursor_execute", check)
    try:
        col.undo()
    finally:
        event.remove(col.store.engine, "before_cursor_execute", check)
    return unbounded


def test_undo_fetches_the_latest_review_with_a_limit(col: Collection) -> None:
    col.set_setting("new_per_day", "1000")
    for n in range(30):
        col.add_card(front=f"q{n}", back="a")
    for item in col.due():
        col.answer(item.key, 3, kind="cram")
    # Every statement that reads the review log during undo is bounded (LIMIT 1 or an
    # aggregate over one item's index range), so its cost cannot grow with the log.
    assert unbounded_log_reads(col) == []
