-- Rate limits belong to every costly door now (job creation, image uploads and imports), not to
-- the job engine alone: the kernel keeps them, per door. Counters last a minute; none move over.
DROP TABLE job_rate_windows;
CREATE TABLE kernel_rate_windows (
    door         text        NOT NULL,
    subject      text        NOT NULL,
    window_start timestamptz NOT NULL,
    requests     integer     NOT NULL CHECK (requests > 0),
    PRIMARY KEY (door, subject, window_start)
);

-- What an admin's Idempotency-Key was first used for, so that the same key with another request
-- is refused instead of answered with the first entry. Internal entries (holds, settlements,
-- expiries) have no client key and no fingerprint.
ALTER TABLE credit_entries ADD COLUMN request_fingerprint text;

-- Each upload sums what its owner stores, against the storage quota.
CREATE INDEX asset_images_owner ON asset_images (owner) INCLUDE (size_bytes);
