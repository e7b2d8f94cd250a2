-- The web interface: who may sign in (an account with a role set by the coordinator), the
-- one-time sign-in links sent to them, and their sessions. Only hashes of session ids are kept.

CREATE TABLE web_accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name            TEXT NOT NULL,
    -- 'member' is the representative of one organization (the API's member role).
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'organizer', 'member')),
    organization_id INTEGER REFERENCES organizations (id),
    person_id       INTEGER REFERENCES people (id),
    language        TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((role = 'member') = (organization_id IS NOT NULL))
);

-- One row per sign-in link: the link names the row, and signing in marks it used.
CREATE TABLE web_signin_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES web_accounts (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX web_signin_links_by_account ON web_signin_links (account_id);

CREATE TABLE web_sessions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES web_accounts (id) ON DELETE CASCADE,
    secret_sha256  TEXT NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    revoked_at     INTEGER
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
