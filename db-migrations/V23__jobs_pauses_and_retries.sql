-- Job types an admin paused, on every node at once: a paused type takes no new job (503 job-type-paused),
-- its queued jobs wait unstarted, and the ones already running finish.
CREATE TABLE job_type_pauses (
    type      text PRIMARY KEY,
    paused_at timestamptz NOT NULL,
    paused_by text        NOT NULL
);

-- A job an admin made again from a failed or canceled one names it. One retry per job (retry the retry
-- to go again), so two admins, or a bulk retry beside a single one, never pay for the same job twice.
ALTER TABLE job_jobs ADD COLUMN retry_of uuid REFERENCES job_jobs (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX job_jobs_retry_of ON job_jobs (retry_of) WHERE retry_of IS NOT NULL;

-- The console searches every user's jobs newest first, by type or state too.
CREATE INDEX job_jobs_created ON job_jobs (created_at DESC, id DESC);
