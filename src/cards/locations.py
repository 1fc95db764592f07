"""Where cards keeps things: the default collection and the bundled deck.

The collection lives in the user's data folder (XDG on Linux, via platformdirs)
unless --db or $CARDS_DB says otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from cards.errors import UsageError

APP_NAME = "cards"


def data_dir() -> Path:
    """The per-user data folder (created on first use, not here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "collection.db"


#: `scheme://...`: a database URL, not a file path.
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """--db wins, then $CARDS_DB, then the data folder.

    A URL (`postgresql://...`, `sqlite:///...`) is refused: a collection is a file,
    and taking the URL as a path would create folders named `postgresql:`.
    """
    chosen = os.fspath(db) if db else os.environ.get("CARDS_DB")
    if not chosen:
        return default_db_path()
    if _URL_RE.match(chosen):
        from cards.textsafe import visible

        raise UsageError(f"--db takes the path of a collection file; database URLs such as "
                         f"{visible(chosen.split('://')[0])}://... are not supported")
    return Path(chosen).expanduser()


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
