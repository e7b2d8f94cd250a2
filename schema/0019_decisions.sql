-- Decisions of a meeting, each on one of its agenda items, voted by member organization (one vote
-- each), with the outcome and its figures stored at the close (the snapshot of who was present),
-- and the follow-up state the register of decisions tracks across meetings. IF NOT EXISTS: a
-- database set back to an earlier user_version (tests of older layouts) runs this file again.

CREATE TABLE IF NOT EXISTS decisions (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id            INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id        INTEGER NOT NULL REFERENCES agenda_items (id),
    text                  TEXT NOT NULL,
    rule                  TEXT NOT NULL
                          CHECK (rule IN ('consensus', 'majority_present', 'two_thirds_present', 'majority_members')),
    status                TEXT NOT NULL DEFAULT 'voting' CHECK (status IN ('voting', 'closed')),
    -- Set once, by the close; never changed after.
    outcome               TEXT CHECK (outcome IN ('adopted', 'rejected', 'no_quorum')),
    votes_for             INTEGER,
    votes_against         INTEGER,
    abstentions           INTEGER,
    present               INTEGER,
    members               INTEGER,
    quorum                INTEGER,
    required              INTEGER,
    present_organizations TEXT, -- JSON array of organization ids present at the close
    closed_at             INTEGER,
    closed_by             TEXT,
    state                 TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_progress', 'done')),
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    CHECK ((status = 'closed') = (outcome IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS decisions_by_meeting ON decisions (meeting_id, id);
CREATE INDEX IF NOT EXISTS decisions_by_agenda_item ON decisions (agenda_item_id);

CREATE TABLE IF NOT EXISTS decision_votes (
    decision_id     INTEGER NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    vote            TEXT NOT NULL CHECK (vote IN ('for', 'against', 'abstain')),
    cast_by         TEXT NOT NULL, -- the actor: a token's or an account's name and role
    cast_at         INTEGER NOT NULL,
    PRIMARY KEY (decision_id, organization_id)
) WITHOUT ROWID;
