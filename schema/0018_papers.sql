-- Papers of a meeting or one of its agenda items. The bytes live beside the database, named by
-- their SHA-256 (the same file uploaded twice is stored once); a row names them. Deleting a paper
-- only marks it (deleted_at): once the minutes are approved it is part of the record.
-- IF NOT EXISTS: a database put back to an earlier user_version re-runs later files.

CREATE TABLE IF NOT EXISTS papers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    title          TEXT NOT NULL,
    file_name      TEXT NOT NULL, -- as uploaded, for the record; downloads are named from the title
    content_type   TEXT NOT NULL, -- sniffed from the bytes
    size           INTEGER NOT NULL CHECK (size >= 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    visibility     TEXT NOT NULL CHECK (visibility IN ('public', 'members', 'organizers')),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER
);

CREATE INDEX IF NOT EXISTS papers_by_meeting ON papers (meeting_id, id);
