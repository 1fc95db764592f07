"""The forked `python -m cards` of the tests (`tests/forkserver.py`) stands for the real
start: the same commands, run both ways on equal collections, give the same exit codes,
the same bytes on stdout and stderr, and the same collections."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import forkserver
from cli_run import SRC, env
from conftest import table_dump

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or os.environ.get("CARDS_TEST_FORK") == "0",
    reason="no fork server on this platform or in this run")

#: Commands that read, write, refuse, take input, and print markup and controls.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("import", "deck.toml"),
    ("edit", "g1", "--back", "Là-bas <b>est</b> \\ [x] la gare"),
    ("list",),
    ("answer", "g1", "4"),
    ("answer", "no-such-card", "4"),
    ("answer", "g1", "99999999999999999999"),
    ("edit", "g1", "--front", "tab\there\x1b[31m red"),
    ("show", "g1"),
    ("due", "--json"),
    ("delete", "m1"),
    ("undelete", "m1"),
    ("import", "missing.toml"),
    ("stats", "--json"),
    ("config", "new_per_day", "-5"),
    ("frobnicate",),
)


DECK = """[deck]
name = "d"

[[cards]]
id = "g1"
front = "Capital of France?"
back = "Paris"

[[cards]]
id = "m1"
type = "cloze"
text = "The {{c1::mitochondrion}} makes {{c2::ATP}}."
"""


def _run_all(db: Path, real: bool) -> list[tuple[int, bytes, bytes]]:
    """Every command of `COMMANDS` on `db`, forked or started for real."""
    (db.parent / "deck.toml").write_text(DECK, "utf-8")
    results = []
    for command in COMMANDS:
        done = forkserver.run(["--db", str(db), *command], env=env(), src=SRC,
                              cwd=db.parent, stdin=b"y\n", real=real)
        assert (done.args[0] == forkserver.FORKED) is not real
        results.append((done.returncode, _clock_blanked(done.stdout.replace(str(db).encode(),
                                                                           b"DB")),
                        done.stderr.replace(str(db).encode(), b"DB")))
    return results


def _clock_blanked(out: bytes) -> bytes:
    """The output with the review log's clock times blanked ("2026-12-03 11:47"): the two
    runs may fall either side of a minute."""
    import re

    return re.sub(rb"\b(\d{4}-\d\d-\d\d) \d\d:\d\d\b", rb"\1 HH:MM", out)


def _same_times(db: Path) -> list[str]:
    """The collection's dump with the times of the run blanked (the two runs are
    seconds apart) and its own folder named alike."""
    import re

    return [re.sub(r"'\d{4}-\d\d-\d\d[ T][\d:.]+(\+00:00)?'", "'T'", line).replace(
        str(db.parent), "DIR") for line in table_dump(db)]


def test_a_forked_command_does_what_the_real_start_does(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "fork").mkdir()
    real_db, fork_db = tmp_path / "real" / "c.db", tmp_path / "fork" / "c.db"
    real = _run_all(real_db, real=True)
    forked = _run_all(fork_db, real=False)
    assert [code for code, _, _ in real] == [code for code, _, _ in forked]
    assert {code for code, _, _ in real} != {0}  # refusals are among them
    assert real == forked
    assert _same_times(real_db) == _same_times(fork_db)


def test_a_fork_takes_the_requests_environment_and_folder(tmp_path: Path) -> None:
    """CARDS_DB from the request's environment, a relative path from its folder."""
    (tmp_path / "deck.toml").write_text(
        '[deck]\nname = "d"\n\n[[cards]]\nid = "a"\nfront = "f"\nback = "b"\n', "utf-8")
    db = tmp_path / "env.db"
    done = forkserver.run(["import", "deck.toml"], env=env(CARDS_DB=str(db)), src=SRC,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.args[0] == forkserver.FORKED
    assert db.exists() and any("'a'" in line for line in table_dump(db))


def test_an_environment_that_changes_the_interpreter_gets_a_real_start(
        tmp_path: Path) -> None:
    server = forkserver.ForkServer(env(), SRC)
    assert server.takes(env(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path)))
    assert not server.takes(env(PYTHONIOENCODING="latin-1"))
    assert not server.takes(env(LC_ALL="C"))
    done = forkserver.run(["--version"], env=env(PYTHONIOENCODING="ascii"), src=SRC)
    assert done.returncode == 0 and done.args[0] == sys.executable
    assert forkserver.run(["--version"], env=env(), src=SRC).args[0] == forkserver.FORKED


PROGRAM = """
import os, sys, time
sys.stderr.write("to stderr\\n")
print(repr(sys.argv[1:]), os.getcwd(), sys.path[0] or "''", __name__, flush=True)
if sys.argv[1:] == ["wait"]:
    time.sleep(600)
raise SystemExit(3)
"""


def test_a_forked_program_does_what_the_real_start_does(tmp_path: Path) -> None:
    """`python SCRIPT ARGS` and `python -c CODE ARGS` (`forkserver.python`): the same
    arguments, folder, first path entry, module name, output and exit code as a real
    start; a killed one reports the signal as `subprocess.Popen` does."""
    import signal
    import subprocess

    script = tmp_path / "program.py"
    script.write_text(PROGRAM, "utf-8")
    (tmp_path / "cwd").mkdir()
    for argv in (["program.py", "a", "b c"], ["-c", PROGRAM, "x"]):
        real = subprocess.run([sys.executable, *argv], cwd=tmp_path, env=env(),
                              capture_output=True, text=True, check=False)
        forked = forkserver.python(argv, env=env(), src=SRC, cwd=tmp_path)
        assert isinstance(forked, forkserver.Process)
        assert forked.communicate(timeout=30) == (real.stdout, real.stderr)
        assert forked.returncode == real.returncode == 3
    waiting = forkserver.python([str(script), "wait"], env=env(), src=SRC,
                                cwd=tmp_path / "cwd")
    assert waiting.stdout is not None
    assert waiting.stdout.readline() == f"['wait'] {tmp_path / 'cwd'} {tmp_path} __main__\n"
    assert waiting.poll() is None
    waiting.kill()
    assert waiting.wait(timeout=30) == -signal.SIGKILL
    assert waiting.communicate(timeout=30) == ("", "to stderr\n")


NOTES = """# Optimisation

Gradient descent is an iterative method that moves against the gradient of a function.
A learning rate is the size of each step that gradient descent takes. The learning rate
is often written as eta.

Momentum (also called the heavy-ball method) adds a fraction of the previous step to
the current one, so that steps in a consistent direction grow.
"""


def test_a_forked_draft_writes_what_the_real_start_writes(tmp_path: Path) -> None:
    """The fork server has drafted the seeds once (its drafter's patterns compiled): a
    forked `cards draft`, of the seeds and of other notes, writes the same deck, record
    and messages as a real start."""
    import re

    root = Path(SRC).parent
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "optimisation.md").write_text(NOTES, "utf-8")
    for corpus, cwd in ((str(root / "seeds"), root), ("notes", tmp_path)):
        outputs = []
        for way in ("real", "fork"):
            out = tmp_path / way / Path(corpus).name / "deck.toml"
            done = forkserver.run(["draft", corpus, "-o", str(out)], env=env(), src=SRC,
                                  cwd=cwd, real=way == "real")
            assert (done.args[0] == forkserver.FORKED) is (way == "fork")
            shown = re.sub(rb"in \d+\.\d\d s", b"in T s", done.stdout).replace(
                str(out).encode(), b"OUT")
            files = sorted((p.name, p.read_bytes()) for p in out.parent.iterdir())
            outputs.append((done.returncode, shown, done.stderr, files))
        assert outputs[0] == outputs[1], corpus
        assert outputs[0][0] == 0 and outputs[0][3], corpus
