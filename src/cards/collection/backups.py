"""Backups (`col.backups`): daily copies, copies before risky changes, listing, restoring.

Copies go to a `backups/` folder beside the collection (so, for the default
collection, in the data folder), named `<collection>-<kind>-<stamp>.db`:

- `daily`: taken at the first open of each study day (its stamp is the day), best
  effort: a folder that cannot be written never stops the app;
- `import`, `check`, `trash`, `restore`: taken before an import, a repair, emptying
  the trash, and a restore (the state it replaces);
- `manual`: `cards backup` with no PATH.

The newest `KEEP` copies of each kind are kept. Every copy is taken with SQLite's
backup API (`Store.backup_to`), never by copying the file, which in WAL mode would
miss what is still in the `-wal` file.
"""

from __future__ import annotations

import builtins
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cards.collection.clock import StudyClock
from cards.errors import CardsError, NotFoundError
from cards.store import Store

#: How many copies of each kind are kept.
KEEP = 30
KINDS = ("daily", "import", "check", "trash", "restore", "manual")
FOLDER = "backups"


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup: its file, its kind, and when it was taken (the file's time)."""

    path: Path
    kind: str
    taken_at: datetime
    size: int


class BackupsManager:
    def __init__(self, store: Store, clock: StudyClock) -> None:
        self._store = store
        self._clock = clock
        #: Why the last automatic backup could not be taken (None: it was, or none due).
        self.daily_problem: str | None = None

    @property
    def folder(self) -> Path:
        return self._store.path.parent / FOLDER

    def _pattern(self) -> re.Pattern[str]:
        stem = re.escape(self._store.path.stem)
        return re.compile(rf"^{stem}-({'|'.join(KINDS)})-[0-9TZ-]+\.db$")

    def _target(self, kind: str) -> Path:
        if kind == "daily":
            stamp = self._clock.today().isoformat()
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.folder / f"{self._store.path.stem}-{kind}-{stamp}.db"

    def take(self, kind: str = "manual", target: Path | None = None) -> Path:
        """Copy the collection now: to `target`, or into the backups folder as `kind`
        (then only the newest `KEEP` of that kind are kept)."""
        if target is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                from cards.errors import StorageIOError

                raise StorageIOError(
                    f"cannot create {self.folder}: {exc.strerror or exc}") from None
            made = self._store.backup_to(self._target(kind))
            self.prune(kind)
            return made
        if target.is_dir():
            target = target / self._target(kind).name
        return self._store.backup_to(target)

    def daily(self) -> Path | None:
        """Take today's daily backup if there is none yet; None if there was. Never
        raises: a failure is remembered in `daily_problem`."""
        if not self._store.file_backups:
            return None
        try:
            target = self._target("daily")
            if target.exists():
                return None
            return self.take("daily")
        except (CardsError, OSError) as exc:
            self.daily_problem = str(exc)
            return None

    def list(self) -> builtins.list[BackupFile]:
        """The backups in the folder, newest first."""
        if not self.folder.is_dir():
            return []
        pattern = self._pattern()
        found = []
        for entry in os.scandir(self.folder):
            match = pattern.match(entry.name)
            if match is None or not entry.is_file():
                continue
            info = entry.stat()
            found.append(BackupFile(Path(entry.path), match.group(1),
                                    datetime.fromtimestamp(info.st_mtime, UTC), info.st_size))
        return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)

    def prune(self, kind: str) -> builtins.list[Path]:
        """Delete all but the newest `KEEP` backups of `kind`; the files deleted."""
        gone = [b.path for b in self.list() if b.kind == kind][KEEP:]
        for path in gone:
            path.unlink(missing_ok=True)
        return gone

    def resolve(self, name: str) -> Path:
        """A backup named by path, or by file name in the backups folder."""
        path = Path(name)
        if path.exists():
            return path
        inside = self.folder / name
        if inside.exists():
            return inside
        raise NotFoundError(f"no backup {name!r} (see 'cards backup --list')")

    def restore(self, source: Path) -> Path:
        """Replace the collection by the backup `source`, after backing up the current
        state (kind `restore`, so a restore can itself be undone); that copy's path."""
        if source.exists() and source.resolve() == self._store.path.resolve():
            from cards.errors import InvalidInputError

            raise InvalidInputError(f"{source} is the collection itself; name a backup")
        before = self.take("restore")
        self._store.restore_from(source)
        return before

