-- Webhooks: subscriptions of other systems to events, and one delivery row per event and
-- subscription, written in the same transaction as the change (store::audit queues them).
-- Times in milliseconds since the epoch: retries back off from a base that tests set to 100 ms.

CREATE TABLE webhook_subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL,
    -- The event types wanted, comma-separated ("meeting.scheduled,rsvp.changed").
    events        TEXT NOT NULL,
    -- "whsec_<base64>", kept as is: it signs every delivery (see the README on protecting the file).
    secret        TEXT NOT NULL,
    description   TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Set at the first failed attempt since the last success; a day of it disables the subscription.
    failing_since INTEGER,
    disabled_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_type      TEXT NOT NULL,
    resource        TEXT NOT NULL, -- 'meeting' or 'person': events of one resource go in order
    resource_id     INTEGER NOT NULL,
    change          INTEGER NOT NULL, -- the audit entry of the change: grows with every change
    created_ms      INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    last_attempt_ms INTEGER,
    last_status     INTEGER, -- the receiver's HTTP status; NULL when none came back
    last_error      TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ms) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_resource ON webhook_deliveries (subscription_id, resource, resource_id, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);
