"""Running the real `cards` command in a subprocess, capturing the bytes it writes.

`run_cards` starts `python -m cards` once per command. `run_many` starts one process
that runs several commands through the real entry point (`cards.cli.main`) with file
descriptors 1 and 2 pointed at a fresh file for each, so the test sees exactly the
bytes a terminal would get, in one process for the lot.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cards
import forkserver  # tests/ is on sys.path (pytest puts a conftest's folder there)

SRC = str(Path(cards.__file__).resolve().parents[1])


@dataclass(frozen=True)
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8", "surrogateescape")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8", "surrogateescape")


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "CARDS_DB"}
    base["PYTHONPATH"] = SRC + os.pathsep + base.get("PYTHONPATH", "")
    return base | extra


def run_cards(db: Path | None, *args: str, stdin: bytes | None = b"", cwd: Path | None = None,
              timeout: float = 60, real: bool = False) -> Run:
    """`python -m cards [--db DB] *args` (a fork of a warm interpreter unless `real`:
    see `tests.forkserver`)."""
    argv = (["--db", str(db)] if db is not None else []) + list(args)
    done = forkserver.run(argv, env=env(), src=SRC, cwd=cwd, stdin=stdin, timeout=timeout,
                          real=real)
    return Run(done.returncode, done.stdout, done.stderr)


def run_text(*args: str, environ: dict[str, str] | None = None, cwd: Path | None = None,
             stdin: bytes | None = b"", timeout: float = 120,
             real: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m cards *args`, its output as text (as `subprocess.run(text=True)` gives
    it), with `environ` (default: `env()`), in a fork of a warm interpreter unless `real`."""
    return forkserver.run_text(list(args), env=env() if environ is None else environ,
                               src=SRC, cwd=cwd, stdin=stdin, timeout=timeout, real=real)


_DRIVER = r"""
import json, os, sys, tempfile
from cards.cli import main
commands = json.loads(sys.argv[1])
results = []
for argv in commands:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            try:
                code = int(main(argv) or 0)
            except SystemExit as exc:
                code = int(exc.code or 0)
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os.dup2(saved[0], 1); os.dup2(saved[1], 2)
            os.close(saved[0]); os.close(saved[1])
        out.seek(0); err.seek(0)
        results.append([code, out.read().hex(), err.read().hex()])
print(json.dumps(results))
"""


def run_many(db: Path, *commands: list[str], cwd: Path | None = None) -> list[Run]:
    """Run each command (argv without --db) against `db` in one subprocess (a fork of a
    warm interpreter: see `python`)."""
    argvs = [["--db", str(db), *argv] for argv in commands]
    proc = python("-c", _DRIVER, json.dumps(argvs), cwd=cwd, text=False)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode(errors="replace")
    return [Run(code, bytes.fromhex(o), bytes.fromhex(e)) for code, o, e in json.loads(out)]


def python(*argv: str, cwd: Path | None = None, environ: dict[str, str] | None = None,
           text: bool = True) -> forkserver.Process | subprocess.Popen[Any]:
    """`python *argv` (`SCRIPT ARGS...` or `-c CODE ARGS...`) as a process with stdout and
    stderr pipes, with `environ` (default: `env()`): a fork of a warm interpreter that has
    imported `cards` (see `tests.forkserver`), or a real start where a fork cannot stand
    for one."""
    return forkserver.python(list(argv), env=env() if environ is None else environ, src=SRC,
                             cwd=cwd, text=text)
