"""Schema migrations: an ordered list of SQL scripts keyed by PRAGMA user_version.

Why not alembic: a collection is a single-user SQLite file opened by a CLI that must
start in milliseconds. A list of scripts, applied in one transaction under the
write lock and recorded in the database header's user_version, needs no extra package, no
migrations folder to ship, and no version table; SQLite's transactional DDL makes
each step all-or-nothing. Before any step runs on an existing file, the whole file
is copied to a timestamped backup with SQLite's online backup API, written under a
temporary name and renamed once it is complete and on disk.

Never edit a released step: append a new one.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from cards.store.sqlite.backup import PARTIAL, snapshot

V1 = """
CREATE TABLE deck (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    new_per_day INTEGER,
    reviews_per_day INTEGER,
    source_dir TEXT,
    created_at DATETIME NOT NULL
);
CREATE TABLE card (
    id TEXT PRIMARY KEY,
    deck_id INTEGER NOT NULL REFERENCES deck(id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('basic', 'cloze')),
    front TEXT NOT NULL DEFAULT '',
    back TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    concept TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    source_file TEXT,
    source_line INTEGER,
    source_quote TEXT,
    source_author TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('draft', 'active', 'suspended', 'rejected', 'deleted')),
    created_at DATETIME NOT NULL,
    modified_at DATETIME NOT NULL
);
CREATE INDEX ix_card_deck_status ON card (deck_id, status, seq);
CREATE TABLE schedule (
    card_id TEXT NOT NULL REFERENCES card(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    repetitions INTEGER NOT NULL DEFAULT 0,
    interval INTEGER NOT NULL DEFAULT 0,
    easiness INTEGER NOT NULL DEFAULT 250,
    due DATE,
    lapses INTEGER NOT NULL DEFAULT 0,
    last_review DATETIME,
    PRIMARY KEY (card_id, ord)
);
CREATE INDEX ix_schedule_due ON schedule (due);
CREATE TABLE review (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id TEXT NOT NULL REFERENCES card(id),
    ord INTEGER NOT NULL,
    reviewed_at DATETIME NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    kind TEXT NOT NULL CHECK (kind IN ('review', 'repeat', 'cram')),
    reps_before INTEGER NOT NULL,
    interval_before INTEGER NOT NULL,
    easiness_before INTEGER NOT NULL,
    due_before DATE,
    lapses_before INTEGER NOT NULL,
    reps_after INTEGER NOT NULL,
    interval_after INTEGER NOT NULL,
    easiness_after INTEGER NOT NULL,
    due_after DATE,
    lapses_after INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_review_time ON review (reviewed_at);
CREATE INDEX ix_review_card ON review (card_id, ord);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER review_delete_only_latest BEFORE DELETE ON review
WHEN OLD.id <> (SELECT max(id) FROM review)
BEGIN SELECT RAISE(ABORT, 'only the latest answer can be undone'); END;
"""

# v2: bury a card until tomorrow, and remember which answer made a card a leech so
# that undoing it also lifts the suspension.
V2 = """
ALTER TABLE schedule ADD COLUMN buried_until DATE;
ALTER TABLE review ADD COLUMN leeched BOOLEAN NOT NULL DEFAULT 0;
"""

# v3: count today's answers per deck without walking every card of the deck. With only
# ix_review_time, SQLite drove `_done_today` from the deck's cards into their whole
# history (0.5 s per deck at 100,000 cards and 1,000,000 reviews); (kind, reviewed_at)
# makes "today's scheduled answers" the obvious, cheap starting point (3 ms).
V3 = """
CREATE INDEX ix_review_kind_time ON review (kind, reviewed_at);
"""

# v4: remember the content each card last had in a deck file, so that re-importing
# the same (or a re-drafted) file never overwrites an edit made since in the app or
# with `cards edit`.
V4 = """
ALTER TABLE card ADD COLUMN imported_hash TEXT;
"""

# v5: history imported from Anki ("imported" answers). SQLite cannot alter a CHECK
# constraint, so the review table is rebuilt the documented way (create, copy, drop,
# rename) with its indexes, triggers and AUTOINCREMENT counter. DROP TABLE fires no
# delete trigger, and the copy keeps every row and id: the log stays append-only.
V5 = """
CREATE TABLE review_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id TEXT NOT NULL REFERENCES card(id),
    ord INTEGER NOT NULL,
    reviewed_at DATETIME NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
    kind TEXT NOT NULL CHECK (kind IN ('review', 'repeat', 'cram', 'imported')),
    reps_before INTEGER NOT NULL,
    interval_before INTEGER NOT NULL,
    easiness_before INTEGER NOT NULL,
    due_before DATE,
    lapses_before INTEGER NOT NULL,
    reps_after INTEGER NOT NULL,
    interval_after INTEGER NOT NULL,
    easiness_after INTEGER NOT NULL,
    due_after DATE,
    lapses_after INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    leeched BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO review_v5 SELECT id, card_id, ord, reviewed_at, grade, kind, reps_before,
    interval_before, easiness_before, due_before, lapses_before, reps_after, interval_after,
    easiness_after, due_after, lapses_after, duration_ms, leeched FROM review;
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'review_v5', seq FROM sqlite_sequence WHERE name = 'review'
    AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'review_v5');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'review'))
    WHERE name = 'review_v5' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'review');
DROP TABLE review;
ALTER TABLE review_v5 RENAME TO review;
CREATE INDEX ix_review_time ON review (reviewed_at);
CREATE INDEX ix_review_card ON review (card_id, ord);
CREATE INDEX ix_review_kind_time ON review (kind, reviewed_at);
CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER review_delete_only_latest BEFORE DELETE ON review
WHEN OLD.id <> (SELECT max(id) FROM review)
BEGIN SELECT RAISE(ABORT, 'only the latest answer can be undone'); END;
"""

# v6: the trash. A deleted card remembers when it was deleted and the status it had,
# so `cards undelete` puts it back as it was; emptying the trash clears `deleted_from`
# (and the card's content), which ends it while its review history stays. Cards
# deleted before v6 go to the trash as active cards.
V6 = """
ALTER TABLE card ADD COLUMN deleted_at DATETIME;
ALTER TABLE card ADD COLUMN deleted_from TEXT;
UPDATE card SET deleted_at = modified_at, deleted_from = 'active' WHERE status = 'deleted';
"""

# v7: FSRS beside SM-2 (issue 14). `due` stays the column the queue walks, and now
# holds the due day of the scheduler the item's deck uses; SM-2's own due day moves to
# `sm2_due` (SM-2's state is kept up to date by every answer whichever scheduler is
# chosen), and FSRS's memory state (stability, difficulty, the last review it counts)
# and due day get columns of their own, so switching never loses either schedule. A
# deck may choose its scheduler (NULL: the collection's) and FSRS parameters (NULL:
# the collection's, or FSRS's defaults).
V7 = """
ALTER TABLE schedule ADD COLUMN sm2_due DATE;
UPDATE schedule SET sm2_due = due;
ALTER TABLE schedule ADD COLUMN stability REAL;
ALTER TABLE schedule ADD COLUMN difficulty REAL;
ALTER TABLE schedule ADD COLUMN fsrs_due DATE;
ALTER TABLE schedule ADD COLUMN fsrs_last_review DATETIME;
ALTER TABLE deck ADD COLUMN scheduler TEXT;
ALTER TABLE deck ADD COLUMN fsrs_parameters TEXT;
"""


# v8: each card's text folded for search (`store.folding`: casefolded, accents
# dropped, fields and tags between separators), written with its content, so a plain
# search is one instr() per card in C (15 ms at 100,000 cards) instead of a Python
# call per field (220 ms). A program that changes a card's text without it leaves
# `folded` as it was; the trigger then clears it, and searches fold such a row from
# its columns (`folded_row` in `store.sqlite.sql`), so a stale value is never
# searched. The step itself only adds the column (instant, and no bigger file while
# the disk may be nearly full); existing cards are folded afterwards (`FILL_FOLDED`,
# by the engine, in batches, best effort), and until then searches fold them on the
# fly.
V8 = """
ALTER TABLE card ADD COLUMN folded TEXT;
CREATE TRIGGER card_folded_stale AFTER UPDATE OF id, front, back, text, extra, concept,
    source_file, source_quote, source_author, tags ON card
WHEN NEW.folded IS OLD.folded
BEGIN UPDATE card SET folded = NULL WHERE id = NEW.id; END;
"""

# v9: bulk actions (suspend, tag, move, delete... over a search) as undo steps. Each
# records, in the transaction that acts, the cards' rows as they were before, so one
# `cards undo` (or `u` in Browse) takes the whole action back in one transaction.
V9 = """
CREATE TABLE undo_step (
    id INTEGER PRIMARY KEY,
    made_at DATETIME NOT NULL,
    action TEXT NOT NULL,
    rows TEXT NOT NULL
);
"""

# v10: siblings. Answering an item buries its siblings (the card's other deletions,
# and cards of the same concept) until the next study day; `buried_by` names the
# item whose answer buried it (NULL: buried by hand), so `cards due` can say why and
# undoing that answer lifts exactly those. A deck may turn it off for itself
# (`deck.bury_siblings`, NULL: the collection's setting). The concept index keeps
# finding a card's siblings cheap (an answer stays within its 5 ms).
V10 = """
ALTER TABLE schedule ADD COLUMN buried_by TEXT;
ALTER TABLE deck ADD COLUMN bury_siblings INTEGER;
CREATE INDEX ix_card_concept ON card (concept);
CREATE INDEX ix_schedule_buried_by ON schedule (buried_by) WHERE buried_by IS NOT NULL;
"""

# v11: the item index of the review log also holds the answer's time. Before every
# answer, the last grade the item got today is looked up (was it failed earlier
# today?): with (card_id, ord) alone, that read every answer the item ever had, a
# table lookup each (75 us for 20 answers, most of the answer's own work); with the
# time, only today's. It serves every query the old index served (its prefix).
V11 = """
DROP INDEX ix_review_card;
CREATE INDEX ix_review_item_time ON review (card_id, ord, reviewed_at);
"""

# v12: search at 100,000 cards within 50 ms. Every search used to read each card's
# folded text from the wide card table (30 ms a scan) and its state from the schedule
# (a list of every item built per query), so a search of several terms took 0.2-0.5 s.
# Now each card has a narrow search row, `card_search`, kept in step by triggers in
# plain SQL (so another program's writes keep it too): its status, deck, order and
# creation time; its state as the queue sees it (`stage`: 0 new, 1 learning, 2 review,
# the least learned of its items; `buried_until`, the latest of its items'); its folded
# text in two parts, `body` (the fields) and `tags` (the tags between their
# separators: a tag changes without the fields, and only that short part is indexed
# again); and the folded fields that `front:` `back:` `text:` `concept:` `source:` look
# in, split from the body (fields between \x1f separators, read with SQLite's JSON
# functions; a backslash stands in as \x1c, which no folded text holds, so an escaped
# backslash is never taken for a separator) only when the body changes: a column named
# in an UPDATE rewrites its index entries even when unchanged (tagging 10,000 cards
# cost 0.4 s more so), so each trigger names only the columns that changed.
# Indexes: one covers the state, deck and time terms and walks the cards in deck
# order; one by card id answers is:due and rated: (the card ids of due items and of
# answers) without reading the rows; on SQLite, one holds the fields with the status
# and creation time, so a field word found in most cards (`front:concept`, 66,667 of
# 100,000) reads that index, not the rows (35 -> 24 ms; it leaves out the deck and the
# state, which moves and answers change; PostgreSQL's indexes cannot hold long text,
# and its statistics choose its own way), and trigram indexes (FTS5) over each part of
# the text find the few cards a word or a tag may be in (`store.sqlite.fts`).
# A card whose `folded` was cleared (changed by another program) has no text here and
# none in the indexes (FTS5 keeps a row for it all the same: its check counts the
# rows), and searches fold it on the fly.
# `undo_step.made_deck`: the deck a bulk move created, which its undo removes again.
_ITEM_STAGE = "CASE WHEN due IS NULL THEN 0 WHEN repetitions = 0 THEN 1 ELSE 2 END"
#: Where the tags start in a folded text: the field separator, then the tag one (as a
#: literal: a call of char() per row cost a third of a bulk tag's update).
_TAGS_AT = "instr({f}, '\x1f\x1e')"


def _body(folded: str) -> str:
    """The fields part of a folded text (all of it if it has no tags part)."""
    at = _TAGS_AT.format(f=folded)
    return f"CASE WHEN {at} > 0 THEN substr({folded}, 1, {at} - 1) ELSE {folded} END"


def _tags(folded: str) -> str:
    """The tags part of a folded text, from its first tag separator ('' if none)."""
    at = _TAGS_AT.format(f=folded)
    return (f"CASE WHEN {folded} IS NULL THEN NULL WHEN {at} > 0 THEN substr({folded}, {at} + 1)"
            " ELSE '' END")


def _stage_of(card_id: str) -> str:
    """(stage, buried_until) of a card from its items, as one row."""
    return (f"SELECT coalesce(min({_ITEM_STAGE}), 0), max(buried_until) FROM schedule "
            f"WHERE card_id = {card_id}")


def _split(body: str) -> str:
    """The fields part `body` as a JSON array of its fields (NULL stays NULL)."""
    return (f"CASE WHEN {body} IS NULL THEN NULL ELSE json('[' || replace(json_quote("
            f"replace({body}, '\\', char(28))), '\\u001f', '\",\"') || ']') END")


#: The search row's folded fields and their places in the folded text (PLAIN_FIELDS).
SEARCH_FIELDS = (("front", 1), ("back", 2), ("text", 3), ("concept", 5), ("source_file", 6))
_FIELD_NAMES = ", ".join(name for name, _ in SEARCH_FIELDS)


def _fields(parts: str) -> str:
    return ", ".join(f"replace(json_extract({parts}, '$[{place}]'), char(28), '\\')"
                     for _, place in SEARCH_FIELDS)


def _text_of(folded: str) -> str:
    """The body, the tags and the fields of a folded text, as columns of one row."""
    return (f"SELECT b, {_tags(folded)}, {_fields('parts')} FROM (SELECT b, {_split('b')} "
            f"AS parts FROM (SELECT {_body(folded)} AS b))")


#: Trigrams of the text as it is (folded already), and only which rows hold each
#: (`detail=none`: no positions, a third of the size and of the time to build).
_TOKENS = "tokenize='trigram case_sensitive 1', detail=none"

def _card_search_insert(text_rows: str) -> str:
    """The trigger that gives a new card its search row; `text_rows` is the SELECT of its
    folded fields (v12 split them per field, v13 once)."""
    return f"""CREATE TRIGGER card_search_insert AFTER INSERT ON card
BEGIN
    INSERT INTO card_search (card_id, status, deck_id, seq, created_at, stage, buried_until,
        body, tags, {_FIELD_NAMES})
    SELECT NEW.id, NEW.status, NEW.deck_id, NEW.seq, NEW.created_at,
        coalesce((SELECT min({_ITEM_STAGE}) FROM schedule WHERE card_id = NEW.id), 0),
        (SELECT max(buried_until) FROM schedule WHERE card_id = NEW.id), t.*
    FROM ({text_rows}) AS t;
END;"""


#: The trigger that indexes a new search row's text (as `sqlite_master` holds it).
CARD_FTS_INSERT = """CREATE TRIGGER card_fts_insert AFTER INSERT ON card_search
BEGIN
    INSERT INTO card_fts (rowid, body) VALUES (NEW.id, NEW.body);
    INSERT INTO card_fts_tags (rowid, tags) VALUES (NEW.id, NEW.tags);
END"""

V12 = f"""
CREATE TABLE card_search (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    status TEXT NOT NULL,
    deck_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    stage INTEGER NOT NULL DEFAULT 0,
    buried_until DATE,
    body TEXT,
    tags TEXT,
    front TEXT,
    back TEXT,
    text TEXT,
    concept TEXT,
    source_file TEXT
);
CREATE INDEX ix_card_search_seq ON card_search
    (seq, status, stage, buried_until, deck_id, created_at);
CREATE INDEX ix_card_search_card ON card_search (card_id, status, seq);
CREATE INDEX ix_card_search_unfolded ON card_search (id) WHERE body IS NULL;
CREATE INDEX card_fts_fields ON card_search
    (front, back, text, concept, source_file, status, created_at);
CREATE VIRTUAL TABLE card_fts USING fts5(body, content='card_search', content_rowid='id',
    {_TOKENS});
CREATE VIRTUAL TABLE card_fts_tags USING fts5(tags, content='card_search', content_rowid='id',
    {_TOKENS});
CREATE VIRTUAL TABLE card_fts_terms USING fts5vocab(card_fts, row);
CREATE VIRTUAL TABLE card_fts_tags_terms USING fts5vocab(card_fts_tags, row);
{CARD_FTS_INSERT};
CREATE TRIGGER card_fts_delete AFTER DELETE ON card_search
BEGIN
    INSERT INTO card_fts (card_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO card_fts_tags (card_fts_tags, rowid, tags) VALUES ('delete', OLD.id, OLD.tags);
END;
CREATE TRIGGER card_fts_update AFTER UPDATE OF body ON card_search
WHEN OLD.body IS NOT NEW.body
BEGIN
    INSERT INTO card_fts (card_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO card_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER card_fts_tags_update AFTER UPDATE OF tags ON card_search
WHEN OLD.tags IS NOT NEW.tags
BEGIN
    INSERT INTO card_fts_tags (card_fts_tags, rowid, tags) VALUES ('delete', OLD.id, OLD.tags);
    INSERT INTO card_fts_tags (rowid, tags) VALUES (NEW.id, NEW.tags);
END;
CREATE TRIGGER card_fts_fields_update AFTER UPDATE OF body ON card_search
WHEN OLD.body IS NOT NEW.body
BEGIN
    UPDATE card_search SET ({_FIELD_NAMES}) = (
        SELECT {_fields("parts")} FROM (SELECT {_split("NEW.body")} AS parts))
    WHERE id = NEW.id;
END;
{_card_search_insert(_text_of("NEW.folded"))}
CREATE TRIGGER card_search_update AFTER UPDATE OF id, status, deck_id, seq, created_at ON card
WHEN NEW.id IS NOT OLD.id OR NEW.status IS NOT OLD.status OR NEW.deck_id IS NOT OLD.deck_id
    OR NEW.seq IS NOT OLD.seq OR NEW.created_at IS NOT OLD.created_at
BEGIN
    UPDATE card_search SET status = NEW.status
        WHERE card_id = OLD.id AND NEW.status IS NOT OLD.status;
    UPDATE card_search SET deck_id = NEW.deck_id
        WHERE card_id = OLD.id AND NEW.deck_id IS NOT OLD.deck_id;
    UPDATE card_search SET seq = NEW.seq, created_at = NEW.created_at
        WHERE card_id = OLD.id AND (NEW.seq IS NOT OLD.seq OR NEW.created_at IS NOT OLD.created_at);
    UPDATE card_search SET card_id = NEW.id, body = {_body("NEW.folded")},
        tags = {_tags("NEW.folded")} WHERE card_id = OLD.id AND OLD.id IS NOT NEW.id;
END;
CREATE TRIGGER card_search_refold AFTER UPDATE OF folded ON card
WHEN NEW.folded IS NOT OLD.folded
BEGIN
    UPDATE card_search SET body = {_body("NEW.folded")}, tags = {_tags("NEW.folded")}
        WHERE card_id = NEW.id;
END;
CREATE TRIGGER card_search_delete AFTER DELETE ON card
BEGIN DELETE FROM card_search WHERE card_id = OLD.id; END;
CREATE TRIGGER schedule_stage_insert AFTER INSERT ON schedule
BEGIN
    UPDATE card_search SET stage = 0 WHERE card_id = NEW.card_id AND stage <> 0
        AND NEW.due IS NULL AND NEW.buried_until IS NULL;
    UPDATE card_search SET (stage, buried_until) = ({_stage_of("NEW.card_id")})
        WHERE card_id = NEW.card_id AND NOT (NEW.due IS NULL AND NEW.buried_until IS NULL);
END;
CREATE TRIGGER schedule_stage_update AFTER UPDATE OF card_id, due, repetitions, buried_until
    ON schedule
WHEN NEW.card_id IS NOT OLD.card_id OR (NEW.due IS NULL) <> (OLD.due IS NULL)
    OR (NEW.repetitions = 0) <> (OLD.repetitions = 0) OR NEW.buried_until IS NOT OLD.buried_until
BEGIN
    UPDATE card_search SET (stage, buried_until) = ({_stage_of("card_search.card_id")})
        WHERE card_id IN (OLD.card_id, NEW.card_id);
END;
CREATE TRIGGER schedule_stage_delete AFTER DELETE ON schedule
BEGIN
    UPDATE card_search SET (stage, buried_until) = ({_stage_of("OLD.card_id")})
        WHERE card_id = OLD.card_id;
END;
INSERT INTO card_search (card_id, status, deck_id, seq, created_at, stage, buried_until,
    body, tags, {_FIELD_NAMES})
SELECT c.id, c.status, c.deck_id, c.seq, c.created_at, coalesce(s.stage, 0), s.buried,
    c.b, {_tags("c.folded")}, {_fields("c.parts")}
FROM (SELECT id, status, deck_id, seq, created_at, folded, b, {_split("b")} AS parts
      FROM (SELECT *, {_body("folded")} AS b FROM card)) c
LEFT JOIN (SELECT card_id, min({_ITEM_STAGE}) AS stage, max(buried_until) AS buried
           FROM schedule GROUP BY card_id) s ON s.card_id = c.id
ORDER BY c.seq, c.id;
ALTER TABLE undo_step ADD COLUMN made_deck INTEGER;
"""


def _text_once(folded: str) -> str:
    """`_text_of`, its JSON array made once per row: the subquery that makes it has
    an OFFSET, so SQLite never flattens it into the outer query (flattened, each of the
    five `json_extract` calls built the array again, from the quoting on)."""
    return (f"SELECT b, {_tags(folded)}, {_fields('parts')} FROM (SELECT b, {_split('b')} "
            f"AS parts FROM (SELECT {_body(folded)} AS b) LIMIT -1 OFFSET 0)")


# v13: a new card's search row splits its folded text once. v12's insert trigger
# built the JSON array of the fields once per field it read (SQLite flattened the
# subquery that made it), which was 1.5 s of a 100,000-card import's 4 s of INSERT;
# the rows it writes are the same. SQLite only: PostgreSQL's trigger functions hold
# the parts in a variable (its step is empty).
def search_rows_after() -> str:
    """The rows `CARD_SEARCH_INSERT` writes, for every card whose rowid is above the
    statement's one parameter, written by one INSERT ... SELECT in rowid order (the
    order the cards were added in, so each search row gets the id the trigger would
    have given it): `store.sqlite.bulk` writes a big import's search rows so. The same
    expressions as the trigger's, the JSON array of a row's fields made once (the
    OFFSET keeps the subquery that makes it from being flattened)."""
    return f"""INSERT INTO card_search (card_id, status, deck_id, seq, created_at, stage,
    buried_until, body, tags, {_FIELD_NAMES})
SELECT c.id, c.status, c.deck_id, c.seq, c.created_at,
    coalesce((SELECT min({_ITEM_STAGE}) FROM schedule WHERE card_id = c.id), 0),
    (SELECT max(buried_until) FROM schedule WHERE card_id = c.id),
    c.b, {_tags("c.folded")}, {_fields("c.parts")}
FROM (SELECT r, id, status, deck_id, seq, created_at, folded, b, {_split("b")} AS parts
      FROM (SELECT rowid AS r, id, status, deck_id, seq, created_at, folded,
            {_body("folded")} AS b FROM card WHERE rowid > ?)
      LIMIT -1 OFFSET 0) AS c
ORDER BY c.r"""


#: The trigger that gives a new card its search row since v13 (as `sqlite_master`
#: holds it).
CARD_SEARCH_INSERT = _card_search_insert(_text_once("NEW.folded")).removesuffix(";")

V13 = f"""
DROP TRIGGER card_search_insert;
{CARD_SEARCH_INSERT};
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13)

#: Folds up to `:n` cards not folded yet (after v8, or written by another program).
FILL_FOLDED = """
UPDATE card SET folded = cards_folded(id, front, back, text, extra, concept, source_file,
    source_quote, source_author, tags)
WHERE rowid IN (SELECT rowid FROM card WHERE folded IS NULL LIMIT ?)
"""
SCHEMA_VERSION = len(MIGRATIONS)


def backup(path: Path, version: int) -> Path:
    """Copy a collection to `<name>.v<version>-<UTC time>.bak` with SQLite's backup API.

    The copy is written as `<that>.partial` (with no journal: a half-written copy is
    thrown away, never rolled back), flushed to disk, then renamed: a file named
    `.bak` is always a whole backup, even after a crash, a kill or a full disk. A
    failed copy is deleted, and so are the leftovers of a copy that was killed before
    (the caller holds the collection's write lock, so no other copy is under way).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    for stale in path.parent.glob(f"{_glob_escape(path.name)}.v*.bak{PARTIAL}*"):
        stale.unlink(missing_ok=True)
    return snapshot(path, target)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def apply(conn: sqlite3.Connection, start: int) -> None:
    """Run every step after version `start` inside the caller's write transaction.

    The caller holds the write lock and commits: the whole upgrade lands at once or
    not at all, and a second process that waited for the lock sees it done.
    """
    for version in range(start + 1, SCHEMA_VERSION + 1):
        for statement in _statements(MIGRATIONS[version - 1]):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
