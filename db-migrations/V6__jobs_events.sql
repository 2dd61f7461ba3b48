-- Every committed change of a job, as streamed to clients: the version is the SSE event id, so a
-- client reconnecting with Last-Event-ID on any node gets exactly what it missed.
CREATE TABLE job_events (
    job_id     uuid        NOT NULL REFERENCES job_jobs (id) ON DELETE CASCADE,
    version    bigint      NOT NULL,
    status     text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, version)
);
