-- The foundation: organizations (with membership history), people, meetings, agenda, tokens,
-- idempotency records and the audit log. Instants are INTEGER Unix seconds (UTC); local
-- rendering uses the meeting's IANA time zone. Dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    short_name  TEXT,
    kind        TEXT NOT NULL DEFAULT 'ngo'
                CHECK (kind IN ('ngo', 'public_body', 'municipality', 'international', 'other')),
    membership  TEXT NOT NULL DEFAULT 'member' CHECK (membership IN ('member', 'observer', 'guest')),
    email       TEXT,
    website     TEXT,
    language    TEXT NOT NULL DEFAULT 'lv',
    joined_on   TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Membership on a date is the latest row with valid_from <= that date, so joining or leaving
-- later never rewrites the figures of an old meeting.
CREATE TABLE organization_history (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    membership      TEXT NOT NULL,
    active          INTEGER NOT NULL,
    valid_from      TEXT NOT NULL
);
CREATE INDEX organization_history_by_org ON organization_history (organization_id, valid_from);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT,
    email           TEXT,
    phone           TEXT,
    position        TEXT,
    language        TEXT,
    email_consent   INTEGER NOT NULL DEFAULT 0 CHECK (email_consent IN (0, 1)),
    erased_at       INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX people_by_org ON people (organization_id, id);

CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    series         TEXT,
    number         INTEGER,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER,
    timezone       TEXT NOT NULL DEFAULT 'Europe/Riga',
    venue_name     TEXT,
    venue_address  TEXT,
    online_url     TEXT,
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'scheduled', 'held', 'cancelled')),
    rsvp_deadline  INTEGER,
    capacity       INTEGER,
    quorum         INTEGER,
    language       TEXT NOT NULL DEFAULT 'lv',
    description    TEXT,
    -- iCalendar SEQUENCE: grows when the time or place of the meeting changes.
    sequence       INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX meetings_by_start ON meetings (starts_at, id);

CREATE TABLE agenda_items (
    id                        INTEGER PRIMARY KEY,
    meeting_id                INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position                  INTEGER NOT NULL,
    title                     TEXT NOT NULL,
    description               TEXT,
    kind                      TEXT NOT NULL DEFAULT 'presentation'
                              CHECK (kind IN ('presentation', 'discussion', 'decision', 'break', 'other')),
    presenter_person_id       INTEGER REFERENCES people (id),
    presenter_name            TEXT,
    presenter_organization_id INTEGER REFERENCES organizations (id),
    duration_minutes          INTEGER NOT NULL DEFAULT 0,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL
);
CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position, id);

CREATE TABLE tokens (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'organizer', 'member')),
    organization_id INTEGER REFERENCES organizations (id),
    secret_sha256   TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    last_used_at    INTEGER,
    CHECK ((role = 'member') = (organization_id IS NOT NULL))
);

-- A creating POST with an Idempotency-Key stores its answer in the same transaction.
CREATE TABLE idempotency_keys (
    token_id      INTEGER NOT NULL,
    key           TEXT NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    headers       TEXT,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (token_id, key)
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    token_id     INTEGER,
    actor_name   TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    resource     TEXT NOT NULL,
    resource_id  INTEGER,
    before       TEXT,
    after        TEXT
);
CREATE INDEX audit_by_resource ON audit_log (resource, at);
CREATE INDEX audit_by_time ON audit_log (at);
