-- Email: server secrets (link signing keys) and the durable outbox.

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
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
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, id);
CREATE INDEX outbox_by_person ON outbox (person_id);
