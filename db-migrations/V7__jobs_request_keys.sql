-- Idempotency: a user's request key names at most one job. The fingerprint is what the request
-- asked for; the same key with a different request is refused. Try-on events use the try-on
-- image id as their key, so an event delivered many times enqueues one job.
CREATE TABLE job_request_keys (
    owner       text        NOT NULL,
    key         text        NOT NULL,
    fingerprint text        NOT NULL,
    job_id      uuid REFERENCES job_jobs (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (owner, key)
);
