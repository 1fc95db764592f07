"""The setting table: key and text value (the service layer parses and checks them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cards.store.tx import Repository, Tx

if TYPE_CHECKING:
    from sqlmodel import Session

_ALL = "SELECT key, value FROM setting"
#: Insert or replace one setting (an upsert both engines write alike).
_PUT = ("INSERT INTO setting (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
_DELETE = "DELETE FROM setting WHERE key = ?"


class SettingsRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def all(self) -> dict[str, str]:
        """Every stored setting as its text."""
        return {key: value for key, value in self._tx.run(_ALL).fetchall()}

    def put(self, key: str, value: str) -> None:
        self._tx.write(_PUT, (key, value))

    def delete(self, key: str) -> None:
        self._tx.write(_DELETE, (key,))
