-- Invitations, RSVPs, attendance and apologies: who was asked, who answered, who came.

CREATE TABLE invitations (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES people (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    invited_at      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE INDEX invitations_by_org ON invitations (organization_id, meeting_id);

-- The roll-call lists organizations, including invited ones with nobody on the list yet.
CREATE TABLE invited_organizations (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (meeting_id, organization_id)
) WITHOUT ROWID;

CREATE TABLE rsvps (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES people (id),
    response        TEXT NOT NULL CHECK (response IN ('yes', 'no', 'maybe')),
    note            TEXT,
    responded_at    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;

CREATE TABLE attendance (
    id                      INTEGER PRIMARY KEY,
    meeting_id              INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id               INTEGER REFERENCES people (id),
    organization_id         INTEGER REFERENCES organizations (id),
    guest_name              TEXT,
    guest_organization_name TEXT,
    checked_in_at           INTEGER NOT NULL,
    CHECK ((person_id IS NULL) = (guest_name IS NOT NULL))
);
CREATE UNIQUE INDEX attendance_once ON attendance (meeting_id, person_id) WHERE person_id IS NOT NULL;
CREATE INDEX attendance_by_org ON attendance (organization_id, meeting_id);

CREATE TABLE excusals (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    reason          TEXT,
    excused_at      INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, organization_id)
) WITHOUT ROWID;
