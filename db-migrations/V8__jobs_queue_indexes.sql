-- One small index per question the claim asks, so its cost does not grow with the queue:
--   waiting: new jobs, oldest first (what may start when a slot is free);
--   running: jobs using a slot (past pending, or leased to start): at most max-active rows, so
--            counting them and finding their due steps stays cheap with 100,000 jobs waiting.
CREATE INDEX job_jobs_waiting ON job_jobs (run_at) WHERE step IS NOT NULL AND state = 'PENDING';
CREATE INDEX job_jobs_running ON job_jobs (run_at) WHERE step IS NOT NULL AND (state <> 'PENDING' OR lease_owner IS NOT NULL);

-- A queue table is rewritten all day: vacuum it early, or dead index entries slow every claim.
ALTER TABLE job_jobs SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 500,
                          autovacuum_analyze_scale_factor = 0.02);
