-- A cards collection at schema v1 (before burying and leech undo), with data.
BEGIN TRANSACTION;
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
INSERT INTO "card" VALUES('v1-basic',1,1,'basic','What is inertia?','Resistance to change in motion','','','','["mechanics"]',NULL,NULL,NULL,NULL,'active','2025-01-02 10:00:00.000000','2025-01-02 10:00:00.000000');
INSERT INTO "card" VALUES('v1-cloze',1,2,'cloze','','','F = {{c1::m a}}','','','[]','notes/newton.txt',3,'F = m a','Isaac','active','2025-01-02 10:00:00.000000','2025-01-02 10:00:00.000000');
CREATE TABLE deck (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    new_per_day INTEGER,
    reviews_per_day INTEGER,
    source_dir TEXT,
    created_at DATETIME NOT NULL
);
INSERT INTO "deck" VALUES(1,'physics','from v1',NULL,NULL,NULL,'2025-01-02 10:00:00.000000');
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
INSERT INTO "review" VALUES(1,'v1-basic',0,'2025-01-03 09:00:00.000000',4,'review',0,0,250,NULL,0,1,1,250,'2025-01-04',0,5000);
INSERT INTO "review" VALUES(2,'v1-basic',0,'2025-01-04 09:00:00.000000',4,'review',1,1,250,'2025-01-04',0,2,6,250,'2025-01-10',0,4000);
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
INSERT INTO "schedule" VALUES('v1-basic',0,2,6,250,'2025-01-10',0,'2025-01-04 09:00:00.000000');
INSERT INTO "schedule" VALUES('v1-cloze',1,0,0,250,NULL,0,NULL);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX ix_card_deck_status ON card (deck_id, status, seq);
CREATE INDEX ix_schedule_due ON schedule (due);
CREATE INDEX ix_review_time ON review (reviewed_at);
CREATE INDEX ix_review_card ON review (card_id, ord);
CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER review_delete_only_latest BEFORE DELETE ON review
WHEN OLD.id <> (SELECT max(id) FROM review)
BEGIN SELECT RAISE(ABORT, 'only the latest answer can be undone'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('review',2);
COMMIT;
PRAGMA user_version = 1;
