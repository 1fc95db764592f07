"""Commands that only read start without importing the ORM (issue 11, item 5).

Importing SQLAlchemy and SQLModel cost a read-only command most of its run, so on a
collection file they read through the `sqlite3` driver alone (`store.tx`). No timing
here: one process runs each read-only command through the real entry point and says,
after each, whether SQLAlchemy has been imported; each command's output is checked
too, so a command that failed early cannot pass by importing nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cards.collection import Collection
from cli_run import env
from tests.conftest import Clock

DRIVER = r"""
import contextlib, io, json, sys
from cards.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = int(main(argv) or 0)
        except SystemExit as exc:
            code = int(exc.code or 0)
    loaded = sorted(m for m in ("sqlalchemy", "sqlmodel", "sqlalchemy.orm") if m in sys.modules)
    results.append([argv, code, out.getvalue(), err.getvalue(), loaded])
print(json.dumps(results))
"""


def _collection(path: Path, clock: Clock) -> str:
    """A collection with a studied card, a cloze card, a suspended one and a deleted
    one, in two decks; the id of the studied card."""
    with Collection.open(path, now=clock) as col:
        col.set_setting("timezone", "UTC")
        studied = col.add_card(deck="lang::french", front="chat", back="cat", tags=["animal"])
        col.add_card(deck="lang", text="The {{c1::sun}} is a {{c2::star}}.")
        suspended = col.add_card(deck="lang", front="chien", back="dog")
        deleted = col.add_card(deck="lang", front="gone", back="away")
        col.answer(studied.id, 4)
        col.suspend(suspended.id)
        col.delete(deleted.id)
    return studied.id


def test_read_only_commands_never_import_the_orm(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "collection.db"
    card = _collection(db, clock)
    commands = [
        ["due"], ["due", "--json"], ["due", "--deck", "lang"],
        ["list"], ["list", "--json"], ["list", "--search", "is:review tag:animal or sun"],
        ["list", "--deck", "lang", "--sort", "due"],
        ["show", card], ["show", "--json", card],
        ["stats"], ["stats", "--json"],
        ["export", "toml", str(tmp_path / "out"), "--deck", "lang::french"],
        ["export", "anki", str(tmp_path / "out.apkg")],
        ["export", "anki", "--with-scheduling", str(tmp_path / "sched.apkg")],
        ["trash"], ["config"], ["check", "--no-repair"], ["compare-schedulers"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps([["--db", str(db), *c] for c in commands])],
        capture_output=True, env=env(), timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    results = json.loads(done.stdout)
    for argv, code, _out, err, loaded in results:
        assert code == 0, (argv, err)
        assert loaded == [], f"{' '.join(argv[2:])} imported {', '.join(loaded)}"
    shown = {" ".join(argv[2:]): out for argv, _code, out, _err, _loaded in results}
    assert "chat" in shown["due"] or "sun" in shown["due"]
    shown_card = json.loads(shown[f"show --json {card}"])
    assert shown_card["front"] == "chat" and len(shown_card["reviews"]) == 1
    assert "review 1" in shown["stats"]
    assert "chat" in shown["list --search is:review tag:animal or sun"]
    assert "gone" in shown["trash"]
    assert (tmp_path / "out.apkg").stat().st_size > 0
    assert (tmp_path / "sched.apkg").stat().st_size > 0
