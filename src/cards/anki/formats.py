"""Reading Anki packages (.apkg, .colpkg): every collection format Anki writes.

A package is a zip. What is inside depends on the Anki that wrote it:

* ``collection.anki2`` (Anki 2.0, genanki) and ``collection.anki21`` (Anki 2.1 "legacy"
  exports): a plain SQLite file of schema 11, note types and decks as JSON in ``col``.
* ``collection.anki21b`` (Anki 2.1.50+): the same data in a zstd-compressed SQLite file of
  schema 18, note types, templates, fields and decks in their own tables, with a few
  values in protobuf blobs. Such packages also hold a ``meta`` file (a protobuf
  ``PackageMetadata`` whose field 1 is the format version: 1, 2 or 3) and a dummy
  ``collection.anki2`` telling old Ankis to upgrade, which must be ignored.
* ``media``: the media map. JSON ``{"0": "name.png"}`` in legacy packages; in current
  ones a zstd-compressed protobuf ``MediaEntries`` (field 1: entries, each with field 1
  the name and field 255 an optional zip member name; otherwise entry *i* is member
  ``str(i)``), and each media member is itself zstd-compressed.

The protobuf field numbers come from Anki's documented schema (rslib's proto files:
``import_export.proto``, ``notetypes.proto``); only the handful of fields listed above
are read, with a small wire-format reader, so no generated code is needed. Anything
newer than what is understood is refused with a message saying so.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import zstandard

from cards.errors import InvalidInputError

#: Package format versions (PackageMetadata.Version): LEGACY_1, LEGACY_2, LATEST.
KNOWN_PACKAGE_VERSION = 3
#: Collection schema versions understood: 11 (legacy JSON) up to 18 (tables + protobuf).
LEGACY_SCHEMAS = range(11, 12)
NEW_SCHEMAS = range(15, 19)
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
ZIP_MAGIC = b"PK\x03\x04"
#: Anki's cloze note type kind (Notetype.Config.Kind / model "type").
KIND_CLOZE = 1
_MAX_MEMBER = 2 << 30  # refuse zip bombs: no member inflates past 2 GiB


@dataclass(frozen=True, slots=True)
class NoteType:
    id: int
    name: str
    kind: int  # 0 normal, 1 cloze
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]  # (question format, answer format) by ord


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    guid: str
    mid: int
    mod: int  # seconds
    tags: tuple[str, ...]
    fields: tuple[str, ...]


class Card(NamedTuple):
    """One row of Anki's cards table (a tuple: 10,000s are read, `_make` is C)."""

    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    odue: int
    odid: int


class Revlog(NamedTuple):
    """One row of Anki's revlog (a tuple, as `Card`)."""

    id: int  # milliseconds since the epoch: the answer's time
    cid: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time: int  # milliseconds spent
    type: int


@dataclass(slots=True)
class Package:
    """Everything an import needs from a package, read once, nothing yet written."""

    format: str  # the collection member read: anki2, anki21 or anki21b
    crt: int  # collection creation, seconds: day 0 of review due numbers
    note_types: dict[int, NoteType]
    decks: dict[int, str]  # id -> "Parent::Child"
    notes: list[Note]
    cards: list[Card]
    revlog: list[Revlog]
    media: dict[str, str] = field(default_factory=dict)  # name -> zip member
    zstd_media: bool = False
    path: Path = Path()

    def media_bytes(self, name: str) -> bytes:
        """One media file's content, decompressed."""
        with zipfile.ZipFile(self.path) as archive:
            data = _read_member(archive, self.media[name])
        return _unzstd(data, f"media file {name!r}") if self.zstd_media else data


def is_package(path: Path) -> bool:
    """An Anki package by its content (a zip holding a collection) or by its name.

    A file called .apkg/.colpkg that is not one still counts, so that reading it gives
    the Anki error ("not a zip file") rather than a deck-file one.
    """
    if path.suffix.lower() in (".apkg", ".colpkg"):
        return True
    if not path.is_file():  # never open a FIFO or device: the deck reader refuses it
        return False
    try:
        with path.open("rb") as handle:
            if handle.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names & {*COLLECTION_NAMES, "meta"})


def read_package(path: Path) -> Package:
    """Read a package fully, or raise one InvalidInputError naming what is wrong."""
    from cards.locations import regular_file

    label = str(path)
    regular_file(path, "package file")  # a FIFO named .apkg is never opened
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InvalidInputError(f"{label}: not an Anki package (not a zip file)") from None
    except OSError as exc:
        raise InvalidInputError(f"{label}: cannot read: {exc.strerror or exc}") from None
    with archive:
        names = set(archive.namelist())
        version = _package_version(archive, names, label)
        member = _collection_member(names, version, label)
        data = _read_member(archive, member)
        if member.endswith("anki21b"):
            data = _unzstd(data, member)
        package = _read_collection(data, member, label)
        package.path = path
        package.media, package.zstd_media = _media_map(archive, names, version, label)
    return package


def _package_version(archive: zipfile.ZipFile, names: set[str], label: str) -> int:
    if "meta" not in names:
        return 2 if "collection.anki21" in names else 1
    try:
        fields = dict(_proto_fields(_read_member(archive, "meta")))
    except ValueError:
        raise InvalidInputError(f"{label}: the package's meta file is corrupt") from None
    version = fields.get(1, 0)
    if not isinstance(version, int) or version > KNOWN_PACKAGE_VERSION or version < 1:
        raise InvalidInputError(
            f"{label}: the package format (version {version!r}) is newer than this cards "
            f"understands (up to {KNOWN_PACKAGE_VERSION}); export it from Anki with "
            "'Support older Anki versions' ticked")
    return version


def _collection_member(names: set[str], version: int, label: str) -> str:
    wanted = {3: "collection.anki21b", 2: "collection.anki21", 1: "collection.anki2"}[version]
    if wanted in names:
        return wanted
    for name in COLLECTION_NAMES:  # an old writer without meta
        if name in names and version < 3:
            return name
    raise InvalidInputError(f"{label}: not an Anki package (no collection.anki21b, "
                            "collection.anki21 or collection.anki2 inside)")


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
        if info.file_size > _MAX_MEMBER:
            raise InvalidInputError(f"{archive.filename}: {name} is too large")
        return archive.read(info)
    except KeyError:
        raise InvalidInputError(f"{archive.filename}: {name} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InvalidInputError(f"{archive.filename}: {name} is corrupt ({exc})") from None


def _unzstd(data: bytes, what: str) -> bytes:
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        out = reader.read(_MAX_MEMBER + 1)
    except zstandard.ZstdError:
        raise InvalidInputError(f"{what} is not valid zstd data") from None
    if len(out) > _MAX_MEMBER:
        raise InvalidInputError(f"{what} is too large")
    return out


# --- the collection ---------------------------------------------------------------


def _read_collection(data: bytes, member: str, label: str) -> Package:
    where = f"{label}: {member}"
    if not data.startswith(b"SQLite format 3\x00"):
        raise InvalidInputError(f"{where} is not an SQLite database")
    if data[18:20] == b"\x02\x02":
        # A WAL-mode file (as Anki writes them): its header says so, and an in-memory
        # database cannot have a WAL. Marking it as a rollback-journal file is exactly
        # what `PRAGMA journal_mode=DELETE` would write; the pages are the same.
        data = data[:18] + b"\x01\x01" + data[20:]
    conn = sqlite3.connect(":memory:")
    conn.create_collation("unicase", _unicase)  # Anki's case-insensitive name collation
    try:
        conn.deserialize(data)
        conn.execute("PRAGMA query_only = 1")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise InvalidInputError(f"{where} is a corrupt SQLite database")
        return _read_tables(conn, member.rsplit(".", 1)[-1], where)
    except sqlite3.DatabaseError as exc:
        raise InvalidInputError(f"{where} is a corrupt SQLite database ({exc})") from None
    finally:
        conn.close()


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _read_tables(conn: sqlite3.Connection, fmt: str, where: str) -> Package:
    row = conn.execute("SELECT ver, crt FROM col").fetchone()
    if row is None:
        raise InvalidInputError(f"{where} has no collection header")
    ver, crt = int(row[0]), int(row[1])
    if ver in LEGACY_SCHEMAS:
        note_types, decks = _legacy_types_and_decks(conn, where)
    elif ver in NEW_SCHEMAS:
        note_types, decks = _table_types_and_decks(conn)
    elif ver > NEW_SCHEMAS[-1]:
        raise InvalidInputError(
            f"{where}: collection schema {ver} is newer than this cards understands "
            f"(up to {NEW_SCHEMAS[-1]})")
    else:
        raise InvalidInputError(f"{where}: collection schema {ver} is not one Anki writes")
    notes = [Note(id=r[0], guid=str(r[1]), mid=r[2], mod=r[3], tags=tuple(str(r[4]).split()),
                  fields=tuple(str(r[5]).split("\x1f")))
             for r in conn.execute("SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id")]
    cards = [*map(Card._make, conn.execute(
        "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid "
        "FROM cards ORDER BY nid, ord"))]
    revlog = [*map(Revlog._make, conn.execute(
        "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"))]
    return Package(format=fmt, crt=crt, note_types=note_types, decks=decks, notes=notes,
                   cards=cards, revlog=revlog)


def _legacy_types_and_decks(
    conn: sqlite3.Connection, where: str
) -> tuple[dict[int, NoteType], dict[int, str]]:
    models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
    try:
        models = json.loads(models_json)
        decks = json.loads(decks_json)
        types = {}
        for model in models.values():
            flds = sorted(model["flds"], key=lambda f: f["ord"])
            tmpls = sorted(model["tmpls"], key=lambda t: t["ord"])
            types[int(model["id"])] = NoteType(
                id=int(model["id"]), name=str(model["name"]), kind=int(model.get("type", 0)),
                fields=tuple(str(f["name"]) for f in flds),
                templates=tuple((str(t["qfmt"]), str(t["afmt"])) for t in tmpls))
        names = {int(d["id"]): str(d["name"]) for d in decks.values()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidInputError(f"{where}: its note types or decks are malformed") from None
    return types, names


def _table_types_and_decks(conn: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(str(name))
    templates: dict[int, list[tuple[str, str]]] = {}
    for ntid, config in conn.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        values = dict(_proto_fields(bytes(config)))  # Template.Config: 1 qfmt, 2 afmt
        templates.setdefault(ntid, []).append((_text(values.get(1)), _text(values.get(2))))
    types = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = dict(_proto_fields(bytes(config))).get(1, 0)  # Notetype.Config.kind
        types[int(ntid)] = NoteType(
            id=int(ntid), name=str(name), kind=kind if isinstance(kind, int) else 0,
            fields=tuple(fields.get(ntid, ())), templates=tuple(templates.get(ntid, ())))
    decks = {int(did): str(name).replace("\x1f", "::")
             for did, name in conn.execute("SELECT id, name FROM decks")}
    return types, decks


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


# --- media --------------------------------------------------------------------------


def _media_map(
    archive: zipfile.ZipFile, names: set[str], version: int, label: str
) -> tuple[dict[str, str], bool]:
    """Media name -> zip member; refuses a name that would leave the media folder."""
    if "media" not in names:
        return {}, False
    raw = _read_member(archive, "media")
    mapping: dict[str, str] = {}
    if version >= 3:
        try:
            for number, entry in _proto_fields(_unzstd(raw, "the media map")):
                if number != 1 or not isinstance(entry, bytes):
                    continue
                index = len(mapping)
                values = dict(_proto_fields(entry))
                member = values.get(255, index)
                mapping[_text(values.get(1))] = str(member)
        except ValueError:
            raise InvalidInputError(f"{label}: the media map is corrupt") from None
    else:
        try:
            loaded = json.loads(raw.decode("utf-8") or "{}")
            mapping = {str(name): str(member) for member, name in loaded.items()}
        except (ValueError, AttributeError):
            raise InvalidInputError(f"{label}: the media map is corrupt") from None
    for name, stored in mapping.items():
        check_media_name(name, label)
        if stored not in names:
            raise InvalidInputError(f"{label}: media file {name!r} is missing from the package")
    return mapping, version >= 3


def check_media_name(name: str, label: str) -> None:
    """A media name must be one plain file name: no folder, no '..', no drive."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if (not name or name in (".", "..") or len(pure.parts) != 1 or pure.is_absolute()
            or ":" in name or "\x00" in name or name != name.strip()):
        raise InvalidInputError(
            f"{label}: media name {name!r} would leave the media folder; nothing imported")


# --- protobuf wire format -------------------------------------------------------------


def _proto_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs of one protobuf message: varints and byte strings.

    Fixed-width values are skipped; a truncated or malformed message raises ValueError.
    """
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > len(data):
                raise ValueError("truncated field")
            yield number, data[pos:pos + length]
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
    if pos != len(data):
        raise ValueError("truncated message")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
