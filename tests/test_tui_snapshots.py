"""Snapshots of the key screens at 80x24, on a fixed clock.

Update them after an intended change with `pytest tests/test_tui_snapshots.py
--snapshot-update`, and look at the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.tui.app import CardsApp
from tui_helpers import make_collection

SIZE = (80, 24)


@pytest.fixture
def db(db_path: Path, clock: object) -> Path:
    return make_collection(db_path, clock)


async def settled(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def test_home(snap_compare: object, db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)  # type: ignore[operator]


def test_review_answer_shown(snap_compare: object, db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=SIZE, press=["space"])  # type: ignore[operator]


def test_review_cloze_front(snap_compare: object, db: Path, clock: object) -> None:
    app = CardsApp(db, review=True, now=clock)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=SIZE,  # type: ignore[operator]
                        press=["space", "5"])


def test_drafts_inbox(snap_compare: object, db: Path, clock: object) -> None:
    app = CardsApp(db, now=clock)  # type: ignore[arg-type]

    async def open_drafts(pilot: object) -> None:
        await settled(pilot)
        await pilot.press("d")  # type: ignore[attr-defined]

    assert snap_compare(app, terminal_size=SIZE, run_before=open_drafts)  # type: ignore[operator]
