-- The credits a job was accepted at; later price changes do not touch it.
ALTER TABLE job_jobs ADD COLUMN price integer NOT NULL DEFAULT 0 CHECK (price >= 0);
ALTER TABLE job_jobs ALTER COLUMN price DROP DEFAULT;
