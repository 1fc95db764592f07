"""Scriptable reviewing: `cards due`, `cards answer`, `cards undo`, `cards stats`."""

from __future__ import annotations

import click

from cards.cli.common import cell, collection, describe_due, emit_json, item_json, plural, say
from cards.errors import InvalidInputError
from cards.vocabulary import AnswerKind


@click.command()
@click.option("--deck", help="Only this deck.")
@click.option("--limit", type=click.IntRange(min=1, max=1_000_000_000), help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def due(deck: str | None, limit: int | None, as_json: bool) -> None:
    """What a review session would show now: due reviews, then today's new cards."""
    with collection() as col:
        items = col.due(deck, limit)
        today = col.today()
        next_day = col.next_due_day(deck) if not items else None
        schedulers = ({name: col.schedulers.deck_scheduler(name)
                       for name in {i.card.deck for i in items}} if as_json else {})
        buried = [] if as_json else col.buried(deck)
    if as_json:
        emit_json([item_json(i, today, schedulers[i.card.deck]) for i in items])
        return
    width = max((len(cell(item.key, 140)) for item in items), default=0)
    for item in items:
        # "again" is the JSON's "repeat": true (failed today, comes back today).
        state = "again" if item.repeat else item.state_name(today)
        click.echo(f"{cell(item.key, 140):<{width}}  {state:<8} "
                   f"{cell(item.question().text, 70)}")
    if not items:
        click.echo("nothing is due" + (f"; next review on {next_day.isoformat()}"
                                      if next_day else ""), err=True)
    for item in buried:  # on stderr: stdout stays the list a session would show
        why = (f"sibling of {item.buried_by}, answered" if item.buried_by
               else "buried by hand")
        until = item.buried_until.isoformat() if item.buried_until else "?"
        say(f"buried until {until}: {item.key} ({why})", err=True)


def _grade(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 5:
        raise InvalidInputError(f"grade must be a whole number 0..5 (5 = perfect), not {value!r}")
    return int(text)


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("card_id")
@click.argument("grade")
@click.option("--duration-ms", type=click.IntRange(min=0, max=86_400_000), default=0,
              help="How long the answer took, for the log.")
def answer(card_id: str, grade: str, duration_ms: int) -> None:
    """Record an answer (GRADE 0..5) and print the new due date.

    CARD_ID is a card id, or ID:cN for deletion N of a cloze card with several.
    """
    quality = _grade(grade)
    with collection(write=True) as col:
        result = col.answer(card_id, quality, duration_ms=duration_ms)
        today = col.today()
    due = describe_due(result.due, today)
    if result.kind == AnswerKind.REPEAT:
        message = (f"{result.key}: logged as a same-day repeat of today's failure; "
                   f"schedule unchanged, next due {due}")
    elif result.kind == AnswerKind.CRAM:
        message = f"{result.key}: not due until {due}; logged as practice, schedule unchanged"
    else:
        message = f"{result.key}: next due {due}"
    if result.leech:
        message += " — it is now a leech: suspended and tagged 'leech'"
    say(message)


@click.command()
def undo() -> None:
    """Take back the latest answer, or the latest bulk action if it came after it."""
    from cards.store.bulk import UndoStep

    with collection(write=True) as col:
        result = col.undo_latest()
        today = col.today()
    if isinstance(result, UndoStep):
        say(f"undid {result.action} of {plural(result.cards, 'card')}")
        return
    due = ("it is new again" if result.due is None
           else f"due {describe_due(result.due, today)}")
    say(f"undid grade {result.grade} on {result.key}; {due}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(as_json: bool) -> None:
    """Counts by state, what falls due soon, and the last 30 days of reviews."""
    with collection() as col:
        s = col.stats()
        decks = col.deck_summaries()
    retention = None if s.retention_30_days is None else round(s.retention_30_days, 4)
    data = {
        "items": s.counts, "due": {"today": s.due_today, "tomorrow": s.due_tomorrow,
                                   "next_7_days": s.due_next_7_days},
        "last_30_days": {"reviews": s.reviews_30_days, "retention": retention},
        "today": {"reviews": s.reviews_today, "new": s.new_today},
        "next_due": s.next_due,
        "decks": [{"name": d.name,
                   "cards": {"total": d.total, "drafts": d.drafts, "suspended": d.suspended},
                   "items": {"total": d.items, "due_today": d.due, "new_today": d.new}}
                  for d in decks],
    }
    if as_json:
        emit_json(data)
        return
    counts = ", ".join(f"{k} {v}" for k, v in s.counts.items())
    click.echo(f"items:      {counts}")
    click.echo(f"due:        today {s.due_today}, tomorrow {s.due_tomorrow}, "
               f"next 7 days {s.due_next_7_days} (items)")
    shown = "-" if retention is None else f"{retention:.0%}"
    click.echo(f"30 days:    {plural(s.reviews_30_days, 'review')}, retention {shown}")
    click.echo(f"today:      {plural(s.reviews_today, 'answer')} "
               f"({plural(s.new_today, 'new item')})")
    for d in decks:
        click.echo(f"deck {cell(d.name, 200)}: {plural(d.total, 'card')} "
                   f"({plural(d.drafts, 'draft')}, {d.suspended} suspended); "
                   f"{plural(d.items, 'item')}: {d.due} due, {d.new} new today")
