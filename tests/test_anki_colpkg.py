"""A whole-collection package (.colpkg, Anki's "Export collection") imports like the
.apkg of the same collection: the same cards, schedules and review history.

Both are built from one collection with the official `anki` package; `cards import`
recognises each by its content, so the name's extension plays no part.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anki_builders import build_package
from cli_run import run_cards


def _imported(tmp: Path, package: Path, name: str) -> tuple[str, list[dict], int]:
    db = tmp / f"{name}.db"
    run = run_cards(db, "import", str(package))
    assert run.code == 0, run.stderr
    listed = run_cards(db, "list", "--json", "--limit", "1000")
    assert listed.code == 0, listed.stderr
    cards = sorted(json.loads(listed.stdout), key=lambda c: c["id"])
    reviews = sum(len(json.loads(run_cards(db, "show", c["id"], "--json").stdout)["reviews"])
                  for c in cards[:5])
    return run.stdout, cards, reviews


@pytest.mark.early
@pytest.mark.parametrize("legacy", [False, True])
def test_colpkg_imports_as_the_apkg_of_the_same_collection(tmp_path: Path, legacy: bool) -> None:
    built = build_package(tmp_path, legacy=legacy, revlog_rows=60, colpkg=True)
    colpkg = tmp_path / "collection.colpkg"
    assert colpkg.is_file()
    apkg_summary, apkg_cards, apkg_reviews = _imported(tmp_path, built.path, "from-apkg")
    col_summary, col_cards, col_reviews = _imported(tmp_path, colpkg, "from-colpkg")
    assert len(col_cards) == len(apkg_cards) >= 5
    keys = ("id", "deck", "type", "status", "state", "due", "repetitions", "lapses", "front",
            "back", "text", "tags")
    assert [{k: c[k] for k in keys} for c in col_cards] == [
        {k: c[k] for k in keys} for c in apkg_cards]
    assert col_reviews == apkg_reviews
    assert {c["deck"] for c in col_cards} >= {"Lang::French", "Lang::French::Verbs"}

    def counts(summary: str) -> str:  # "4 notes, 5 cards added, ... review rows added, 1 media"
        return summary.splitlines()[0].split(": ", 1)[1].split(" copied to")[0]

    assert "review rows added" in counts(col_summary)
    assert counts(col_summary) == counts(apkg_summary)
