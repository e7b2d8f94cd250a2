-- sanaksme: foreign_keys off
-- Messages are rendered when they are sent, from the meeting and the settings of that moment: the
-- outbox keeps what a message is (kind, meeting, person, language, sequence, Message-ID, attachment)
-- and, once sent, the bytes that went out (zlib, sent_message). Rows queued before keep their
-- rendered text in `message` and are sent as they are. 'sending': claimed by the worker.

CREATE TABLE outbox_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id       INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    person_id        INTEGER REFERENCES people (id),
    kind             TEXT NOT NULL,
    -- kind, meeting, person and meeting version: generating the same again adds nothing.
    dedupe_key       TEXT UNIQUE,
    -- The address as queued: a person whose address changed since is not sent this message.
    to_address       TEXT NOT NULL,
    language         TEXT NOT NULL,
    -- As queued; replaced by the subject that went out when sent.
    subject          TEXT NOT NULL,
    message_id       TEXT,
    sequence         INTEGER,
    attachment       TEXT CHECK (attachment IN ('minutes_pdf')),
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    test             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    reason           TEXT,
    message          TEXT,
    sent_message     BLOB
);
INSERT INTO outbox_new (id, meeting_id, person_id, kind, dedupe_key, to_address, language, subject, status, attempts,
                        next_attempt_at, last_error, test, created_at, sent_at, reason, message)
    SELECT id, meeting_id, person_id, kind, dedupe_key, to_address, language, subject, status, attempts,
           next_attempt_at, last_error, test, created_at, sent_at, reason, message FROM outbox;
-- Keep the largest id ever given (a deleted newest message's id is not handed out again).
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, id);
-- With the meeting: whether a newer invitation of the person exists is asked for every message sent.
CREATE INDEX outbox_by_person ON outbox (person_id, meeting_id);
