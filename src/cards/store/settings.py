"""The setting table: key and text value (the service layer parses and checks them)."""

from __future__ import annotations

from sqlmodel import Session, select

from cards.store.models import SettingRow
from cards.store.tx import Repository, Tx


class SettingsRepository(Repository):
    def __init__(self, tx: Tx | Session) -> None:
        super().__init__(tx)

    def all(self) -> dict[str, str]:
        """Every stored setting as its text."""
        return {r.key: r.value for r in self._session.exec(select(SettingRow)).all()}

    def put(self, key: str, value: str) -> None:
        self._session.merge(SettingRow(key=key, value=value))

    def delete(self, key: str) -> None:
        row = self._session.get(SettingRow, key)
        if row is not None:
            self._session.delete(row)
