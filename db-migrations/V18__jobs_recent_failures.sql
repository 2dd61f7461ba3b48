-- The admin console's queue dashboard lists the latest failures; without this it would read every
-- failed job kept for the retention period to find twenty.
CREATE INDEX job_jobs_failed ON job_jobs (updated_at DESC) WHERE state = 'FAILED';
