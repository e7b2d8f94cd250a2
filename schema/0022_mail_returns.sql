-- Mail that comes back through LMTP: bounces mark a person's address (a hard one at once, soft
-- ones after three) and it is not sent to until the address changes; calendar counter-proposals
-- are kept for the organizer, not applied.

ALTER TABLE people ADD COLUMN email_soft_bounces INTEGER NOT NULL DEFAULT 0;
-- Set when the address stopped receiving mail; the DSN status that did it beside it.
ALTER TABLE people ADD COLUMN email_bounced_at INTEGER;
ALTER TABLE people ADD COLUMN email_bounce_status TEXT;

-- A new address starts clean, whichever path changed it (API, web page, import, erasure).
CREATE TRIGGER people_email_changed AFTER UPDATE OF email ON people
WHEN lower(coalesce(NEW.email, '')) <> lower(coalesce(OLD.email, ''))
BEGIN
    UPDATE people SET email_soft_bounces = 0, email_bounced_at = NULL, email_bounce_status = NULL WHERE id = NEW.id;
END;

CREATE TABLE calendar_counters (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    outbox_id   INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    -- As the attendee's calendar wrote them (DTSTART/DTEND values, COMMENT).
    proposed_start TEXT,
    proposed_end   TEXT,
    comment        TEXT
);
CREATE INDEX calendar_counters_by_meeting ON calendar_counters (meeting_id, id);
