-- Hybrid attendance, seats and the waiting list, and the next meeting of a series.
-- A check-in records how (in person or online) and by what (the desk page, a signed link, an
-- organizer's page, the API); check-ins made before this are in person, source unknown ('api').
ALTER TABLE attendance ADD COLUMN mode TEXT NOT NULL DEFAULT 'in_person' CHECK (mode = 'in_person' OR mode = 'online');
ALTER TABLE attendance ADD COLUMN source TEXT NOT NULL DEFAULT 'api'
    CHECK (source = 'desk' OR source = 'link' OR source = 'organizer' OR source = 'api');

-- waitlist: a "yes" past capacity waits in line instead of being refused.
-- seats_per_organization: at most this many "yes" answers from one organization.
-- previous_meeting_id: the meeting this one follows in its series (POST /meetings/{id}/next).
ALTER TABLE meetings ADD COLUMN waitlist INTEGER NOT NULL DEFAULT 0 CHECK (waitlist IN (0, 1));
ALTER TABLE meetings ADD COLUMN seats_per_organization INTEGER;
ALTER TABLE meetings ADD COLUMN previous_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL;

-- A standing item (opening, approval of the previous minutes, any other business) is carried to
-- the next meeting of the series.
ALTER TABLE agenda_items ADD COLUMN standing INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1));

-- The line of a full meeting: `seq` grows per meeting and orders the line; a position is the
-- rank in it (1 is next), so positions never skip or repeat.
CREATE TABLE waitlist (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    seq         INTEGER NOT NULL,
    note        TEXT,
    joined_at   INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX waitlist_order ON waitlist (meeting_id, seq);

-- What the next meeting reviews, copied when it is planned: the open action items (and, once
-- decisions are recorded, the decisions in follow-up) of the meetings before it.
CREATE TABLE review_items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind = 'action_item' OR kind = 'decision'),
    text            TEXT NOT NULL,
    owner           TEXT,
    due             TEXT,
    state           TEXT,
    from_meeting_id INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    reference_id    INTEGER,
    position        INTEGER NOT NULL
);
CREATE INDEX review_items_by_meeting ON review_items (meeting_id, position);
