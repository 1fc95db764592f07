"""`cards check` (Anki's "Check Database"): SQLite's integrity check, then the
collection's own invariants, repairing only what is safe, after a backup.

Safe repairs lose nothing a user made: a schedule row whose card is gone, a card's
missing review items (they start new) or surplus ones (of deletions it no longer
has), a due day beyond the 100-year interval cap (brought back to the cap). A review
row whose card is gone, or a card whose deck is gone, is reported only: the log is
append-only and a card is never moved by guesswork.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cards.collection.backups import BackupsManager
from cards.collection.clock import StudyClock
from cards.scheduler import MAX_INTERVAL_DAYS, add_days
from cards.store import Store
from cards.store.check import Findings


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `cards check` found and did."""

    integrity: tuple[str, ...]
    findings: Findings
    repaired: bool = False
    backup: Path | None = None
    lines: tuple[str, ...] = field(default=())

    @property
    def healthy(self) -> bool:
        """Nothing left wrong: the file is sound and every problem was repaired."""
        return not self.integrity and not self.findings.reported_only and (
            self.repaired or not self.findings.repairable)


def describe(found: Findings) -> list[str]:
    """One line per kind of problem found."""
    lines = []
    if found.orphan_items:
        lines.append(f"{len(found.orphan_items)} review item(s) without a card")
    if found.wrong_items:
        lines.append(f"{len(found.wrong_items)} card(s) whose review items do not match "
                     f"their deletions (e.g. {found.wrong_items[0]})")
    if found.too_far:
        lines.append(f"{len(found.too_far)} item(s) due beyond the {MAX_INTERVAL_DAYS:,}-day "
                     "cap")
    if found.unfolded:
        lines.append(f"{found.unfolded} card(s) without their folded search text (found by "
                     "searches all the same, more slowly)")
    if found.orphan_reviews:
        lines.append(f"{found.orphan_reviews} review-log row(s) whose card is missing "
                     "(kept: the log is append-only)")
    if found.no_deck:
        lines.append(f"{len(found.no_deck)} card(s) whose deck is missing (not repaired)")
    return lines


class CheckManager:
    def __init__(self, store: Store, clock: StudyClock, backups: BackupsManager) -> None:
        self._store = store
        self._clock = clock
        self._backups = backups

    def run(self, *, repair: bool = True) -> CheckReport:
        """Check the file and the invariants; with `repair`, fix the safe problems in
        one transaction after a backup (none is taken when nothing needs fixing)."""
        integrity = tuple(self._store.integrity())
        today = self._clock.today()
        cap = add_days(today, MAX_INTERVAL_DAYS)
        with self._store.reading() as repos:
            found = repos.check.find(today, cap)
        lines = describe(found)
        if not repair or not found.repairable or integrity:
            return CheckReport(integrity, found, lines=tuple(lines))
        backup = self._backups.take("check") if self._store.file_backups else None
        with self._store.writing() as repos:
            found = repos.check.find(today, cap)  # again, under the write lock
            repos.check.repair(found, cap)
        return CheckReport(integrity, found, True, backup, tuple(lines))
