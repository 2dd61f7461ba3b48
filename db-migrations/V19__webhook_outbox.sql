-- Outbound webhooks (Standard Webhooks). Admins keep the endpoints; a message is written to the
-- outbox in the transaction of the change it tells of, with one delivery per endpoint that wants
-- its type; any node sends due deliveries (FOR UPDATE SKIP LOCKED) and records every attempt.
CREATE TABLE webhook_endpoints (
    id              uuid        PRIMARY KEY,
    url             text        NOT NULL,
    description     text        NOT NULL,
    events          text[]      NOT NULL,
    enabled         boolean     NOT NULL,
    -- why and when the endpoint stopped being sent to (410 Gone, failing too long), for the admins
    disabled_reason text,
    disabled_at     timestamptz,
    -- the first failure since the last success: an endpoint failing for days is disabled
    failing_since   timestamptz,
    -- whsec_ secrets: the current one signs, the previous one too until previous_until (rotation)
    secret          text        NOT NULL,
    previous_secret text,
    previous_until  timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- What happened, once: the same id (webhook-id) on every attempt to every endpoint. Data holds
-- storage keys, never URLs; the body is made at each attempt so its URLs are fresh.
CREATE TABLE webhook_messages (
    id         text        PRIMARY KEY,
    type       text        NOT NULL,
    data       jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX webhook_messages_created ON webhook_messages (created_at);

-- One message to one endpoint: pending until delivered or given up (failed). While a node sends
-- it, due_at is that node's lease: a node that dies leaves it due again when the lease ends.
CREATE TABLE webhook_deliveries (
    endpoint_id  uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id   text        NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    state        text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts     int         NOT NULL DEFAULT 0,
    due_at       timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    last_status  int,
    last_at      timestamptz,
    PRIMARY KEY (endpoint_id, message_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, message_id DESC);

-- Every attempt as the receiver answered it: the delivery log admins read.
CREATE TABLE webhook_attempts (
    id          bigserial   PRIMARY KEY,
    endpoint_id uuid        NOT NULL,
    message_id  text        NOT NULL,
    at          timestamptz NOT NULL,
    status      int,
    latency_ms  int         NOT NULL,
    answer      text        NOT NULL,
    FOREIGN KEY (endpoint_id, message_id) REFERENCES webhook_deliveries (endpoint_id, message_id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (endpoint_id, message_id, at);
