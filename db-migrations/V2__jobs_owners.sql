-- Every image, job and video belongs to the user (token subject) who made it; nobody else sees it.
-- Rows from before authentication existed belong to nobody ('').
ALTER TABLE job_images ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE job_jobs   ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE job_videos ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE job_images ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE job_jobs   ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE job_videos ALTER COLUMN owner DROP DEFAULT;

CREATE INDEX job_jobs_owner ON job_jobs (owner, created_at DESC);
