-- Minutes: the current text of each meeting's minutes, and every saved version.

CREATE TABLE minutes (
    meeting_id   INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'circulated', 'approved')),
    body         TEXT NOT NULL, -- JSON: summary, items, action_items, next_meeting
    version      INTEGER NOT NULL DEFAULT 1,
    approved_by  TEXT,
    approved_at  INTEGER,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE minutes_versions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    body        TEXT NOT NULL,
    saved_by    TEXT NOT NULL,
    saved_at    INTEGER NOT NULL,
    UNIQUE (meeting_id, version)
);
