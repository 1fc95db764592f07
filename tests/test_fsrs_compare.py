"""`cards compare-schedulers` on the benchmark generator's history, checked against a
direct computation on the same log; and `cards fsrs optimize` without its extra."""

from __future__ import annotations

import importlib.util
import json
import math
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler

from tests.conftest import CliResult

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
NOW = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
RATING = [Rating.Again] * 3 + [Rating.Hard, Rating.Good, Rating.Easy]


def _generator() -> Any:
    """benchmarks/generate.py, the benchmarks' own collection builder."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCHMARKS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generate = _generator()
    path = tmp_path_factory.mktemp("gen") / "generated.db"
    return Path(generate.build_collection(generate.Scale(cards=300, reviews=4000), path, NOW))


def _log(path: Path, deck: str | None) -> dict[tuple[str, int], list[tuple[datetime, int]]]:
    """Each item's scheduled (and imported) answers, oldest first, straight from SQLite."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT r.card_id, r.ord, r.reviewed_at, r.grade FROM review r "
            "JOIN card c ON c.id = r.card_id JOIN deck d ON d.id = c.deck_id "
            "WHERE r.kind IN ('review', 'imported') AND (? IS NULL OR d.name = ?) "
            "ORDER BY r.card_id, r.ord, r.reviewed_at, r.id", (deck, deck)).fetchall()
    finally:
        conn.close()
    items: dict[tuple[str, int], list[tuple[datetime, int]]] = {}
    for card_id, ord_, at, grade in rows:
        moment = datetime.fromisoformat(at).replace(tzinfo=UTC)
        items.setdefault((card_id, ord_), []).append((moment, grade))
    return items


def _sm2_interval(history: list[int]) -> int:
    reps, interval, ease = 0, 0, 2.5
    for q in history:
        if q >= 3:
            reps += 1
            interval = 1 if reps == 1 else 6 if reps == 2 else math.ceil(round(interval * ease, 6))
        else:
            reps, interval = 0, 1
        ease = max(1.3, round(ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02), 2))
    return min(interval, 36_500)


def _direct(items: dict[tuple[str, int], list[tuple[datetime, int]]]) -> dict[str, Any]:
    """Predictions, log loss and RMSE (bins) computed here, from the formulas."""
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    rows: list[tuple[float, float, int, int, int, int]] = []  # sm2, fsrs, y, t, i, lapses
    for history in items.values():
        card = Card(card_id=1)
        lapses = 0
        for i, (at, grade) in enumerate(history):
            if i:
                t = (at - history[i - 1][0]).days
                interval = _sm2_interval([g for _at, g in history[:i]])
                rows.append((0.9 ** (t / interval), scheduler.get_card_retrievability(card, at),
                             int(grade >= 3), t, i + 1, lapses))
                lapses += grade < 3 and t > 0
            card, _ = scheduler.review_card(card, RATING[grade], at)

    def loss(k: int) -> float:
        eps = 1e-6
        return sum(-math.log(min(max(r[k], eps), 1 - eps)) if r[2]
                   else -math.log(1 - min(max(r[k], eps), 1 - eps)) for r in rows) / len(rows)

    def binned(k: int) -> float:
        groups: dict[tuple[float, float, float], list[tuple[int, float]]] = {}
        for r in rows:
            t = round(2.48 * 3.62 ** math.floor(math.log(max(r[3], 1e-6), 3.62)), 2)
            i = round(1.99 * 1.89 ** math.floor(math.log(r[4], 1.89)))
            lapse = round(1.65 * 1.73 ** math.floor(math.log(r[5], 1.73))) if r[5] else 0
            groups.setdefault((t, i, lapse), []).append((r[2], r[k]))
        total = sum(len(g) for g in groups.values())
        return math.sqrt(sum(len(g) * (sum(y for y, _ in g) / len(g)
                                       - sum(p for _, p in g) / len(g)) ** 2
                             for g in groups.values()) / total)

    return {"reviews": len(rows), "items": len(items),
            "sm2": (loss(0), binned(0)), "fsrs": (loss(1), binned(1))}


@pytest.mark.parametrize("deck", [None, "physics"])
def test_compare_schedulers_matches_a_direct_computation(
        generated: Path, cli: Callable[..., CliResult], deck: str | None) -> None:
    args = ["compare-schedulers", "--json", *(["--deck", deck] if deck else [])]
    result = cli(*args, db=generated)
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    expected = _direct(_log(generated, deck))
    assert shown["reviews"] == expected["reviews"] >= 100 and shown["enough"]
    assert shown["items"] == expected["items"]
    for name in ("sm2", "fsrs"):
        assert shown[name]["log_loss"] == pytest.approx(expected[name][0], rel=1e-9)
        assert shown[name]["rmse_bins"] == pytest.approx(expected[name][1], rel=1e-9)
        assert len(shown[name]["forecast"]) == 30
    text = cli(*args[:1], *args[2:], db=generated).out
    assert f"{expected['sm2'][0]:.4f}" in text and f"{expected['fsrs'][1]:.4f}" in text
    assert "too short" not in text


def test_forecast_counts_the_due_days_of_each_scheduler(generated: Path, tmp_path: Path,
                                                        cli: Callable[..., CliResult]) -> None:
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copyfile(generated, copy)
    shown = json.loads(cli("compare-schedulers", "--json", db=copy).out)
    today = date.fromisoformat(shown["today"])
    conn = sqlite3.connect(copy)
    sm2 = [d for (d,) in conn.execute(
        "SELECT s.sm2_due FROM schedule s JOIN card c ON c.id = s.card_id "
        "WHERE c.status = 'active' AND s.sm2_due IS NOT NULL")]
    conn.close()
    expected = [0] * 30
    for due in sm2:
        offset = max(0, (date.fromisoformat(due) - today).days)
        if offset < 30:
            expected[offset] += 1
    assert shown["sm2"]["forecast"] == expected
    assert cli("config", "scheduler", "fsrs", db=copy).code == 0  # FSRS's own due days
    conn = sqlite3.connect(copy)
    fsrs = [d for (d,) in conn.execute(
        "SELECT s.due FROM schedule s JOIN card c ON c.id = s.card_id "
        "WHERE c.status = 'active' AND s.due IS NOT NULL")]
    conn.close()
    expected = [0] * 30
    for due in fsrs:
        offset = max(0, (date.fromisoformat(due) - today).days)
        if offset < 30:
            expected[offset] += 1
    assert shown["fsrs"]["forecast"] == expected


def test_a_short_log_is_called_too_short(cli: Callable[..., CliResult], clock: Any) -> None:
    assert cli("add", "--front", "q", "--back", "a").code == 0
    result = cli("compare-schedulers")
    assert result.code == 0
    assert "too short to compare the schedulers" in result.out
    card_id = cli("list").out.split()[0]
    cli("answer", card_id, "4")
    result = cli("compare-schedulers")
    assert "too short" in result.out


def test_a_few_answers_are_compared_but_flagged(tmp_path: Path) -> None:
    from cards.collection import Collection

    moment = [NOW]
    with Collection.open(tmp_path / "c.db", now=lambda: moment[0]) as col:
        col.set_setting("timezone", "UTC")
        card = col.add_card(front="q", back="a")
        for days, grade in ((0, 4), (2, 4), (9, 2)):
            moment[0] = NOW + timedelta(days=days)
            col.answer(card.id, grade, kind="review")
        comparison = col.schedulers.compare()
    assert comparison.reviews == 2 and not comparison.enough
    from cards.cli.fsrs_cmds import comparison_lines

    assert any("too short for these figures to mean much" in line
               for line in comparison_lines(comparison))


def test_optimize_without_the_extra_says_how_to_install_it(
        cli: Callable[..., CliResult], db_path: Path) -> None:
    pytest.importorskip("fsrs")
    if importlib.util.find_spec("torch") is not None:
        pytest.skip("the optimizer is installed here")
    assert cli("add", "--front", "q", "--back", "a").code == 0
    from tests.conftest import file_digest

    before = file_digest(db_path)
    result = cli("fsrs", "optimize")
    assert result.code == 3
    assert result.err == ("cards: error: fitting FSRS parameters needs the optional FSRS "
                          'optimizer, which is not installed: pip install "fsrs[optimizer]"\n')
    assert file_digest(db_path) == before
