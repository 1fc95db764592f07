"""Opening a real Anki collection and importing a package into it, as a user would.

Shared by the export tests and the CLI end-to-end tests; `anki` is a test-only
dependency, so importing this module skips the caller's tests when it is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest


@contextmanager
def anki_collection_at(path: Path) -> Iterator[anki_collection.Collection]:
    """A fresh (or existing) Anki collection that is always closed."""
    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: anki_collection.Collection, apkg: Path) -> object:
    """Import with Anki's defaults, as a user pressing Import would."""
    options = col._backend.get_import_anki_package_presets()
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=options)
    return col.import_anki_package(request).log
