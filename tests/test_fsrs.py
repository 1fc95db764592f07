"""FSRS as an opt-in scheduler (issue 14): exact agreement with py-fsrs, switching
without loss, undo, settings, and the CLI around them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.collection import Collection
from cards.scheduler import sm2_h, study_day
from cards.scheduler.days import resolve_timezone
from tests.conftest import FIXED_NOW, CliResult, Clock, dump

#: grade -> py-fsrs rating, as the README documents it.
RATING = {0: Rating.Again, 1: Rating.Again, 2: Rating.Again, 3: Rating.Hard, 4: Rating.Good,
          5: Rating.Easy}
UTC_ZONE = resolve_timezone("UTC")


def py_fsrs(history: list[tuple[datetime, int]], retention: float = 0.9,
            maximum: int = 36_500) -> tuple[Card, int]:
    """py-fsrs itself over a history: its card, and the day interval of the last step."""
    scheduler = Scheduler(desired_retention=retention, learning_steps=(), relearning_steps=(),
                          maximum_interval=maximum, enable_fuzzing=False)
    card = Card(card_id=1)
    for at, grade in history:
        card, _log = scheduler.review_card(card, RATING[grade], at)
    return card, (card.due - history[-1][0]).days


def schedule_rows(col: Collection) -> list[tuple[Any, ...]]:
    return dump(col)["schedule"]


def sm2_columns(col: Collection) -> list[tuple[Any, ...]]:
    """Every item's SM-2 state and its due day, as the queue sees it."""
    return [(r.card_id, r.ord, r.repetitions, r.interval, r.easiness, r.due, r.sm2_due,
             r.lapses, r.last_review) for r in _rows(col)]


def _rows(col: Collection) -> list[Any]:
    from sqlalchemy import select

    from cards.store.models import ScheduleRow

    with col.store.reading() as repos:
        table = ScheduleRow.__table__
        return list(repos.session.connection().execute(
            select(table).order_by(table.c.card_id, table.c.ord)).all())


def answer_at(col: Collection, clock: Clock, key: str, grade: int, at: datetime) -> None:
    """A scheduled answer given at `at` (the clock set to it)."""
    clock.moment = at
    col.answer(key, grade, kind="review")


# ------------------------------------------------------------------- exactness
histories = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60 * 24 * 90),  # minutes since the last
              st.integers(min_value=0, max_value=5)),
    min_size=1, max_size=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=histories, retention=st.sampled_from([0.8, 0.9, 0.95]))
def test_fsrs_state_is_py_fsrs_review_card_over_the_same_history(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, int]], retention: float,
) -> None:
    """Answered one by one in an FSRS deck, and replayed when a deck switches to FSRS
    afterwards, an item's stability, difficulty and due day are py-fsrs's, exactly."""
    folder = tmp_path_factory.mktemp("prop")
    at = FIXED_NOW
    history = []
    for minutes, grade in steps:
        at += timedelta(minutes=minutes, microseconds=minutes % 997)
        history.append((at, grade))
    expected, interval = py_fsrs(history, retention)
    due = study_day(history[-1][0], UTC_ZONE, 4) + timedelta(days=interval)
    for switch_after in (False, True):
        clock = Clock()
        with Collection.open(folder / f"c{switch_after}.db", now=clock) as col:
            col.set_setting("timezone", "UTC")
            col.set_setting("desired_retention", str(retention))
            col.set_setting("leech_threshold", "0")  # a leech is suspended: no more answers
            if not switch_after:
                col.set_setting("scheduler", "fsrs")
            card = col.add_card(front="q", back="a")
            for moment, grade in history:
                answer_at(col, clock, card.id, grade, moment)
            if switch_after:
                col.set_setting("scheduler", "fsrs")
            item = col.item(card.id)
        assert item.memory is not None
        assert item.memory.stability == expected.stability
        assert item.memory.difficulty == expected.difficulty
        assert item.memory.last_review == expected.last_review
        assert item.due == item.fsrs_due == due


def test_repeats_and_cram_leave_fsrs_alone_imported_history_counts(
        col: Collection, clock: Clock) -> None:
    col.set_setting("scheduler", "fsrs")
    card = col.add_card(front="q", back="a")
    answer_at(col, clock, card.id, 2, FIXED_NOW)
    after_fail = col.item(card.id)
    clock.advance(minutes=5)
    col.answer(card.id, 4)  # a rule-7 repeat of today's failure
    assert col.answer_kind(card.id) in ("review", "cram")
    assert col.item(card.id).memory == after_fail.memory
    clock.advance(minutes=5)
    col.answer(card.id, 5, kind="cram")
    assert col.item(card.id).memory == after_fail.memory
    expected, _ = py_fsrs([(FIXED_NOW, 2)])
    assert col.item(card.id).memory.stability == expected.stability  # type: ignore[union-attr]


# ------------------------------------------------------------------- switching
def _study(col: Collection, clock: Clock, cards: int, days: int, seed: int) -> list[str]:
    """Cards answered with random grades over `days` days, each when due."""
    rng = random.Random(seed)
    keys = [col.add_card(front=f"q{i}", back=f"a{i}", deck=f"d{i % 2}").id
            for i in range(cards)]
    for _ in range(days):
        for item in col.due():
            col.answer(item.key, rng.choice([1, 3, 4, 4, 5]))
            if item.repeat:
                continue
        clock.advance(days=1)
    return keys


def test_sm2_to_fsrs_to_sm2_gives_back_the_sm2_schedules(col: Collection, clock: Clock) -> None:
    _study(col, clock, cards=12, days=30, seed=1)
    before = sm2_columns(col)
    due_before = [item.key for item in col.due()]
    col.set_setting("scheduler", "fsrs")
    assert sm2_columns(col) != before  # FSRS's due days are the items' now
    assert any(row.stability is not None for row in _rows(col))
    col.set_setting("scheduler", "sm2")
    assert sm2_columns(col) == before
    assert [item.key for item in col.due()] == due_before


def test_switching_twice_is_deterministic(col: Collection, clock: Clock) -> None:
    _study(col, clock, cards=8, days=20, seed=2)
    col.set_setting("scheduler", "fsrs")
    first = schedule_rows(col)
    col.set_setting("scheduler", "sm2")
    col.set_setting("scheduler", "fsrs")
    assert schedule_rows(col) == first


def test_answers_under_fsrs_keep_sm2_up_to_date(col: Collection, clock: Clock) -> None:
    """Back on SM-2 after studying under FSRS, every item has the SM-2 state a replay
    of its scheduled answers gives."""
    col.set_setting("scheduler", "fsrs")
    _study(col, clock, cards=6, days=25, seed=3)
    col.set_setting("scheduler", "sm2")
    log = [r for r in dump(col)["review"] if r[5] == "review"]
    for row in _rows(col):
        reps, interval, ease, due = 0, 0, 250, None
        for r in (r for r in log if (r[1], r[2]) == (row.card_id, row.ord)):
            reps, interval, ease = sm2_h(reps, interval, ease, r[4])
            due = study_day(r[3], UTC_ZONE, 4) + timedelta(days=interval)
        assert (row.repetitions, row.interval, row.easiness, row.due) == (reps, interval,
                                                                         ease, due)


def test_one_deck_can_use_fsrs_alone(col: Collection, clock: Clock) -> None:
    _study(col, clock, cards=6, days=15, seed=4)
    before = {(r.card_id, r.ord): r for r in _rows(col)}
    report = col.schedulers.set_scheduler("fsrs", "d1")
    assert report.decks == ("d1",) and report.answers > 0
    for row in _rows(col):
        deck = col.get_card(row.card_id).deck
        if deck == "d0":
            assert row.due == before[(row.card_id, row.ord)].due
        else:
            assert row.due == row.fsrs_due
    assert col.schedulers.deck_scheduler("d1") == "fsrs"
    assert col.schedulers.deck_scheduler("d0") == "sm2"
    col.schedulers.set_scheduler("default", "d1")
    assert [r.due for r in _rows(col)] == [before[(r.card_id, r.ord)].due for r in _rows(col)]


def test_moving_a_card_to_an_fsrs_deck_gives_it_fsrs_due_days(col: Collection,
                                                              clock: Clock) -> None:
    _study(col, clock, cards=4, days=12, seed=5)
    col.schedulers.set_scheduler("fsrs", "d1")
    card = next(c for c in col.find_cards() if c.card.deck == "d0").card
    col.edit_card(card.id, deck="d1")
    item = col.item(card.id)
    assert item.memory is not None and item.due == item.fsrs_due
    col.edit_card(card.id, deck="d0")
    item = col.item(card.id)
    assert item.due == item.state.due


def test_a_new_retention_replays_fsrs_decks(col: Collection, clock: Clock) -> None:
    col.set_setting("scheduler", "fsrs")
    card = col.add_card(front="q", back="a")
    answer_at(col, clock, card.id, 4, FIXED_NOW)
    answer_at(col, clock, card.id, 4, FIXED_NOW + timedelta(days=4))
    long = col.item(card.id).due
    col.set_setting("desired_retention", "0.97")
    assert col.item(card.id).due < long  # type: ignore[operator]
    col.set_setting("maximum_interval", "2")
    assert col.item(card.id).due == (FIXED_NOW + timedelta(days=6)).date()


# ------------------------------------------------------------------------ undo
def test_undo_under_fsrs_restores_both_states(col: Collection, clock: Clock) -> None:
    col.set_setting("scheduler", "fsrs")
    card = col.add_card(front="q", back="a")
    answer_at(col, clock, card.id, 4, FIXED_NOW)
    answer_at(col, clock, card.id, 3, FIXED_NOW + timedelta(days=3))
    before = schedule_rows(col)
    answer_at(col, clock, card.id, 1, FIXED_NOW + timedelta(days=9))
    assert schedule_rows(col) != before
    result = col.undo()
    assert schedule_rows(col) == before
    assert result.due == col.item(card.id).due
    col.undo()
    col.undo()
    item = col.item(card.id)
    assert item.memory is None and item.due is None and item.state.due is None


def test_fsrs_preview_is_what_each_grade_gives(col: Collection, clock: Clock) -> None:
    col.set_setting("scheduler", "fsrs")
    card = col.add_card(front="q", back="a")
    answer_at(col, clock, card.id, 4, FIXED_NOW)
    clock.moment = FIXED_NOW + timedelta(days=3)
    preview = col.preview(card.id)
    for grade in range(6):
        _card, interval = py_fsrs([(FIXED_NOW, 4), (clock.moment, grade)])
        assert preview[grade] == interval
    assert preview[0] == preview[1] == preview[2] < preview[3] < preview[4] < preview[5]


# ------------------------------------------------------------------------- CLI
@pytest.fixture
def studied(cli: Callable[..., CliResult], db_path: Path) -> Iterator[Callable[..., CliResult]]:
    assert cli("add", "--front", "q", "--back", "a", "--deck", "lang").code == 0
    yield cli


def test_config_scheduler_cli(studied: Callable[..., CliResult]) -> None:
    cli = studied
    result = cli("config", "scheduler", "fsrs", "--deck", "lang")
    assert result.code == 0 and "lang: scheduler = fsrs" in result.out
    assert "FSRS schedules computed from 0 answers for 1 items" in result.err
    assert "lang: scheduler = fsrs (this deck)" in cli("config", "--deck", "lang").out
    assert "scheduler = sm2" in cli("config", "scheduler").out
    result = cli("config", "scheduler", "default", "--deck", "lang")
    assert result.code == 0 and "SM-2" in result.err


@pytest.mark.parametrize(("args", "code", "message"), [
    (("config", "scheduler", "sm3"), 4, "scheduler must be one of sm2, fsrs, not 'sm3'"),
    (("config", "scheduler", "fsrs", "--deck", "nope"), 3, "no deck named 'nope'"),
    (("config", "desired_retention", "1.2"), 4, "desired_retention must be a number 0.7..0.99"),
    (("config", "desired_retention", "nan"), 4, "desired_retention must be a number"),
    (("config", "maximum_interval", "0"), 4, "maximum_interval must be a whole number 1..36,500"),
    (("config", "desired_retention", "0.9", "--deck", "lang"), 4, "can be set per deck"),
])
def test_bad_scheduler_settings_are_one_line_and_change_nothing(
        studied: Callable[..., CliResult], db_path: Path, args: tuple[str, ...], code: int,
        message: str) -> None:
    from tests.conftest import file_digest

    before = file_digest(db_path)
    result = studied(*args)
    assert result.code == code
    assert result.err.count("\n") == 1 and message in result.err
    assert "Traceback" not in result.err
    assert file_digest(db_path) == before


def test_show_and_answer_speak_fsrs_for_an_fsrs_deck(studied: Callable[..., CliResult]) -> None:
    cli = studied
    cli("config", "scheduler", "fsrs", "--deck", "lang")
    card_id = cli("list").out.split()[0]
    answered = cli("answer", card_id, "4")
    assert answered.code == 0
    shown = cli("show", card_id)
    assert "scheduler: FSRS" in shown.out
    assert "FSRS: stability 2.31 d, difficulty 2.12" in shown.out
    import json

    from tests.json_schemas import CARD_DETAIL
    detail = json.loads(cli("show", card_id, "--json").out)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(detail, CARD_DETAIL)
    item = detail["items"][0]
    assert item["scheduler"] == "fsrs" and item["fsrs"]["stability"] == pytest.approx(2.3065)
    assert item["due"] in answered.out


def test_a_v5_collection_migrates_with_sm2_due_kept(tmp_path: Path) -> None:
    """The v7 step copies each item's due day into sm2_due: nothing moves."""
    import sqlite3

    from cards.store import migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for version, script in enumerate(migrations.MIGRATIONS[:5], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
    now = "2026-01-01 00:00:00.000000"
    conn.execute("INSERT INTO deck (id, name, created_at) VALUES (1, 'd', ?)", (now,))
    conn.execute("INSERT INTO card (id, deck_id, seq, type, front, back, created_at, "
                 "modified_at) VALUES ('c', 1, 1, 'basic', 'q', 'a', ?, ?)", (now, now))
    conn.execute("INSERT INTO schedule (card_id, ord, repetitions, interval, due) "
                 "VALUES ('c', 0, 2, 6, '2026-01-09')")
    conn.commit()
    conn.close()
    with Collection.open(path) as col:
        item = col.item("c")
        assert item.due == item.state.due == datetime(2026, 1, 9, tzinfo=UTC).date()
        assert item.memory is None
        assert col.store.backups


def test_switch_answer_and_undo_on_both_engines(any_col: Collection, clock: Clock) -> None:
    """The replay's queries are the store's, on SQLite and PostgreSQL alike."""
    col = any_col
    card = col.add_card(front="q", back="a")
    history = [(FIXED_NOW, 4), (FIXED_NOW + timedelta(days=2), 3),
               (FIXED_NOW + timedelta(days=9), 5)]
    for moment, grade in history:
        answer_at(col, clock, card.id, grade, moment)
    sm2 = col.item(card.id)
    col.set_setting("scheduler", "fsrs")
    expected, interval = py_fsrs(history)
    item = col.item(card.id)
    assert item.memory is not None
    assert (item.memory.stability, item.memory.difficulty) == (expected.stability,
                                                               expected.difficulty)
    assert item.due == history[-1][0].date() + timedelta(days=interval)
    answer_at(col, clock, card.id, 1, FIXED_NOW + timedelta(days=40))
    undone = col.undo()
    assert col.item(card.id) == item and undone.due == item.due
    col.set_setting("scheduler", "sm2")
    back = col.item(card.id)
    assert (back.state, back.due) == (sm2.state, sm2.state.due)
