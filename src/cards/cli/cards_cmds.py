"""Commands about cards: add, edit, list, show, suspend, accept, reject, delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from cards.cli.common import (
    card_json,
    cell,
    collection,
    describe_due,
    emit_json,
    item_json,
    one_line,
    plural,
    say,
    visible,
)
from cards.vocabulary import DECK_STATUSES, CardType

if TYPE_CHECKING:
    from cards.scheduler.fsrs import FsrsConfig
    from cards.views import ItemView


@click.command()
@click.option("--front", help="Question side of a basic card.")
@click.option("--back", help="Answer side of a basic card.")
@click.option("--cloze", help='Cloze text, e.g. "The {{c1::mitochondria}} makes ATP".')
@click.option("--extra", default="", help="Extra text shown on the back (basic or cloze).")
@click.option("--deck", default="default", show_default=True, help="Deck to add to.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--concept", default="", help="The concept the card is about.")
def add(front: str | None, back: str | None, cloze: str | None, extra: str, deck: str,
        tags: tuple[str, ...], concept: str) -> None:
    """Add a basic card (--front/--back) or a cloze card (--cloze)."""
    if cloze is not None and (front is not None or back is not None):
        raise click.UsageError("give either --front and --back, or --cloze, not both")
    if cloze is None and (front is None or back is None):
        missing = "--back" if front is not None else "--front" if back is not None else None
        raise click.UsageError(f"missing option {missing}" if missing
                               else "give --front and --back, or --cloze")
    from cards.collection import check_card_content

    check_card_content(front=front or "", back=back or "", text=cloze or "", extra=extra,
                       tags=tags, concept=concept, deck=deck)
    with collection(create=True) as col:
        if cloze is not None:
            card = col.add_card(deck=deck, text=cloze, extra=extra, tags=tags, concept=concept)
        else:
            card = col.add_card(deck=deck, front=front or "", back=back or "", extra=extra,
                                tags=tags, concept=concept)
    say(f"added {card.id} to {card.deck}")


@click.command()
@click.argument("card_id")
@click.option("--front")
@click.option("--back")
@click.option("--cloze", "text", help="New cloze text.")
@click.option("--extra")
@click.option("--concept")
@click.option("--deck", help="Move the card to this deck.")
@click.option("--tag", "tags", multiple=True, help="Replace the tags (repeatable).")
@click.option("--clear-tags", is_flag=True,
              help="Remove every tag (with --tag: replace them by those given).")
def edit(card_id: str, front: str | None, back: str | None, text: str | None,
         extra: str | None, concept: str | None, deck: str | None,
         tags: tuple[str, ...], clear_tags: bool) -> None:
    """Change a card's text; its id and review history stay."""
    if (all(v is None for v in (front, back, text, extra, concept, deck)) and not tags
            and not clear_tags):
        raise click.UsageError("nothing to change: give --front, --back, --cloze, --extra, "
                               "--concept, --deck, --tag or --clear-tags")
    with collection(write=True) as col:
        card = col.edit_card(card_id, front=front, back=back, text=text, extra=extra,
                             concept=concept, deck=deck,
                             tags=tags if tags or clear_tags else None)
    say(f"edited {card.id}")


@click.command("list")
@click.option("--deck", help="Only this deck.")
@click.option("--status", type=click.Choice([str(s) for s in DECK_STATUSES]),
              help="Only cards with this status.")
@click.option("--search", help="Only cards whose text, concept, tags or id contain this.")
@click.option("--sort", "order", default="seq", show_default=True,
              type=click.Choice(["seq", "due", "lapses", "deck", "state", "text", "modified"]))
@click.option("--limit", type=click.IntRange(min=1, max=1_000_000_000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(deck: str | None, status: str | None, search: str | None, order: str,
          limit: int | None, as_json: bool) -> None:
    """List cards with their state and next due day."""
    with collection() as col:
        if deck is not None and not any(n == deck or n.startswith(f"{deck}::")
                                        for n in col.deck_names()):
            from cards.errors import NotFoundError

            raise NotFoundError(f"no deck named {deck!r}")
        items = col.find_cards(deck=deck, statuses=(status,) if status else None,
                               query=search, order=order, limit=limit)
        today = col.today()
    if as_json:
        emit_json([card_json(i) for i in items])
        return
    width = max((len(cell(item.card.id, 128)) for item in items), default=0)
    for item in items:
        due = item.due.isoformat() if item.due else "-"
        click.echo(f"{cell(item.card.id, 128):<{width}}  {cell(item.card.deck, 12):<12} "
                   f"{item.state:<9} {due:<10} {cell(item.card.summary)}")
    click.echo(f"{plural(len(items), 'card')} (today is {today.isoformat()})", err=True)


@click.command()
@click.argument("card_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(card_id: str, as_json: bool) -> None:
    """Show one card in full: its text, source, scheduling and latest answers."""
    with collection() as col:
        info = col.card_info(card_id)
        today = col.today()
        scheduler = col.schedulers.deck_scheduler(info.card.deck)
        config = col.schedulers.deck_config(info.card.deck)
        now = col.sched.now()
    card, listing = info.card, info.listing
    if as_json:
        emit_json(card_json(listing) | {
            "items": [item_json(i, today, scheduler) for i in info.items],
            "reviews": [{"key": r.key, "at": r.reviewed_at, "grade": r.grade, "kind": r.kind,
                         "interval": r.interval_after, "due": r.due_after,
                         "duration_ms": r.duration_ms} for r in info.reviews]})
        return
    lines = [f"id:      {one_line(card.id)}", f"deck:    {one_line(card.deck)}",
             f"type:    {card.type}",
             f"status:  {card.status} ({listing.state}, due {describe_due(listing.due, today)})"]
    if card.concept:
        lines.append(f"concept: {one_line(card.concept)}")
    if card.tags:
        lines.append(f"tags:    {one_line(' '.join(card.tags))}")
    if card.type == CardType.BASIC:
        lines += [_field("front", card.front), _field("back", card.back)]
    else:
        lines.append(_field("text", card.text))
    if card.extra:
        lines.append(_field("extra", card.extra))
    if card.source is not None:
        by = f" by {one_line(card.source.author)}" if card.source.author else ""
        lines += [f"source:  {one_line(card.source.file)}:{card.source.line}{by}",
                  _field("quote", card.source.quote)]
    for line in lines:  # multi-line fields keep their lines, indented (see _field)
        click.echo(visible(line))
    if scheduler == "fsrs":
        click.echo("scheduler: FSRS (SM-2's state is kept beside it, and the log records "
                   "SM-2's intervals)")
    for item in info.items:
        s = item.state
        sm2 = "SM-2 " if scheduler == "fsrs" else ""
        say(f"item {item.key}: {item.state_name(today)}{', repeat due today' * item.repeat}, "
            f"{sm2}repetitions {s.repetitions}, interval {s.interval} d, easiness "
            f"{item.easiness}, lapses {s.lapses}, due {describe_due(item.due, today)}")
        if scheduler == "fsrs":
            say(f"  FSRS: {_fsrs_line(item, config, now)}")
    sm2 = "SM-2 " if scheduler == "fsrs" else ""
    for r in info.reviews:
        when = r.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        say(f"  {when}  {r.key}  grade {r.grade}  {r.kind:<6}  {sm2}-> {r.interval_after} d"
            f"  ({r.duration_ms / 1000:.1f} s)")


def _fsrs_line(item: ItemView, config: FsrsConfig, now: datetime) -> str:
    """An item's FSRS memory state, with its chance of recall now."""
    from cards.scheduler.fsrs import retrievability

    memory = item.memory
    if memory is None:
        return "no FSRS history yet (a new card to FSRS)"
    recall = retrievability(memory, now, config)
    return (f"stability {memory.stability:.2f} d, difficulty {memory.difficulty:.2f}, "
            f"retrievability {recall:.0%} now, last review "
            f"{memory.last_review.astimezone().strftime('%Y-%m-%d %H:%M')}")


def _field(label: str, text: str) -> str:
    """``label:   text``, its later lines indented under the first, so a line break in
    card text can never start a line that looks like another field."""
    return f"{label + ':':<9}" + "\n         ".join(text.split("\n"))


def _status_command(name: str, verb: str, help_text: str, method: str | None = None,
                    summary: Callable[[int], str] | None = None,
                    action: str | None = None) -> click.Command:
    """A command that moves cards to a status through `Collection.<method or name>`,
    or, with --search, every matching card it applies to in one bulk action."""

    @click.command(name, help=help_text + " With --search QUERY: every matching card "
                   "(one transaction; 'cards undo' takes it back).")
    @click.argument("card_ids", nargs=-1, metavar="[CARD_ID...]")
    @click.option("--search", "search", metavar="QUERY",
                  help="Every card this search matches (see the README's search syntax).")
    def command(card_ids: tuple[str, ...], search: str | None) -> None:
        if bool(card_ids) == (search is not None):
            raise click.UsageError("give card ids or --search QUERY (one of the two)")
        if search is not None:
            _bulk(action or method or name, search=search)
            return
        with collection(write=True) as col:
            before = {card_id: col.get_card(card_id).status for card_id in card_ids}
            done = getattr(col, method or name)(list(card_ids))
        changed = 0
        for card in done:
            if before[card.id] == card.status:
                say(f"{card.id} was already {card.status}")
            else:
                changed += 1
                say(f"{verb} {card.id}")
        if summary is not None:
            click.echo(summary(changed), err=True)

    return command


def _bulk(action: str, *, search: str | None = None, ids: tuple[str, ...] = (),
          value: str | None = None) -> None:
    """Run a bulk action and say how many cards it touched, of how many matched."""
    with collection(write=True) as col:
        result = col.bulk(action, search=search, ids=list(ids) if search is None else None,
                          value=value)
    what = f" ({'to ' if action == 'move' else ''}{value})" if value else ""
    say(f"{result.verb} {plural(len(result.touched), 'card')}{what} of "
        f"{plural(result.matched, 'matching card')}"
        + ("; 'cards undo' takes it back" if result.touched else ""))


def _value_command(name: str, metavar: str, help_text: str) -> click.Command:
    """`cards tag TAG ...`, `cards untag TAG ...`, `cards move DECK ...`."""

    @click.command(name, help=help_text + " Give card ids or --search QUERY; one "
                   "transaction, and 'cards undo' takes it back.")
    @click.argument("value", metavar=metavar)
    @click.argument("card_ids", nargs=-1, metavar="[CARD_ID...]")
    @click.option("--search", "search", metavar="QUERY", help="Every card this search matches.")
    def command(value: str, card_ids: tuple[str, ...], search: str | None) -> None:
        if bool(card_ids) == (search is not None):
            raise click.UsageError("give card ids or --search QUERY (one of the two)")
        _bulk(name, search=search, ids=card_ids, value=value)

    return command


tag = _value_command("tag", "TAG", "Add a tag to cards.")
untag = _value_command("untag", "TAG", "Remove a tag from cards.")
move = _value_command("move", "DECK", "Move cards to a deck (made if missing).")


suspend = _status_command("suspend", "suspended", "Take cards out of review.")
unsuspend = _status_command("unsuspend", "unsuspended", "Put suspended cards back into review.")
accept = _status_command("accept", "accepted",
                         "Accept drafted (or rejected) cards: they become new cards.")
reject = _status_command("reject", "rejected",
                         "Reject drafted cards; re-drafting never brings them back.")
redraft = _status_command("redraft", "back in the drafts inbox:",
                          "Put accepted or rejected drafts back in the drafts inbox.",
                          method="restore_draft", action="restore_draft")
delete = _status_command(
    "delete", "deleted", "Move cards to the trash (their review history is kept; importing "
    "a deck that holds them does not bring them back). 'cards undelete ID' restores one.",
    summary=lambda n: f"moved {plural(n, 'card')} to the trash; 'cards undelete ID...' "
                      "restores them")
