"""Bad Anki packages: one clear line, the README's exit code, nothing imported.

Runs the real CLI in a subprocess. Each bad package is made from a real one (built
by the official `anki` package) with one thing broken.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from cards.collection import Collection
from cards.errors import ExitCode
from cli_run import run_text
from tests.anki_builders import Built, build_package  # skips without `anki`
from tests.conftest import table_dump


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(tmp_path_factory.mktemp("legacy"), legacy=True, revlog_rows=20)


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(tmp_path_factory.mktemp("current"), legacy=False, revlog_rows=20)


def rewrite(src: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a package, passing each member through `change` (None drops it)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return out


def legacy_collection(data: bytes, sql: str) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    conn.execute(sql)
    conn.commit()
    out = conn.serialize()
    conn.close()
    return out


def run_import(db: Path, package: Path) -> subprocess.CompletedProcess[str]:
    return run_text("--db", str(db), "import", str(package))


def bad_packages(tmp: Path, legacy: Built, current: Built) -> dict[str, tuple[Path, str]]:
    (tmp / "text.apkg").write_text("this is not a zip\n")
    plain_zip = tmp / "nocol.apkg"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    junk = b"SQLite format 3\x00" + bytes(range(256)) * 40
    zstd = zstandard.ZstdCompressor()
    return {
        "not a zip": (tmp / "text.apkg", "not a zip file"),
        "no collection": (plain_zip, "no collection.anki21b"),
        "corrupt sqlite (legacy)": (rewrite(legacy.path, tmp / "c1.apkg", lambda n, d: junk
                                            if n == "collection.anki21" else d), "corrupt"),
        "corrupt sqlite (anki21b)": (rewrite(current.path, tmp / "c2.apkg",
                                             lambda n, d: zstd.compress(junk)
                                             if n == "collection.anki21b" else d), "corrupt"),
        "corrupt zstd": (rewrite(current.path, tmp / "c3.apkg", lambda n, d: b"nope"
                                 if n == "collection.anki21b" else d), "not valid zstd"),
        "newer package format": (rewrite(current.path, tmp / "n1.apkg", lambda n, d: b"\x08\x04"
                                         if n == "meta" else d), "newer than this cards"),
        "newer schema": (rewrite(legacy.path, tmp / "n2.apkg", lambda n, d: legacy_collection(
            d, "UPDATE col SET ver = 19") if n == "collection.anki21" else d),
            "schema 19 is newer"),
        "media leaving its folder (legacy)": (rewrite(
            legacy.path, tmp / "m1.apkg", lambda n, d: json.dumps(
                {k: "../x" for k in json.loads(d)}).encode() if n == "media" else d),
            "would leave the media folder"),
        "media leaving its folder (anki21b)": (rewrite(
            current.path, tmp / "m2.apkg", lambda n, d: zstd.compress(
                _evil_media_map(d)) if n == "media" else d), "would leave the media folder"),
    }


def _evil_media_map(data: bytes) -> bytes:
    """The current media map with every name replaced by "../x" (protobuf bytes)."""
    plain = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    assert plain[0] == 0x0A  # field 1, a length-delimited entry
    entry_len, name_len = plain[1], plain[3]
    name = plain[4:4 + name_len]
    entry = plain[2:2 + entry_len].replace(bytes([len(name)]) + name, b"\x04../x", 1)
    return b"\x0a" + bytes([len(entry)]) + entry + plain[2 + entry_len:]


@pytest.mark.early
def test_bad_packages(tmp_path: Path, legacy: Built, current: Built) -> None:
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.add_card(deck="mine", front="Q", back="A")
    before = table_dump(db)
    for label, (package, words) in bad_packages(tmp_path, legacy, current).items():
        result = run_import(db, package)
        assert result.returncode == ExitCode.INVALID_INPUT, (label, result.stderr)
        assert result.stdout == "", label
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("cards: error: "), (label, lines)
        assert words in lines[0], (label, lines[0])
        assert "Traceback" not in result.stderr
        assert table_dump(db) == before, label
        assert not (tmp_path / "collection.media").exists(), label
        assert not (tmp_path / "x").exists(), label


def test_good_package_through_the_cli(tmp_path: Path, current: Built) -> None:
    db = tmp_path / "collection.db"
    result = run_import(db, current.path)
    assert result.returncode == 0, result.stderr
    assert "4 notes, 5 cards added" in result.stdout
    assert "skipped 1 review rows that are no answer" in result.stdout
