-- The jobs module's tables: input images, the job queue itself, and finished videos.

CREATE TABLE job_images (
    id            uuid PRIMARY KEY,
    content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width         integer     NOT NULL CHECK (width > 0),
    height        integer     NOT NULL CHECK (height > 0),
    size_bytes    bigint      NOT NULL CHECK (size_bytes > 0),
    storage_key   text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL
);

-- One row per job. The row is the queue entry too: `step` says what runs next and `run_at` when;
-- a worker owns a row while `lease_expires_at` lies ahead, so a dead node's work is taken over.
CREATE TABLE job_jobs (
    id                    uuid PRIMARY KEY,
    image_id              uuid        NOT NULL REFERENCES job_images (id),
    state                 text        NOT NULL CHECK (state IN
                              ('PENDING', 'GENERATING', 'ENCODING', 'UPLOADING', 'COMPLETED', 'FAILED', 'CANCELED')),
    progress              integer     NOT NULL CHECK (progress BETWEEN 0 AND 100),
    duration_s            integer     NOT NULL CHECK (duration_s BETWEEN 3 AND 5),
    resolution            text        NOT NULL CHECK (resolution IN ('720p', '1080p')),
    fps                   integer     NOT NULL CHECK (fps BETWEEN 24 AND 30),
    format                text        NOT NULL CHECK (format IN ('mp4', 'webm')),
    enable_hls            boolean     NOT NULL,
    enable_branding       boolean     NOT NULL,
    step                  text        CHECK (step IN ('SUBMIT', 'POLL', 'ENCODE', 'UPLOAD', 'COMPLETE')),
    run_at                timestamptz,
    lease_owner           text,
    lease_expires_at      timestamptz,
    attempts              integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    generation_started_at timestamptz,
    provider              text        NOT NULL,
    provider_request_id   text,
    provider_result       text,
    video_id              uuid,
    error                 text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               bigint      NOT NULL,
    -- A job is either waiting for a step or finished, never both.
    CHECK ((step IS NULL) = (state IN ('COMPLETED', 'FAILED', 'CANCELED'))),
    CHECK ((step IS NULL) = (run_at IS NULL))
);

-- Workers look for due rows only; finished jobs never enter this index.
CREATE INDEX job_jobs_due ON job_jobs (run_at) WHERE step IS NOT NULL;
CREATE INDEX job_jobs_image ON job_jobs (image_id);

CREATE TABLE job_videos (
    id             uuid PRIMARY KEY,
    job_id         uuid             NOT NULL UNIQUE REFERENCES job_jobs (id),
    mp4_key        text             NOT NULL,
    webm_key       text,
    hls_key        text,
    thumbnail_key  text             NOT NULL,
    duration_s     double precision NOT NULL,
    size_bytes     bigint           NOT NULL,
    width          integer          NOT NULL,
    height         integer          NOT NULL,
    created_at     timestamptz      NOT NULL
);
