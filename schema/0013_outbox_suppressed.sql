-- sanaksme: foreign_keys off
-- The outbox learns two end states: 'suppressed' (consent withdrawn, person erased or address
-- changed between queueing and sending: checked at send time) and 'cancelled' (stopped by an
-- organizer), each with its reason. A CHECK constraint cannot be altered, so the table is rebuilt
-- with the same rows (the runner turns foreign keys off for this file and checks them before commit).

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
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sent', 'failed', 'suppressed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    test             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    -- Why a message was suppressed or cancelled (no_consent, erased, address_changed, cancelled_by_organizer).
    reason           TEXT
);
INSERT INTO outbox_new (id, meeting_id, person_id, kind, dedupe_key, to_address, language, subject, message, status,
                        attempts, next_attempt_at, last_error, test, created_at, sent_at)
    SELECT id, meeting_id, person_id, kind, dedupe_key, to_address, language, subject, message, status,
           attempts, next_attempt_at, last_error, test, created_at, sent_at FROM outbox;
-- Keep the largest id ever given (a deleted newest message's id is not handed out again).
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, id);
CREATE INDEX outbox_by_person ON outbox (person_id);
