"""Where cards keeps things: the default collection and the bundled deck.

Also the one rule for where a card's source file may be: inside its corpus folder
(`source_path_problem`, `safe_source_path`), used on import and again on display.

The collection lives in the user's data folder (XDG on Linux, via platformdirs)
unless --db or $CARDS_DB says otherwise.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from cards.errors import StorageIOError, UsageError

APP_NAME = "cards"


def regular_file(path: Path, what: str = "file") -> os.stat_result:
    """`path`'s status if it is a regular file; else one StorageIOError (exit 6).

    Checked with stat, before anything opens the file: opening a FIFO waits for ever
    for a writer, and a device such as /dev/zero never ends. Every user path that
    `cards import` reads (deck files, a folder's decks, an Anki package) comes here.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise StorageIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StorageIOError(f"cannot read {path}: it is a folder; give a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise StorageIOError(f"cannot read {path}: not a regular file (a device, FIFO "
                             f"or socket); give a {what}")
    return info


def data_dir() -> Path:
    """The per-user data folder (created on first use, not here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "collection.db"


#: `scheme://...`: a database URL, not a file path.
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
#: The URL schemes of a collection on a PostgreSQL server.
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def resolve_db(db: str | os.PathLike[str] | None) -> Path | str:
    """--db wins, then $CARDS_DB, then the data folder: a collection file's path, or
    a `postgresql://USER@HOST/DB` URL (returned as it is) for one on a server.

    Any other URL (`sqlite:///...`, `file://...`) is refused: taking it as a path
    would create folders named `sqlite:`.
    """
    chosen = os.fspath(db) if db else os.environ.get("CARDS_DB")
    if not chosen:
        return default_db_path()
    if _URL_RE.match(chosen):
        scheme = chosen.split("://")[0]
        if scheme.lower() in POSTGRES_SCHEMES:
            return chosen
        from cards.textsafe import visible

        raise UsageError(f"--db takes the path of a collection file or a postgresql:// "
                         f"URL; database URLs such as {visible(scheme)}://... are not "
                         "supported")
    return Path(chosen).expanduser()


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """`resolve_db` for code that needs a file: a server URL is refused."""
    chosen = resolve_db(db)
    if isinstance(chosen, str):
        raise UsageError("this needs a collection file, not a postgresql:// URL")
    return chosen


def project_root() -> Path | None:
    """The source checkout this package runs from, if any (editable installs)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").exists() else None


def bundled_deck() -> Path | None:
    """The deck drafted from the bundled seeds corpus, shipped with the package."""
    packaged = Path(__file__).resolve().parent / "data" / "seeds.toml"
    if packaged.exists():
        return packaged
    root = project_root()
    if root is not None and (root / "decks" / "seeds.toml").exists():
        return root / "decks" / "seeds.toml"
    return None


#: Control characters (C0, DEL, C1): no file name a deck cites may hold one, so a
#: source line can always be printed and matched as it is written.
_NAME_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def name_control_problem(name: str) -> str | None:
    """Why a file name cannot be a card's source, if it holds a control character (an
    ESC in a name could rewrite the terminal wherever the name is shown), else None."""
    if _NAME_CONTROL_RE.search(name):
        return "its name holds a control character, which a deck cannot cite; rename it"
    return None


@functools.lru_cache(maxsize=4096)
def source_path_problem(file: str) -> str | None:
    """Why a card's `[cards.source] file` may not be used, or None if it may.

    A source names a file inside the deck's corpus folder, relative to it. An absolute
    path (``/etc/passwd``, ``C:\\x``) or one that climbs out (``../../etc/shadow``)
    would let a deck show any file on the machine in the source view, so both are
    refused: by the deck reader on import, and by `safe_source_path` on display.
    Cached: the cards of a deck cite a few files many times over.
    """
    if (PurePosixPath(file).is_absolute() or PureWindowsPath(file).drive
            or PureWindowsPath(file).is_absolute()):
        return f"source file {file!r} is an absolute path; give it relative to the corpus folder"
    if name_control_problem(file) is not None:
        return f"source file {file!r} holds a control character"
    depth = 0
    for part in PurePosixPath(file.replace("\\", "/")).parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return f"source file {file!r} leaves its corpus folder"
        elif part != ".":
            depth += 1
    return None


def safe_source_path(base: Path, file: str) -> Path | None:
    """The path under `base` (a corpus folder) that a card's source file names, or None
    if it would lead outside `base`: absolute, climbing with ``..``, or through a
    symbolic link that points out. Whether the file exists is left to the caller."""
    if source_path_problem(file) is not None:
        return None
    root = base.resolve()
    candidate = (root / file).resolve()
    return candidate if candidate.is_relative_to(root) else None
