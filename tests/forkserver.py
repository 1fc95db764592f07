"""`python -m cards` for the tests, started by forking a warm interpreter.

Why: the suite runs the real command line a few hundred times, and each start of
`python -m cards` spends most of its CPU importing (the interpreter, click, SQLAlchemy,
the readers) before the command does anything: about half the suite's CPU time on a
two-core CI machine. This module keeps one server process per test worker that has
imported all of that once; each command is a fork of it that then runs exactly what
`python -m cards` runs (`runpy` of the `cards` package as `__main__`), with the
command's own argv, environment, working directory and standard streams (real file
descriptors, passed over a UNIX socket), and exits with the code the real process
would. Nothing is simulated: it is the real entry point in a separate process whose
writes the test reads byte for byte.

`python` (`python SCRIPT ARGS` or `python -c CODE ARGS`) starts the tests' own helper
programs the same way, as a process the test can read from line by line and kill
(`Process`): a child that answers until it is sent SIGKILL, a driver that runs several
commands through `cards.cli.main`.

What a fork cannot reproduce goes to a real `python -m cards` instead (`run` decides):
an environment that changes how the interpreter starts (`PYTHON*`, the locale), and
tests that ask for it (`real=True`), such as those that check which modules a command
imports. `CARDS_TEST_FORK=0` turns the server off for a whole run.

The server (`serve`) is single-threaded: per request it forks a watcher, which forks
the command and reports its pid and then its exit status on the request's socket, so
requests from one worker never wait for each other.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

#: Variables that change the interpreter's own start (encoding, flags, paths): a
#: request that sets them differently from the server's gets a real process.
_STARTUP_PREFIXES = ("PYTHON", "LC_", "LANG")
#: Modules the server imports before it serves: what the commands load on demand.
_WARM = ("cards.cli", "cards.cli.common", "cards.cli.cards_cmds", "cards.cli.io_cmds",
         "cards.cli.review_cmds", "cards.cli.config_cmds", "cards.cli.draft",
         "cards.cli.draft_progress", "cards.cli.safety_cmds", "cards.cli.copy_cmd",
         "cards.cli.fsrs_cmds", "cards.cli.anki_cmds", "cards.collection", "cards.store",
         "cards.store.engine", "sqlalchemy", "sqlmodel", "cards.corpus", "cards.extract",
         "cards.decks", "cards.anki", "genanki", "psycopg", "fsrs")


def _startup_env(env: dict[str, str], src: str) -> dict[str, str]:
    """The variables of `env` that shape the interpreter's start, with the checkout's
    own `src` folder left out of PYTHONPATH (it is where `cards` comes from either way)."""
    picked = {k: v for k, v in env.items() if k.startswith(_STARTUP_PREFIXES)}
    path = [p for p in picked.get("PYTHONPATH", "").split(os.pathsep) if p and p != src]
    picked["PYTHONPATH"] = os.pathsep.join(path)
    picked.pop("PYTHONDONTWRITEBYTECODE", None)
    return picked


class ForkServer:
    """One worker's server: started on first use, stopped when the worker exits."""

    def __init__(self, env: dict[str, str], src: str) -> None:
        self.env, self.src = env, src
        self.folder = Path(tempfile.mkdtemp(prefix="cards-fork-"))
        self.path = str(self.folder / "sock")
        self.proc: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        with self.lock:
            if self.proc is not None and self.proc.poll() is None:
                return
            with open(self.folder / "server.log", "ab") as log:
                self.proc = subprocess.Popen(
                    [sys.executable, __file__, self.path], env=self.env,
                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)
            assert self.proc.stdout is not None
            if self.proc.stdout.readline().strip() != b"ready":
                raise RuntimeError(f"the fork server did not start: see {self.folder}")
            atexit.register(self.stop)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def takes(self, env: dict[str, str]) -> bool:
        return _startup_env(env, self.src) == _startup_env(self.env, self.src)

    def send(self, sock: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
        """Connect `sock` to the server and hand it a request and the command's standard
        streams (`fds`: stdin, stdout, stderr)."""
        self.start()
        sock.connect(self.path)
        socket.send_fds(sock, [json.dumps(request).encode() + b"\n"], fds)

    def run(self, args: list[str], env: dict[str, str], cwd: str, stdin: bytes | None,
            timeout: float) -> tuple[int, bytes, bytes]:
        with _stream(stdin) as fin, tempfile.TemporaryFile() as out, \
                tempfile.TemporaryFile() as err, socket.socket(socket.AF_UNIX) as sock:
            self.send(sock, {"args": args, "env": env, "cwd": cwd},
                      [fin.fileno(), out.fileno(), err.fileno()])
            reply = sock.makefile("rb")
            pid = int(reply.readline())
            sock.settimeout(timeout)
            try:
                line = reply.readline()
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(["cards", *args], timeout) from None
            out.seek(0)
            err.seek(0)
            return int(line), out.read(), err.read()


def _stream(data: bytes | None) -> IO[bytes]:
    """Standard input for a command: the bytes given, or nothing (/dev/null)."""
    if data is None:
        return open(os.devnull, "rb")  # the caller's `with` closes it
    stream = tempfile.TemporaryFile()  # noqa: SIM115 (likewise)
    stream.write(data)
    stream.seek(0)
    return stream


_SERVER: ForkServer | None = None
#: `args[0]` of a command that ran in a fork (a real start has `sys.executable`).
FORKED = "<fork of a warm interpreter>"
#: The environment as the run began, before any test changed it: the server's own.
_BASE_ENV = {k: v for k, v in os.environ.items() if k != "CARDS_DB"}


def _server(src: str) -> ForkServer | None:
    global _SERVER
    if os.environ.get("CARDS_TEST_FORK", "1") == "0" or not hasattr(os, "fork"):
        return None
    if _SERVER is None:
        base = dict(_BASE_ENV)
        base["PYTHONPATH"] = src + os.pathsep + base.get("PYTHONPATH", "")
        _SERVER = ForkServer(base, src)
    return _SERVER


def run(args: list[str], *, env: dict[str, str], src: str, cwd: str | Path | None = None,
        stdin: bytes | None = b"", timeout: float = 60,
        real: bool = False) -> subprocess.CompletedProcess[bytes]:
    """`python -m cards *args` with `env` and `cwd`, its output captured as bytes: a fork
    of the warm server when it can stand for the real start, else the real start."""
    where = os.fspath(cwd) if cwd is not None else os.getcwd()
    server = None if real else _server(src)
    if server is not None and server.takes(env):
        code, out, err = server.run(args, env, where, stdin, timeout)
        return subprocess.CompletedProcess([FORKED, "-m", "cards", *args], code, out, err)
    return subprocess.run([sys.executable, "-m", "cards", *args], input=stdin,
                          capture_output=True, env=env, cwd=where, timeout=timeout,
                          check=False)


def run_text(args: list[str], *, env: dict[str, str], src: str,
             cwd: str | Path | None = None, stdin: bytes | None = b"", timeout: float = 60,
             real: bool = False) -> subprocess.CompletedProcess[str]:
    """`run`, its output decoded as `subprocess.run(..., text=True)` decodes it."""
    done = run(args, env=env, src=src, cwd=cwd, stdin=stdin, timeout=timeout, real=real)
    return subprocess.CompletedProcess(done.args, done.returncode, _text(done.stdout),
                                       _text(done.stderr))


def _text(data: bytes) -> str:
    import locale

    encoding = locale.getpreferredencoding(False)
    return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


class Process:
    """`python PROGRAM ARGS` in a fork of the warm server: the part of `subprocess.Popen`
    the tests use (`pid`, `stdout` and `stderr` pipes, `poll`, `wait`, `communicate`,
    `send_signal`, `kill`), standard input /dev/null. `program` is `{"script": path}` or
    `{"code": text}` (`python -c`)."""

    def __init__(self, server: ForkServer, program: dict[str, str], args: list[str],
                 env: dict[str, str], cwd: str, text: bool) -> None:
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self._sock = socket.socket(socket.AF_UNIX)
        try:
            with open(os.devnull, "rb") as fin:
                server.send(self._sock, {"args": args, "env": env, "cwd": cwd,
                                         "program": program}, [fin.fileno(), out_w, err_w])
        except BaseException:
            for fd in (out_r, err_r):
                os.close(fd)
            self._sock.close()
            raise
        finally:  # the command holds the write ends: the pipes end when it does
            os.close(out_w)
            os.close(err_w)
        self.args = [FORKED, *(["-c", "..."] if "code" in program else [program["script"]]),
                     *args]
        self._reply = self._sock.makefile("rb")
        self.pid = int(self._reply.readline())
        self.returncode: int | None = None
        mode = "r" if text else "rb"
        self.stdout: IO[Any] = open(out_r, mode)  # noqa: SIM115 (closed by communicate)
        self.stderr: IO[Any] = open(err_r, mode)  # noqa: SIM115 (likewise)

    def poll(self) -> int | None:
        if self.returncode is None:
            import select

            if select.select([self._sock], [], [], 0)[0]:
                return self.wait()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._sock.settimeout(timeout)
            try:
                line = self._reply.readline()
            except TimeoutError:
                raise subprocess.TimeoutExpired(self.args, timeout or 0) from None
            self.returncode = int(line)
            self._reply.close()
            self._sock.close()
        return self.returncode

    def communicate(self, timeout: float | None = None) -> tuple[Any, Any]:
        """Everything left on stdout and stderr (read to their end), once it has exited."""
        got: dict[int, Any] = {}

        def drain(n: int, stream: IO[Any]) -> None:
            got[n] = stream.read()
            stream.close()

        readers = [threading.Thread(target=drain, args=(n, stream), daemon=True)
                   for n, stream in enumerate((self.stdout, self.stderr)) if not stream.closed]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout)
            if reader.is_alive():
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
        self.wait(timeout)
        return got.get(0), got.get(1)

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def python(argv: list[str], *, env: dict[str, str], src: str, cwd: str | Path | None = None,
           text: bool = True) -> Process | subprocess.Popen[Any]:
    """`python *argv` (`SCRIPT ARGS...` or `-c CODE ARGS...`) with `env` and `cwd`, its
    stdout and stderr pipes, stdin /dev/null: a fork of the warm server when it can stand
    for the real start (see `run`), else the real start."""
    where = os.fspath(cwd) if cwd is not None else os.getcwd()
    server = _server(src)
    if server is not None and server.takes(env):
        if argv[0] == "-c":
            return Process(server, {"code": argv[1]}, argv[2:], env, where, text)
        return Process(server, {"script": os.path.abspath(os.path.join(where, argv[0]))},
                       argv[1:], env, where, text)
    return subprocess.Popen([sys.executable, *argv], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=where, text=text)


# --- the server side ---------------------------------------------------------------


def _command(args: list[str], env: dict[str, str], cwd: str,
             program: dict[str, str] | None = None) -> int:
    """In the forked child: become `python -m cards *args` (or, with `program`, `python
    SCRIPT *args` or `python -c CODE *args`) and run it; its exit code."""
    import random
    import runpy

    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    random.seed()
    sys.argv = ["-m", *args]
    try:
        if program is None:
            runpy.run_module("cards", run_name="__main__", alter_sys=True)
        elif "script" in program:  # as `python SCRIPT`: its folder first on the path
            sys.argv = [program["script"], *args]
            sys.path[0] = os.path.dirname(program["script"])
            runpy.run_path(program["script"], run_name="__main__")
        else:  # as `python -c CODE`: the current folder first on the path
            import types

            sys.argv = ["-c", *args]
            sys.path[0] = ""
            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            exec(compile(program["code"], "<string>", "exec"), main.__dict__)
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    except BaseException:  # printed as the interpreter prints an uncaught exception
        import traceback

        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    _shutdown()
    return code


def _shutdown() -> None:
    """What the interpreter does at exit: wait for threads, run atexit, flush."""
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def _watch(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the watcher: fork the command, report its pid, wait, report its status."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    pid = os.fork()
    if pid == 0:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(3, 4096)
        os._exit(_command(request["args"], request["env"], request["cwd"],
                          request.get("program")))
    for fd in fds:
        os.close(fd)
    conn.sendall(f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise EOFError("request cut short")
        data += more
    return json.loads(data), list(fds)


def _warm_drafter() -> None:
    """Draft the repository's seeds once, in memory: the drafter compiles its regular
    expressions (several hundred, some made from the text's own terms) on first use, and
    every forked `cards draft` would spend that again (about 0.4 s of its 1 s)."""
    from cards.corpus import CorpusStream
    from cards.extract import draft

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    if seeds.is_dir():
        draft(CorpusStream(seeds, "seeds", warn=lambda _message: None), deck="seeds")


def serve(path: str) -> None:
    """Import the commands' modules and warm the drafter, then fork a watcher per
    connection, forever."""
    import importlib

    for name in _WARM:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    _warm_drafter()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # watchers are reaped by the kernel
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(path)
        listener.listen(64)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            conn, _ = listener.accept()
            request, fds = _receive(conn)
            if os.fork() == 0:
                listener.close()
                try:
                    _watch(conn, request, fds)
                finally:
                    os._exit(0)
            conn.close()
            for fd in fds:
                os.close(fd)


if __name__ == "__main__":
    serve(sys.argv[1])
