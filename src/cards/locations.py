"""Where cards keeps things: the default collection and the bundled deck.

Also the one rule for where a card's source file may be: inside its corpus folder
(`source_path_problem`, `safe_source_path`), used on import and again on display.

The collection lives in the user's data folder (XDG on Linux, via platformdirs)
unless --db or $CARDS_DB says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

APP_NAME = "cards"


def data_dir() -> Path:
    """The per-user data folder (created on first use, not here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "collection.db"


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """--db wins, then $CARDS_DB, then the data folder."""
    if db:
        return Path(db).expanduser()
    env = os.environ.get("CARDS_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


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


def source_path_problem(file: str) -> str | None:
    """Why a card's `[cards.source] file` may not be used, or None if it may.

    A source names a file inside the deck's corpus folder, relative to it. An absolute
    path (``/etc/passwd``, ``C:\\x``) or one that climbs out (``../../etc/shadow``)
    would let a deck show any file on the machine in the source view, so both are
    refused: by the deck reader on import, and by `safe_source_path` on display.
    """
    if (PurePosixPath(file).is_absolute() or PureWindowsPath(file).drive
            or PureWindowsPath(file).is_absolute()):
        return f"source file {file!r} is an absolute path; give it relative to the corpus folder"
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
