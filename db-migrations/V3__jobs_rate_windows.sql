-- Requests per user per minute for job-creating endpoints, shared by every node.
CREATE TABLE job_rate_windows (
    subject      text        NOT NULL,
    window_start timestamptz NOT NULL,
    requests     integer     NOT NULL CHECK (requests > 0),
    PRIMARY KEY (subject, window_start)
);
