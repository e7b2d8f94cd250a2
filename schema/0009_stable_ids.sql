-- sanaksme: foreign_keys off
-- Ids are never reused, not even after a delete: SQLite gives a plain INTEGER PRIMARY KEY the
-- largest id + 1, so deleting the newest organization handed its id (and ETag, and audit trail)
-- to the next one. AUTOINCREMENT keeps the largest id ever given in sqlite_sequence. A table's
-- primary key cannot be altered, so each table whose ids leave the server is rebuilt with the
-- same columns and rows; the runner turns foreign keys off for this file (else dropping a table
-- would cascade into its children) and runs foreign_key_check before it commits.
-- New meetings get a random calendar UID, stored at creation; meetings made before keep the UID
-- their calendars already carry (calendar_uid NULL: meeting-<id>@host).

CREATE TABLE organizations_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    short_name  TEXT,
    kind        TEXT NOT NULL DEFAULT 'ngo'
                CHECK (kind IN ('ngo', 'public_body', 'municipality', 'international', 'other')),
    membership  TEXT NOT NULL DEFAULT 'member' CHECK (membership IN ('member', 'observer', 'guest')),
    email       TEXT,
    website     TEXT,
    language    TEXT NOT NULL DEFAULT 'lv',
    joined_on   TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
INSERT INTO organizations_new SELECT * FROM organizations;
DROP TABLE organizations;
ALTER TABLE organizations_new RENAME TO organizations;

CREATE TABLE people_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT,
    email           TEXT,
    phone           TEXT,
    position        TEXT,
    language        TEXT,
    email_consent   INTEGER NOT NULL DEFAULT 0 CHECK (email_consent IN (0, 1)),
    erased_at       INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
INSERT INTO people_new SELECT * FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE INDEX people_by_org ON people (organization_id, id);

CREATE TABLE meetings_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT NOT NULL,
    series         TEXT,
    number         INTEGER,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER,
    timezone       TEXT NOT NULL DEFAULT 'Europe/Riga',
    venue_name     TEXT,
    venue_address  TEXT,
    online_url     TEXT,
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'scheduled', 'held', 'cancelled')),
    rsvp_deadline  INTEGER,
    capacity       INTEGER,
    quorum         INTEGER,
    language       TEXT NOT NULL DEFAULT 'lv',
    description    TEXT,
    -- iCalendar SEQUENCE: grows when the time or place of the meeting changes.
    sequence       INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    -- iCalendar UID: random, given once at creation.
    calendar_uid   TEXT UNIQUE DEFAULT (lower(hex(randomblob(16))))
);
INSERT INTO meetings_new SELECT *, NULL FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;
CREATE INDEX meetings_by_start ON meetings (starts_at, id);

CREATE TABLE agenda_items_new (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id                INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position                  INTEGER NOT NULL,
    title                     TEXT NOT NULL,
    description               TEXT,
    kind                      TEXT NOT NULL DEFAULT 'presentation'
                              CHECK (kind IN ('presentation', 'discussion', 'decision', 'break', 'other')),
    presenter_person_id       INTEGER REFERENCES people (id),
    presenter_name            TEXT,
    presenter_organization_id INTEGER REFERENCES organizations (id),
    duration_minutes          INTEGER NOT NULL DEFAULT 0,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL
);
INSERT INTO agenda_items_new SELECT * FROM agenda_items;
DROP TABLE agenda_items;
ALTER TABLE agenda_items_new RENAME TO agenda_items;
CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position, id);

CREATE TABLE tokens_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'organizer', 'member')),
    organization_id INTEGER REFERENCES organizations (id),
    secret_sha256   TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    last_used_at    INTEGER,
    CHECK ((role = 'member') = (organization_id IS NOT NULL))
);
INSERT INTO tokens_new SELECT * FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;

CREATE TABLE attendance_new (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id              INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id               INTEGER REFERENCES people (id),
    organization_id         INTEGER REFERENCES organizations (id),
    guest_name              TEXT,
    guest_organization_name TEXT,
    checked_in_at           INTEGER NOT NULL,
    CHECK ((person_id IS NULL) = (guest_name IS NOT NULL))
);
INSERT INTO attendance_new SELECT * FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
CREATE UNIQUE INDEX attendance_once ON attendance (meeting_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX attendance_by_org ON attendance (organization_id, meeting_id);
CREATE INDEX attendance_by_meeting ON attendance (meeting_id, checked_in_at, id);

CREATE TABLE outbox_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id       INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    person_id        INTEGER REFERENCES people (id),
    kind             TEXT NOT NULL,
    -- kind, meeting, person and meeting version: generating the same again adds nothing.
    dedupe_key       TEXT UNIQUE,
    to_address       TEXT NOT NULL,
    language         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    message          TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    test             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, id);
CREATE INDEX outbox_by_person ON outbox (person_id);
