"""The collection service: imports, decisions, daily limits, answers, undo, leeches, sessions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cards.collection import Collection
from cards.decks import Deck, DeckCard, Source, load_deck, write_deck
from cards.errors import InvalidInputError, NotFoundError, NothingToDoError
from tests.conftest import Clock, dump, review_log


def deck_file(tmp_path: Path, cards: list[DeckCard], name: str = "reading") -> Path:
    path = tmp_path / f"{name}.toml"
    write_deck(Deck(name=name, description="test deck", cards=cards), path)
    return path


def basic(card_id: str, front: str = "Q", back: str = "A", **kw: object) -> DeckCard:
    return DeckCard(id=card_id, front=front, back=back, **kw)  # type: ignore[arg-type]


def review_rows(col: Collection) -> list[tuple]:
    return review_log(col)


@pytest.fixture
def col(any_col: Collection) -> Collection:
    """Every test here runs on SQLite and on PostgreSQL (`any_col`)."""
    return any_col


def test_import_is_idempotent_and_keeps_history(col: Collection, tmp_path: Path) -> None:
    path = deck_file(tmp_path, [basic("a", "What is A?"), basic("b")])
    first = col.import_decks([path])
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    col.answer("a", 5)
    again = col.import_decks([path])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    edited = deck_file(tmp_path, [basic("a", "What, precisely, is A?"), basic("b")])
    third = col.import_decks([edited])
    assert (third.added, third.updated) == (0, 1)
    assert col.count_cards() == 2
    assert col.get_card("a").front == "What, precisely, is A?"
    assert col.item("a").state.repetitions == 1  # history survived the edit
    assert review_rows(col) == [("a", 0, 5, "review")]


def test_reimport_keeps_accept_and_reject_decisions(col: Collection, tmp_path: Path) -> None:
    drafts = [basic(f"d{n}", status="draft") for n in range(3)]
    path = deck_file(tmp_path, drafts)
    col.import_decks([path])
    assert [c.id for c in col.drafts()] == ["d0", "d1", "d2"]
    col.accept("d0")
    col.reject("d1")
    report = col.import_decks([path])
    assert report.kept_decisions == 2
    statuses = {i.card.id: i.card.status for i in col.find_cards()}
    assert statuses == {"d0": "active", "d1": "rejected", "d2": "draft"}
    # A file that says "active" still never resurrects a rejected card.
    col.import_decks([deck_file(tmp_path, [basic("d1")])])
    assert col.get_card("d1").status == "rejected"


def test_export_then_import_round_trips(col: Collection, tmp_path: Path) -> None:
    src = Source("seeds/x.txt", 12, 'He said "[1] <b>this</b>"', "Cleo Nardo")
    cards = [
        basic("a", "Line one\nline two [bold]", "Back\twith tab", tags=["x", "y-z"],
              concept="Alpha", source=src),
        DeckCard(id="c", type="cloze", text="The {{c1::cat}} sat {{c2::there::where}}",
                 extra="more", status="draft"),
        basic("s", status="suspended"),
    ]
    original = deck_file(tmp_path, cards)
    col.import_decks([original])
    out = tmp_path / "out.toml"
    col.export_toml(out, "reading")
    assert load_deck(out) == load_deck(original)
    assert out.read_text() == original.read_text()
    fresh = Collection.open(tmp_path / "fresh.db")
    fresh.import_decks([out])
    assert [i.card.to_deck_card() for i in fresh.find_cards()] == cards
    fresh.close()


def test_due_lists_reviews_first_then_new_within_limits(col: Collection, clock: Clock) -> None:
    col.set_setting("new_per_day", "3")
    ids = [col.add_card(front=f"q{n}", back="a").id for n in range(6)]
    assert [i.key for i in col.due()] == ids[:3]
    for key in ids[:3]:
        col.answer(key, 4)
    assert col.due() == []  # today's three new cards are used up
    clock.advance(days=1)
    due = [i.key for i in col.due()]
    assert due == ids[:3] + ids[3:6]  # the three reviews, then three new
    col.set_deck_limit("default", "reviews_per_day", 1)
    assert [i.key for i in col.due()] == [ids[0], *ids[3:6]]


def test_answer_records_and_undo_restores(col: Collection, clock: Clock) -> None:
    card = col.add_card(front="q", back="a")
    result = col.answer(card.id, 5, duration_ms=1234)
    assert result.after.due == date(2026, 3, 8)
    assert col.item(card.id).state.repetitions == 1
    undone = col.undo()
    assert (undone.key, undone.grade) == (card.id, 5)
    item = col.item(card.id)
    assert item.state.is_new and item.last_review is None
    assert review_rows(col) == []
    with pytest.raises(NothingToDoError):
        col.undo()


def test_leech_is_suspended_and_tagged_and_undo_lifts_it(col: Collection, clock: Clock) -> None:
    col.set_setting("leech_threshold", "3")
    card = col.add_card(front="q", back="a", tags=["hard"])
    for _ in range(2):
        assert not col.answer(card.id, 1).leech
        clock.advance(days=1)  # a failure a day: same-day repeats are not lapses
    third = col.answer(card.id, 0)
    assert third.leech
    leeched = col.get_card(card.id)
    assert leeched.status == "suspended" and leeched.tags == ("hard", "leech")
    with pytest.raises(InvalidInputError, match="suspended"):
        col.answer(card.id, 4)
    col.undo()
    back = col.get_card(card.id)
    assert back.status == "active" and back.tags == ("hard",)


def test_drafts_cannot_be_answered_until_accepted(col: Collection) -> None:
    card = col.add_card(front="q", back="a", status="draft")
    assert col.due() == []
    with pytest.raises(InvalidInputError, match="draft"):
        col.answer(card.id, 4)
    col.accept(card.id)
    assert [i.key for i in col.due()] == [card.id]


def test_cloze_items_and_ambiguous_keys(col: Collection) -> None:
    card = col.add_card(text="{{c1::Paris}} is the capital of {{c2::France}}")
    keys = [i.key for i in col.due()]
    assert keys == [f"{card.id}:c1", f"{card.id}:c2"]
    front = col.item(keys[0]).question()
    assert front.text == "[...] is the capital of France"
    back = col.item(keys[0]).answer()
    assert back.text[slice(*back.highlights[0])] == "Paris"
    with pytest.raises(InvalidInputError, match="several deletions"):
        col.answer(card.id, 4)
    with pytest.raises(NotFoundError):
        col.answer(f"{card.id}:c9", 4)
    col.edit_card(card.id, text="{{c1::Paris}} is in {{c2::France}}, {{c3::Europe}}")
    assert len(col.due()) == 3


def test_bury_hides_until_tomorrow(col: Collection, clock: Clock) -> None:
    card = col.add_card(front="q", back="a")
    col.bury(card.id)
    assert col.due() == []
    clock.advance(days=1)
    assert [i.key for i in col.due()] == [card.id]


def test_session_repeats_failed_cards_without_rescheduling(col: Collection) -> None:
    ids = [col.add_card(front=f"q{n}", back="a").id for n in range(3)]
    session = col.start_session()
    assert session.current is not None and session.current.key == ids[0]
    session.answer(2)  # fails: scheduled for tomorrow, and repeated in this session
    after_fail = col.item(ids[0]).state
    assert after_fail.due == date(2026, 3, 8)
    order = []
    while session.current is not None:
        key = session.current.key
        order.append(key)
        session.answer(3 if key == ids[0] and order.count(key) == 1 else 5)
    assert order == [ids[1], ids[2], ids[0], ids[0]]  # q=3 is < 4, so once more
    assert col.item(ids[0]).state == after_fail  # repeats never moved the schedule
    kinds = [(r[0], r[3]) for r in review_rows(col)]
    assert kinds == [(ids[0], "review"), (ids[1], "review"), (ids[2], "review"),
                     (ids[0], "repeat"), (ids[0], "repeat")]
    summary = session.summary()
    assert (summary.reviewed, summary.answers, summary.correct) == (3, 5, 2)


def test_session_undo_puts_the_card_back(col: Collection) -> None:
    ids = [col.add_card(front=f"q{n}", back="a").id for n in range(2)]
    session = col.start_session()
    session.answer(1)
    assert session.current is not None and session.current.key == ids[1]
    restored = session.undo()
    assert restored.key == ids[0] and restored.state.is_new
    assert [i.key for i in session.queue] == ids
    assert review_rows(col) == []


def test_cram_does_not_change_the_schedule(col: Collection, clock: Clock) -> None:
    card = col.add_card(front="q", back="a")
    col.answer(card.id, 5)
    before = col.item(card.id).state
    session = col.start_session(cram=True)
    assert session.current is not None and session.current.key == card.id
    session.answer(5)
    assert col.item(card.id).state == before
    assert review_rows(col)[-1] == (card.id, 0, 5, "cram")


def test_stats_counts_and_retention(col: Collection, clock: Clock) -> None:
    ids = [col.add_card(front=f"q{n}", back="a").id for n in range(4)]
    col.add_card(front="draft", back="a", status="draft")
    for key in ids[:3]:
        col.answer(key, 4)
    clock.advance(days=1)
    col.answer(ids[0], 5)
    col.answer(ids[1], 1)
    stats = col.stats()
    assert stats.counts["new"] == 1 and stats.counts["draft"] == 1
    assert stats.counts["learning"] == 1 and stats.counts["review"] == 2
    assert stats.reviews_30_days == 5
    assert stats.retention_30_days == pytest.approx(0.5)
    assert stats.due_today == 2  # ids[2] (interval 1 from yesterday), ids[1] failed today
    assert dict(col.reviews_per_day(2)) == {date(2026, 3, 7): 3, date(2026, 3, 8): 2}


def test_source_context_finds_the_corpus_file(col: Collection, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.txt").write_text("one\ntwo\nthe quote\u00a0here\nfour\nfive\n")
    decks = tmp_path / "decks"
    decks.mkdir()
    path = deck_file(decks, [basic("a", source=Source("corpus/page.txt", 3, "the quote here"))])
    col.import_decks([path])
    context = col.source_context("a", radius=1)
    assert context is not None and context.path is not None
    assert context.lines == ((2, "two"), (3, "the quote here"), (4, "four"))


def test_failed_card_returns_in_a_later_session_the_same_day(col: Collection,
                                                              clock: Clock) -> None:
    ids = [col.add_card(front=f"q{n}", back="a").id for n in range(2)]
    first = col.start_session()
    first.answer(1)  # ids[0] fails, then the session is ended before its repeat
    scheduled = col.item(ids[0]).state
    assert col.next_due_day() == clock().date()  # it is waiting for its repeat today
    clock.advance(hours=2)
    assert col.deck_summaries()[0].due == 1 and col.stats().due_today == 1  # it counts
    due = col.due()
    assert [(i.key, i.repeat) for i in due] == [(ids[0], True), (ids[1], False)]
    second = col.start_session()
    assert second.is_repeat
    second.answer(5)
    assert col.item(ids[0]).state == scheduled  # the repeat did not move the schedule
    assert review_rows(col)[-1] == (ids[0], 0, 5, "repeat")
    assert [i.key for i in col.due()] == [ids[1]]  # passed with 5: no longer pending


def test_cli_style_answers_follow_rule_seven(col: Collection, clock: Clock) -> None:
    card = col.add_card(front="q", back="a")
    assert col.answer(card.id, 2).kind == "review"
    assert col.answer(card.id, 3).kind == "repeat"  # still below 4: pending
    assert col.answer(card.id, 4).kind == "repeat"
    assert col.answer(card.id, 5).kind == "cram"  # passed; not due till tomorrow: practice
    assert col.item(card.id).state.interval == 1  # practice never stretched the interval
    clock.advance(days=1)
    assert col.answer(card.id, 2).kind == "review"


def test_reimport_never_moves_a_card_from_another_deck(col: Collection, tmp_path: Path) -> None:
    col.import_decks([deck_file(tmp_path, [basic("shared", "Mine")], name="mine")])
    before = dump(col)
    other = deck_file(tmp_path, [basic("fresh"), basic("shared", "Theirs")], name="theirs")
    with pytest.raises(InvalidInputError, match="already belongs to deck 'mine'"):
        col.import_decks([other])
    assert dump(col) == before


def test_reimport_keeps_local_edits_and_suspensions(col: Collection, tmp_path: Path) -> None:
    path = deck_file(tmp_path, [basic("a", "Q1", status="draft"), basic("b", "Q2",
                                                                        status="draft")])
    col.import_decks([path], accept_drafts=True)
    col.suspend("a")
    col.edit_card("b", front="My better question")
    report = col.import_decks([path], accept_drafts=True)
    assert (report.kept_edits, report.updated) == (1, 0)
    assert col.get_card("a").status == "suspended"
    assert col.get_card("b").front == "My better question"
    # A later change in the file itself is still taken for cards not edited here.
    col.import_decks([deck_file(tmp_path, [basic("a", "Q1 revised", status="draft"),
                                           basic("b", "Q2 revised", status="draft")])])
    assert col.get_card("a").front == "Q1 revised"
    assert col.get_card("b").front == "My better question"


def test_a_leech_takes_its_other_deletions_out_of_the_session(col: Collection) -> None:
    col.set_setting("leech_threshold", "1")
    cloze = col.add_card(text="{{c1::Paris}} is in {{c2::France}}")
    other = col.add_card(front="q", back="a")
    session = col.start_session()
    assert [i.key for i in session.queue] == [f"{cloze.id}:c1", f"{cloze.id}:c2", other.id]
    assert session.answer(0).leech
    assert [i.key for i in session.queue] == [other.id]  # c2 left with its suspended card
    assert session.finished + len(session.queue) == session.total
    session.undo()
    assert [i.key for i in session.queue] == [f"{cloze.id}:c1", f"{cloze.id}:c2", other.id]
    assert col.get_card(cloze.id).status == "active"
    assert session.finished + len(session.queue) == session.total


def test_search_is_literal_and_unicode_aware(col: Collection) -> None:
    col.add_card(front="Who was Émile?", back="50% of it")
    col.add_card(front="plain", back="nothing special")
    assert [i.card.front for i in col.find_cards(query="ÉMILE")] == ["Who was Émile?"]
    assert [i.card.front for i in col.find_cards(query="%")] == ["Who was Émile?"]
    assert [i.card.front for i in col.find_cards(query="_")] == []


def test_cloze_numbering_starts_at_one(col: Collection) -> None:
    with pytest.raises(InvalidInputError, match="numbered from c1"):
        col.add_card(text="{{c0::zero}} and {{c1::one}}")


def test_export_to_a_folder_never_overwrites_one_deck_with_another(col: Collection,
                                                                   tmp_path: Path) -> None:
    col.add_card(front="q1", back="a", deck="a b")
    col.add_card(front="q2", back="a", deck="a_b")
    col.add_card(front="q3", back="a", deck="A_B")
    out = tmp_path / "out"
    out.mkdir()
    written = col.export_toml(out)
    assert sorted(p.name for p in written) == ["A_B.toml", "a_b-2.toml", "a_b-3.toml"]
    assert sorted(load_deck(p).name for p in written) == ["A_B", "a b", "a_b"]


def test_next_due_day_respects_daily_limits(col: Collection) -> None:
    col.set_setting("new_per_day", "1")
    first = col.add_card(front="q1", back="a")
    col.add_card(front="q2", back="a")
    assert col.next_due_day() == date(2026, 3, 7)  # a new card is waiting today
    col.answer(first.id, 5)
    assert col.due() == []  # today's one new card is used up
    assert col.next_due_day() == date(2026, 3, 8)  # tomorrow, not "now"
